/**
 * From "objects FAILED and I do not know why" to replication that works, as a user goes through it
 * against the loopback endpoint: the Replication view's rule node shows how many operations failed
 * and the reason S3 named, the reason node offers the command that repairs it, the command runs, and
 * new uploads replicate while the failed count stops growing. Three causes: a role missing
 * `s3:ReplicateObject` (DstPutObjectNotPermitted), destination versioning suspended after setup
 * (DstBucketUnversioned), and an archived object (SrcObjectNotEligible).
 */
import { HeadObjectCommand, PutBucketVersioningCommand, PutObjectCommand, S3Client, type StorageClass } from '@aws-sdk/client-s3';
import { strict as assert } from 'node:assert';
import { startLoopback, walkthroughScenario, withFailingBucket, type LoopbackServer, type Scenario } from '../../loopback';
import * as aws from '../../src/aws';
import { Fixer, type Prepared } from '../../src/aws/writes/fixer';
import type { BucketsModel } from '../../src/explorer/bucketsModel';
import { ExplorerSession } from '../../src/explorer/explorerSession';
import { ExplorerTree } from '../../src/explorer/explorerTree';
import type { TreeNode } from '../../src/explorer/nodes';
import { credentials } from '../aws/helpers';

const ACCOUNT = '123456789012';
const TRUST = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole' }] };

