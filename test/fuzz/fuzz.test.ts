/**
 * The first 5,000 documents of the fuzz's fixed seed (`npm run fuzz` runs 100,000 on it and on a
 * random seed): every fix offered on them is applied and judged (throws, edits, invalid JSON, lost
 * comments and twins, re-layout, no-op), and every row of issue 17's table must read 0. The checks
 * that re-analyse (idempotence, `--fix` on the document) run on one document in 10 here, to keep
 * `npm test` quick; `npm run fuzz` makes them on every document.
 * A failure names the document; `npm run fuzz -- --replay 17:N` shows it.
 */
import { strict as assert } from 'node:assert';
import { COUNTERS, Counter } from './check';
import { FIXED_SEED, runSeed } from './run';

const SLICE = 5_000;
const DEEP_EVERY = 10;

describe('fix safety fuzz (5,000 documents of the fixed seed)', function () {
  // Analysing, fixing and re-analysing 5,000 documents: seconds, and more on a loaded machine.
  this.timeout(600_000);

  it('no throw, no invalid JSON, nothing lost or re-laid-out, every preferred fix idempotent', () => {
    const stats = runSeed(FIXED_SEED, SLICE, undefined, DEEP_EVERY);
    assert.ok(stats.fixesChecked > 10_000, `only ${stats.fixesChecked} fixes checked: the generator no longer reaches fixable findings`);
    assert.equal(stats.deepChecked, SLICE / DEEP_EVERY);
    const failing = (Object.keys(COUNTERS) as Counter[]).filter((k) => stats.counts[k] > 0);
    assert.deepEqual(
      failing.map((k) => `${COUNTERS[k]}: ${stats.counts[k]} (${stats.examples[k].join('; ')})`),
      [],
    );
  });
});
