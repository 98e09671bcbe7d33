import { strict as assert } from 'node:assert';
import type { BucketFacts, KeyFacts, LiveFacts } from '../../../../src/core/facts';
import type { DocumentInput } from '../../../../src/core/document';
import { applyTextEdits } from '../../../../src/core/fixes';
import { findingsIn } from '../../../helpers';

const ROLE = 'arn:aws:iam::111122223333:role/crr-role';
const KEY = 'arn:aws:kms:eu-west-1:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const SRC: BucketFacts = { name: 'src', exists: true, versioning: 'Enabled', region: 'us-east-1', ownerAccount: '111122223333' };
const DEST: BucketFacts = { name: 'dest', exists: true, versioning: 'Enabled', region: 'eu-west-1', ownerAccount: '444455556666' };

function configText(key = KEY): string {
  return JSON.stringify(
    {
      Role: ROLE,
      Rules: [
        {
          ID: 'to-dr',
          Status: 'Enabled',
          Priority: 1,
          Filter: {},
          DeleteMarkerReplication: { Status: 'Disabled' },
          SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' } },
          Destination: { Bucket: 'arn:aws:s3:::dest', Account: '444455556666', EncryptionConfiguration: { ReplicaKmsKeyID: key } },
        },
      ],
    },
    null,
    2,
  );
}

function facts(key: Partial<KeyFacts> | undefined, dest: Partial<BucketFacts> = {}, src: Partial<BucketFacts> = {}): LiveFacts {
  return {
    accountId: '111122223333',
    buckets: { src: { ...SRC, ...src }, dest: { ...DEST, ...dest } },
    keys: key ? { [KEY]: { ref: KEY, exists: true, arn: KEY, account: '444455556666', region: 'eu-west-1', state: 'Enabled', keySpec: 'SYMMETRIC_DEFAULT', keyUsage: 'ENCRYPT_DECRYPT', multiRegion: false, keyManager: 'CUSTOMER', ...key } } : {},
  };
}

const config = (text = configText()): DocumentInput => ({ uri: 'live://src/replication.json', text, live: { sourceBucket: 'src' } });
const keyPolicy = (statements: object[]): DocumentInput => ({
  uri: 'live://key/policy.json',
  text: JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Root', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 'kms:*', Resource: '*' }, ...statements] }, null, 2),
  kind: 'key-policy',
  live: { keyArn: KEY, account: '444455556666' },
});

