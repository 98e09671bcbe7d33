import { strict as assert } from 'node:assert';
import { getEventListeners } from 'node:events';
import { Limiter } from '../../src/aws/limiter';
import { TtlMemo } from '../../src/aws/memo';

/** A task that stays running until released, recording when it started. */
function gate(log: string[], name: string) {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  return { task: async () => (log.push(name), await released, name), release: () => release() };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('aws: limiter', () => {
  it('watches a signal with one listener however many tasks wait on it, and abandons exactly those on abort', async () => {
    const limiter = new Limiter(2, () => new Error('abandoned'));
    const log: string[] = [];
    const running = [gate(log, 'r1'), gate(log, 'r2')];
    const first = running.map((g) => limiter.run(g.task));
    const a = new AbortController();
    const b = new AbortController();
    const waitingA = Array.from({ length: 200 }, (_, i) => limiter.run(async () => `a${i}`, { signal: a.signal }));
    const waitingB = [limiter.run(async () => 'b0', { signal: b.signal }), limiter.run(async () => 'b1', { signal: b.signal })];
    assert.equal(getEventListeners(a.signal, 'abort').length, 1);
    assert.equal(getEventListeners(b.signal, 'abort').length, 1);
    a.abort();
    for (const p of waitingA) await assert.rejects(p, /abandoned/);
    assert.equal(limiter.queued, 2);
    for (const g of running) g.release();
    assert.deepEqual(await Promise.all([...first, ...waitingB]), ['r1', 'r2', 'b0', 'b1']);
    // Started tasks no longer listen; a task that found a free place never did.
    assert.equal(getEventListeners(b.signal, 'abort').length, 0);
    await limiter.run(async () => 'now', { signal: b.signal });
    assert.equal(getEventListeners(b.signal, 'abort').length, 0);
  });

  it('never runs more tasks at once than its bound, and runs them all', async () => {
    const limiter = new Limiter(3);
    let running = 0;
    let most = 0;
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        limiter.run(async () => {
          most = Math.max(most, ++running);
          await new Promise((r) => setTimeout(r, 1 + (i % 3)));
          running--;
          return i;
        }),
      ),
    );
    assert.deepEqual(results, Array.from({ length: 40 }, (_, i) => i));
    assert.equal(most, 3);
    assert.equal(limiter.peak, 3);
    assert.equal(limiter.active + limiter.queued, 0);
  });

  it('reports how many tasks ran at once on average: near the bound when work is queued, near one when it is serial', async () => {
    const busy = new Limiter(4);
    assert.equal(busy.meanActive, 0, 'nothing ran yet');
    await Promise.all(Array.from({ length: 16 }, () => busy.run(() => new Promise((r) => setTimeout(r, 20)))));
    assert.ok(busy.meanActive > 3 && busy.meanActive <= 4, `queued work keeps the four places busy: ${busy.meanActive}`);
    const serial = new Limiter(4);
    for (let i = 0; i < 4; i++) await serial.run(() => new Promise((r) => setTimeout(r, 20)));
    // A finished task gives its place back a moment after its caller resumes: a little over 1 is still one at a time.
    assert.ok(serial.meanActive > 0.5 && serial.meanActive < 1.2, `one at a time: ${serial.meanActive}`);
  });

  it('starts waiting tasks by priority, then in arrival order', async () => {
    const limiter = new Limiter(1);
    const log: string[] = [];
    const first = gate(log, 'first');
    const running = limiter.run(first.task);
    const rest = [
      limiter.run(async () => log.push('late-normal'), { priority: 5 }),
      limiter.run(async () => log.push('urgent-1'), { priority: -10 }),
      limiter.run(async () => log.push('early-normal'), { priority: 1 }),
      limiter.run(async () => log.push('urgent-2'), { priority: -10 }),
    ];
    await tick();
    assert.deepEqual(log, ['first']);
    first.release();
    await Promise.all([running, ...rest]);
    assert.deepEqual(log, ['first', 'urgent-1', 'urgent-2', 'early-normal', 'late-normal']);
  });

  it('drops a waiting task whose signal aborts, and refuses one already aborted', async () => {
    const limiter = new Limiter(1, () => new Error('cancelled by test'));
    const log: string[] = [];
    const first = gate(log, 'first');
    const running = limiter.run(first.task);
    const controller = new AbortController();
    const waiting = limiter.run(async () => log.push('never'), { signal: controller.signal });
    assert.equal(limiter.queued, 1);
    controller.abort();
    await assert.rejects(waiting, /cancelled by test/);
    assert.equal(limiter.queued, 0);
    await assert.rejects(limiter.run(async () => 1, { signal: controller.signal }), /cancelled by test/);
    first.release();
    await running;
    assert.deepEqual(log, ['first']);
  });

  it('frees its slot when a task fails', async () => {
    const limiter = new Limiter(1);
    await assert.rejects(limiter.run(async () => Promise.reject(new Error('boom'))), /boom/);
    assert.equal(await limiter.run(async () => 'next'), 'next');
  });

  it('refuses a bound below one', () => {
    assert.throws(() => new Limiter(0), /at least 1/);
  });
});

describe('aws: read cache', () => {
  it('shares a read until it expires, and replaces it when asked for a fresh one', async () => {
    let now = 0;
    let reads = 0;
    const memo = new TtlMemo<number>(1000, () => now);
    const read = async () => ++reads;
    assert.equal(await memo.get('k', read), 1);
    assert.equal(await memo.get('k', read), 1);
    now = 999;
    assert.equal(await memo.get('k', read), 1);
    now = 1000;
    assert.equal(await memo.get('k', read), 2);
    assert.equal(await memo.get('k', read, true), 3);
    memo.clear();
    assert.equal(await memo.get('k', read), 4);
  });

  it('forgets reads in flight when they are being cancelled, and keeps finished ones', async () => {
    const memo = new TtlMemo<string>(60_000);
    await memo.get('done', async () => 'kept');
    let release!: (v: string) => void;
    const inFlight = memo.get('slow', () => new Promise<string>((r) => (release = r)));
    memo.dropPending();
    assert.equal(await memo.get('slow', async () => 'read again'), 'read again');
    assert.equal(await memo.get('done', async () => 'not read'), 'kept');
    release('late');
    assert.equal(await inFlight, 'late');
  });

  it('forgets a read that rejected, so the next caller reads again', async () => {
    const memo = new TtlMemo<string>(60_000);
    await assert.rejects(memo.get('k', () => Promise.reject(new Error('cancelled'))));
    await tick();
    assert.equal(await memo.get('k', async () => 'ok'), 'ok');
  });
});
