import { strict as assert } from 'node:assert';
import { LiveFacts } from '../../../../src/core/facts';
import { applyFix, findingsIn } from '../../../helpers';
import { config, expectNone, expectOne, v2Rule } from './fixtures';

const KEY = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const dest = (extra: Record<string, unknown> = {}) => ({ Bucket: 'arn:aws:s3:::dest', ...extra });
const kmsRule = (extra: Record<string, unknown> = {}) =>
  v2Rule({ SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' } }, Destination: dest({ EncryptionConfiguration: { ReplicaKmsKeyID: KEY } }), ...extra });

describe('rc-sse-kms-needs-replica-key', () => {
  const RULE = 'rc-sse-kms-needs-replica-key';
  it('fires on SseKmsEncryptedObjects without a replica key, quoting S3', () => {
    const text = config([kmsRule({ Destination: dest() })]);
    const f = expectOne(text, RULE, '"SseKmsEncryptedObjects"', 'error');
    assert.match(f.message, /ReplicaKmsKeyID must be specified if SseKmsEncryptedObjects tag is present/);
    assert.equal(f.fixes?.[0].preferred, false, 'removing an enabled opt-in changes what replicates');
  });
  it('removes a disabled opt-in (with its now empty parent) as the preferred fix', () => {
    const text = config([kmsRule({ Destination: dest(), SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Disabled' } } })]);
    assert.equal(JSON.parse(applyFix(text, RULE)).Rules[0].SourceSelectionCriteria, undefined);
  });
  it('is silent with a key', () => expectNone(config([kmsRule()]), RULE));
});

describe('rc-encryption-config-needs-sse-kms', () => {
  const RULE = 'rc-encryption-config-needs-sse-kms';
  it('fires on EncryptionConfiguration and adds the opt-in', () => {
    const text = config([kmsRule({ SourceSelectionCriteria: undefined })]);
    assert.match(expectOne(text, RULE, '"EncryptionConfiguration"', 'error').message, /SseKmsEncryptedObjects must be specified if EncryptionConfiguration is present/);
    assert.deepEqual(JSON.parse(applyFix(text, RULE)).Rules[0].SourceSelectionCriteria, { SseKmsEncryptedObjects: { Status: 'Enabled' } });
  });
  it('is silent when both are present', () => expectNone(config([kmsRule()]), RULE));
  it('offers no fix that would overwrite a SourceSelectionCriteria that is not an object', () => {
    const text = config([kmsRule({ SourceSelectionCriteria: 'Enabled' })]);
    assert.deepEqual(expectOne(text, RULE, '"EncryptionConfiguration"', 'error').fixes ?? [], []);
  });
});

describe('rc-sse-kms-objects-skipped', () => {
  const RULE = 'rc-sse-kms-objects-skipped';
  it('reminds once per file, as info, without live facts', () => {
    const text = config([v2Rule(), v2Rule({ ID: 'b', Priority: 2 })]);
    const f = expectOne(text, RULE, '"ID"', 'info');
    assert.match(f.message, /Applies to 2 rules/);
    assert.match(f.message, /A note: whether the source bucket holds such objects is not known here/);
  });
  it('warns per rule when the live source bucket encrypts with SSE-KMS by default', () => {
    const facts: LiveFacts = { buckets: { src: { name: 'src', defaultEncryption: 'aws:kms' } } };
    const text = config([v2Rule({ SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Disabled' } } }), v2Rule({ ID: 'b', Priority: 2 })]);
    const fs = findingsIn([{ uri: 'live.json', text, live: { sourceBucket: 'src' } }], RULE, { facts });
    assert.deepEqual(fs.map((f) => [f.severity, text.slice(f.offset, f.offset + f.length)]), [['warning', '"Disabled"'], ['warning', '"ID"']]);
  });
  it('is silent when every rule opts in', () => expectNone(config([kmsRule()]), RULE));
});

describe('rc-replica-kms-key-arn / rc-replica-kms-key-not-validated', () => {
  it('warns on aliases and bare key ids', () => {
    const alias = config([kmsRule({ Destination: dest({ EncryptionConfiguration: { ReplicaKmsKeyID: 'alias/replica' } }) })]);
    assert.match(expectOne(alias, 'rc-replica-kms-key-arn', '"alias/replica"', 'warning').message, /alias/);
    expectOne(config([kmsRule({ Destination: dest({ EncryptionConfiguration: { ReplicaKmsKeyID: '1234abcd-12ab' } }) })]), 'rc-replica-kms-key-arn', '"1234abcd-12ab"');
    expectNone(config([kmsRule()]), 'rc-replica-kms-key-arn');
    expectNone(config([kmsRule({ Destination: dest({ EncryptionConfiguration: { ReplicaKmsKeyID: 'arn:aws:kms:eu-west-1:123456789012:key/mrk-1234abcd' } }) })]), 'rc-replica-kms-key-arn');
  });
  it('names what is actually wrong: a malformed ARN is not a bare key id', () => {
    const at = (id: string) => config([kmsRule({ Destination: dest({ EncryptionConfiguration: { ReplicaKmsKeyID: id } }) })]);
    const shortAccount = 'arn:aws:kms:eu-west-1:12345:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const f = expectOne(at(shortAccount), 'rc-replica-kms-key-arn', JSON.stringify(shortAccount), 'error');
    assert.match(f.message, /is a malformed key ARN: the account section `12345` is not a 12-digit account ID/);
    assert.doesNotMatch(f.message, /bare key id/);
    assert.match(expectOne(at('arn:aws:kms:eu-west-1:123456789012:1234abcd'), 'rc-replica-kms-key-arn', '"arn:aws:kms:eu-west-1:123456789012:1234abcd"', 'error').message, /malformed key ARN: a KMS resource is `key\/KEY-ID`/);
    assert.match(expectOne(at('arn:aws:s3:::dest'), 'rc-replica-kms-key-arn', '"arn:aws:s3:::dest"', 'error').message, /is an? `s3` ARN, not a KMS key ARN/);
    const bare = expectOne(at('1234abcd-12ab-34cd-56ef-1234567890ab'), 'rc-replica-kms-key-arn', '"1234abcd-12ab-34cd-56ef-1234567890ab"', 'warning');
    assert.match(bare.message, /bare key id/);
    assert.match(expectOne(at('arn:aws:kms:eu-west-1:123456789012:alias/replica'), 'rc-replica-kms-key-arn', '"arn:aws:kms:eu-west-1:123456789012:alias/replica"', 'warning').message, /is an alias/);
  });
  it('notes once that S3 does not validate the key', () => {
    expectOne(config([kmsRule()]), 'rc-replica-kms-key-not-validated', JSON.stringify(KEY), 'info');
    expectNone(config([v2Rule()]), 'rc-replica-kms-key-not-validated');
  });
});

describe('rc-replica-kms-key-aws-managed', () => {
  const RULE = 'rc-replica-kms-key-aws-managed';
  const managed = (account?: string) =>
    config([kmsRule({ Destination: dest({ ...(account ? { Account: account } : {}), EncryptionConfiguration: { ReplicaKmsKeyID: 'arn:aws:kms:eu-west-1:123456789012:alias/aws/s3' } }) })]);
  it('errors when the destination account differs from the role account', () => {
    expectOne(managed('210987654321'), RULE, '"arn:aws:kms:eu-west-1:123456789012:alias/aws/s3"', 'error');
  });
  it('is silent same-account or when the account is unknown', () => {
    expectNone(managed('123456789012'), RULE);
    expectNone(managed(), RULE);
  });
});

describe('rc-source-selection-empty', () => {
  const RULE = 'rc-source-selection-empty';
  it('warns on an empty SourceSelectionCriteria and removes it', () => {
    const text = config([v2Rule({ SourceSelectionCriteria: {} })]);
    expectOne(text, RULE, '"SourceSelectionCriteria"', 'warning');
    assert.equal(JSON.parse(applyFix(text, RULE)).Rules[0].SourceSelectionCriteria, undefined);
  });
  it('is silent with only ReplicaModifications (the model note: not an error)', () => {
    const text = config([v2Rule({ SourceSelectionCriteria: { ReplicaModifications: { Status: 'Enabled' } } })]);
    expectNone(text, RULE);
    expectNone(text, 'rc-sse-kms-needs-replica-key');
  });
});

describe('delete markers and existing objects', () => {
  it('rc-delete-marker-default-off: one note per file on the Disabled status', () => {
    expectOne(config([v2Rule()]), 'rc-delete-marker-default-off', '"Disabled"', 'info');
    expectNone(config([v2Rule({ DeleteMarkerReplication: { Status: 'Enabled' } })]), 'rc-delete-marker-default-off');
  });
  it('rc-delete-marker-rtc-sla: notes delete markers are outside the RTC SLA', () => {
    const rtc = dest({ ReplicationTime: { Status: 'Enabled', Time: { Minutes: 15 } }, Metrics: { Status: 'Enabled', EventThreshold: { Minutes: 15 } } });
    expectOne(config([v2Rule({ DeleteMarkerReplication: { Status: 'Enabled' }, Destination: rtc })]), 'rc-delete-marker-rtc-sla', '"Enabled"', 'info');
    expectNone(config([v2Rule({ Destination: rtc })]), 'rc-delete-marker-rtc-sla');
  });
  it('rc-existing-object-replication: errors on the key and removes it', () => {
    const text = config([v2Rule({ ExistingObjectReplication: { Status: 'Enabled' } })]);
    const f = expectOne(text, 'rc-existing-object-replication', '"ExistingObjectReplication"', 'error');
    assert.match(f.message, /Batch Replication/);
    assert.equal(JSON.parse(applyFix(text, 'rc-existing-object-replication')).Rules[0].ExistingObjectReplication, undefined);
    expectNone(config([v2Rule()]), 'rc-existing-object-replication');
  });
});
