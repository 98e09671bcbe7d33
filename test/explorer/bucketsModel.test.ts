import { strict as assert } from 'node:assert';
import { AwsCallError } from '../../src/aws/errors';
import { BucketsModel, type Progress } from '../../src/explorer/bucketsModel';
import { ExplorerSession, checkEndpoint, type AwsModule } from '../../src/explorer/explorerSession';
import { FakeBackend, liveState, settle } from './fakes';

const names = (n: number) => Array.from({ length: n }, (_, i) => `bucket-${String(i).padStart(5, '0')}`);

describe('explorer: buckets model', () => {
  it('lists 10,000 buckets page by page, never fetching a page twice', async () => {
    const backend = new FakeBackend(names(10_000));
    const model = new BucketsModel(backend, { pageSize: 1000 });
    await Promise.all([model.load(), model.load()]);
    assert.equal(model.buckets.length, 1000);
    assert.equal(model.hasMore, true);
    for (let i = 0; i < 9; i++) await Promise.all([model.loadMore(), model.loadMore()]);
    assert.equal(model.buckets.length, 10_000);
    assert.equal(model.hasMore, false);
    assert.deepEqual(
      backend.pages.map((p) => p.token),
      [undefined, '1000', '2000', '3000', '4000', '5000', '6000', '7000', '8000', '9000'],
    );
    await model.loadMore();
    assert.equal(backend.pages.length, 10, 'nothing more to fetch');
    assert.equal(model.buckets[9999].bucket.name, 'bucket-09999');
  });

  it('checks a bucket only when asked, a bounded number at a time', async () => {
    const backend = new FakeBackend(names(10));
    const model = new BucketsModel(backend, { parallelBuckets: 3 });
    await model.load();
    assert.equal(backend.checks.length, 0, 'listing checks nothing');
    for (const e of model.buckets) model.want(e.bucket.name);
    assert.equal(backend.waiting.size, 3);
    assert.deepEqual(model.buckets.map((e) => e.state).slice(0, 4), ['checking', 'checking', 'checking', 'queued']);
    backend.answer('bucket-00000');
    await settle();
    assert.equal(backend.waiting.size, 3, 'the next bucket took the free place');
    while (backend.answer() > 0) await settle();
    assert.equal(backend.checks.length, 10);
    assert.ok(model.buckets.every((e) => e.state === 'checked' && e.report?.health.description === 'no replication'));
  });

  it('checks the bucket the user opens before the background ones', async () => {
    const backend = new FakeBackend(names(6));
    const model = new BucketsModel(backend, { parallelBuckets: 1 });
    await model.load();
    for (const e of model.buckets) model.want(e.bucket.name);
    const opened = model.whenChecked('bucket-00004', { urgent: true });
    backend.answer('bucket-00000');
    await settle();
    const next = [...backend.waiting][0];
    assert.equal(next.bucket.name, 'bucket-00004');
    assert.equal(next.options.urgent, true);
    backend.answer('bucket-00004');
    assert.equal((await opened)?.state, 'checked');
  });

  it('keeps a status for its time to live, then checks again on the next look, showing the old one meanwhile', async () => {
    let now = 1_000;
    const backend = new FakeBackend(names(1));
    const model = new BucketsModel(backend, { ttlMs: 60_000, now: () => now });
    await model.load();
    const name = 'bucket-00000';
    const first = model.whenChecked(name);
    backend.answer(name);
    const checked = await first;
    assert.equal(checked?.checkedAt, 1_000);
    now += 59_999;
    model.want(name);
    assert.equal(backend.checks.length, 1, 'fresh: not checked again');
    now += 1;
    model.want(name);
    assert.equal(backend.checks.length, 2, 'stale: checked again');
    assert.equal(backend.checks[1].options.fresh, false);
    assert.ok(model.entry(name)?.report, 'the old report stays visible while checking');
  });

  it('checks a bucket refreshed during its check again, from AWS', async () => {
    const backend = new FakeBackend(names(1));
    const model = new BucketsModel(backend);
    await model.load();
    const name = 'bucket-00000';
    model.want(name);
    const refreshed = model.refresh(name);
    backend.answer(name);
    await settle();
    assert.equal(backend.checks.length, 2);
    assert.equal(backend.checks[1].options.fresh, true);
    assert.equal(backend.checks[1].options.urgent, true);
    backend.answer(name, (n) => liveState(n, { versioning: { ok: true, value: 'Suspended' } }));
    const entry = await refreshed;
    assert.deepEqual(entry?.report?.live.versioning, { ok: true, value: 'Suspended' });
  });

  it('stops everything on cancel: checks revert to unchecked, waiters are released, later looks check again', async () => {
    const backend = new FakeBackend(names(5));
    const model = new BucketsModel(backend, { parallelBuckets: 2 });
    await model.load();
    for (const e of model.buckets) model.want(e.bucket.name);
    const waiting = model.whenChecked('bucket-00004');
    model.cancel();
    assert.equal(backend.cancelled, 1);
    assert.equal((await waiting)?.state, 'unchecked');
    assert.ok(model.buckets.every((e) => e.state === 'unchecked'));
    assert.equal(model.progress.busy, false);
    await settle();
    const before = backend.checks.length;
    model.want('bucket-00004');
    assert.equal(backend.checks.length, before + 1);
  });

  it('reports progress while checking and goes idle after', async () => {
    const backend = new FakeBackend(names(3));
    const model = new BucketsModel(backend);
    await model.load();
    const seen: Progress[] = [];
    model.onDidChangeProgress((p) => seen.push(p));
    const all = model.checkAll();
    assert.deepEqual(model.progress, { busy: true, done: 0, total: 3 });
    backend.answer('bucket-00000');
    await settle();
    assert.deepEqual(model.progress, { busy: true, done: 1, total: 3 });
    backend.answer();
    await all;
    assert.deepEqual(model.progress, { busy: false, done: 0, total: 0 });
    assert.deepEqual(seen[seen.length - 1], { busy: false, done: 0, total: 0 });
  });

  it('keeps a failed check on its bucket, and a failed listing with its reason', async () => {
    const backend = new FakeBackend(names(2));
    const model = new BucketsModel(backend);
    await model.load();
    const checked = model.whenChecked('bucket-00000');
    [...backend.waiting][0].reject(new Error('boom'));
    assert.equal((await checked)?.error, 'boom');

    const denied = new FakeBackend([]);
    denied.listBuckets = async () => {
      throw new AwsCallError({ operation: 'ListBuckets', code: 'CredentialsProviderError', kind: 'credentials', message: 'Could not load credentials' });
    };
    const failing = new BucketsModel(denied);
    await failing.load();
    assert.deepEqual(failing.list, { state: 'failed', failure: { operation: 'ListBuckets', target: undefined, code: 'CredentialsProviderError', kind: 'credentials', message: 'Could not load credentials' } });
  });

  it('lists again and forgets every status and cached read on refresh all', async () => {
    const backend = new FakeBackend(names(2));
    const model = new BucketsModel(backend);
    await model.load();
    const checked = model.whenChecked('bucket-00000');
    backend.answer();
    await checked;
    await model.refreshAll();
    assert.equal(backend.forgotten, 1);
    assert.equal(backend.pages.length, 2);
    assert.ok(model.buckets.every((e) => e.state === 'unchecked' && !e.report));
  });

  it('fires nothing after it is disposed, and disposes its backend', async () => {
    const backend = new FakeBackend(names(2));
    const model = new BucketsModel(backend);
    await model.load();
    let events = 0;
    model.onDidChangeBuckets(() => events++);
    model.want('bucket-00000');
    events = 0;
    model.dispose();
    backend.answer();
    await settle();
    assert.equal(events, 0);
    assert.equal(backend.disposed, true);
  });
});

