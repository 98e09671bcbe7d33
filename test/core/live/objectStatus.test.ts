import { strict as assert } from 'node:assert';
import { explainObjectStatus, tagsDecide } from '../../../src/core/live/objectStatus';

const config = {
  Role: 'arn:aws:iam::123456789012:role/r',
  Rules: [
    { ID: 'logs', Status: 'Enabled', Priority: 1, Filter: { Prefix: 'logs/' }, Destination: { Bucket: 'arn:aws:s3:::d' } },
    { ID: 'tagged', Status: 'Enabled', Priority: 2, Filter: { And: { Prefix: 'data/', Tags: [{ Key: 'replicate', Value: 'yes' }] } }, Destination: { Bucket: 'arn:aws:s3:::d' } },
    { ID: 'old', Status: 'Disabled', Priority: 3, Filter: { Prefix: 'archive/' }, Destination: { Bucket: 'arn:aws:s3:::d' } },
  ],
};

describe('explainObjectStatus', () => {
  it('no status under a matching enabled rule: uploaded before the rule, needs Batch Replication', () => {
    const e = explainObjectStatus(config, { key: 'logs/a.txt' });
    assert.equal(e.status, 'NONE');
    assert.deepEqual(e.matchingRules, ['logs']);
    assert.equal(e.needsBatchReplication, true);
    assert.match(e.reason, /not retroactive/);
  });

  it('no status and no matching filter', () => {
    const e = explainObjectStatus(config, { key: 'images/cat.png' });
    assert.match(e.reason, /No rule's filter matches/);
    assert.equal(e.needsBatchReplication, false);
  });

  it('asks for tags only where a tag filter decides why an object has no status', () => {
    assert.equal(tagsDecide(config, { key: 'data/x.csv' }), true);
    assert.equal(tagsDecide(config, { key: 'data/x.csv', status: 'COMPLETED' }), false, 'a status explains itself');
    assert.equal(tagsDecide(config, { key: 'logs/x.txt' }), false, 'no tag filter on that prefix');
    assert.equal(tagsDecide(config, { key: 'images/x.png' }), false, 'no rule with that prefix');
    assert.equal(tagsDecide(undefined, { key: 'data/x.csv' }), false);
  });

  it('no status under a disabled rule', () => {
    assert.match(explainObjectStatus(config, { key: 'archive/2020.tar' }).reason, /old would match this key but is disabled/);
  });

  it('tag filters: unknown without tags, matched or not with them', () => {
    assert.match(explainObjectStatus(config, { key: 'data/x' }).reason, /filters on object tags/);
    assert.deepEqual(explainObjectStatus(config, { key: 'data/x', tags: { replicate: 'yes' } }).matchingRules, ['tagged']);
    assert.match(explainObjectStatus(config, { key: 'data/x', tags: { replicate: 'no' } }).reason, /No rule's filter/);
  });

  it('passes statuses through with their meaning, wrapped configs and V1 prefixes too', () => {
    assert.equal(explainObjectStatus(config, { key: 'logs/a', status: 'FAILED' }).needsBatchReplication, true);
    assert.equal(explainObjectStatus(config, { key: 'logs/a', status: 'completed' }).status, 'COMPLETED');
    const v1 = { ReplicationConfiguration: { Role: 'r', Rules: [{ ID: 'v1', Status: 'Enabled', Prefix: 'p/', Destination: { Bucket: 'b' } }] } };
    assert.deepEqual(explainObjectStatus(v1, { key: 'p/x' }).matchingRules, ['v1']);
    assert.match(explainObjectStatus(undefined, { key: 'k' }).reason, /no replication configuration/);
  });
});
