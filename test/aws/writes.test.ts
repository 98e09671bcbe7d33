/**
 * The fix commands' AWS layer against the loopback endpoint: every "never lose data" promise on the
 * wire, and failures turned into actions (the caller's missing permission, a missing destination,
 * throttling retried within bounds).
 */
import { IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { PutBucketReplicationCommand, S3Client } from '@aws-sdk/client-s3';
import { strict as assert } from 'node:assert';
import { startLoopback, type LoopbackServer, type Scenario } from '../../loopback';
import { Fixer } from '../../src/aws/writes/fixer';
import { explainWriteError } from '../../src/aws/writes/writeErrors';
import { AwsCallError } from '../../src/aws/errors';
import { credentials } from './helpers';

const ACCOUNT = '123456789012';
const ROLE = 'replication';
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/${ROLE}`;
const rule = (ID: string, priority: number, prefix: string, dest = 'dst') => ({ ID, Status: 'Enabled', Priority: priority, Filter: { Prefix: prefix }, DeleteMarkerReplication: { Status: 'Disabled' }, Destination: { Bucket: `arn:aws:s3:::${dest}` } });
const TRUST = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } } }] };
const POLICY = { Version: '2012-10-17', Statement: [{ Sid: 'Keep', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::audit/*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } }] };

function scenario(): Scenario {
  return {
    replicationDelayMs: 10,
    buckets: [
      { name: 'src', versioning: 'Enabled', replication: { Role: ROLE_ARN, Rules: [rule('main', 1, 'data/'), rule('logs', 2, 'logs/')] } },
      { name: 'dst', region: 'eu-west-1', versioning: 'Enabled' },
      { name: 'unversioned', versioning: 'Off' },
    ],
    roles: [{ name: ROLE, trustPolicy: TRUST, inlinePolicies: { mixed: POLICY } }],
  };
}

describe('AWS writes: merge-safe and actionable', function () {
  this.timeout(30_000);
  let lb: LoopbackServer;
  let fixer: Fixer;

  beforeEach(async () => {
    lb = await startLoopback({ scenario: scenario() });
    fixer = new Fixer({ region: 'us-east-1', endpoint: lb.url, credentials, maxAttempts: 2 });
  });
  afterEach(async () => {
    fixer.dispose();
    await lb.close();
  });

  const liveRules = () => (lb.state.buckets.get('src')?.replication as { Rules: { ID: string }[] }).Rules.map((r) => r.ID);
  const doc = (rules: unknown[]) => ({ text: JSON.stringify({ Role: ROLE_ARN, Rules: rules }, null, 2), uri: 'file.json' });

  it('reads the tags of objects without status where a tag filter decides why', async () => {
    const tagRule = { ID: 'tagged', Status: 'Enabled', Priority: 1, Filter: { And: { Prefix: 'data/', Tags: [{ Key: 'replicate', Value: 'yes' }] } }, DeleteMarkerReplication: { Status: 'Disabled' }, Destination: { Bucket: 'arn:aws:s3:::dst' } };
    lb.loadScenario({
      ...scenario(),
      buckets: [
        {
          name: 'tagged-src',
          versioning: 'Enabled',
          replication: { Role: ROLE_ARN, Rules: [tagRule] },
          objects: [
            { key: 'data/wanted.csv', tags: { replicate: 'yes' }, uploadedBeforeReplication: true },
            { key: 'data/other.csv', tags: { replicate: 'no' }, uploadedBeforeReplication: true },
          ],
        },
        { name: 'dst', region: 'eu-west-1', versioning: 'Enabled' },
      ],
    });
    const { report } = await fixer.objectStatus('tagged-src', { newest: 10 });
    const why = Object.fromEntries(report.lines.map((l) => [l.key, l.explanation]));
    assert.deepEqual(why['data/wanted.csv'].matchingRules, ['tagged']);
    assert.equal(why['data/wanted.csv'].needsBatchReplication, true);
    assert.match(why['data/other.csv'].reason, /No rule's filter matches/);
    assert.equal(report.needsBatch, 1);
  });

  it('keeps a live rule the document leaves out, and deletes it only when the removal was confirmed', async () => {
    const kept = await fixer.planPutReplication('src', doc([{ ...rule('main', 1, 'data/'), Status: 'Disabled' }]));
    assert.deepEqual(kept.plan.missingLive.map((r) => r.id), ['logs']);
    await fixer.apply(kept);
    assert.deepEqual(liveRules(), ['main', 'logs']);

    const dropping = await fixer.planPutReplication('src', doc([rule('main', 1, 'data/')]), ['logs']);
    assert.deepEqual(dropping.plan.losses, ['live rule "logs" (to arn:aws:s3:::dst, Enabled)']);
    await assert.rejects(fixer.apply(dropping), /not confirmed/);
    assert.deepEqual(liveRules(), ['main', 'logs'], 'nothing was sent');
    const result = await fixer.apply(dropping, { acceptLosses: true });
    assert.equal(result.failure, undefined);
    assert.deepEqual(liveRules(), ['main']);
  });

  it('repairs the trust policy by merging: the other principal and its condition stay', async () => {
    const prepared = await fixer.planRoleRepair('src');
    assert.deepEqual(prepared.plan.steps.map((s) => s.api), ['UpdateAssumeRolePolicy', 'PutRolePolicy']);
    const result = await fixer.apply(prepared);
    assert.deepEqual(result.mismatches, []);
    const role = lb.state.roles.get(ROLE);
    const trust = JSON.parse(role?.trustPolicy ?? '') as { Statement: unknown[] };
    assert.deepEqual(trust.Statement[0], TRUST.Statement[0]);
    assert.deepEqual(trust.Statement[1], { Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole' });
    const policy = JSON.parse(role?.inlinePolicies.get('mixed') ?? '') as { Statement: unknown[] };
    assert.deepEqual(policy.Statement[0], POLICY.Statement[0]);
  });

  it('names the permission the caller lacks when PutBucketReplication is denied', async () => {
    lb.faults.add({ operation: 'PutBucketReplication', error: 'AccessDenied' });
    const prepared = await fixer.planPutReplication('src', doc([rule('main', 1, 'data/'), rule('logs', 2, 'logs/'), rule('new', 3, 'new/')]));
    const result = await fixer.apply(prepared);
    assert.equal(result.failure?.kind, 'access-denied');
    assert.match(result.failure?.message ?? '', /Your identity arn:aws:iam::123456789012:user\/loopback needs s3:PutReplicationConfiguration on arn:aws:s3:::src and iam:PassRole on arn:aws:iam::123456789012:role\/replication/);
    assert.deepEqual(result.audit.map((a) => [a.api, a.outcome, a.code]), [['PutBucketReplication', 'failed', 'AccessDenied']]);
    const next = result.failure?.next[0];
    assert.ok(next?.kind === 'copyPermissions');
    assert.deepEqual(JSON.parse(next.statement).Statement.map((s: { Action: string }) => s.Action), ['s3:PutReplicationConfiguration', 'iam:PassRole']);
  });

  it('reads the missing IAM action from IAM\'s own message', async () => {
    lb.faults.add({ operation: 'UpdateAssumeRolePolicy', error: 'AccessDenied' });
    const result = await fixer.apply(await fixer.planRoleRepair('src'));
    assert.match(result.failure?.message ?? '', /lacks iam:UpdateAssumeRolePolicy on arn:aws:iam::123456789012:role\/replication\b/);
    assert.deepEqual(result.audit.map((a) => a.outcome), ['failed'], 'the policy write after it was not attempted');
  });

  it('retries throttling within its bound, and says so when it keeps failing', async () => {
    lb.faults.add({ operation: 'PutBucketVersioning', error: 'SlowDown', times: 1 });
    const once = await fixer.apply(await fixer.planVersioning('unversioned'));
    assert.equal(once.failure, undefined);
    assert.equal(lb.requestCount('PutBucketVersioning'), 2);
    lb.state.buckets.get('unversioned')!.versioning = 'Off';
    lb.faults.add({ operation: 'PutBucketVersioning', error: 'SlowDown' });
    const result = await fixer.apply(await fixer.planVersioning('unversioned'));
    assert.equal(result.failure?.kind, 'throttled');
    assert.match(result.failure?.message ?? '', /retried 2 times in all and still refused/);
    assert.equal(lb.requestCount('PutBucketVersioning'), 4, 'two attempts, no more');
  });

  it('refuses in planning to replicate to a destination that does not exist, and explains S3\'s own answer', async () => {
    const prepared = await fixer.planPutReplication('src', doc([rule('main', 1, 'data/', 'gone')]));
    assert.equal(prepared.plan.steps.length, 0);
    assert.match(prepared.plan.refused ?? '', /gone/);
    const s3Answer = Object.assign(new Error('Destination bucket must exist.'), { name: 'InvalidRequest', $metadata: { httpStatusCode: 400 } });
    const failure = explainWriteError(new AwsCallError({ operation: 'PutBucketReplication', target: 'src', code: 'InvalidRequest', kind: 'service', message: 'x' }, s3Answer), { operation: 'PutBucketReplication', source: 'src', destinations: ['gone'] });
    assert.match(failure.message, /^The destination bucket gone does not exist/);
  });

  it('offers to enable versioning when S3 refuses an unversioned destination', async () => {
    // Sent directly (a plan would refuse it first), to see S3's answer turned into an action.
    const s3 = new S3Client({ region: 'us-east-1', endpoint: lb.url, forcePathStyle: true, credentials, maxAttempts: 1 });
    const err = await s3.send(new PutBucketReplicationCommand({ Bucket: 'src', ReplicationConfiguration: { Role: ROLE_ARN, Rules: [rule('x', 1, '', 'unversioned')] as never } })).catch((e: unknown) => e);
    const failure = explainWriteError(err, { operation: 'PutBucketReplication', source: 'src', destinations: ['unversioned'] });
    assert.match(failure.message, /unversioned does not have versioning enabled, or does not exist/);
    assert.deepEqual(failure.next, [{ kind: 'enableVersioning', bucket: 'unversioned' }]);
  });

  it("explains IAM's LimitExceeded and MalformedPolicyDocument, and a document that could not be read again stops the plan", async () => {
    const iam = new IAMClient({ region: 'us-east-1', endpoint: lb.url, credentials, maxAttempts: 1 });
    const big = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'x'.repeat(10_300), Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }] });
    const limit = await iam.send(new PutRolePolicyCommand({ RoleName: ROLE, PolicyName: 'big', PolicyDocument: big })).catch((e: unknown) => e);
    const failure = explainWriteError(limit, { operation: 'PutRolePolicy', roleName: ROLE });
    assert.equal(failure.code, 'LimitExceeded');
    assert.match(failure.message, /^IAM refused PutRolePolicy: the role's inline policies together would be over IAM's size limit \(LimitExceeded: "Maximum policy size of 10240 bytes exceeded for role replication"\)\. That document was not changed\.$/);
    const malformed = await iam.send(new PutRolePolicyCommand({ RoleName: ROLE, PolicyName: 'v', PolicyDocument: '{"Version":"1"}' })).catch((e: unknown) => e);
    assert.match(explainWriteError(malformed, { operation: 'PutRolePolicy', roleName: ROLE }).message, /as malformed \(MalformedPolicyDocument: "Syntax errors in policy\."\)/);

    const prepared = await fixer.planVersioning('unversioned');
    lb.faults.add({ operation: 'GetBucketVersioning', error: 'AccessDenied' });
    const result = await fixer.apply(prepared);
    assert.match(result.failure?.message ?? '', /^Nothing more was written: bucket unversioned could not be read again just before writing/);
    assert.equal(lb.requestCount('PutBucketVersioning'), 0);
  });
});
