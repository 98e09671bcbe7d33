import { strict as assert } from 'node:assert';
import { diffConfigs } from '../../../src/core/live/configDiff';

const rule = (ID: string | undefined, extra: Record<string, unknown> = {}) => ({
  ...(ID ? { ID } : {}),
  Status: 'Enabled',
  Priority: 1,
  Filter: {},
  DeleteMarkerReplication: { Status: 'Disabled' },
  Destination: { Bucket: 'arn:aws:s3:::dest' },
  ...extra,
});

describe('diffConfigs', () => {
  it('names every live rule the new document would delete', () => {
    const live = { ReplicationConfiguration: { Role: 'r', Rules: [rule('keep'), rule('logs'), rule('archive')] } };
    const next = { Role: 'r', Rules: [rule('keep')] };
    const d = diffConfigs(live, next);
    assert.deepEqual(d.removed.map((r) => r.id), ['logs', 'archive']);
    assert.deepEqual(d.unchanged.map((r) => r.id), ['keep']);
    assert.deepEqual(d.added, []);
    assert.equal(d.roleChanged, undefined);
  });

  it('sees changes regardless of key order, additions, unnamed rules and a role change', () => {
    const live = { Role: 'a', Rules: [rule('x')] };
    const reordered = Object.fromEntries(Object.entries(rule('x', { Priority: 2 })).reverse());
    const d = diffConfigs(live, { Role: 'b', Rules: [reordered, rule(undefined), rule('y')] });
    assert.deepEqual(d.changed.map((r) => r.id), ['x']);
    assert.deepEqual(d.added.map((r) => r.index), [1, 2]);
    assert.deepEqual(d.roleChanged, { from: 'a', to: 'b' });
    const same = diffConfigs(live, { Role: 'a', Rules: [Object.fromEntries(Object.entries(rule('x')).reverse())] });
    assert.deepEqual(same.changed, []);
  });

  it('treats a missing live configuration as nothing to remove', () => {
    const d = diffConfigs(undefined, { Role: 'r', Rules: [rule('n')] });
    assert.deepEqual(d.removed, []);
    assert.deepEqual(d.added.map((r) => r.id), ['n']);
  });
});
