/**
 * The explorer end to end below VS Code: session → model → real SDK clients → the loopback endpoint
 * → the engine → the tree's nodes, as users would see them.
 */
import { strict as assert } from 'node:assert';
import { generatedScenario, startLoopback, type LoopbackServer, type Scenario } from '../../loopback';
import * as aws from '../../src/aws';
import { analyze } from '../../src/core/analyze';
import { parseDocument } from '../../src/core/document';
import { ruleById } from '../../src/core/rules';
import type { Finding } from '../../src/core/findings';
import type { BucketReport } from '../../src/explorer/diagnose';
import { liveContextFor } from '../../src/explorer/liveContext';
import type { BucketsModel } from '../../src/explorer/bucketsModel';
import { ExplorerSession, type ExplorerSettings } from '../../src/explorer/explorerSession';
import { ExplorerTree } from '../../src/explorer/explorerTree';
import { LABEL_LIMIT, type TreeNode } from '../../src/explorer/nodes';
import { credentials, pollFor, startProxy, walkthroughWithConfig, type Proxy } from '../aws/helpers';

function sessionFor(url: string, settings: Partial<ExplorerSettings> = {}, maxAttempts = 1, extras: Partial<aws.BackendOptions> = {}): ExplorerSession {
  return new ExplorerSession(
    { concurrency: 4, region: 'us-east-1', endpoint: url, ...settings },
    { loadAws: () => aws, backendExtras: { credentials, maxAttempts, ...extras }, env: {}, files: { configFile: '/nonexistent/config', credentialsFile: '/nonexistent/credentials' } },
  );
}

async function checked(model: BucketsModel): Promise<ExplorerTree> {
  await model.load();
  await model.checkAll();
  await model.whenTelemetryRead();
  return new ExplorerTree(model);
}

const labels = (nodes: TreeNode[]) => nodes.map((n) => n.label);
const child = (nodes: TreeNode[], label: string | RegExp): TreeNode => {
  const n = nodes.find((x) => (typeof label === 'string' ? x.label === label : label.test(x.label)));
  assert.ok(n, `no node ${label} among ${labels(nodes).join(', ')}`);
  return n;
};
const ruleIds = (model: BucketsModel, bucket: string) => model.entry(bucket)?.report?.findings.map((f) => f.ruleId) ?? [];

