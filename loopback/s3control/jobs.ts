/**
 * S3 Control CreateJob / DescribeJob / ListJobs. Jobs are recorded as sent; a Batch Replication job
 * (S3ReplicateObject) that needs no confirmation runs at once over the objects its manifest selects,
 * with the bucket's replication configuration and role, so statuses move the way Batch Replication moves them.
 */
import { createHash, randomUUID } from 'node:crypto';
import { AwsError, S3CONTROL_NAMESPACE, type WireResponse } from '../protocol/errors';
import { bodyXml, header, type HandlerContext, type LoopbackRequest, type Operation } from '../protocol/request';
import { isoDate, xmlResponse } from '../protocol/responses';
import { child, childrenNamed, childText, documentXml, el, leaf, nodeXml, type XmlNode } from '../protocol/xml';
import { bucketNameFromArn } from '../replication/engine';
import { isAllowed, trustsService } from '../replication/permissions';
import { etagOf, type BucketState, type JobState, type LoopbackState, type ObjectVersion } from '../state';

const ECHOED = ['Manifest', 'ManifestGenerator', 'Report'];

const badRequest = (message: string): AwsError => new AwsError('InvalidRequest', message, 400);

function accountOf(ctx: HandlerContext): string {
  const account = header(ctx.req, 'x-amz-account-id');
  if (!account) throw badRequest('Missing required header for this request: x-amz-account-id');
  if (account !== ctx.state.accountId) throw new AwsError('AccessDenied', 'Access Denied', 403);
  return account;
}

/** Objects a job selects: the CSV manifest's lines, or the generated manifest's bucket filtered by status. */
function selectObjects(state: LoopbackState, job: JobState, body: XmlNode): { bucket: BucketState; version: ObjectVersion }[] {
  if (job.sourceBucket) {
    const bucket = state.buckets.get(job.sourceBucket);
    if (!bucket) return [];
    const wanted = new Set(job.statusFilter);
    return [...bucket.objects.values()]
      .map((versions) => versions[0])
      .filter((v) => wanted.size === 0 || wanted.has(v.replicationStatus ?? 'NONE'))
      .map((version) => ({ bucket, version }));
  }
  const location = child(body, 'Manifest') && child(child(body, 'Manifest') as XmlNode, 'Location');
  const manifestArn = location ? childText(location, 'ObjectArn') : undefined;
  const manifestBucket = manifestArn ? state.buckets.get(bucketNameFromArn(manifestArn.split('/')[0])) : undefined;
  const manifest = manifestBucket && manifestArn ? state.currentVersion(manifestBucket, manifestArn.slice(manifestArn.indexOf('/') + 1)) : undefined;
  if (!manifest) return [];
  return manifest.body
    .toString('utf8')
    .split(/\r?\n/)
    .filter((line) => line.trim())
    .flatMap((line) => {
      const [bucketName, key, versionId] = line.split(',').map((s) => s.trim());
      const bucket = state.buckets.get(bucketName);
      const versions = bucket?.objects.get(safeDecode(key ?? '')) ?? [];
      const version = versionId ? versions.find((v) => v.versionId === versionId) : versions[0];
      return bucket && version ? [{ bucket, version }] : [];
    });
}

interface TaskResult {
  bucket: string;
  key: string;
  versionId: string;
  failed: boolean;
  /** The replication failure reason of a failed task. */
  reason?: string;
}

const csvField = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

function httpStatusOf(reason: string | undefined): number {
  if (!reason) return 500;
  if (/NotPermitted$/.test(reason)) return 403;
  if (/NotFound$|Missing$/.test(reason)) return 404;
  return 400;
}

/**
 * The completion report S3 Batch Operations writes: `<prefix>/job-<id>/manifest.json` naming CSV
 * result files (`Bucket, Key, VersionId, TaskStatus, ErrorCode, HTTPStatusCode, ResultMessage`), one
 * for failed tasks and one for succeeded tasks (when the report scope takes them).
 */
