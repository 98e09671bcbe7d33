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

describe('explainObjectStatus: storage class, lifecycle, and S3\'s own reason', () => {
  it('explains a FAILED object by the captured reason, with the table\'s meaning and repair', () => {
    const e = explainObjectStatus(config, { key: 'logs/a.txt', status: 'FAILED', failure: { reason: 'DstBucketUnversioned', ruleId: 'logs', from: 'event' } });
    assert.equal(e.failureReason?.code, 'DstBucketUnversioned');
    assert.match(e.reason, /^S3 says DstBucketUnversioned \(from a captured failure event \(rule logs\)\): Versioning is not enabled on the destination/);
    assert.match(e.reason, /Fix: Enable Versioning on the destination\./);
    assert.match(e.reason, /S3 never retries a FAILED object/);
    assert.equal(e.needsBatchReplication, true);
    const batch = explainObjectStatus(config, { key: 'logs/a.txt', status: 'FAILED', failure: { reason: 'Weird', from: 'batch' } });
    assert.match(batch.reason, /S3 says Weird \(from the Batch Replication report\): AWS does not document this reason/);
  });

  it('without a captured reason, a FAILED archived object is SrcObjectNotEligible, and says how to learn the reason otherwise', () => {
    const cold = explainObjectStatus(config, { key: 'logs/a.txt', status: 'FAILED', storageClass: 'DEEP_ARCHIVE' });
    assert.equal(cold.failureReason?.code, 'SrcObjectNotEligible');
    assert.match(cold.notes[0], /Stored in S3 Glacier Deep Archive \(DEEP_ARCHIVE\): S3 does not replicate archived objects/);
    const tiered = explainObjectStatus(config, { key: 'logs/a.txt', archiveStatus: 'ARCHIVE_ACCESS' });
    assert.match(tiered.notes[0], /Intelligent-Tiering Archive Access tier/);
    const plain = explainObjectStatus(config, { key: 'logs/a.txt', status: 'FAILED' });
    assert.equal(plain.failureReason, undefined);
    assert.match(plain.reason, /Capture Failure Reasons makes S3 say which/);
    assert.deepEqual(plain.notes, []);
  });

  it('notes what lifecycle rules on the key change: no action while PENDING or FAILED, unreplicated delete markers, archive transitions', () => {
    const lifecycle = [
      { id: 'expire-logs', enabled: true, prefix: 'logs/', expires: true, transitions: [] },
      { id: 'to-glacier', enabled: true, prefix: '', expires: false, transitions: ['GLACIER'] },
      { id: 'off', enabled: false, prefix: '', expires: true, transitions: [] },
      { id: 'elsewhere', enabled: true, prefix: 'images/', expires: true, transitions: [] },
    ];
    const e = explainObjectStatus(config, { key: 'logs/a.txt', status: 'PENDING', lifecycle });
    assert.equal(e.notes.length, 3);
    assert.match(e.notes[0], /Lifecycle rule "expire-logs", "to-glacier" applies to this key, but S3 Lifecycle does not expire or transition an object whose replication is PENDING/);
    assert.match(e.notes[1], /"expire-logs" expires objects here: the delete markers that lifecycle expiration creates are not replicated/);
    assert.match(e.notes[2], /"to-glacier" moves objects here to an archive class, where S3 no longer replicates them/);
    const done = explainObjectStatus(config, { key: 'logs/a.txt', status: 'COMPLETED', lifecycle });
    assert.equal(done.notes.length, 1, 'a replicated object keeps only the delete-marker note');
  });
});