/** The policies people write: everything but s3:ReplicateObject (they granted s3:PutObject instead, a classic). */
function rolePolicy(replicate: boolean) {
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Source', Effect: 'Allow', Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'], Resource: 'arn:aws:s3:::orders' },
      { Sid: 'Objects', Effect: 'Allow', Action: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'], Resource: 'arn:aws:s3:::orders/*' },
      { Sid: 'Destination', Effect: 'Allow', Action: replicate ? ['s3:ReplicateObject', 's3:ReplicateDelete'] : ['s3:PutObject', 's3:ReplicateDelete'], Resource: 'arn:aws:s3:::orders-dr/*' },
    ],
  };
}

function scenario(replicate: boolean): Scenario {
  return {
    accountId: ACCOUNT,
    replicationDelayMs: 0,
    buckets: [
      {
        name: 'orders',
        region: 'us-east-1',
        versioning: 'Enabled',
        replication: {
          Role: `arn:aws:iam::${ACCOUNT}:role/orders-replication`,
          Rules: [{ ID: 'orders-to-dr', Status: 'Enabled', Priority: 1, Filter: {}, DeleteMarkerReplication: { Status: 'Disabled' }, Destination: { Bucket: 'arn:aws:s3:::orders-dr', Metrics: { Status: 'Enabled' } } }],
        },
      },
      { name: 'orders-dr', region: 'us-west-2', versioning: 'Enabled' },
    ],
    roles: [{ name: 'orders-replication', trustPolicy: TRUST, inlinePolicies: { replication: rolePolicy(replicate) } }],
  };
}

const labels = (nodes: TreeNode[]) => nodes.map((n) => n.label);
function child(nodes: TreeNode[], label: string | RegExp): TreeNode {
  const n = nodes.find((x) => (typeof label === 'string' ? x.label === label : label.test(x.label)));
  assert.ok(n, `no node ${label} among ${labels(nodes).join(', ')}`);
  return n;
}

describe('flow: failure reasons from S3 to a repair', function () {
  this.timeout(120_000);
  let lb: LoopbackServer;
  let fixer: Fixer;
  let session: ExplorerSession;
  let model: BucketsModel;
  let s3: S3Client;

  before(async () => {
    lb = await startLoopback();
  });
  after(() => lb.close());

  async function start(s: Scenario): Promise<void> {
    lb.loadScenario(s);
    fixer = new Fixer({ region: 'us-east-1', endpoint: lb.url, credentials, maxAttempts: 1 });
    session = new ExplorerSession(
      { concurrency: 4, region: 'us-east-1', endpoint: lb.url },
      { loadAws: () => aws, backendExtras: { credentials, maxAttempts: 1 }, env: {}, files: { configFile: '/nonexistent/config', credentialsFile: '/nonexistent/credentials' } },
    );
    model = session.model();
    s3 = new S3Client({ region: 'us-east-1', endpoint: lb.url, forcePathStyle: true, credentials, maxAttempts: 1 });
    await model.load();
  }
  afterEach(() => {
    session?.dispose();
    fixer?.dispose();
  });

  async function apply(prepared: Prepared, options = {}): Promise<void> {
    assert.equal(prepared.plan.refused, undefined, prepared.plan.refused);
    const result = await fixer.apply(prepared, options);
    assert.equal(result.failure, undefined, result.failure?.message);
    assert.deepEqual(result.mismatches, []);
  }

  async function upload(...args: (string | { key: string; storageClass: StorageClass })[]): Promise<void> {
    for (const a of args) {
      const { key, storageClass } = typeof a === 'string' ? { key: a, storageClass: undefined } : a;
      await s3.send(new PutObjectCommand({ Bucket: 'orders', Key: key, Body: `${key} body`, StorageClass: storageClass }));
    }
    lb.state.replication.completeAll();
  }

  /** The rule node of `orders` as the view shows it after checking the bucket again and reading its telemetry. */
  async function ruleNode(): Promise<TreeNode> {
    await model.refresh('orders');
    await model.whenTelemetryRead();
    const tree = new ExplorerTree(model);
    const kids = await tree.children(tree.bucketNode('orders'));
    return child(await tree.children(child(kids, 'Replication rules')), 'orders-to-dr');
  }

  const failedCount = (rule: TreeNode) => Number(/(\d+) failed/.exec(rule.description ?? '')?.[1] ?? 'NaN');
  const status = async (key: string) => (await s3.send(new HeadObjectCommand({ Bucket: 'orders', Key: key }))).ReplicationStatus;

  async function capture(): Promise<void> {
    const prepared = await fixer.planCapture('orders');
    assert.deepEqual(prepared.plan.steps.map((s) => s.api), ['CreateQueue', 'PutBucketNotificationConfiguration']);
    await apply(prepared);
  }

  it('a role missing s3:ReplicateObject: uploads fail, the rule shows the count and DstPutObjectNotPermitted; Repair Replication Role; new uploads replicate and the count stops growing', async () => {
    await start(scenario(false));
    await capture();
    await upload('orders/1.json', 'orders/2.json', 'orders/3.json');
    assert.equal(await status('orders/1.json'), 'FAILED');

    const rule = await ruleNode();
    assert.equal(failedCount(rule), 3, rule.description);
    assert.equal(rule.icon?.id, 'error');
    assert.match(rule.tooltip ?? '', /\| Failed operations \| 3 \|/);
    assert.match(model.entry('orders')?.report?.health.description ?? '', /3 failed in 24 h$/);
    const reasons = child(rule.children ?? [], 'Failure reasons');
    const reason = child(reasons.children ?? [], 'DstPutObjectNotPermitted');
    assert.equal(reason.description, '3 · Repair Replication Role');
    assert.equal(reason.contextValue, 'failureReason:repairRole');
    assert.equal(reason.bucket, 'orders');
    assert.match(reason.tooltip ?? '', /iam-replicate-object/);
    assert.match(reason.tooltip ?? '', /Latest object: `orders\/3\.json`/);

    // What the reason node's menu runs: Repair Replication Role on the node's bucket.
    await apply(await fixer.planRoleRepair(reason.bucket as string));
    await upload('orders/4.json', 'orders/5.json');
    assert.deepEqual([await status('orders/4.json'), await status('orders/5.json')], ['COMPLETED', 'COMPLETED']);
    const after = await ruleNode();
    assert.equal(failedCount(after), 3, 'the count stops growing');
    const telemetry = child(after.children ?? [], /^Telemetry/);
    assert.match(child(telemetry.children ?? [], 'Max latency').description ?? '', /^\d+ s /);
    assert.match(child(telemetry.children ?? [], 'Pending (peak)').description ?? '', /^1 operation · \d+ B /, 'each upload waited on its own');
  });

  it('destination versioning suspended after setup: DstBucketUnversioned; Enable Versioning on the destination; new uploads replicate', async () => {
    await start(scenario(true));
    await capture();
    await upload('orders/a.json');
    assert.equal(await status('orders/a.json'), 'COMPLETED');
    await new S3Client({ region: 'us-west-2', endpoint: lb.url, forcePathStyle: true, credentials, maxAttempts: 1 }).send(new PutBucketVersioningCommand({ Bucket: 'orders-dr', VersioningConfiguration: { Status: 'Suspended' } }));
    await upload('orders/b.json', 'orders/c.json');
    assert.equal(await status('orders/b.json'), 'FAILED');

    const rule = await ruleNode();
    assert.equal(failedCount(rule), 2);
    const reason = child(child(rule.children ?? [], 'Failure reasons').children ?? [], 'DstBucketUnversioned');
    assert.equal(reason.contextValue, 'failureReason:enableVersioning');
    assert.equal(reason.bucket, 'orders-dr', 'Enable Versioning acts on the destination');
    assert.ok(model.entry('orders')?.report?.findings.some((f) => f.ruleId === 'ls-dest-versioning'), 'the configuration rule predicts it too');

    await apply(await fixer.planVersioning(reason.bucket as string));
    await upload('orders/d.json');
    assert.equal(await status('orders/d.json'), 'COMPLETED');
    assert.equal(failedCount(await ruleNode()), 2, 'the count stops growing');
  });

  it('an archived object: SrcObjectNotEligible; the explainer names the storage class and offers Batch Replication once it is restored', async () => {
    await start(scenario(true));
    await capture();
    await upload({ key: 'archive/2019.csv', storageClass: 'GLACIER' }, { key: 'archive/2020.csv', storageClass: 'DEEP_ARCHIVE' });
    await upload('live/today.csv');
    assert.equal(await status('live/today.csv'), 'COMPLETED');

    const rule = await ruleNode();
    assert.equal(failedCount(rule), 2);
    const reason = child(child(rule.children ?? [], 'Failure reasons').children ?? [], 'SrcObjectNotEligible');
    assert.equal(reason.contextValue, 'failureReason:replicateFailed');
    assert.match(reason.tooltip ?? '', /archive storage class/);

    const events = model.entry('orders')?.report?.observations?.capture?.events ?? [];
    const { report } = await fixer.objectStatus('orders', { key: 'archive/2019.csv' }, { events });
    const line = report.lines[0];
    assert.equal(line.explanation.status, 'FAILED');
    assert.equal(line.explanation.failureReason?.code, 'SrcObjectNotEligible');
    assert.match(line.explanation.reason, /^S3 says SrcObjectNotEligible \(from a captured failure event \(rule orders-to-dr\)\)/);
    assert.match(line.explanation.notes.join(' '), /Stored in S3 Glacier Flexible Retrieval \(GLACIER\): S3 does not replicate archived objects/);
    assert.equal(report.needsBatch, 1, 'FAILED is never retried by S3: Batch Replication is offered');
    await upload('live/tomorrow.csv');
    assert.equal(failedCount(await ruleNode()), 2, 'the count stops growing');
  });

  it('a rule without metrics says "no telemetry" and offers to enable them through the put-configuration plan', async () => {
    const s = scenario(true);
    delete (s.buckets?.[0].replication?.Rules[0].Destination as { Metrics?: unknown }).Metrics;
    await start(s);
    await upload('orders/x.json');
    const rule = await ruleNode();
    assert.match(rule.description ?? '', /· no telemetry$/);
    assert.equal(rule.contextValue, 'ruleWithoutMetrics');
    assert.equal(child(rule.children ?? [], 'No telemetry').contextValue, 'ruleWithoutMetrics');
    const prepared = await fixer.planEnableMetrics('orders', 0);
    assert.deepEqual(prepared.plan.steps.map((x) => x.api), ['PutBucketReplication']);
    assert.ok(prepared.plan.warnings.some((w) => /billed/.test(w)), 'the cost note');
    await apply(prepared);
    assert.deepEqual((lb.state.buckets.get('orders')?.replication?.Rules[0].Destination as { Metrics?: unknown }).Metrics, { Status: 'Enabled' });
    await upload('orders/y.json');
    const after = await ruleNode();
    assert.match(after.description ?? '', /none failed/);
    assert.deepEqual((await fixer.planEnableMetrics('orders', 0)).plan.steps, [], 'a second run plans nothing');
  });

  it('shows AccessDenied on the telemetry reads on the nodes, and the tree stays whole', async () => {
    await start(scenario(false));
    await capture();
    await upload('orders/1.json');
    lb.faults.add({ operation: 'GetMetricData', error: 'AccessDenied' });
    lb.faults.add({ operation: 'ReceiveMessage', error: 'AccessDenied' });
    lb.faults.add({ operation: 'ListJobs', error: 'AccessDenied' });
    const rule = await ruleNode();
    assert.match(rule.description ?? '', /telemetry: metrics: access denied/);
    const telemetry = child(rule.children ?? [], /^Telemetry/);
    assert.equal(child(telemetry.children ?? [], 'Metrics').description, 'metrics: access denied');
    const tree = new ExplorerTree(model);
    const kids = await tree.children(tree.bucketNode('orders'));
    assert.match(child(kids, 'Failure events captured').description ?? '', /failure events: access denied/);
    assert.equal(child(kids, 'Telemetry').description, 'Batch jobs: access denied');
    assert.ok(child(kids, 'Replication rules'), 'the rest of the bucket is shown');
    lb.faults.clear();
  });
});

