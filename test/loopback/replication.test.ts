/** Live and Batch Replication as the endpoint simulates them: statuses, replicas, failure reasons. */
import { CreateJobCommand, DescribeJobCommand } from '@aws-sdk/client-s3-control';
import { HeadObjectCommand, ListObjectVersionsCommand, PutBucketVersioningCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { strict as assert } from 'node:assert';
import { startLoopback, type LoopbackServer, type ReplicationConfiguration, type Scenario } from '../../loopback';
import { awsError, clients, type Clients } from './helpers';

const ACCOUNT = '123456789012';
const TRUST = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: ['s3.amazonaws.com', 'batchoperations.s3.amazonaws.com'] }, Action: 'sts:AssumeRole' }] };
const FULL = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'], Resource: 'arn:aws:s3:::src*' },
    { Effect: 'Allow', Action: ['s3:GetObjectVersion*', 's3:InitiateReplication'], Resource: 'arn:aws:s3:::src*/*' },
    { Effect: 'Allow', Action: 's3:Replicate*', Resource: ['arn:aws:s3:::dst*/*'] },
  ],
};

function config(role: string, ...destinations: string[]): ReplicationConfiguration {
  return {
    Role: `arn:aws:iam::${ACCOUNT}:role/${role}`,
    Rules: destinations.map((d, i) => ({ ID: `to-${d}`, Status: 'Enabled', Priority: i + 1, Filter: { Prefix: 'data/' }, DeleteMarkerReplication: { Status: 'Disabled' }, Destination: { Bucket: `arn:aws:s3:::${d}` } })),
  };
}

const scenario: Scenario = {
  replicationDelayMs: 60_000,
  buckets: [
    { name: 'src', versioning: 'Enabled', replication: config('full', 'dst'), objects: [{ key: 'data/old.txt', body: 'old', uploadedBeforeReplication: true }, { key: 'data/loaded.txt', body: 'x' }] },
    { name: 'dst', region: 'eu-west-1', versioning: 'Enabled' },
    { name: 'src-two-destinations', versioning: 'Enabled', replication: config('full', 'dst', 'dst-suspended') },
    { name: 'dst-suspended', versioning: 'Suspended' },
    { name: 'src-gone', versioning: 'Enabled', replication: config('full', 'dst-deleted') },
    { name: 'src-no-replicate', versioning: 'Enabled', replication: config('no-replicate', 'dst') },
    { name: 'src-no-trust', versioning: 'Enabled', replication: config('no-trust', 'dst') },
    { name: 'src-managed', versioning: 'Enabled', replication: config('managed', 'dst') },
  ],
  roles: [
    { name: 'full', trustPolicy: TRUST, inlinePolicies: { replication: FULL } },
    { name: 'no-replicate', trustPolicy: TRUST, inlinePolicies: { replication: { ...FULL, Statement: FULL.Statement.slice(0, 2) } } },
    { name: 'no-trust', trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }, inlinePolicies: { replication: FULL } },
    { name: 'managed', trustPolicy: TRUST, attachedPolicyArns: [`arn:aws:iam::${ACCOUNT}:policy/replication`] },
  ],
  managedPolicies: [{ name: 'replication', document: { ...FULL, Statement: [...FULL.Statement, { Effect: 'Deny', Action: 's3:ReplicateObject', Resource: 'arn:aws:s3:::dst/data/secret*' }] } }],
};

