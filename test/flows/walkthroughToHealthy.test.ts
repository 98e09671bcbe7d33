/**
 * From the walkthrough as users set it up to a healthy replication, through the fix commands' own
 * planning and AWS layers against the loopback endpoint: versioning on both buckets, the corrected
 * configuration written beside a colleague's second rule, the role repaired beside an unrelated
 * statement, a new object COMPLETED, and the older objects replicated by a Batch Replication job.
 */
import { HeadObjectCommand, PutBucketReplicationCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startLoopback, walkthroughScenario, type LoopbackServer } from '../../loopback';
import { WALKTHROUGH_DIR } from '../../loopback/scenario/walkthrough';
import { analyze } from '../../src/core/analyze';
import { applyNonOverlapping } from '../../src/core/fixes';
import { CreateJobCommand, S3ControlClient, type CreateJobCommandInput } from '@aws-sdk/client-s3-control';
import type { CreateJobStep, WritePlan } from '../../src/core/live/writePlan';
import { Fixer, type Prepared } from '../../src/aws/writes/fixer';
import { credentials, pollFor } from '../aws/helpers';

const SOURCE = 'source-bucket';
const ROLE_ARN = 'arn:aws:iam::123456789012:role/s3-replication-role';
/** Someone else's statement in the replication role's policy: it must survive the repair. */
const UNRELATED = { Sid: 'ReadAuditLogs', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::audit-logs/*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'audit' } } };
/** A colleague's rule, already live when the user writes the corrected configuration: it must survive too. */
const ARCHIVE_RULE = { ID: 'archive', Status: 'Enabled', Priority: 2, Filter: { Prefix: 'archive/' }, DeleteMarkerReplication: { Status: 'Disabled' }, Destination: { Bucket: 'arn:aws:s3:::archive-bucket' } } as const;

function scenario() {
  const s = walkthroughScenario();
  s.replicationDelayMs = 20;
  s.buckets?.push({ name: 'archive-bucket', region: 'us-west-2', versioning: 'Enabled' });
  const role = s.roles?.[0];
  assert.ok(role?.inlinePolicies);
  const policy = JSON.parse(readFileSync(join(WALKTHROUGH_DIR, 'role-policy.json'), 'utf8')) as { Statement: unknown[] };
  policy.Statement.push(UNRELATED);
  role.inlinePolicies['s3-replication-policy'] = JSON.stringify(policy, null, 2);
  return s;
}

/** What the editor's "fix all" does to the walkthrough file: every preferred fix, until none is left. */
function fixedInEditor(): string {
  let text = readFileSync(join(WALKTHROUGH_DIR, 'replication-config.json'), 'utf8');
  for (let round = 0; round < 5; round++) {
    const fixes = analyze([{ uri: 'replication-config.json', text }]).findings.flatMap((f) => f.fixes?.filter((x) => x.preferred) ?? []);
    if (fixes.length === 0) break;
    text = applyNonOverlapping(text, fixes).text;
  }
  return text;
}

describe('flow: from the walkthrough to healthy replication', function () {
  this.timeout(60_000);
  let lb: LoopbackServer;
  let fixer: Fixer;
  let s3: (region: string) => S3Client;

  before(async () => {
    lb = await startLoopback({ scenario: scenario() });
    fixer = new Fixer({ region: 'us-east-1', endpoint: lb.url, credentials, maxAttempts: 2 });
    s3 = (region) => new S3Client({ region, endpoint: lb.url, forcePathStyle: true, credentials });
  });
  after(async () => {
    fixer.dispose();
    await lb.close();
  });

  async function apply(prepared: Prepared, options = {}) {
    assert.equal(prepared.plan.refused, undefined, prepared.plan.refused);
    const result = await fixer.apply(prepared, options);
    assert.equal(result.failure, undefined, result.failure?.message);
    assert.deepEqual(result.mismatches, []);
    assert.ok(result.audit.every((a) => a.outcome === 'ok' && a.account === '123456789012' && a.requestId), 'every write is audited with its request id');
    return result;
  }
  const steps = (plan: WritePlan) => plan.steps.map((s) => s.api);
  const status = async (bucket: string, key: string, region = 'us-east-1') => (await s3(region).send(new HeadObjectCommand({ Bucket: bucket, Key: key }))).ReplicationStatus;

  it('1. enables versioning on the source and the destination, each in its own region, once', async () => {
    for (const [bucket, side] of [[SOURCE, 'source'], ['destination-bucket', 'destination']] as const) {
      const prepared = await fixer.planVersioning(bucket, side);
      assert.deepEqual(steps(prepared.plan), ['PutBucketVersioning']);
      assert.match(prepared.plan.warnings[0], /cannot be turned off again/);
      const result = await apply(prepared);
      assert.equal(result.audit[0].region, bucket === SOURCE ? 'us-east-1' : 'eu-west-1');
      assert.equal(lb.state.buckets.get(bucket)?.versioning, 'Enabled');
      assert.deepEqual(steps((await fixer.planVersioning(bucket, side)).plan), [], 'a second run plans nothing');
    }
  });

  it('2. refuses the walkthrough file as it is, then writes the corrected one beside the live second rule', async () => {
    // A colleague's configuration is live on the bucket before the user writes theirs.
    await s3('us-east-1').send(new PutBucketReplicationCommand({ Bucket: SOURCE, ReplicationConfiguration: { Role: ROLE_ARN, Rules: [ARCHIVE_RULE] } }));
    const raw = await fixer.planPutReplication(SOURCE, { text: readFileSync(join(WALKTHROUGH_DIR, 'replication-config.json'), 'utf8'), uri: 'replication-config.json' });
    assert.deepEqual(raw.plan.problems.map((p) => p.ruleId).sort(), ['rc-rtc-requires-metrics', 'rc-v2-delete-marker-required']);
    assert.deepEqual(raw.plan.steps, []);
    const prepared = await fixer.planPutReplication(SOURCE, { text: fixedInEditor(), uri: 'replication-config.json' });
    assert.deepEqual(prepared.plan.missingLive.map((r) => r.id), ['archive']);
    assert.deepEqual(prepared.plan.losses, []);
    await apply(prepared);
    const live = lb.state.buckets.get(SOURCE)?.replication as { Rules: { ID: string; DeleteMarkerReplication?: unknown; Destination: { Metrics?: unknown } }[] };
    assert.deepEqual(live.Rules.map((r) => r.ID), ['replicate-all', 'archive']);
    assert.deepEqual(live.Rules[0].DeleteMarkerReplication, { Status: 'Disabled' });
    assert.deepEqual(live.Rules[0].Destination.Metrics, { Status: 'Enabled', EventThreshold: { Minutes: 15 } });
    assert.deepEqual(steps((await fixer.planPutReplication(SOURCE, { text: fixedInEditor(), uri: 'replication-config.json' })).plan), []);
  });

  it('3. repairs the role from the live configuration, keeping the unrelated statement', async () => {
    const prepared = await fixer.planRoleRepair(SOURCE);
    assert.deepEqual(steps(prepared.plan), ['PutRolePolicy']);
    await apply(prepared);
    const text = lb.state.roles.get('s3-replication-role')?.inlinePolicies.get('s3-replication-policy') ?? '';
    const statements = (JSON.parse(text) as { Statement: Record<string, unknown>[] }).Statement;
    assert.deepEqual(statements.find((s) => s.Sid === 'ReadAuditLogs'), UNRELATED);
    const granted = statements.flatMap((s) => ([] as string[]).concat(s.Action as string).map((a) => `${a} ${([] as string[]).concat(s.Resource as string).join(',')}`));
    assert.ok(granted.some((g) => g.startsWith('s3:GetObjectVersionTagging') && g.includes('arn:aws:s3:::source-bucket/*')));
    assert.ok(granted.some((g) => g.startsWith('s3:ReplicateObject') && g.includes('arn:aws:s3:::archive-bucket/archive/*')), 'the second rule\'s destination is granted too');
    assert.deepEqual(steps((await fixer.planRoleRepair(SOURCE)).plan), [], 'a second run plans nothing');
  });

  it('4. replicates a new object (COMPLETED) and explains the older ones', async () => {
    await s3('us-east-1').send(new PutObjectCommand({ Bucket: SOURCE, Key: 'reports/2024-q3.csv', Body: 'q3', Tagging: 'team=finance' }));
    await pollFor(async () => ((await status(SOURCE, 'reports/2024-q3.csv')) === 'COMPLETED' ? true : undefined), 'COMPLETED');
    assert.equal(await status('destination-bucket', 'reports/2024-q3.csv', 'eu-west-1'), 'REPLICA');
    const { report } = await fixer.objectStatus(SOURCE, { newest: 10 });
    assert.deepEqual(report.counts, [['COMPLETED', 1], ['NONE', 3]]);
    assert.equal(report.needsBatch, 3);
    assert.ok(report.lines.filter((l) => l.explanation.status === 'NONE').every((l) => /uploaded before the configuration/.test(l.explanation.reason)));
  });

  it('5. covers the existing objects with a Batch Replication job, creating its role, and reads its progress', async () => {
    const prepared = await fixer.planBatch(SOURCE, { statuses: ['NONE', 'FAILED'] });
    assert.deepEqual(steps(prepared.plan), ['CreateRole', 'PutRolePolicy', 'CreateJob']);
    const result = await apply(prepared);
    assert.ok(result.job);
    const progress = await fixer.jobProgress(result.job.region, result.job.accountId, result.job.id);
    assert.deepEqual([progress.status, progress.total, progress.succeeded, progress.failed], ['Complete', 3, 3, 0]);
    for (const key of ['reports/2024-q1.csv', 'reports/2024-q2.csv', 'images/logo.png']) assert.equal(await status(SOURCE, key), 'COMPLETED');
    const { report } = await fixer.objectStatus(SOURCE, { newest: 10 });
    assert.deepEqual([report.counts, report.needsBatch], [[['COMPLETED', 4]], 0]);
    assert.deepEqual(steps((await fixer.planBatch(SOURCE, { statuses: ['NONE'] })).plan), ['CreateJob'], 'the job role is reused as it is');
  });

  it('6. finds a job of the bucket that is still unfinished, so running the command again offers it instead of a second job', async () => {
    assert.deepEqual((await fixer.unfinishedJobs(SOURCE)).jobs, [], 'the finished job of step 5 does not count');
    // A job created elsewhere that awaits confirmation (as the console's do): unfinished, same source bucket.
    const step = (await fixer.planBatch(SOURCE, { statuses: ['NONE'] })).plan.steps.find((x): x is CreateJobStep => x.api === 'CreateJob');
    assert.ok(step);
    const control = new S3ControlClient({ region: 'us-east-1', endpoint: lb.url, disableHostPrefix: true, credentials, maxAttempts: 1, endpointProvider: () => ({ url: new URL(lb.url) }) });
    const created = await control.send(new CreateJobCommand({ ...(step.request as unknown as CreateJobCommandInput), ConfirmationRequired: true }));
    const found = await fixer.unfinishedJobs(SOURCE);
    assert.deepEqual(found.jobs.map((j) => [j.jobId, j.status]), [[created.JobId, 'Suspended']]);
    assert.deepEqual([found.region, found.accountId], ['us-east-1', '123456789012']);
    assert.deepEqual((await fixer.unfinishedJobs('destination-bucket')).jobs, [], 'another bucket\'s job is not this one\'s');
  });
});
