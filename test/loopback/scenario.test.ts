/** Scenarios: files, located errors, the walkthrough's state, and generated mixed states. */
import { GetBucketReplicationCommand, GetBucketVersioningCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GENERATED_STATES, generatedScenario, startLoopback, walkthroughScenario, type LoopbackServer, type Scenario } from '../../loopback';
import { awsError, clients, walkthroughFile } from './helpers';

describe('loopback: scenarios', () => {
  let dir: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'loopback-scenario-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('loads a scenario file', async () => {
    const file = join(dir, 'ok.json');
    writeFileSync(file, JSON.stringify({ accountId: '210987654321', buckets: [{ name: 'from-file', region: 'eu-central-1', versioning: 'Suspended' }] }));
    const server = await startLoopback({ scenario: file });
    try {
      assert.equal(server.state.accountId, '210987654321');
      assert.equal(server.state.buckets.get('from-file')?.region, 'eu-central-1');
      assert.equal((await clients(server.url).s3('eu-central-1').send(new GetBucketVersioningCommand({ Bucket: 'from-file' }))).Status, 'Suspended');
    } finally {
      await server.close();
    }
  });

  it('loads queues, notification configurations, archived and older objects (telemetry scenarios)', async () => {
    const server = await startLoopback({
      scenario: {
        queues: [{ name: 'q', region: 'us-east-1', policy: { Version: '2012-10-17', Statement: [] }, attributes: { VisibilityTimeout: 10 } }],
        buckets: [
          {
            name: 'bkt',
            versioning: 'Enabled',
            notification: { QueueConfigurations: [{ Id: 'c', QueueArn: 'arn:aws:sqs:us-east-1:123456789012:q', Events: ['s3:Replication:*'], Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'a/' }] } } }], EventBridgeConfiguration: {} },
            objects: [{ key: 'cold', storageClass: 'GLACIER', ageMinutes: 90 }, { key: 'tiered', storageClass: 'INTELLIGENT_TIERING', archiveStatus: 'DEEP_ARCHIVE_ACCESS' }],
          },
        ],
      },
    });
    try {
      const queue = server.state.queues.get('us-east-1', 'q');
      assert.deepEqual([queue?.attributes.VisibilityTimeout, queue?.attributes.Policy], ['10', '{\n  "Version": "2012-10-17",\n  "Statement": []\n}']);
      assert.deepEqual(server.state.buckets.get('bkt')?.notification, { topics: [], queues: [{ id: 'c', arn: 'arn:aws:sqs:us-east-1:123456789012:q', events: ['s3:Replication:*'], filterRules: [{ name: 'prefix', value: 'a/' }] }], lambdas: [], eventBridge: true });
      const s3 = clients(server.url).s3();
      const cold = await s3.send(new HeadObjectCommand({ Bucket: 'bkt', Key: 'cold' }));
      assert.equal(cold.StorageClass, 'GLACIER');
      assert.ok(Date.now() - (cold.LastModified?.getTime() ?? 0) >= 89 * 60_000);
      assert.equal((await s3.send(new HeadObjectCommand({ Bucket: 'bkt', Key: 'tiered' }))).ArchiveStatus, 'DEEP_ARCHIVE_ACCESS');
    } finally {
      await server.close();
    }
    const broken = { queues: [{ name: 'bad name!' }], buckets: [{ name: 'bkt', notification: { QueueConfigurations: [{ QueueArn: 'x', Events: ['s3:Nothing'] }] }, objects: [{ key: 'k', storageClass: 'COLD' }] }] } as Scenario;
    await assert.rejects(startLoopback({ scenario: broken }), (err: Error) => {
      assert.match(err.message, /buckets\[0\]\.objects\[0\]\.storageClass must be an S3 storage class/);
      assert.match(err.message, /buckets\[0\]\.notification\.QueueConfigurations\[0\]\.Events must list S3 event types/);
      assert.match(err.message, /queues\[0\]\.name must be a queue name/);
      return true;
    });
  });

  it('refuses a broken scenario before listening, naming every problem by its path', async () => {
    const broken = {
      accountId: '42',
      buckets: [
        { name: 'ok-bucket', versioning: 'On', replication: { Role: 'r', Rules: [{ Status: 'Enabled', Destination: {} }] } },
        { name: 'ok-bucket', objects: [{ key: '', replicationStatus: 'DONE' }] },
      ],
      roles: [{ name: 'r', trustPolicy: '{not json', attachedPolicyArns: ['arn:aws:iam::123456789012:policy/missing'] }],
      faults: [{ operation: 'ListBuckets' }],
    };
    const file = join(dir, 'broken.json');
    writeFileSync(file, JSON.stringify(broken));
    await assert.rejects(startLoopback({ scenario: file }), (err: Error) => {
      for (const expected of [
        'accountId must be 12 digits',
        'buckets[0].versioning must be one of Enabled, Suspended, Off',
        'buckets[0].replication.Rules[0].Destination.Bucket is required',
        'buckets[1].name ok-bucket is used twice',
        'buckets[1].objects[0].key must be a non-empty string',
        'buckets[1].objects[0].replicationStatus must be one of PENDING, COMPLETED, FAILED, REPLICA',
        'roles[0].trustPolicy must be a JSON object or its text',
        'roles[0].attachedPolicyArns[0] (arn:aws:iam::123456789012:policy/missing) is not one of the scenario',
        'faults[0] does nothing',
      ]) {
        assert.ok(err.message.includes(expected), `missing "${expected}" in:\n${err.message}`);
      }
      return true;
    });
  });

  it('says which file is unreadable or not JSON', async () => {
    const notJson = join(dir, 'bad.json');
    writeFileSync(notJson, '{ "buckets": [ }');
    await assert.rejects(startLoopback({ scenario: notJson }), new RegExp(`The scenario file ${notJson} is not valid JSON`));
    await assert.rejects(startLoopback({ scenario: join(dir, 'absent.json') }), /Cannot read the scenario file .*absent\.json/);
  });

  it("builds the walkthrough's state from its files: no versioning, the post's role, objects older than any rule", async () => {
    const scenario = walkthroughScenario();
    const server = await startLoopback({ scenario });
    try {
      const c = clients(server.url);
      assert.equal((await c.s3().send(new GetBucketVersioningCommand({ Bucket: 'source-bucket' }))).Status, undefined);
      assert.equal(server.state.buckets.get('destination-bucket')?.region, 'eu-west-1');
      assert.equal(server.state.roles.get('s3-replication-role')?.inlinePolicies.get('s3-replication-policy'), walkthroughFile('role-policy.json'));
      assert.equal(server.state.roles.get('s3-replication-role')?.trustPolicy, walkthroughFile('trust-policy.json'));
      const head = await c.s3().send(new HeadObjectCommand({ Bucket: 'source-bucket', Key: 'reports/2024-q1.csv' }));
      assert.deepEqual([head.ReplicationStatus, head.VersionId], [undefined, undefined]);
    } finally {
      await server.close();
    }
  });

  describe('generated scenarios', () => {
    let server: LoopbackServer;
    let scenario: Scenario;

    before(async () => {
      scenario = generatedScenario(300, { seed: 7 });
      server = await startLoopback({ scenario });
    });
    after(() => server.close());

    const sourceOf = (state: string) => server.state.buckets.get(scenario.buckets?.find((b) => b.label === `generated: ${state}`)?.name ?? '');

    it('has exactly N buckets, the same ones for the same seed, and every state', () => {
      assert.equal(server.state.buckets.size, 300);
      assert.deepEqual(generatedScenario(300, { seed: 7 }), scenario);
      assert.notDeepEqual(generatedScenario(300, { seed: 8 }).buckets, scenario.buckets);
      for (const state of GENERATED_STATES) assert.ok(sourceOf(state), `no bucket for ${state}`);
    });

    it('realises each state: statuses and failure reasons come out of the simulation', () => {
      const after = (state: string) => sourceOf(state)?.objects.get('data/after-replication.txt')?.[0];
      assert.equal(after('healthy')?.replicationStatus, 'COMPLETED');
      assert.equal(after('destination-versioning-off')?.replicationFailures?.[0].reason, 'DstBucketUnversioned');
      assert.equal(after('destination-missing')?.replicationFailures?.[0].reason, 'DstBucketNotFound');
      assert.equal(after('role-missing-permission')?.replicationFailures?.[0].reason, 'DstPutObjectNotPermitted');
      assert.equal(sourceOf('healthy')?.objects.get('before-replication.txt')?.[0].replicationStatus, undefined);
      assert.equal(sourceOf('source-versioning-off')?.versioning, 'Off');
    });

    it('denies GetBucketReplication on the access-denied buckets only', async () => {
      const c = clients(server.url);
      const denied = sourceOf('access-denied');
      const healthy = sourceOf('healthy');
      assert.ok(denied && healthy);
      const err = await awsError(c.s3(denied.region).send(new GetBucketReplicationCommand({ Bucket: denied.name })));
      assert.equal(err.name, 'AccessDenied');
      assert.ok((await c.s3(healthy.region).send(new GetBucketReplicationCommand({ Bucket: healthy.name }))).ReplicationConfiguration);
    });

    it('adds latency to every call when asked', () => {
      assert.deepEqual(generatedScenario(2, { latencyMs: 25 }).faults?.[0], { operation: '*', latencyMs: 25 });
    });
  });
});