describe('loopback: replication simulation', () => {
  let server: LoopbackServer;
  let c: Clients;

  beforeEach(async () => {
    server = await startLoopback({ scenario });
    c = clients(server.url);
  });
  afterEach(() => server.close());

  const status = async (bucket: string, key: string, region = 'us-east-1') => (await c.s3(region).send(new HeadObjectCommand({ Bucket: bucket, Key: key }))).ReplicationStatus;
  const put = (bucket: string, key: string) => c.s3().send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: key }));
  const failures = (bucket: string, key: string) => server.state.buckets.get(bucket)?.objects.get(key)?.[0].replicationFailures;

  it('gives objects loaded before the configuration no status, and replicates the others at load', async () => {
    assert.equal(await status('src', 'data/old.txt'), undefined);
    assert.equal(await status('src', 'data/loaded.txt'), 'COMPLETED');
    assert.equal(await status('dst', 'data/loaded.txt', 'eu-west-1'), 'REPLICA');
  });

  it('keeps a write PENDING until the delay has passed, then completes it', async () => {
    // A delay no loaded CI machine can outrun, and the clock moved explicitly: deterministic either way.
    server.state.replicationDelayMs = 60_000;
    await put('src', 'data/new.txt');
    assert.equal(await status('src', 'data/new.txt'), 'PENDING');
    assert.equal(server.state.replication.settle(Date.now() + 1_000), 0, 'settled before its delay');
    assert.equal(server.state.replication.settle(Date.now() + 60_000), 1);
    assert.equal(await status('src', 'data/new.txt'), 'COMPLETED');
    const versions = await c.s3('eu-west-1').send(new ListObjectVersionsCommand({ Bucket: 'dst' }));
    assert.deepEqual(versions.Versions?.map((v) => v.Key), ['data/loaded.txt', 'data/new.txt']);
  });

  it('leaves objects no rule matches without status', async () => {
    await put('src', 'elsewhere/file.txt');
    server.state.replication.completeAll();
    assert.equal(await status('src', 'elsewhere/file.txt'), undefined);
  });

  it('fails when the destination is unversioned (FAILED while a second destination succeeds)', async () => {
    await put('src-two-destinations', 'data/a.txt');
    assert.equal(server.state.replication.completeAll(), 1);
    assert.equal(await status('src-two-destinations', 'data/a.txt'), 'FAILED');
    assert.deepEqual(failures('src-two-destinations', 'data/a.txt'), [{ destination: 'dst-suspended', reason: 'DstBucketUnversioned', missingActions: [] }]);
    assert.equal(await status('dst', 'data/a.txt', 'eu-west-1'), 'REPLICA');
  });

  it('fails with DstBucketNotFound, AssumeRoleNotPermitted, and DstPutObjectNotPermitted naming the missing action', async () => {
    await Promise.all([put('src-gone', 'data/a'), put('src-no-trust', 'data/a'), put('src-no-replicate', 'data/a')]);
    server.state.replication.completeAll();
    assert.equal(failures('src-gone', 'data/a')?.[0].reason, 'DstBucketNotFound');
    assert.equal(failures('src-no-trust', 'data/a')?.[0].reason, 'AssumeRoleNotPermitted');
    assert.deepEqual(failures('src-no-replicate', 'data/a'), [{ destination: 'dst', reason: 'DstPutObjectNotPermitted', missingActions: ['s3:ReplicateObject on arn:aws:s3:::dst/data/a'] }]);
    for (const bucket of ['src-gone', 'src-no-trust', 'src-no-replicate']) assert.equal(await status(bucket, 'data/a'), 'FAILED');
  });

  it('evaluates attached managed policies, with an explicit Deny winning', async () => {
    await Promise.all([put('src-managed', 'data/open.txt'), put('src-managed', 'data/secret.txt')]);
    server.state.replication.completeAll();
    assert.equal(await status('src-managed', 'data/open.txt'), 'COMPLETED');
    assert.equal(await status('src-managed', 'data/secret.txt'), 'FAILED');
  });

  it('settles against the state at replication time: suspending the destination in between fails the object', async () => {
    await put('src', 'data/late.txt');
    await c.s3('eu-west-1').send(new PutBucketVersioningCommand({ Bucket: 'dst', VersioningConfiguration: { Status: 'Suspended' } }));
    server.state.replication.completeAll();
    assert.equal(await status('src', 'data/late.txt'), 'FAILED');
  });

  describe('Batch Replication through S3 Control', () => {
    let tokens = 0;
    const createJob = (statuses: ('NONE' | 'FAILED' | 'COMPLETED' | 'REPLICA')[], extra: { confirm?: boolean; role?: string; token?: string } = {}) =>
      c.s3control.send(
        new CreateJobCommand({
          AccountId: ACCOUNT,
          ConfirmationRequired: extra.confirm ?? false,
          Operation: { S3ReplicateObject: {} },
          Priority: 10,
          RoleArn: `arn:aws:iam::${ACCOUNT}:role/${extra.role ?? 'full'}`,
          Report: { Enabled: false },
          ClientRequestToken: extra.token ?? `token-${++tokens}`,
          ManifestGenerator: { S3JobManifestGenerator: { SourceBucket: 'arn:aws:s3:::src', EnableManifestOutput: false, Filter: { EligibleForReplication: true, ObjectReplicationStatuses: statuses } } },
        }),
      );

    it('replicates the objects live replication skipped, and records the job', async () => {
      const { JobId } = await createJob(['NONE', 'FAILED'], { token: 'once' });
      assert.ok(JobId);
      assert.equal((await createJob(['NONE'], { token: 'once' })).JobId, JobId, 'the client request token makes CreateJob idempotent');
      assert.equal(await status('src', 'data/old.txt'), 'COMPLETED');
      assert.equal(await status('dst', 'data/old.txt', 'eu-west-1'), 'REPLICA');
      const { Job } = await c.s3control.send(new DescribeJobCommand({ AccountId: ACCOUNT, JobId }));
      assert.equal(Job?.Status, 'Complete');
      assert.deepEqual(Job?.ProgressSummary && [Job.ProgressSummary.TotalNumberOfTasks, Job.ProgressSummary.NumberOfTasksSucceeded, Job.ProgressSummary.NumberOfTasksFailed], [1, 1, 0]);
      assert.deepEqual(Job?.ManifestGenerator?.S3JobManifestGenerator?.Filter?.ObjectReplicationStatuses, ['NONE', 'FAILED']);
      assert.equal(server.state.jobs.get(JobId)?.operation, 'S3ReplicateObject');
    });

    it('waits for confirmation when asked, and fails when Batch Operations cannot assume the role', async () => {
      const pending = await createJob(['NONE'], { confirm: true });
      assert.equal(server.state.jobs.get(pending.JobId as string)?.status, 'Suspended');
      assert.equal(await status('src', 'data/old.txt'), undefined);
      const failed = await createJob(['NONE'], { role: 'no-trust' });
      const { Job } = await c.s3control.send(new DescribeJobCommand({ AccountId: ACCOUNT, JobId: failed.JobId }));
      assert.equal(Job?.Status, 'Failed');
      assert.equal(Job?.FailureReasons?.[0].FailureCode, 'AssumeRoleNotPermitted');
    });

    it('answers NotFoundException for an unknown job', async () => {
      const err = await awsError(c.s3control.send(new DescribeJobCommand({ AccountId: ACCOUNT, JobId: 'no-such-job' })));
      assert.deepEqual([err.name, err.status], ['NotFoundException', 404]);
    });
  });
});
