/** iam-kms-context-prefix-mismatch: the encryption-context condition of the KMS grants against the keys replicated. */
import { strict as assert } from 'node:assert';
import { DocumentInput } from '../../../../src/core/document';
import { applyFixIn, configText, findingsOf, fullRolePolicy, policyText, rule, span } from './helpers';

const RULE = 'iam-kms-context-prefix-mismatch';
const DEST_KEY = 'arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const SRC_KEY = 'arn:aws:kms:us-east-1:111122223333:key/0987dcba-09fe-87dc-65ba-ab0987654321';

const kms = (action: string, key: string, region: string, context: string[]) => ({
  Effect: 'Allow',
  Action: [action],
  Resource: [key],
  Condition: { StringLike: { 'kms:ViaService': `s3.${region}.amazonaws.com`, 'kms:EncryptionContext:aws:s3:arn': context } },
});

const kmsRule = (prefix: string) =>
  rule({
    Filter: { Prefix: prefix },
    Destination: { Bucket: 'arn:aws:s3:::dest', EncryptionConfiguration: { ReplicaKmsKeyID: DEST_KEY } },
    SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' } },
  });

function docs(encryptContext: string[], decryptContext: string[], prefix = 'logs/'): DocumentInput[] {
  const policy = [
    ...fullRolePolicy(),
    kms('kms:Decrypt', SRC_KEY, 'us-east-1', decryptContext),
    { ...kms('kms:Encrypt', DEST_KEY, 'us-west-2', encryptContext), Action: ['kms:Encrypt', 'kms:GenerateDataKey'] },
  ];
  return [
    { uri: 'config.json', text: configText([kmsRule(prefix)]) },
    { uri: 'role.json', text: policyText(policy) },
  ];
}

describe(RULE, () => {
  it('is silent when the patterns cover what the rule replicates (whole buckets, or the same prefix)', () => {
    assert.deepEqual(findingsOf(docs(['arn:aws:s3:::dest/*'], ['arn:aws:s3:::src/*']), 'role.json', RULE), []);
    assert.deepEqual(findingsOf(docs(['arn:aws:s3:::dest/logs/*'], ['arn:aws:s3:::src/logs/*']), 'role.json', RULE), []);
  });

  it('warns on the kms:Encrypt context that does not cover the replicas, on its value', () => {
    const inputs = docs(['arn:aws:s3:::dest/prefix1*'], ['arn:aws:s3:::src/*']);
    const [f, ...more] = findingsOf(inputs, 'role.json', RULE);
    assert.equal(more.length, 0);
    assert.equal(f.severity, 'warning');
    assert.equal(span(inputs[1].text, f).replace(/\s+/g, ''), '["arn:aws:s3:::dest/prefix1*"]');
    assert.match(f.message, /`kms:Encrypt` is allowed here only when .* matches "arn:aws:s3:::dest\/prefix1\*".*the replicas \(`arn:aws:s3:::dest\/logs\/\*`\)/);
    const fixed = applyFixIn(inputs, 'role.json', RULE);
    assert.ok(fixed.includes('"arn:aws:s3:::dest/logs/*"'));
  });

  it('warns on the kms:Decrypt context that does not cover the source objects', () => {
    const inputs = docs(['arn:aws:s3:::dest/*'], ['arn:aws:s3:::src/other/*']);
    const [f] = findingsOf(inputs, 'role.json', RULE);
    assert.match(f.message, /`kms:Decrypt`.*the source objects \(`arn:aws:s3:::src\/logs\/\*`\)/);
  });

  it('leaves a Bucket Key context (the bucket ARN) and other buckets\' statements alone', () => {
    assert.deepEqual(findingsOf(docs(['arn:aws:s3:::dest'], ['arn:aws:s3:::src']), 'role.json', RULE), []);
    assert.deepEqual(findingsOf(docs(['arn:aws:s3:::other-dest/x*'], ['arn:aws:s3:::src/*']), 'role.json', RULE), []);
  });

  it('is silent when the configuration does not replicate SSE-KMS objects', () => {
    const inputs = docs(['arn:aws:s3:::dest/prefix1*'], ['arn:aws:s3:::src/*']);
    inputs[0] = { uri: 'config.json', text: configText([rule({ Filter: { Prefix: 'logs/' } })]) };
    assert.deepEqual(findingsOf(inputs, 'role.json', RULE), []);
  });

  it('without a configuration, holds the context to the keys the role itself replicates (the S3 User Guide example)', () => {
    const policy = policyText([
      { Effect: 'Allow', Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'], Resource: ['arn:aws:s3:::SRC'] },
      { Effect: 'Allow', Action: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl'], Resource: ['arn:aws:s3:::SRC/key-prefix1*'] },
      { Effect: 'Allow', Action: ['s3:ReplicateObject', 's3:ReplicateDelete'], Resource: 'arn:aws:s3:::DEST/key-prefix1*' },
      kms('kms:Decrypt', SRC_KEY, 'us-east-1', ['arn:aws:s3:::SRC/key-prefix1*']),
      kms('kms:Encrypt', DEST_KEY, 'us-west-2', ['arn:aws:s3:::DEST/prefix1*']),
    ]);
    const fs = findingsOf([{ uri: 'role.json', text: policy }], 'role.json', RULE);
    assert.equal(fs.length, 1);
    assert.match(fs[0].message, /kms:Encrypt.*arn:aws:s3:::DEST\/key-prefix1\*/);
    // On the fifth statement, where the corpus expects it.
    const fifth = policy.indexOf('"kms:Encrypt"');
    assert.ok(fs[0].offset > fifth);
  });
});