function writeReport(state: LoopbackState, job: JobState, body: XmlNode, results: TaskResult[]): void {
  const report = child(body, 'Report');
  if (!report || childText(report, 'Enabled') !== 'true') return;
  const bucketArn = childText(report, 'Bucket');
  const bucket = bucketArn ? state.buckets.get(bucketNameFromArn(bucketArn)) : undefined;
  if (!bucket) return;
  const prefix = (childText(report, 'Prefix') ?? '').replace(/\/+$/, '');
  const base = `${prefix ? `${prefix}/` : ''}job-${job.jobId}`;
  const failedOnly = childText(report, 'ReportScope') !== 'AllTasks';
  const files: { status: 'succeeded' | 'failed'; key: string; md5: string }[] = [];
  for (const status of ['failed', 'succeeded'] as const) {
    const rows = results.filter((r) => r.failed === (status === 'failed'));
    if (rows.length === 0 || (status === 'succeeded' && failedOnly)) continue;
    const csv = rows
      .map((r) => {
        const code = r.failed ? (r.reason ?? 'InternalError') : '';
        const message = r.failed ? `Replication failed: ${code}` : 'Successful';
        return [r.bucket, encodeURIComponent(r.key), r.versionId === 'null' ? '' : r.versionId, status, code, String(r.failed ? httpStatusOf(r.reason) : 200), message].map(csvField).join(',');
      })
      .join('\n') + '\n';
    const key = `${base}/results/${createHash('sha1').update(`${job.jobId}:${status}`).digest('hex')}.csv`;
    const data = Buffer.from(csv, 'utf8');
    state.storeVersion(bucket, { key, body: data, etag: etagOf(data), contentType: 'text/csv', lastModified: new Date(), tags: {} });
    files.push({ status, key, md5: createHash('md5').update(data).digest('hex') });
  }
  const manifest = Buffer.from(
    JSON.stringify({
      Format: 'Report_CSV_20180820',
      ReportCreationDate: new Date().toISOString(),
      Results: files.map((f) => ({ TaskExecutionStatus: f.status, Bucket: bucket.name, MD5Checksum: f.md5, Key: f.key })),
      ReportSchema: 'Bucket, Key, VersionId, TaskStatus, ErrorCode, HTTPStatusCode, ResultMessage',
    }),
    'utf8',
  );
  state.storeVersion(bucket, { key: `${base}/manifest.json`, body: manifest, etag: etagOf(manifest), contentType: 'application/json', lastModified: new Date(), tags: {} });
}

function runReplication(state: LoopbackState, job: JobState, body: XmlNode): void {
  const role = state.roleByArn(job.roleArn);
  if (!role || !trustsService(role.trustPolicy, 'batchoperations.s3.amazonaws.com')) {
    job.status = 'Failed';
    job.failureReasons.push({ code: 'AssumeRoleNotPermitted', reason: `Batch Operations cannot assume ${job.roleArn}: its trust policy must allow batchoperations.s3.amazonaws.com.` });
    return;
  }
  const source = job.sourceBucket ? state.buckets.get(job.sourceBucket) : undefined;
  if (job.sourceBucket && !source?.replication) {
    job.status = 'Failed';
    job.failureReasons.push({ code: 'SrcBucketReplicationConfigMissing', reason: `The source bucket ${job.sourceBucket} has no replication configuration.` });
    return;
  }
  const documents = state.rolePolicyDocuments(role);
  const results: TaskResult[] = [];
  for (const { bucket, version } of selectObjects(state, job, body)) {
    job.tasks.total++;
    const initiate = isAllowed(documents, 's3:InitiateReplication', `arn:aws:s3:::${bucket.name}/${version.key}`);
    const covered = initiate && state.replication.replicateNow(bucket, version);
    const ok = covered && version.replicationStatus === 'COMPLETED';
    if (ok) job.tasks.succeeded++;
    else job.tasks.failed++;
    const reason = !initiate ? 'InitiateReplicationNotPermitted' : !covered ? 'SrcObjectNotEligible' : version.replicationFailures?.[0]?.reason;
    results.push({ bucket: bucket.name, key: version.key, versionId: version.versionId, failed: !ok, reason: ok ? undefined : reason });
  }
  job.status = 'Complete';
  writeReport(state, job, body, results);
}

function createJob(ctx: HandlerContext): WireResponse {
  const accountId = accountOf(ctx);
  const body = bodyXml(ctx.req, 'CreateJobRequest');
  const token = childText(body, 'ClientRequestToken');
  const existing = [...ctx.state.jobs.values()].find((j) => token && j.clientRequestToken === token);
  if (existing) return xmlResponse(documentXml('CreateJobResult', S3CONTROL_NAMESPACE, leaf('JobId', existing.jobId)));
  const operation = child(body, 'Operation')?.children[0]?.name;
  const roleArn = childText(body, 'RoleArn');
  const priority = Number(childText(body, 'Priority'));
  if (!operation || !roleArn || !Number.isInteger(priority) || !child(body, 'Report') || (!child(body, 'Manifest') && !child(body, 'ManifestGenerator'))) {
    throw badRequest('A job needs Operation, Priority, RoleArn, Report, and a Manifest or a ManifestGenerator.');
  }
  const generator = child(body, 'ManifestGenerator')?.children[0];
  const filter = generator && child(generator, 'Filter');
  const statuses = filter && child(filter, 'ObjectReplicationStatuses');
  const sourceArn = generator && childText(generator, 'SourceBucket');
  const job: JobState = {
    jobId: randomUUID(),
    accountId,
    region: ctx.region,
    roleArn,
    priority,
    description: childText(body, 'Description'),
    confirmationRequired: childText(body, 'ConfirmationRequired') === 'true',
    clientRequestToken: token,
    operation,
    sourceBucket: sourceArn ? bucketNameFromArn(sourceArn) : undefined,
    statusFilter: statuses ? childrenNamed(statuses, 'member').map((m) => m.text.trim()) : [],
    status: 'New',
    failureReasons: [],
    tasks: { total: 0, succeeded: 0, failed: 0 },
    creationTime: new Date(),
    requestXml: Object.fromEntries(ECHOED.flatMap((name) => (child(body, name) ? [[name, nodeXml(child(body, name) as XmlNode)]] : []))),
  };
  if (job.confirmationRequired) {
    job.status = 'Suspended';
    job.statusUpdateReason = 'AwaitingConfirmation';
  } else {
    if (operation === 'S3ReplicateObject') runReplication(ctx.state, job, body);
    else job.status = 'Complete';
    job.terminationDate = new Date();
  }
  ctx.state.jobs.set(job.jobId, job);
  return xmlResponse(documentXml('CreateJobResult', S3CONTROL_NAMESPACE, leaf('JobId', job.jobId)));
}