describe('KMS rules', () => {
  it('kms-key-state: a disabled replica key names DstKmsKeyInvalidState, a missing one DstKmsKeyNotFound; unknown says nothing', () => {
    const disabled = findingsIn([config()], 'kms-key-state', { facts: facts({ state: 'Disabled' }) });
    assert.equal(disabled.length, 1);
    assert.equal(disabled[0].severity, 'error');
    assert.match(disabled[0].message, /DstKmsKeyInvalidState/);
    assert.match(disabled[0].message, /is disabled/);
    const missing = findingsIn([config()], 'kms-key-state', { facts: facts({ exists: false, state: undefined }) });
    assert.match(missing[0].message, /DstKmsKeyNotFound/);
    assert.deepEqual(findingsIn([config()], 'kms-key-state', { facts: facts(undefined) }), []);
    assert.deepEqual(findingsIn([config()], 'kms-key-state', { facts: facts({}) }), []);
  });

  it('kms-key-state: the source bucket\'s default key when SSE-KMS objects are opted in', () => {
    const sourceKey = 'arn:aws:kms:us-east-1:111122223333:key/src';
    const f = facts({});
    f.buckets.src.defaultKmsKeyId = sourceKey;
    f.keys![sourceKey] = { ref: sourceKey, exists: true, arn: sourceKey, state: 'PendingDeletion' };
    const fs = findingsIn([config()], 'kms-key-state', { facts: f });
    assert.equal(fs.length, 1);
    assert.match(fs[0].message, /SrcKmsKeyInvalidState/);
  });

  it('rc-replica-kms-key-symmetric: an asymmetric replica key is an error', () => {
    const fs = findingsIn([config()], 'rc-replica-kms-key-symmetric', { facts: facts({ keySpec: 'RSA_2048' }) });
    assert.equal(fs.length, 1);
    assert.match(fs[0].message, /RSA_2048/);
    assert.deepEqual(findingsIn([config()], 'rc-replica-kms-key-symmetric', { facts: facts({}) }), []);
  });

  it('kms-multi-region-key: info on files (an mrk- key id) and live (DescribeKey)', () => {
    const mrk = 'arn:aws:kms:eu-west-1:444455556666:key/mrk-1234abcd12ab34cd56ef1234567890ab';
    const file = findingsIn([{ uri: 'replication.json', text: configText(mrk) }], 'kms-multi-region-key');
    assert.equal(file.length, 1);
    assert.equal(file[0].severity, 'info');
    assert.equal(findingsIn([config()], 'kms-multi-region-key', { facts: facts({ multiRegion: true }) }).length, 1);
    assert.deepEqual(findingsIn([{ uri: 'replication.json', text: configText() }], 'kms-multi-region-key'), []);
  });

  it('kms-aws-managed-cross-account: an AWS managed replica key across accounts', () => {
    assert.equal(findingsIn([config()], 'kms-aws-managed-cross-account', { facts: facts({ keyManager: 'AWS' }) }).length, 1);
    assert.deepEqual(findingsIn([config()], 'kms-aws-managed-cross-account', { facts: facts({ keyManager: 'AWS' }, { ownerAccount: '111122223333' }) }), []);
  });

  it('kms-request-quota: one info per SSE-KMS configuration, live only', () => {
    assert.equal(findingsIn([config()], 'kms-request-quota', { facts: facts({}) }).length, 1);
    assert.deepEqual(findingsIn([{ uri: 'replication.json', text: configText() }], 'kms-request-quota'), []);
  });

  it('kms-dest-key-grants-role: a cross-account replica key whose policy does not name the role, with a fix that grants it', () => {
    const policy = keyPolicy([]);
    const fs = findingsIn([config(), policy], 'kms-dest-key-grants-role', { facts: facts({}) });
    assert.equal(fs.length, 1);
    assert.equal(fs[0].severity, 'error');
    assert.match(fs[0].message, /account 444455556666.*111122223333/);
    const fixed = applyTextEdits(policy.text, fs[0].fixes![0].edits());
    assert.match(fixed, /"arn:aws:iam::111122223333:role\/crr-role"/);
    assert.deepEqual(findingsIn([config(), { ...policy, text: fixed }], 'kms-dest-key-grants-role', { facts: facts({}) }), []);
    const denying = keyPolicy([{ Effect: 'Deny', Principal: { AWS: ROLE }, Action: 'kms:Encrypt', Resource: '*' }]);
    assert.match(findingsIn([config(), denying], 'kms-dest-key-grants-role', { facts: facts({}) })[0].message, /denies/);
  });

  it('kms-dest-key-grants-role on files: the only key policy beside the configuration', () => {
    const files: DocumentInput[] = [
      { uri: '/repo/replication.json', text: configText() },
      { uri: '/repo/replica-key-policy.json', text: keyPolicy([]).text, kind: 'key-policy' },
    ];
    assert.equal(findingsIn(files, 'kms-dest-key-grants-role').length, 1);
  });

  it('kms-bucket-key-decrypt: Bucket Keys on the destination need kms:Decrypt for the role', () => {
    const policy = keyPolicy([{ Effect: 'Allow', Principal: { AWS: ROLE }, Action: ['kms:Encrypt', 'kms:GenerateDataKey'], Resource: '*' }]);
    assert.equal(findingsIn([config(), policy], 'kms-bucket-key-decrypt', { facts: facts({}, { bucketKeyEnabled: true }) }).length, 1);
    assert.deepEqual(findingsIn([config(), policy], 'kms-bucket-key-decrypt', { facts: facts({}, { bucketKeyEnabled: false }) }), []);
  });

  it('kms-network-restrictions: a source-IP condition on a statement that reaches the role', () => {
    const policy = keyPolicy([{ Effect: 'Allow', Principal: { AWS: ROLE }, Action: ['kms:Encrypt', 'kms:GenerateDataKey'], Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }]);
    const fs = findingsIn([config(), policy], 'kms-network-restrictions', { facts: facts({}) });
    assert.equal(fs.length, 1);
    assert.equal(fs[0].severity, 'warning');
  });

  it('kms-source-key-decrypt: a source key of another account must grant the role kms:Decrypt', () => {
    const sourceKey = 'arn:aws:kms:us-east-1:999988887777:key/src';
    const f = facts({});
    f.buckets.src.defaultKmsKeyId = sourceKey;
    f.keys![sourceKey] = { ref: sourceKey, exists: true, arn: sourceKey, state: 'Enabled' };
    const policy: DocumentInput = { ...keyPolicy([]), uri: 'live://key/src.json', live: { keyArn: sourceKey, account: '999988887777' } };
    assert.equal(findingsIn([config(), policy], 'kms-source-key-decrypt', { facts: f }).length, 1);
  });

  it('iam-kms-context-bucket-key: object ARNs in the context condition of a Bucket Key bucket', () => {
    const rolePolicy: DocumentInput = {
      uri: 'live://role/crr-role/inline.json',
      kind: 'permission-policy',
      live: { roleName: 'crr-role' },
      text: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:Encrypt', Resource: KEY, Condition: { StringLike: { 'kms:EncryptionContext:aws:s3:arn': 'arn:aws:s3:::dest/*' } } }] }),
    };
    const withKeys = findingsIn([config(), rolePolicy], 'iam-kms-context-bucket-key', { facts: facts({}, { bucketKeyEnabled: true }) });
    assert.equal(withKeys.length, 1);
    assert.match(withKeys[0].message, /bucket's ARN/);
    assert.deepEqual(findingsIn([config(), rolePolicy], 'iam-kms-context-bucket-key', { facts: facts({}, { bucketKeyEnabled: false }) }), []);
  });

  it('bp-cross-account-required: a cross-account destination without any bucket policy, on the rule', () => {
    const fs = findingsIn([config()], 'bp-cross-account-required', { facts: facts({}, { policy: 'absent' }) });
    assert.equal(fs.length, 1);
    assert.match(fs[0].message, /has no bucket policy/);
    assert.deepEqual(findingsIn([config()], 'bp-cross-account-required', { facts: facts({}, { policy: undefined }) }), []);
  });

  it('bp-cross-account-required: a live destination policy is the bucket\'s even when it names no resource of it', () => {
    const policy: DocumentInput = {
      uri: 'live://dest/policy.json',
      kind: 'bucket-policy',
      live: { bucketPolicyOf: 'dest', account: '444455556666' },
      text: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/other' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::elsewhere/*' }] }),
    };
    const fs = findingsIn([config(), policy], 'bp-cross-account-required', { facts: facts({}, { policy: 'present' }) });
    assert.equal(fs.length, 1);
    assert.equal(fs[0].uri, policy.uri);
  });
});
