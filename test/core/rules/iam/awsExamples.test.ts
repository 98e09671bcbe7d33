/**
 * The policies AWS documents for replication, with their placeholders filled in, must produce no
 * errors: the permission policy and trust policies for live replication, the prefix-scoped SSE-KMS
 * example, and the cross-account destination bucket policy (Setting up permissions for live
 * replication; Replicating encrypted objects).
 */
import { strict as assert } from 'node:assert';
import { DocumentInput } from '../../../../src/core/document';
import { json } from '../../../helpers';
import { configText, findingsOf, policyText, rule } from './helpers';

const SOURCE = 'amzn-s3-demo-source-bucket';
const DEST = 'amzn-s3-demo-destination-bucket';
const ROLE = 'arn:aws:iam::111122223333:role/service-role/source-acct-IAM-role';
const SOURCE_KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const REPLICA_KEY = 'arn:aws:kms:us-west-2:444455556666:key/abcd1234-12ab-34cd-56ef-1234567890ab';

const LIVE_REPLICATION = policyText([
  { Effect: 'Allow', Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'], Resource: [`arn:aws:s3:::${SOURCE}`] },
  { Effect: 'Allow', Action: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'], Resource: [`arn:aws:s3:::${SOURCE}/*`] },
  { Effect: 'Allow', Action: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'], Resource: `arn:aws:s3:::${DEST}/*` },
]);

const TRUST = policyText([{ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole' }]);
const TRUST_WITH_BATCH = policyText([{ Effect: 'Allow', Principal: { Service: ['s3.amazonaws.com', 'batchoperations.s3.amazonaws.com'] }, Action: 'sts:AssumeRole' }]);

const KMS_PREFIX_SCOPED = policyText([
  {
    Action: ['s3:ListBucket', 's3:GetReplicationConfiguration', 's3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'],
    Effect: 'Allow',
    Resource: [`arn:aws:s3:::${SOURCE}`, `arn:aws:s3:::${SOURCE}/key-prefix1*`],
  },
  {
    Action: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'],
    Effect: 'Allow',
    Condition: {
      StringLikeIfExists: {
        's3:x-amz-server-side-encryption': ['aws:kms', 'AES256', 'aws:kms:dsse'],
        's3:x-amz-server-side-encryption-aws-kms-key-id': [REPLICA_KEY],
      },
    },
    Resource: `arn:aws:s3:::${DEST}/key-prefix1*`,
  },
  {
    Action: ['kms:Decrypt'],
    Effect: 'Allow',
    Condition: { StringLike: { 'kms:ViaService': 's3.us-east-1.amazonaws.com', 'kms:EncryptionContext:aws:s3:arn': [`arn:aws:s3:::${SOURCE}/key-prefix1*`] } },
    Resource: [SOURCE_KEY],
  },
  {
    Action: ['kms:Encrypt'],
    Effect: 'Allow',
    Condition: { StringLike: { 'kms:ViaService': 's3.us-west-2.amazonaws.com', 'kms:EncryptionContext:aws:s3:arn': [`arn:aws:s3:::${DEST}/key-prefix1*`] } },
    Resource: [REPLICA_KEY],
  },
]);

const CROSS_ACCOUNT_DESTINATION = json({
  Version: '2012-10-17',
  Id: 'PolicyForDestinationBucket',
  Statement: [
    { Sid: 'Permissions on objects', Effect: 'Allow', Principal: { AWS: ROLE }, Action: ['s3:ReplicateDelete', 's3:ReplicateObject'], Resource: `arn:aws:s3:::${DEST}/*` },
    { Sid: 'Permissions on bucket', Effect: 'Allow', Principal: { AWS: ROLE }, Action: ['s3:List*', 's3:GetBucketVersioning', 's3:PutBucketVersioning'], Resource: `arn:aws:s3:::${DEST}` },
  ],
});

function errors(inputs: DocumentInput[], uri: string): string[] {
  return findingsOf(inputs, uri)
    .filter((f) => f.severity === 'error')
    .map((f) => `${f.ruleId}: ${f.message}`);
}

describe('AWS\'s documented replication policies produce no errors', () => {
  it('the live replication permission policy, alone and with a matching configuration', () => {
    assert.deepEqual(errors([{ uri: 'role.json', text: LIVE_REPLICATION }], 'role.json'), []);
    const config = { uri: 'config.json', text: configText([rule({ Destination: { Bucket: `arn:aws:s3:::${DEST}` } })], ROLE) };
    const all = findingsOf([config, { uri: 'role.json', text: LIVE_REPLICATION }], 'role.json');
    assert.deepEqual(all.map((f) => f.ruleId), [], 'not even a warning or an info');
  });

  it('both trust policies', () => {
    for (const text of [TRUST, TRUST_WITH_BATCH]) assert.deepEqual(errors([{ uri: 'trust.json', text }], 'trust.json'), []);
    assert.deepEqual(findingsOf([{ uri: 'trust.json', text: TRUST_WITH_BATCH }], 'trust.json'), []);
  });

  it('the prefix-scoped SSE-KMS policy, with the configuration it is written for', () => {
    const config = {
      uri: 'config.json',
      text: configText(
        [
          rule({
            Filter: { Prefix: 'key-prefix1' },
            SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' } },
            Destination: { Bucket: `arn:aws:s3:::${DEST}`, EncryptionConfiguration: { ReplicaKmsKeyID: REPLICA_KEY } },
          }),
        ],
        ROLE,
      ),
    };
    assert.deepEqual(errors([config, { uri: 'kms.json', text: KMS_PREFIX_SCOPED }], 'kms.json'), []);
    assert.deepEqual(errors([{ uri: 'kms.json', text: KMS_PREFIX_SCOPED }], 'kms.json'), []);
  });

  it('the cross-account destination bucket policy, with its configuration', () => {
    const config = { uri: 'config.json', text: configText([rule({ Destination: { Bucket: `arn:aws:s3:::${DEST}`, Account: '444455556666' } })], ROLE) };
    const inputs = [config, { uri: 'bucket.json', text: CROSS_ACCOUNT_DESTINATION }];
    assert.deepEqual(errors(inputs, 'bucket.json'), []);
    assert.deepEqual(errors([inputs[1]], 'bucket.json'), []);
  });
});
