import { strict as assert } from 'node:assert';
import type { Finding, Severity } from '../../src/core/findings';
import type { AwsFailure } from '../../src/aws/types';
import { summarize } from '../../src/explorer/healthSummary';
import { findingLabel, firstSentence, LABEL_LIMIT } from '../../src/explorer/nodes';
import { liveState } from './fakes';

const finding = (ruleId: string, severity: Severity): Finding => ({ uri: 'u', offset: 0, length: 1, ruleId, severity, message: `${ruleId} message.` });
const denied: AwsFailure = { operation: 'GetBucketReplication', target: 'src', code: 'AccessDenied', kind: 'access-denied', message: 'denied' };

/** A source replicating to `destination-bucket` in eu-west-1. */
function replicating(extra: Parameters<typeof liveState>[1] = {}) {
  return liveState('src', {
    replication: { ok: true, value: { configured: true, document: { uri: 'u', text: '{}', kind: 'replication-config', live: { sourceBucket: 'src' }, title: 'c' } } },
    destinations: [{ name: 'destination-bucket', region: 'eu-west-1', exists: true, versioning: 'Enabled', failures: [] }],
    facts: { buckets: { src: { name: 'src', replication: [{ destinationBucket: 'destination-bucket', enabled: true, replicaModifications: false }] } } },
    ...extra,
  });
}

describe('explorer: health summary', () => {
  it('says "no replication" for a bucket without a configuration', () => {
    assert.deepEqual(summarize(liveState('b'), []), { level: 'none', badge: '', description: 'no replication', problems: 0 });
  });

  it('names the destination and its region when nothing is wrong (notes do not count)', () => {
    const h = summarize(replicating(), [finding('rc-storage-class-default', 'info')]);
    assert.deepEqual(h, { level: 'ok', badge: '✓', description: '→ destination-bucket (eu-west-1)', problems: 0 });
  });

  it('counts destinations past two', () => {
    const live = replicating();
    live.facts.buckets.src.replication = ['a', 'b', 'c'].map((d) => ({ destinationBucket: d, enabled: true, replicaModifications: false }));
    assert.equal(summarize(live, []).description, '→ 3 destinations');
  });

  it('names a single problem, with the bucket’s own versioning state', () => {
    assert.equal(summarize(replicating({ versioning: { ok: true, value: 'Off' } }), [finding('ls-source-versioning', 'error')]).description, 'versioning off');
    assert.equal(summarize(replicating({ versioning: { ok: true, value: 'Suspended' } }), [finding('ls-source-versioning', 'error')]).description, 'versioning suspended');
    assert.equal(summarize(replicating(), [finding('ls-dest-versioning', 'error')]).description, 'destination versioning off');
  });

  it('groups problems of one kind, and counts mixed ones', () => {
    const two = summarize(replicating(), [finding('iam-get-object-version-tagging', 'warning'), finding('iam-replicate-delete', 'warning')]);
    assert.deepEqual(two, { level: 'warning', badge: '⚠', description: 'role permissions (2)', problems: 2 });
    const mixed = summarize(replicating(), [finding('rc-v2-delete-marker-required', 'error'), finding('iam-get-object-version-tagging', 'warning')]);
    assert.deepEqual(mixed, { level: 'error', badge: '✗', description: '2 problems', problems: 2 });
  });

  it('shows why a bucket could not be judged', () => {
    const h = summarize(liveState('src', { replication: { ok: false, failure: denied }, failures: [denied] }), []);
    assert.deepEqual(h, { level: 'unknown', badge: '?', description: 'replication: access denied', problems: 0 });
  });

  it('does not call a bucket healthy when part of it could not be read', () => {
    const roleDenied: AwsFailure = { operation: 'GetRole', target: 'r', code: 'AccessDenied', kind: 'access-denied', message: 'denied' };
    const h = summarize(replicating({ failures: [roleDenied] }), []);
    assert.deepEqual(h, { level: 'unknown', badge: '?', description: '→ destination-bucket (eu-west-1) · role: access denied', problems: 0 });
    // Problems found elsewhere still decide the level.
    assert.equal(summarize(replicating({ failures: [roleDenied] }), [finding('rc-v2-delete-marker-required', 'error')]).level, 'error');
  });

  it('labels a finding with what is wrong: first sentence, up to its colon, without asides, cut at a word', () => {
    assert.equal(findingLabel('Versioning on destination bucket `b` is never enabled (it is `Off`): S3 rejects the configuration.'), 'Versioning on destination bucket b is never enabled');
    const long = findingLabel(`This rule ${'replicates objects '.repeat(10)}everywhere.`);
    assert.ok(long.length <= LABEL_LIMIT && long.endsWith('objects…'), long);
  });

  it('labels a finding with the S3 resource an ARN names, up to its first semicolon', () => {
    assert.equal(
      findingLabel('This policy does not allow `s3:ReplicateTags` on `arn:aws:s3:::destination-bucket/*`; that is optional, since `s3:ReplicateObject` already covers tags.'),
      'This policy does not allow s3:ReplicateTags on destination-bucket/*',
    );
    assert.equal(findingLabel('Destination "arn:aws-cn:s3:::b" does not exist.'), 'Destination "b" does not exist');
    // Other ARNs stay whole: a role ARN is not a name.
    assert.equal(findingLabel('Role arn:aws:iam::123456789012:role/r cannot be assumed.'), 'Role arn:aws:iam::123456789012:role/r cannot be assumed');
  });

  it('labels findings by their first sentence', () => {
    assert.equal(firstSentence('Destination bucket must have versioning enabled. S3 rejects it.'), 'Destination bucket must have versioning enabled');
    assert.equal(firstSentence('Versioning is `Off` on arn:aws:s3:::b: S3 says no'), 'Versioning is `Off` on arn:aws:s3:::b: S3 says no');
  });
});
