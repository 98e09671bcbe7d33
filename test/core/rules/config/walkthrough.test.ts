/**
 * The setup our users copy (shared/examples/seed-walkthrough): exactly its two real defects, on the
 * right lines, each with a fix; and `--fix` leaves a configuration S3 accepts.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findings } from '../../../helpers';
import { fixAll } from './fixtures';

const FILE = join(__dirname, '../../../../../shared/examples/seed-walkthrough/replication-config.json');

function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

describe('seed walkthrough replication-config.json', () => {
  const text = readFileSync(FILE, 'utf8');

  it('has exactly the two documented errors, on the Filter and ReplicationTime keys', () => {
    const problems = findings(text).filter((f) => f.severity !== 'info');
    assert.deepEqual(
      problems.map((f) => [f.ruleId, f.severity, lineOf(text, f.offset), text.slice(f.offset, f.offset + f.length)]),
      [
        ['rc-v2-delete-marker-required', 'error', 8, '"Filter"'],
        ['rc-rtc-requires-metrics', 'error', 13, '"ReplicationTime"'],
      ],
    );
    assert.ok(problems.every((f) => f.fixes?.filter((x) => x.preferred).length === 1));
  });

  it('applying the preferred fixes until nothing changes leaves no error or warning', () => {
    const fixed = fixAll(text);
    assert.deepEqual(findings(fixed).filter((f) => f.severity !== 'info').map((f) => f.ruleId), []);
    const rule = JSON.parse(fixed).Rules[0];
    assert.deepEqual(rule.DeleteMarkerReplication, { Status: 'Disabled' });
    assert.deepEqual(rule.Destination.Metrics, { Status: 'Enabled', EventThreshold: { Minutes: 15 } });
    assert.deepEqual(rule.Destination.ReplicationTime, { Status: 'Enabled', Time: { Minutes: 15 } });
    assert.equal(rule.Filter.Prefix, '');
  });
});