describe('explorer: session', () => {
  const fakeAws = (made: FakeBackend[]) => ({ createBackend: () => (made.push(new FakeBackend(names(3))), made[made.length - 1]) }) as unknown as AwsModule;

  it('builds its model lazily, and disposes it (cancelling its calls) when the profile changes', async () => {
    const made: FakeBackend[] = [];
    let loads = 0;
    const session = new ExplorerSession({ profile: 'a', concurrency: 4 }, { loadAws: () => (loads++, fakeAws(made)), env: {}, files: { configFile: '/nonexistent/c', credentialsFile: '/nonexistent/k' } });
    assert.equal(loads, 0, 'no SDK until the model is needed');
    const model = session.model();
    await model.load();
    const pending = model.whenChecked('bucket-00000');
    let changed = 0;
    session.onDidChange(() => changed++);
    session.configure({ profile: 'a', concurrency: 4 });
    assert.equal(changed, 0, 'same settings: nothing to do');
    session.configure({ profile: 'b', concurrency: 4 });
    assert.equal(changed, 1);
    assert.equal(made[0].disposed, true);
    assert.equal((await pending)?.state, 'unchecked', 'the check in flight was cancelled');
    assert.notEqual(session.model(), model);
    assert.equal(made.length, 2);
    assert.equal(session.profileKey, 'b');
    session.dispose();
    assert.equal(made[1].disposed, true);
  });

  it('takes the listing region from the profile of the default chain', () => {
    const session = new ExplorerSession({ concurrency: 1 }, { loadAws: () => fakeAws([]), env: { AWS_PROFILE: 'missing', AWS_REGION: 'ap-south-1' }, files: { configFile: '/nonexistent/c', credentialsFile: '/nonexistent/k' } });
    assert.equal(session.profileName, 'missing');
    assert.equal(session.profileLabel, 'default chain (missing)');
    assert.equal(session.region, 'ap-south-1');
  });

  it('refuses to build a model for an endpoint setting that is not a URL, rather than call AWS instead', () => {
    const problem = checkEndpoint('127.0.0.1:4599').problem;
    assert.match(problem ?? '', /must use http or https|is not a URL/);
    assert.deepEqual(checkEndpoint(' http://127.0.0.1:4599/ '), { endpoint: 'http://127.0.0.1:4599' });
    assert.deepEqual(checkEndpoint(''), {});
    assert.match(checkEndpoint('ftp://x').problem ?? '', /http or https/);
    const session = new ExplorerSession({ concurrency: 1, blocked: problem }, { loadAws: () => fakeAws([]) });
    assert.throws(() => session.model(), /127\.0\.0\.1:4599/);
  });

  describe('telemetry after the checks', () => {
    const replicating = (name: string) =>
      liveState(name, {
        replication: { ok: true, value: { configured: true, document: { uri: `u:${name}`, text: '{"Role":"r","Rules":[]}', kind: 'replication-config', live: { sourceBucket: name }, title: 'c' } } },
      });
    const observations = (failed: number) => ({ window: { start: 0, end: 86_400_000, periodSeconds: 3600, sinceMs: 86_400_000 }, at: 0, failures: [], rules: [{ rule: { index: 0, ruleId: 'r', enabled: true, sourceBucket: 'x', metrics: true }, metrics: { failed: { points: [failed], total: failed, max: failed, latest: failed, samples: 1, partial: false } }, problems: [] }] });

    it('reads the telemetry of every bucket of a scan in one call, once the scan is idle, and only for replicating buckets', async () => {
      const backend = new FakeBackend(names(30));
      const model = new BucketsModel(backend, { parallelBuckets: 4 });
      await model.load();
      for (const e of model.buckets) model.want(e.bucket.name);
      while (backend.answer(undefined, (n) => (n.endsWith('0') ? liveState(n) : replicating(n))) > 0) {
        await settle();
        if (backend.waiting.size > 0) assert.equal(backend.observed.length, 0, 'nothing is read while the scan runs');
      }
      await model.whenTelemetryRead();
      assert.equal(backend.observed.length, 1);
      assert.equal(backend.observed[0].length, 27, 'the three buckets without replication are left out');
    });

    it('reads early when enough buckets wait, and a bucket whose rules fail gets a failing health', async () => {
      const backend = new FakeBackend(names(12));
      backend.observeWith = (states) => new Map(states.map((s) => [s.bucket.name, observations(s.bucket.name.endsWith('1') ? 4 : 0)]));
      const model = new BucketsModel(backend, { parallelBuckets: 2, telemetryBatch: 5 });
      await model.load();
      for (const e of model.buckets) model.want(e.bucket.name);
      while (backend.answer(undefined, replicating) > 0) await settle();
      await model.whenTelemetryRead();
      assert.ok(backend.observed.length >= 2 && backend.observed.every((o) => o.length <= 6), JSON.stringify(backend.observed.map((o) => o.length)));
      assert.equal(backend.observed.flat().length, 12);
      const failing = model.entry('bucket-00001')?.report?.health;
      assert.deepEqual([failing?.level, failing?.failed], ['error', 4]);
      assert.match(failing?.description ?? '', / · 4 failed in 24 h$/);
      assert.equal(model.entry('bucket-00002')?.report?.health.failed, 0);
    });

    it('keeps the last telemetry shown while the bucket is checked again', async () => {
      const backend = new FakeBackend(names(1));
      backend.observeWith = (states) => new Map(states.map((s) => [s.bucket.name, observations(2)]));
      const model = new BucketsModel(backend);
      await model.load();
      model.want('bucket-00000');
      backend.answer(undefined, replicating);
      await model.whenTelemetryRead();
      const refreshed = model.refresh('bucket-00000');
      await settle();
      backend.answer(undefined, replicating);
      await refreshed;
      assert.equal(model.entry('bucket-00000')?.report?.observations?.rules[0].metrics.failed?.total, 2);
      assert.equal(model.entry('bucket-00000')?.report?.health.failed, 2);
    });
  });
});
