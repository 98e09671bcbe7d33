/** Faults: latency that does not block other calls, throttling, AccessDenied where chosen, dropped connections. */
import { GetRoleCommand } from '@aws-sdk/client-iam';
import { GetBucketLocationCommand, GetBucketReplicationCommand, GetBucketVersioningCommand, ListBucketsCommand } from '@aws-sdk/client-s3';
import { strict as assert } from 'node:assert';
import { startLoopback, type LoopbackServer } from '../../loopback';
import { awsError, clients, type Clients } from './helpers';

describe('loopback: faults', () => {
  let server: LoopbackServer;
  let c: Clients;

  beforeEach(async () => {
    server = await startLoopback({
      scenario: {
        buckets: [{ name: 'open' }, { name: 'locked' }],
        roles: [{ name: 'r', trustPolicy: { Version: '2012-10-17', Statement: [] } }],
      },
    });
    c = clients(server.url);
  });
  afterEach(() => server.close());

  it('delays one operation without holding up others', async () => {
    server.faults.add({ operation: 'GetBucketVersioning', latencyMs: 400 });
    const finished: string[] = [];
    const slow = c.s3().send(new GetBucketVersioningCommand({ Bucket: 'open' })).then(() => finished.push('slow'));
    // Both are in flight together; the one the endpoint holds must not hold up the other.
    const fast = c.s3().send(new GetBucketLocationCommand({ Bucket: 'open' })).then(() => finished.push('fast'));
    await Promise.all([slow, fast]);
    assert.deepEqual(finished, ['fast', 'slow']);
  });

  it("throttles S3 with 503 SlowDown and IAM with Throttling, each in its service's shape", async () => {
    server.faults.add({ operation: 'ListBuckets', error: 'SlowDown' });
    server.faults.add({ operation: 'GetRole', error: 'Throttling' });
    const s3 = await awsError(c.s3().send(new ListBucketsCommand({})));
    assert.deepEqual([s3.name, s3.status, s3.message], ['SlowDown', 503, 'Please reduce your request rate.']);
    const iam = await awsError(c.iam.send(new GetRoleCommand({ RoleName: 'r' })));
    assert.deepEqual([iam.name, iam.status, iam.message], ['Throttling', 400, 'Rate exceeded']);
  });

  it('lets the SDK retry through a fault limited by times', async () => {
    server.faults.add({ operation: 'ListBuckets', error: 'Throttling', times: 1 });
    const retrying = c.s3('us-east-1', { maxAttempts: 3 });
    const result = await retrying.send(new ListBucketsCommand({}));
    assert.equal(result.Buckets?.length, 2);
    assert.equal(server.requestCount('ListBuckets'), 2, 'one throttled attempt, one answered');
    assert.deepEqual(server.faults.list(), [], 'the fault is used up');
  });

  it('denies only the chosen operation on the chosen bucket', async () => {
    server.faults.add({ operation: 'GetBucketReplication', bucket: 'locked', error: 'AccessDenied' });
    const denied = await awsError(c.s3().send(new GetBucketReplicationCommand({ Bucket: 'locked' })));
    assert.deepEqual([denied.name, denied.status, denied.message], ['AccessDenied', 403, 'Access Denied']);
    const other = await awsError(c.s3().send(new GetBucketReplicationCommand({ Bucket: 'open' })));
    assert.equal(other.name, 'ReplicationConfigurationNotFoundError');
    assert.equal((await c.s3().send(new GetBucketVersioningCommand({ Bucket: 'locked' }))).$metadata.httpStatusCode, 200);
  });

  it("denies IAM calls with IAM's AccessDenied message", async () => {
    server.faults.add({ operation: '*', error: 'AccessDenied' });
    const err = await awsError(c.iam.send(new GetRoleCommand({ RoleName: 'r' })));
    assert.equal(err.status, 403);
    assert.equal(err.message, 'User: arn:aws:iam::123456789012:user/loopback is not authorized to perform: iam:GetRole on resource: role r because no identity-based policy allows the iam:GetRole action');
  });

  it('drops the connection without an answer, and a retrying client recovers', async () => {
    server.faults.add({ operation: 'ListBuckets', drop: true, times: 1 });
    const err = await awsError(c.s3().send(new ListBucketsCommand({})));
    assert.equal(err.status, undefined, 'no HTTP answer at all');
    assert.match(err.message, /socket hang up|ECONNRESET/);
    server.faults.add({ operation: 'ListBuckets', drop: true, times: 1 });
    const result = await c.s3('us-east-1', { maxAttempts: 2 }).send(new ListBucketsCommand({}));
    assert.equal(result.Buckets?.length, 2);
  });

  it('holds a hung request without an answer until the client gives up, and other calls go on', async () => {
    server.faults.add({ operation: 'GetBucketVersioning', hang: true });
    const controller = new AbortController();
    const hung = c.s3().send(new GetBucketVersioningCommand({ Bucket: 'open' }), { abortSignal: controller.signal });
    const settled = hung.then(
      () => 'answered',
      () => 'failed',
    );
    assert.equal((await c.s3().send(new GetBucketLocationCommand({ Bucket: 'open' }))).$metadata.httpStatusCode, 200);
    assert.equal(await Promise.race([settled, new Promise((r) => setTimeout(() => r('still waiting'), 300))]), 'still waiting');
    controller.abort();
    assert.equal(await settled, 'failed');
  });

  it('changes the state right after answering, as a concurrent writer between a read and a write would', async () => {
    server.faults.add({ operation: 'GetRole', times: 1, change: (state) => state.roles.get('r')?.inlinePolicies.set('added', '{"Version":"2012-10-17","Statement":[]}') });
    const role = await c.iam.send(new GetRoleCommand({ RoleName: 'r' }));
    assert.equal(role.Role?.RoleName, 'r', 'the answer is from before the change');
    assert.deepEqual([...(server.state.roles.get('r')?.inlinePolicies.keys() ?? [])], ['added']);
    assert.deepEqual(server.faults.list(), []);
    assert.throws(() => server.faults.add({ change: 'x' as never }), /change must be a function/);
  });

  it('answers InternalError, and loads faults from the scenario', async () => {
    server.loadScenario({ buckets: [{ name: 'bkt' }], faults: [{ operation: 'GetBucketVersioning', bucket: 'bkt', error: 'InternalError' }] });
    const err = await awsError(c.s3().send(new GetBucketVersioningCommand({ Bucket: 'bkt' })));
    assert.deepEqual([err.name, err.status], ['InternalError', 500]);
    server.faults.clear();
    assert.equal((await c.s3().send(new GetBucketVersioningCommand({ Bucket: 'bkt' }))).$metadata.httpStatusCode, 200);
  });

  it('removes a fault by handle and refuses a fault that does nothing or names an unknown error', () => {
    const fault = server.faults.add({ operation: 'ListBuckets', latencyMs: 10 });
    server.faults.remove(fault);
    assert.deepEqual(server.faults.list(), []);
    assert.throws(() => server.faults.add({ operation: 'ListBuckets' }), /does nothing: give latencyMs, error, drop, hang or change/);
    assert.throws(() => server.faults.add({ error: 'Teapot' as never }), /error must be one of AccessDenied, SlowDown, Throttling, InternalError/);
  });
});