describe('the sandbox\'s failing demo bucket (npm start)', function () {
  this.timeout(60_000);

  it('shows a day of failures on orders-to-dr with both reasons, "no telemetry" on logs-to-dr, and a failing health', async () => {
    const lb = await startLoopback({ scenario: withFailingBucket(walkthroughScenario()) });
    const session = new ExplorerSession(
      { concurrency: 4, region: 'us-east-1', endpoint: lb.url },
      { loadAws: () => aws, backendExtras: { credentials, maxAttempts: 1 }, env: {}, files: { configFile: '/nonexistent/config', credentialsFile: '/nonexistent/credentials' } },
    );
    try {
      const model = session.model();
      await model.load();
      await model.checkAll();
      await model.whenTelemetryRead();
      assert.match(model.entry('orders-bucket')?.report?.health.description ?? '', /16 failed in 24 h$/);
      const tree = new ExplorerTree(model);
      const kids = await tree.children(tree.bucketNode('orders-bucket'));
      const rules = await tree.children(child(kids, 'Replication rules'));
      const orders = child(rules, 'orders-to-dr');
      assert.match(orders.description ?? '', /· 16 failed$/);
      const trend = /`([▁▂▃▄▅▆▇█]{24,25})`/.exec(orders.tooltip ?? '')?.[1] ?? '';
      assert.equal(new Set(trend).size > 2, true, `a trend with a shape: ${trend}`);
      const reasons = child(orders.children ?? [], 'Failure reasons');
      assert.deepEqual((reasons.children ?? []).map((r) => [r.label, r.description]), [['DstPutObjectNotPermitted', '15 · Repair Replication Role'], ['SrcObjectNotEligible', '1 · Replicate FAILED objects (Batch Replication)']]);
      assert.match(child(rules, 'logs-to-dr').description ?? '', /no telemetry$/);
      assert.match(child(kids, 'Failure events captured').description ?? '', /^16 in 24 h/);
      assert.equal(model.entry('source-bucket')?.report?.observations?.rules.length, undefined, 'the walkthrough bucket has no readable configuration: nothing to observe');
    } finally {
      session.dispose();
      await lb.close();
    }
  });
});
