/** Live state for the engine, read through real SDK v3 clients from the loopback endpoint. */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generatedScenario, startLoopback, walkthroughScenario, type LoopbackServer, type Scenario } from '../../loopback';
import { WALKTHROUGH_DIR } from '../../loopback/scenario/walkthrough';
import type { LiveBucketState } from '../../src/aws/types';
import { backendFor, pollFor, walkthroughWithConfig } from './helpers';

const walkthroughFile = (name: string) => readFileSync(join(WALKTHROUGH_DIR, name), 'utf8');

function scenarioWith(mutate: (s: Scenario) => void, base: Scenario = walkthroughWithConfig()): Scenario {
  mutate(base);
  return base;
}

describe('aws: live state of a bucket', function () {
  let server: LoopbackServer;

  before(async () => {
    server = await startLoopback();
  });
  after(() => server.close());

  async function stateOf(scenario: Scenario, bucket: string, options: Parameters<typeof backendFor>[1] = {}): Promise<LiveBucketState> {
    server.loadScenario(scenario);
    const backend = backendFor(server.url, options);
    try {
      const page = await backend.listBuckets(undefined, 1000);
      const summary = page.buckets.find((b) => b.name === bucket);
      assert.ok(summary, `${bucket} is listed`);
      return await backend.bucketState(summary);
    } finally {
      backend.dispose();
    }
  }

  it('turns the walkthrough into the engine model: configuration and role documents, bucket and role facts', async () => {
    const state = await stateOf(walkthroughWithConfig(), 'source-bucket');
    assert.deepEqual(state.failures, []);
    assert.deepEqual(state.versioning, { ok: true, value: 'Off' });
    assert.ok(state.replication.ok && state.replication.value.configured);
    const config = state.replication.value.document;
    assert.equal(config.kind, 'replication-config');
    assert.deepEqual(config.live, { sourceBucket: 'source-bucket', account: '123456789012' });
    // What `aws s3api get-bucket-replication` prints: the configuration, wrapped, members in the model's order.
    assert.deepEqual(JSON.parse(config.text), { ReplicationConfiguration: JSON.parse(walkthroughFile('replication-config.json')) });
    assert.deepEqual(Object.keys(JSON.parse(config.text).ReplicationConfiguration.Rules[0]), ['ID', 'Priority', 'Filter', 'Status', 'Destination']);

    assert.equal(state.role?.exists, true);
    assert.equal(state.role?.arn, 'arn:aws:iam::123456789012:role/s3-replication-role');
    assert.equal(state.role?.trust?.text, walkthroughFile('trust-policy.json'), 'trust policy verbatim');
    assert.equal(state.role?.trust?.kind, 'trust-policy');
    assert.equal(state.role?.policies.length, 1);
    assert.equal(state.role?.policies[0].text, walkthroughFile('role-policy.json'), 'inline policy verbatim');
    assert.deepEqual(state.role?.policies[0].live, { roleName: 's3-replication-role', account: '123456789012' });
    assert.deepEqual(state.documents.map((d) => d.kind), ['replication-config', 'trust-policy', 'permission-policy']);

    assert.equal(state.facts.accountId, '123456789012');
    assert.deepEqual(state.facts.buckets['source-bucket'], {
      name: 'source-bucket',
      defaultEncryption: 'AES256',
      bucketKeyEnabled: false,
      exists: true,
      region: 'us-east-1',
      versioning: 'Off',
      ownerAccount: '123456789012',
      ownership: 'BucketOwnerEnforced',
      objectLock: false,
      replication: [{ destinationBucket: 'destination-bucket', enabled: true, replicaModifications: false }],
      replicationEvents: { failed: [], threshold: [] },
    });
    assert.deepEqual(state.facts.buckets['destination-bucket'], {
      name: 'destination-bucket',
      exists: true,
      region: 'eu-west-1',
      versioning: 'Off',
      objectLock: false,
      ownership: 'BucketOwnerEnforced',
      requesterPays: false,
      defaultEncryption: 'AES256',
      bucketKeyEnabled: false,
      policy: 'absent',
      ownerAccount: '123456789012',
      replication: [],
    });
    assert.deepEqual(state.facts.roles, { 's3-replication-role': { name: 's3-replication-role', arn: 'arn:aws:iam::123456789012:role/s3-replication-role', exists: true } });
    assert.deepEqual(state.destinations.map((d) => [d.name, d.region, d.versioning]), [['destination-bucket', 'eu-west-1', 'Off']]);
  });

  it('reads the destination as seeded', async () => {
    const state = await stateOf(walkthroughWithConfig('Enabled'), 'source-bucket');
    assert.equal(state.facts.buckets['destination-bucket'].versioning, 'Enabled');
  });

  it('treats ReplicationConfigurationNotFoundError as "not configured", not as an error', async () => {
    const state = await stateOf(walkthroughScenario(), 'source-bucket');
    assert.deepEqual(state.replication, { ok: true, value: { configured: false } });
    assert.deepEqual(state.failures, []);
    assert.deepEqual(state.documents, []);
    assert.deepEqual(state.facts.buckets['source-bucket'].replication, []);
  });

  it('keeps AccessDenied on one call located on that read, and reads the rest', async () => {
    const scenario = scenarioWith((s) => (s.faults = [{ operation: 'GetBucketReplication', bucket: 'source-bucket', error: 'AccessDenied' }]));
    const state = await stateOf(scenario, 'source-bucket');
    assert.ok(!state.replication.ok);
    assert.equal(state.replication.failure.kind, 'access-denied');
    assert.equal(state.replication.failure.operation, 'GetBucketReplication');
    assert.equal(state.replication.failure.target, 'source-bucket');
    assert.deepEqual(state.versioning, { ok: true, value: 'Off' });
    assert.deepEqual(state.failures, [state.replication.failure]);
    // The other bucket is untouched.
    const other = await stateOf(scenario, 'destination-bucket');
    assert.ok(other.replication.ok);
  });

  it('retries throttling within the attempt bound, then reports it', async () => {
    const throttled = scenarioWith((s) => (s.faults = [{ operation: 'GetBucketVersioning', bucket: 'destination-bucket', error: 'SlowDown' }]), walkthroughScenario());
    const before = server.requestCount('GetBucketVersioning');
    const state = await stateOf(throttled, 'destination-bucket', { maxAttempts: 3 });
    assert.equal(server.requestCount('GetBucketVersioning') - before, 3, 'three attempts, then give up');
    assert.ok(!state.versioning.ok);
    assert.equal(state.versioning.failure.kind, 'throttled');
    assert.equal(state.versioning.failure.code, 'SlowDown');

    const once = scenarioWith((s) => (s.faults = [{ operation: 'GetBucketVersioning', bucket: 'destination-bucket', error: 'SlowDown', times: 1 }]), walkthroughScenario());
    const recovered = await stateOf(once, 'destination-bucket', { maxAttempts: 3 });
    assert.deepEqual(recovered.versioning, { ok: true, value: 'Off' });
  });

  it('reports a missing destination as a fact, not a failure', async () => {
    const scenario = scenarioWith((s) => {
      const config = s.buckets?.[0].replication;
      if (config) config.Rules[0].Destination.Bucket = 'arn:aws:s3:::gone-bucket';
    });
    const state = await stateOf(scenario, 'source-bucket');
    assert.deepEqual(state.destinations, [{ name: 'gone-bucket', exists: false, failures: [] }]);
    assert.equal(state.facts.buckets['gone-bucket'].exists, false);
  });

  it('reports a missing role as a fact, and an unreadable one as a failure', async () => {
    const missing = await stateOf(scenarioWith((s) => (s.roles = [])), 'source-bucket');
    assert.equal(missing.role?.exists, false);
    assert.equal(missing.facts.roles?.['s3-replication-role'].exists, false);
    assert.deepEqual(missing.documents.map((d) => d.kind), ['replication-config']);

    const denied = await stateOf(scenarioWith((s) => (s.faults = [{ operation: 'GetRole', error: 'AccessDenied' }])), 'source-bucket');
    assert.equal(denied.role?.exists, undefined);
    assert.equal(denied.role?.failures[0].operation, 'GetRole');
    assert.equal(denied.facts.roles?.['s3-replication-role'].exists, undefined);
    assert.ok(denied.failures.some((f) => f.operation === 'GetRole' && f.kind === 'access-denied'));
  });

  it('does not look for a role of another account in this one', async () => {
    const before = server.requestCount('GetRole');
    const state = await stateOf(
      scenarioWith((s) => {
        const config = s.buckets?.[0].replication;
        if (config) config.Role = 'arn:aws:iam::999999999999:role/s3-replication-role';
      }),
      'source-bucket',
    );
    assert.equal(server.requestCount('GetRole'), before);
    assert.equal(state.role?.failures[0].code, 'NoProfileForAccount');
    assert.match(state.role?.failures[0].message ?? '', /account 999999999999.*account 123456789012/);
  });

  it('reads attached managed policies, and shares a role read by several buckets', async () => {
    server.loadScenario(generatedScenario(60, { seed: 7 }));
    const backend = backendFor(server.url);
    try {
      const { buckets } = await backend.listBuckets(undefined, 1000);
      const labelled = (state: string) => buckets.filter((b) => server.state.buckets.get(b.name)?.label === `generated: ${state}`);
      const [noReplicate] = labelled('role-missing-permission');
      assert.ok(noReplicate, 'the scenario has a bucket whose role lacks s3:ReplicateObject');
      const state = await backend.bucketState(noReplicate);
      assert.equal(state.role?.policies.length, 1);
      assert.match(state.role?.policies[0].title ?? '', /^gen-replication-without-replicate-object \(attached, v1\)$/);
      assert.deepEqual(state.role?.policies[0].live, { roleName: 'gen-replication-role-no-replicate', account: '123456789012' });

      const getRoles = server.requestCount('GetRole');
      const healthy = labelled('healthy');
      assert.ok(healthy.length >= 2);
      await Promise.all(healthy.map((b) => backend.bucketState(b)));
      assert.equal(server.requestCount('GetRole') - getRoles, 1, 'one GetRole for all buckets sharing the role');
      await backend.bucketState(healthy[0], { fresh: true });
      assert.equal(server.requestCount('GetRole') - getRoles, 2, 'a fresh read reads the role again');
    } finally {
      backend.dispose();
    }
  });

  it('finds the region of a bucket it was not told about with GetBucketLocation', async () => {
    server.loadScenario(walkthroughWithConfig());
    const backend = backendFor(server.url);
    try {
      const before = server.requestCount('GetBucketLocation');
      const state = await backend.bucketState({ name: 'source-bucket' });
      assert.equal(state.bucket.region, 'us-east-1');
      assert.equal(state.facts.buckets['destination-bucket'].region, 'eu-west-1');
      assert.equal(server.requestCount('GetBucketLocation') - before, 2);
    } finally {
      backend.dispose();
    }
  });

  it('cancels calls in flight, and does not keep what was cancelled', async () => {
    server.loadScenario(scenarioWith((s) => (s.faults = [{ operation: 'GetBucketReplication', latencyMs: 5000, times: 1 }])));
    const backend = backendFor(server.url);
    try {
      const { buckets } = await backend.listBuckets(undefined, 1000);
      const source = buckets.find((b) => b.name === 'source-bucket') ?? { name: 'source-bucket' };
      const before = server.requestCount('GetBucketReplication');
      const pending = backend.bucketState(source);
      await pollFor(() => (server.requestCount('GetBucketReplication') > before ? true : undefined), 'the slow call to reach the endpoint');
      const started = Date.now();
      backend.cancel();
      await assert.rejects(pending, (err: { kind?: string }) => err.kind === 'cancelled');
      assert.ok(Date.now() - started < 2000, 'the slow call was aborted, not waited for');
      const again = await backend.bucketState(source);
      assert.ok(Date.now() - started < 2000, 'the cancelled read was not kept and waited for again');
      assert.ok(again.replication.ok && again.replication.value.configured);
    } finally {
      backend.dispose();
    }
  });

  it('gives up on a request that does not answer within the timeout', async () => {
    const slow = scenarioWith((s) => (s.faults = [{ operation: 'GetBucketVersioning', bucket: 'destination-bucket', latencyMs: 3000 }]), walkthroughScenario());
    const started = Date.now();
    const state = await stateOf(slow, 'destination-bucket', { requestTimeoutMs: 300 });
    assert.ok(Date.now() - started < 2500);
    assert.ok(!state.versioning.ok);
    assert.equal(state.versioning.failure.kind, 'network');
  });
});
