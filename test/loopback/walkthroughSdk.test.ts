/** The walkthrough's own steps through the real AWS SDK v3 clients, against the loopback endpoint. */
import { CreateRoleCommand, GetRoleCommand, PutRolePolicyCommand, GetRolePolicyCommand } from '@aws-sdk/client-iam';
import {
  CreateBucketCommand,
  GetBucketReplicationCommand,
  GetBucketVersioningCommand,
  HeadObjectCommand,
  PutBucketReplicationCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  type ReplicationConfiguration,
} from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { strict as assert } from 'node:assert';
import { startLoopback, type LoopbackServer } from '../../loopback';
import { awsError, clients, correctedWalkthroughConfig, walkthroughFile, type Clients } from './helpers';

describe('loopback: the walkthrough through the AWS SDK v3', () => {
  let server: LoopbackServer;
  let c: Clients;

  before(async () => {
    server = await startLoopback({ scenario: { replicationDelayMs: 50 } });
    c = clients(server.url);
  });
  after(() => server.close());

  it('creates the buckets in their regions and enables versioning (step 1)', async () => {
    await c.s3().send(new CreateBucketCommand({ Bucket: 'source-bucket' }));
    await c.s3('eu-west-1').send(new CreateBucketCommand({ Bucket: 'destination-bucket', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
    await c.s3().send(new PutBucketVersioningCommand({ Bucket: 'source-bucket', VersioningConfiguration: { Status: 'Enabled' } }));
    await c.s3('eu-west-1').send(new PutBucketVersioningCommand({ Bucket: 'destination-bucket', VersioningConfiguration: { Status: 'Enabled' } }));
    assert.equal((await c.s3().send(new GetBucketVersioningCommand({ Bucket: 'source-bucket' }))).Status, 'Enabled');
    assert.equal(server.state.buckets.get('destination-bucket')?.region, 'eu-west-1');
  });

  it('creates the role from the walkthrough files and reads them back verbatim (step 2)', async () => {
    await c.iam.send(new CreateRoleCommand({ RoleName: 's3-replication-role', AssumeRolePolicyDocument: walkthroughFile('trust-policy.json') }));
    await c.iam.send(new PutRolePolicyCommand({ RoleName: 's3-replication-role', PolicyName: 's3-replication-policy', PolicyDocument: walkthroughFile('role-policy.json') }));
    const role = await c.iam.send(new GetRoleCommand({ RoleName: 's3-replication-role' }));
    assert.equal(role.Role?.Arn, 'arn:aws:iam::123456789012:role/s3-replication-role');
    // IAM sends documents URL-encoded; decoded they are byte-for-byte what was sent.
    assert.equal(decodeURIComponent(role.Role?.AssumeRolePolicyDocument ?? ''), walkthroughFile('trust-policy.json'));
    const policy = await c.iam.send(new GetRolePolicyCommand({ RoleName: 's3-replication-role', PolicyName: 's3-replication-policy' }));
    assert.equal(decodeURIComponent(policy.PolicyDocument ?? ''), walkthroughFile('role-policy.json'));
    assert.equal((await c.sts.send(new GetCallerIdentityCommand({}))).Account, '123456789012');
  });

  it("refuses the walkthrough's configuration with S3's InvalidRequest text (step 3)", async () => {
    const config = JSON.parse(walkthroughFile('replication-config.json')) as ReplicationConfiguration;
    const err = await awsError(c.s3().send(new PutBucketReplicationCommand({ Bucket: 'source-bucket', ReplicationConfiguration: config })));
    assert.equal(err.name, 'InvalidRequest');
    assert.equal(err.status, 400);
    assert.equal(err.message, 'DeleteMarkerReplication must be specified for this version of Cross Region Replication configuration schema. Please refer to S3 Developer Guide for more information.');
    assert.equal(server.state.buckets.get('source-bucket')?.replication, undefined);
  });

  it('accepts the corrected configuration and reads it back (steps 3-4)', async () => {
    const corrected = correctedWalkthroughConfig() as unknown as ReplicationConfiguration;
    await c.s3().send(new PutBucketReplicationCommand({ Bucket: 'source-bucket', ReplicationConfiguration: corrected }));
    const read = (await c.s3().send(new GetBucketReplicationCommand({ Bucket: 'source-bucket' }))).ReplicationConfiguration;
    assert.deepEqual(read, corrected);
  });

  it('shows PENDING then COMPLETED on head-object, and REPLICA on the replica (step 5)', async () => {
    // Long enough that a loaded machine still sees PENDING first; then the delay is made to pass.
    server.state.replicationDelayMs = 60_000;
    const put = await c.s3().send(new PutObjectCommand({ Bucket: 'source-bucket', Key: 'reports/new.csv', Body: 'a,b\n' }));
    const head = await c.s3().send(new HeadObjectCommand({ Bucket: 'source-bucket', Key: 'reports/new.csv' }));
    assert.equal(head.ReplicationStatus, 'PENDING');
    server.state.replication.settle(Date.now() + 60_000);
    const completed = (await c.s3().send(new HeadObjectCommand({ Bucket: 'source-bucket', Key: 'reports/new.csv' }))).ReplicationStatus;
    assert.equal(completed, 'COMPLETED');
    server.state.replicationDelayMs = 50;
    const replica = await c.s3('eu-west-1').send(new HeadObjectCommand({ Bucket: 'destination-bucket', Key: 'reports/new.csv' }));
    assert.equal(replica.ReplicationStatus, 'REPLICA');
    assert.equal(replica.VersionId, put.VersionId, 'a replica keeps the source version id');
  });

  it('fails a tagged object: the role policy lacks s3:GetObjectVersionTagging (the walkthrough defect)', async () => {
    await c.s3().send(new PutObjectCommand({ Bucket: 'source-bucket', Key: 'tagged.txt', Body: 'x', Tagging: 'team=brand' }));
    server.state.replication.completeAll();
    assert.equal((await c.s3().send(new HeadObjectCommand({ Bucket: 'source-bucket', Key: 'tagged.txt' }))).ReplicationStatus, 'FAILED');
    const failures = server.state.buckets.get('source-bucket')?.objects.get('tagged.txt')?.[0].replicationFailures;
    assert.deepEqual(failures, [
      { destination: 'destination-bucket', reason: 'SrcGetTaggingNotPermitted', missingActions: ['s3:GetObjectVersionTagging on arn:aws:s3:::source-bucket/tagged.txt'] },
    ]);
  });

  it('answers a request signed for the wrong region as S3 does, and the SDK follows it when asked to', async () => {
    const err = await awsError(c.s3().send(new GetBucketVersioningCommand({ Bucket: 'destination-bucket' })));
    assert.equal(err.name, 'PermanentRedirect');
    assert.equal(err.status, 301);
    assert.equal(err.headers['x-amz-bucket-region'], 'eu-west-1');
    const following = c.s3('us-east-1', { followRegionRedirects: true });
    assert.equal((await following.send(new GetBucketVersioningCommand({ Bucket: 'destination-bucket' }))).Status, 'Enabled');
  });
});