const progressXml = (job: JobState): string =>
  el('ProgressSummary', leaf('TotalNumberOfTasks', job.tasks.total), leaf('NumberOfTasksSucceeded', job.tasks.succeeded), leaf('NumberOfTasksFailed', job.tasks.failed));

function describeJob(ctx: HandlerContext, jobId: string): WireResponse {
  accountOf(ctx);
  const job = ctx.state.jobs.get(jobId);
  if (!job) throw new AwsError('NotFoundException', `The job ${jobId} does not exist.`, 404);
  const failures = job.failureReasons.map((f) => el('member', leaf('FailureCode', f.code), leaf('FailureReason', f.reason))).join('');
  return xmlResponse(
    documentXml(
      'DescribeJobResult',
      S3CONTROL_NAMESPACE,
      el(
        'Job',
        leaf('JobId', job.jobId),
        leaf('ConfirmationRequired', job.confirmationRequired),
        leaf('Description', job.description),
        leaf('JobArn', `arn:aws:s3:${job.region}:${job.accountId}:job/${job.jobId}`),
        leaf('Status', job.status),
        job.requestXml.Manifest,
        el('Operation', `<${job.operation}/>`),
        leaf('Priority', job.priority),
        progressXml(job),
        leaf('StatusUpdateReason', job.statusUpdateReason),
        failures ? el('FailureReasons', failures) : undefined,
        job.requestXml.Report,
        leaf('CreationTime', isoDate(job.creationTime)),
        job.terminationDate ? leaf('TerminationDate', isoDate(job.terminationDate)) : undefined,
        leaf('RoleArn', job.roleArn),
        job.requestXml.ManifestGenerator,
      ),
    ),
  );
}

const JOB_STATUSES = new Set(['Active', 'Cancelled', 'Cancelling', 'Complete', 'Completing', 'Failed', 'Failing', 'New', 'Paused', 'Pausing', 'Preparing', 'Ready', 'Suspended']);

/** The account's jobs in the request's region, newest first, filtered by `jobStatuses` (repeated); one page. */
function listJobs(ctx: HandlerContext): WireResponse {
  const accountId = accountOf(ctx);
  const wanted = ctx.req.query.getAll('jobStatuses');
  const unknown = wanted.find((w) => !JOB_STATUSES.has(w));
  if (unknown) throw badRequest(`Value '${unknown}' at 'jobStatuses' failed to satisfy constraint: Member must satisfy enum value set: [${[...JOB_STATUSES].join(', ')}]`);
  const jobs = [...ctx.state.jobs.values()]
    .filter((j) => j.accountId === accountId && j.region === ctx.region && (wanted.length === 0 || wanted.includes(j.status)))
    .sort((a, b) => b.creationTime.getTime() - a.creationTime.getTime());
  const members = jobs.map((j) =>
    el(
      'member',
      leaf('JobId', j.jobId),
      leaf('Description', j.description),
      leaf('Operation', j.operation),
      leaf('Priority', j.priority),
      leaf('Status', j.status),
      leaf('CreationTime', isoDate(j.creationTime)),
      j.terminationDate ? leaf('TerminationDate', isoDate(j.terminationDate)) : undefined,
      progressXml(j),
    ),
  );
  return xmlResponse(documentXml('ListJobsResult', S3CONTROL_NAMESPACE, el('Jobs', members.join(''))));
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** S3 Control routes by path (`/v20180820/jobs[/id]`); its requests are signed for the `s3` service. */
export function routeS3Control(req: LoopbackRequest): Operation {
  const path = req.rawPath.replace(/\/+$/, '');
  if (req.method === 'POST' && path === '/v20180820/jobs') return { service: 's3control', name: 'CreateJob', run: createJob };
  if (req.method === 'GET' && path === '/v20180820/jobs') return { service: 's3control', name: 'ListJobs', run: listJobs };
  const match = /^\/v20180820\/jobs\/([^/]+)$/.exec(path);
  if (req.method === 'GET' && match) return { service: 's3control', name: 'DescribeJob', run: (ctx) => describeJob(ctx, safeDecode(match[1])) };
  return {
    service: 's3control',
    name: 'Unsupported',
    run: () => {
      throw new AwsError('NotImplemented', `The loopback endpoint does not implement ${req.method} ${path}`, 501);
    },
  };
}
