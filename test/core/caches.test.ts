/** Clearing the engine's caches changes no result: they are memos only. */
import { strict as assert } from 'node:assert';
import { analyze } from '../../src/core/analyze';
import { clearEngineCaches } from '../../src/core/caches';
import { arnCovers } from '../../src/core/iam/arn';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const WALKTHROUGH = join(__dirname, '../../../shared/examples/seed-walkthrough');

describe('engine caches', () => {
  it('give the same findings and ARN answers after clearEngineCaches()', () => {
    const inputs = readdirSync(WALKTHROUGH).map((f) => ({ uri: f, text: readFileSync(join(WALKTHROUGH, f), 'utf8') }));
    const summary = () => analyze(inputs).findings.map((f) => `${f.uri}:${f.offset} ${f.ruleId} ${f.message}`);
    const before = summary();
    const covers = arnCovers('arn:aws:s3:::b/*', 'arn:aws:s3:::b/logs/*');
    clearEngineCaches();
    assert.deepEqual(summary(), before);
    assert.equal(arnCovers('arn:aws:s3:::b/*', 'arn:aws:s3:::b/logs/*'), covers);
    assert.ok(before.length > 0);
  });
});