describe('explorer: against the loopback endpoint', function () {
  this.timeout(120_000);
  let server: LoopbackServer;
  let session: ExplorerSession | undefined;

  before(async () => {
    server = await startLoopback();
  });
  afterEach(() => session?.dispose());
  after(() => server.close());

  function load(scenario: Scenario, settings: Partial<ExplorerSettings> = {}, maxAttempts = 1, extras: Partial<aws.BackendOptions> = {}): BucketsModel {
    server.loadScenario(scenario);
    session = sessionFor(server.url, settings, maxAttempts, extras);
    return session.model();
  }

  describe('the walkthrough, with its configuration applied', () => {
    let model: BucketsModel;
    let tree: ExplorerTree;

    before(async () => {
      server.loadScenario(walkthroughWithConfig('Off'));
      const s = sessionFor(server.url);
      model = s.model();
      tree = await checked(model);
    });

    it('groups the buckets by region and marks the source with the error icon (no ✗ beside it), the destination "no replication"', () => {
      const roots = tree.roots();
      assert.deepEqual(labels(roots), ['eu-west-1', 'us-east-1']);
      const source = tree.current(tree.bucketNode('source-bucket'));
      assert.equal(model.entry('source-bucket')?.report?.health.level, 'error');
      assert.match(source.description ?? '', /^\d+ problems$/, 'the codicon says how bad; the description does not repeat it');
      assert.equal(source.contextValue, 'bucketWithReplication');
      assert.equal(source.icon?.id, 'error');
      assert.equal(tree.current(tree.bucketNode('destination-bucket')).description, 'no replication');
      const region = tree.current(tree.regionNode('us-east-1'));
      assert.equal(region.description, '1/1 with problems');
      assert.match(String(region.tooltip), /1 replicating, 1 with problems \(1 of 1 checked so far\)/);
    });

    it('reports the configuration problems S3 would reject', () => {
      const ids = ruleIds(model, 'source-bucket');
      assert.ok(ids.includes('rc-v2-delete-marker-required'), ids.join(', '));
      assert.ok(ids.includes('rc-rtc-requires-metrics'), ids.join(', '));
    });

    it('reports source versioning off as an error (ls-source-versioning)', function () {
      if (!ruleById('ls-source-versioning')) this.skip();
      const f = model.entry('source-bucket')?.report?.findings.find((x) => x.ruleId === 'ls-source-versioning');
      assert.equal(f?.severity, 'error');
    });

    it('reports destination versioning off as seeded (ls-dest-versioning)', function () {
      if (!ruleById('ls-dest-versioning')) this.skip();
      assert.equal(model.entry('source-bucket')?.report?.findings.find((x) => x.ruleId === 'ls-dest-versioning')?.severity, 'error');
    });

    it('reports the role missing s3:GetObjectVersionTagging as a warning on its live policy', function () {
      if (!ruleById('iam-get-object-version-tagging')) this.skip();
      const f = model.entry('source-bucket')?.report?.findings.find((x) => x.ruleId === 'iam-get-object-version-tagging');
      assert.equal(f?.severity, 'warning');
      assert.equal(f?.uri, 's3-replication-doctor:/default/roles/s3-replication-role/inline/s3-replication-policy.json');
    });

    it('shows problems first, then versioning, the rule with its destination, and the role', async () => {
      const kids = await tree.children(tree.bucketNode('source-bucket'));
      assert.equal(kids[0].label, 'Problems');
      assert.equal(child(kids, 'Versioning').description, 'Off');
      const rules = child(kids, 'Replication rules');
      assert.equal(rules.open?.uri, 's3-replication-doctor:/default/buckets/source-bucket/replication.json');
      const rule = child(await tree.children(rules), 'replicate-all');
      assert.equal(rule.description, 'Enabled · priority 1 · all objects · → destination-bucket · no telemetry', 'the walkthrough rule has no Metrics');
      const details = await tree.children(rule);
      assert.equal(child(details, 'Destination destination-bucket').description, 'eu-west-1 · versioning Off');
      assert.equal(child(details, 'Delete marker replication').description, 'not set');
      const role = child(kids, 'Role s3-replication-role');
      assert.equal(role.contextValue, 'role');
      // Copy Name / Copy ARN / Open in AWS Console act on the role IAM answered for.
      assert.deepEqual(role.role, { name: 's3-replication-role', arn: 'arn:aws:iam::123456789012:role/s3-replication-role' });
      assert.deepEqual(labels(await tree.children(role)), ['Trust policy', 's3-replication-policy (inline)']);
    });

    it('says no SCP or RCP applies to a replication inside one account that is in no organization', async () => {
      const row = child(await tree.children(tree.bucketNode('source-bucket')), 'SCPs and RCPs');
      assert.equal(row.description, 'none apply (no organization)');
      assert.equal(row.icon?.id, 'pass');
      assert.match(String(row.tooltip), /account 123456789012, the only account this replication involves, is not a member of an organization \(AWSOrganizationsNotInUseException\)/);
    });

    it('points every finding at its place in a live document the engine analysed', async () => {
      const report = model.entry('source-bucket')?.report;
      const problems = await tree.children(child(await tree.children(tree.bucketNode('source-bucket')), 'Problems'));
      assert.ok(problems.length >= 2);
      for (const p of problems) {
        const doc = report?.live.documents.find((d) => d.uri === p.open?.uri);
        assert.ok(doc, `${p.label} opens a live document`);
        assert.ok((p.open?.offset ?? -1) >= 0 && (p.open?.offset ?? 0) + (p.open?.length ?? 0) <= doc.text.length);
      }
      const fixable = problems.find((p) => p.label.includes('DeleteMarkerReplication'));
      assert.equal(fixable?.contextValue, 'findingWithFix');
    });

    it('labels each problem with what is wrong in short plain text; the tooltip keeps the whole message', async () => {
      const problems = await tree.children(child(await tree.children(tree.bucketNode('source-bucket')), 'Problems'));
      const report = model.entry('source-bucket')?.report;
      for (const p of problems) {
        assert.ok(p.label.length <= LABEL_LIMIT + 1, p.label);
        assert.doesNotMatch(p.label, /`|\*\*|\.$/, p.label);
        const f = report?.findings.find((x) => x.uri === p.open?.uri && x.offset === p.open?.offset && x.ruleId === p.description?.split(' ')[0]);
        assert.ok(f, p.label);
        assert.ok(String(p.tooltip).includes(f.message), 'the tooltip has the whole message');
      }
      const longest = report?.findings.reduce((m, f) => Math.max(m, f.message.length), 0) ?? 0;
      assert.ok(longest > LABEL_LIMIT, 'the walkthrough has messages longer than a label');
    });

    it('gives a live document opened in the editor the view\'s context, so the editor reports what the view does', () => {
      const report: BucketReport | undefined = model.entry('source-bucket')?.report;
      assert.ok(report);
      for (const d of report.live.documents) {
        const ctx = liveContextFor(model.buckets, d.uri);
        assert.ok(ctx, `no context for ${d.uri}`);
        // What the editor's diagnostics do with it: the text as opened, the companions, the facts.
        const doc = parseDocument({ uri: d.uri, text: d.text, kind: ctx.kind, live: ctx.live });
        const inEditor = analyze([doc, ...ctx.others], { facts: ctx.facts, targets: new Set([d.uri]) }).findings;
        const inView: Finding[] = report.findings.filter((f) => f.uri === d.uri);
        assert.deepEqual(inEditor.map((f) => `${f.ruleId}@${f.offset}`).sort(), inView.map((f) => `${f.ruleId}@${f.offset}`).sort(), d.uri);
      }
      const config = report.live.documents.find((d) => d.kind === 'replication-config');
      const ctx = config && liveContextFor(model.buckets, config.uri);
      const doc = ctx && parseDocument({ uri: config.uri, text: config.text, kind: ctx.kind, live: ctx.live });
      const ids = doc ? analyze([doc, ...ctx.others], { facts: ctx.facts, targets: new Set([config.uri]) }).findings.map((f) => f.ruleId) : [];
      assert.ok(ids.includes('ls-source-versioning'), `live facts reach the editor: ${ids.join(', ')}`);
      assert.equal(liveContextFor(model.buckets, 's3-replication-doctor:/default/buckets/nowhere/replication.json'), undefined);
    });

    it('shows a bucket without replication as such', async () => {
      const kids = await tree.children(tree.bucketNode('destination-bucket'));
      assert.deepEqual(kids.map((k) => [k.label, k.description]), [['Versioning', 'Off'], ['Replication', 'not configured']]);
    });
  });

  it('warns on every rule that skips SSE-KMS objects when the source bucket encrypts with SSE-KMS by default', async () => {
    const scenario = walkthroughWithConfig('Enabled');
    const source = scenario.buckets?.find((b) => b.name === 'source-bucket');
    assert.ok(source);
    source.defaultEncryption = { algorithm: 'aws:kms' };
    const model = load(scenario);
    await checked(model);
    const skipped = model.entry('source-bucket')?.report?.findings.filter((f) => f.ruleId === 'rc-sse-kms-objects-skipped') ?? [];
    assert.deepEqual(skipped.map((f) => f.severity), ['warning']);
    assert.match(skipped[0].message, /encrypts new objects with aws:kms by default/);
    session?.dispose();
    // The same configuration on a bucket with SSE-S3 (the default) gets the once-per-file reminder only.
    const plain = load(walkthroughWithConfig('Enabled'));
    await checked(plain);
    assert.deepEqual(plain.entry('source-bucket')?.report?.findings.filter((f) => f.ruleId === 'rc-sse-kms-objects-skipped').map((f) => f.severity), ['info']);
  });

  it('reads the destination versioning as seeded', async function () {
    const model = load(walkthroughWithConfig('Enabled'));
    const tree = await checked(model);
    const rule = child(await tree.children(child(await tree.children(tree.bucketNode('source-bucket')), 'Replication rules')), 'replicate-all');
    assert.equal(child(await tree.children(rule), 'Destination destination-bucket').description, 'eu-west-1 · versioning Enabled');
    assert.ok(!ruleIds(model, 'source-bucket').includes('ls-dest-versioning'));
  });

  it('shows AccessDenied on one bucket on that bucket only, and the others’ health', async () => {
    const scenario = generatedScenario(120, { seed: 3 });
    const model = load(scenario);
    const tree = await checked(model);
    const label = (name: string) => server.state.buckets.get(name)?.label ?? '';
    const denied = model.buckets.filter((e) => label(e.bucket.name) === 'generated: access-denied');
    assert.ok(denied.length > 0);
    for (const e of model.buckets) {
      const health = e.report?.health;
      if (label(e.bucket.name) === 'generated: access-denied') {
        assert.equal(health?.description, 'replication: access denied');
        const kids = await tree.children(tree.bucketNode(e.bucket.name));
        assert.equal(child(kids, 'Replication configuration').kind, 'failure');
      } else {
        assert.notEqual(health?.level, 'unknown', `${e.bucket.name} (${label(e.bucket.name)}) could be read: ${health?.description}`);
      }
      if (label(e.bucket.name) === 'generated: no-replication') assert.equal(health?.description, 'no replication');
      if (label(e.bucket.name) === 'generated: destination-missing' && ruleById('ls-dest-exists')) assert.equal(health?.level, 'error');
    }
  });

  it('retries a throttled bucket within the bound, then shows the throttling on it', async () => {
    const scenario = walkthroughWithConfig();
    scenario.faults = [{ operation: 'GetBucketReplication', bucket: 'source-bucket', error: 'SlowDown' }];
    const before = server.requestCount('GetBucketReplication');
    const model = load(scenario, {}, 2);
    await checked(model);
    assert.equal(server.requestCount('GetBucketReplication') - before, 3, 'two attempts for source-bucket, one for destination-bucket');
    assert.equal(model.entry('source-bucket')?.report?.health.description, 'replication: throttled');
    assert.equal(model.entry('destination-bucket')?.report?.health.description, 'no replication');
  });

  it('gives up on an endpoint that never answers and shows the timeout on the bucket, the others unaffected', async () => {
    const scenario = walkthroughWithConfig();
    scenario.faults = [{ operation: 'GetBucketReplication', bucket: 'source-bucket', hang: true }];
    const before = server.requestCount('GetBucketReplication');
    // Short timeouts keep the test quick; what is asserted is the behaviour, not the time it takes.
    const model = load(scenario, {}, 2, { requestTimeoutMs: 300 });
    const tree = await checked(model);
    assert.equal(model.entry('source-bucket')?.report?.health.description, 'replication: no answer');
    const failure = child(await tree.children(tree.bucketNode('source-bucket')), 'Replication configuration');
    assert.equal(failure.kind, 'failure');
    assert.match(failure.tooltip ?? failure.description ?? '', /GetBucketReplication did not get an answer \(TimeoutError\)/);
    assert.equal(server.requestCount('GetBucketReplication') - before, 3, 'two attempts for source-bucket, then it gave up; one for destination-bucket');
    assert.equal(model.entry('destination-bucket')?.report?.health.description, 'no replication');

    // Retries that keep hanging stop at the call's deadline.
    const deadline = load(scenario, {}, 10, { requestTimeoutMs: 60_000, callDeadlineMs: 400 });
    await checked(deadline);
    const text = deadline.entry('source-bucket')?.report?.live.failures.map((f) => f.message).join(' ') ?? '';
    assert.match(text, /GetBucketReplication got no answer within 400 ms and was given up \(TimeoutError\) in us-east-1/);
  });

  it('never has more requests in flight at the endpoint than the concurrency setting', async () => {
    const proxy: Proxy = await startProxy(server.url);
    try {
      server.loadScenario(generatedScenario(200, { seed: 5, latencyMs: 5 }));
      session = sessionFor(proxy.url, { concurrency: 3 });
      await checked(session.model());
      assert.ok(proxy.peak <= 3, `peak ${proxy.peak}`);
      assert.equal(proxy.peak, 3, 'the bound is used fully');
    } finally {
      await proxy.close();
    }
  });

  it('cancels the scan when the profile changes: calls in flight are aborted, nothing more is sent', async () => {
    const proxy = await startProxy(server.url);
    try {
      server.loadScenario(generatedScenario(400, { seed: 9, latencyMs: 200 }));
      session = sessionFor(proxy.url, { concurrency: 4 });
      const model = session.model();
      await model.load();
      const scan = model.checkAll();
      await pollFor(() => (proxy.inFlight >= 4 ? true : undefined), 'the scan to use its four connections');
      session.configure({ concurrency: 4, region: 'us-east-1', endpoint: proxy.url, profile: 'another' });
      await scan;
      await pollFor(() => (proxy.inFlight === 0 ? true : undefined), 'the aborted requests to close', 2000);
      const sent = proxy.accessKeys.length;
      assert.ok(sent < 100, `only the calls started before the change were sent (${sent})`);
      assert.ok(model.buckets.filter((e) => e.state === 'checked').length < 50);
      assert.deepEqual(model.progress, { busy: false, done: 0, total: 0 });
      assert.deepEqual(model.backend.load(), { running: 0, queued: 0 });
    } finally {
      await proxy.close();
    }
  });

  it('reads a bucket again on refresh, and keeps the others cached', async () => {
    const model = load(walkthroughWithConfig());
    await checked(model);
    const versioningReads = server.requestCount('GetBucketVersioning');
    const bucket = server.state.buckets.get('source-bucket');
    assert.ok(bucket);
    bucket.versioning = 'Enabled';
    await model.refresh('source-bucket');
    assert.deepEqual(model.entry('source-bucket')?.report?.live.versioning, { ok: true, value: 'Enabled' });
    assert.equal(server.requestCount('GetBucketVersioning') - versioningReads, 2, 'the source and its destination, again');
    model.want('destination-bucket');
    assert.equal(model.entry('destination-bucket')?.state, 'checked', 'still fresh: not checked again');
  });

  it('lists 10,000 buckets a page at a time with a "load more" node', async () => {
    const model = load(generatedScenario(10_000, { seed: 1 }));
    const listings = server.requestCount('ListBuckets');
    await model.load();
    const tree = new ExplorerTree(model);
    assert.equal(model.buckets.length, 1000);
    const more = tree.roots().at(-1);
    assert.equal(more?.kind, 'loadMore');
    assert.equal(more?.description, '1,000 buckets loaded');
    while (model.hasMore) await model.loadMore();
    assert.equal(model.buckets.length, 10_000);
    assert.equal(server.requestCount('ListBuckets') - listings, 10);
    assert.equal(tree.roots().filter((n) => n.kind === 'loadMore').length, 0);
    assert.equal(tree.roots().length, 4, 'one group per region');
    assert.equal(model.buckets.filter((e) => e.state !== 'unchecked').length, 0, 'listing checks nothing by itself');
  });
});
