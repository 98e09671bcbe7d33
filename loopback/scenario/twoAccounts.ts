/**
 * Cross-account replication, the way platform teams set it up: a source account with the bucket and the
 * replication role, a destination account with the bucket and its replica KMS key, an organization over
 * both with an audit role in each. Options break one thing at a time (the destination bucket policy,
 * the replica key, Requester Pays, Object Ownership, an SCP), so tests and demos can see each failure.
 */
import type { Scenario, ScenarioBucket, ScenarioKey, ScenarioOrgPolicy } from './types';

export const TWO_ACCOUNTS = {
  source: '111122223333',
  destination: '444455556666',
  /** Access keys that sign for each account (the primary account also answers any other key). */
  sourceKey: 'AKIDSOURCEACCOUNT',
  destinationKey: 'AKIDDESTINATIONACCT',
  sourceBucket: 'prod-data',
  destinationBucket: 'dr-data',
  sourceRegion: 'us-east-1',
  destinationRegion: 'eu-west-1',
  role: 'crr-role',
  replicaKeyId: '1234abcd-12ab-34cd-56ef-1234567890ab',
  /** The role an organization's management account assumes in each member (read-only audit). */
  auditRole: 'OrganizationAccountAccessRole',
  externalId: 'audit-2026',
} as const;

export interface TwoAccountOptions {
  /** The destination bucket policy: allows the role (default), lacks it (another principal only), or none at all. */
  destinationPolicy?: 'allows-role' | 'lacks-role' | 'none';
  /** The replica KMS key: absent (default, no SSE-KMS rule), or present in this state. */
  replicaKey?: 'Enabled' | 'Disabled' | 'PendingDeletion' | 'asymmetric' | 'missing';
  /** The replica key's policy grants the role (default true). */
  replicaKeyGrantsRole?: boolean;
  requesterPays?: boolean;
  destinationOwnership?: 'BucketOwnerEnforced' | 'ObjectWriter';
  /** Owner override in the rule. */
  ownerOverride?: boolean;
  /** Destination versioning (default Enabled). */
  destinationVersioning?: 'Enabled' | 'Suspended' | 'Off';
  /** An SCP on the destination account denying s3:ReplicateObject. */
  denyingScp?: boolean;
  /** The destination bucket policy lets the source account read its settings (default true), as cross-account audits need. */
  destinationReadableFromSource?: boolean;
  replicationDelayMs?: number;
}

const A = TWO_ACCOUNTS;
const roleArn = `arn:aws:iam::${A.source}:role/${A.role}`;
const replicaKeyArn = `arn:aws:kms:${A.destinationRegion}:${A.destination}:key/${A.replicaKeyId}`;

function destinationPolicy(o: TwoAccountOptions): object | undefined {
  const reads = o.destinationReadableFromSource === false ? [] : [
    {
      Sid: 'SourceAccountReadsSettings',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${A.source}:root` },
      Action: ['s3:GetBucketVersioning', 's3:GetBucketObjectLockConfiguration', 's3:GetBucketOwnershipControls', 's3:GetBucketRequestPayment', 's3:GetBucketLocation', 's3:ListBucket'],
      Resource: `arn:aws:s3:::${A.destinationBucket}`,
    },
  ];
  const mode = o.destinationPolicy ?? 'allows-role';
  if (mode === 'none') return reads.length ? { Version: '2012-10-17', Statement: reads } : undefined;
  const principal = mode === 'allows-role' ? roleArn : `arn:aws:iam::${A.source}:role/some-other-role`;
  const writes = ['s3:ReplicateObject', 's3:ReplicateDelete', ...(o.ownerOverride ? ['s3:ObjectOwnerOverrideToBucketOwner'] : [])];
  return {
    Version: '2012-10-17',
    Statement: [...reads, { Sid: 'ReplicationWrites', Effect: 'Allow', Principal: { AWS: principal }, Action: writes, Resource: `arn:aws:s3:::${A.destinationBucket}/*` }],
  };
}

function replicaKey(o: TwoAccountOptions): ScenarioKey[] {
  if (!o.replicaKey || o.replicaKey === 'missing') return [];
  const statements: object[] = [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A.destination}:root` }, Action: 'kms:*', Resource: '*' }];
  if (o.replicaKeyGrantsRole !== false) statements.push({ Sid: 'ReplicationRole', Effect: 'Allow', Principal: { AWS: roleArn }, Action: ['kms:Encrypt', 'kms:GenerateDataKey'], Resource: '*' });
  // The source account may describe the key (DescribeKey works across accounts).
  statements.push({ Sid: 'SourceAccountDescribes', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A.source}:root` }, Action: 'kms:DescribeKey', Resource: '*' });
  return [
    {
      id: A.replicaKeyId,
      account: A.destination,
      region: A.destinationRegion,
      state: o.replicaKey === 'asymmetric' ? 'Enabled' : o.replicaKey,
      keySpec: o.replicaKey === 'asymmetric' ? 'RSA_2048' : 'SYMMETRIC_DEFAULT',
      aliases: ['alias/dr-replicas'],
      description: 'replica key for dr-data',
      policy: { Version: '2012-10-17', Statement: statements },
    },
  ];
}

const auditTrust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A.source}:root` }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': A.externalId } } }] };

export function twoAccountScenario(o: TwoAccountOptions = {}): Scenario {
  const kms = o.replicaKey !== undefined;
  const destination: ScenarioBucket = {
    name: A.destinationBucket,
    account: A.destination,
    region: A.destinationRegion,
    versioning: o.destinationVersioning ?? 'Enabled',
    ownershipControls: o.destinationOwnership ?? 'BucketOwnerEnforced',
    requesterPays: o.requesterPays,
    ...(kms ? { defaultEncryption: { algorithm: 'aws:kms' as const, kmsKeyId: replicaKeyArn } } : {}),
    label: 'destination account bucket',
  };
  const policy = destinationPolicy(o);
  if (policy) destination.policy = policy;
  const scp: ScenarioOrgPolicy[] = o.denyingScp
    ? [{ id: 'p-denyreplica', name: 'deny-replication-writes', type: 'SERVICE_CONTROL_POLICY', content: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 's3:ReplicateObject', Resource: '*' }] }, targets: [A.destination] }]
    : [];
  return {
    accountId: A.source,
    accessKeys: [A.sourceKey],
    replicationDelayMs: o.replicationDelayMs ?? 0,
    accounts: [{ id: A.destination, name: 'disaster-recovery', accessKeys: [A.destinationKey], roles: [{ name: A.auditRole, trustPolicy: auditTrust }] }],
    buckets: [
      {
        name: A.sourceBucket,
        region: A.sourceRegion,
        versioning: 'Enabled',
        ownershipControls: 'BucketOwnerEnforced',
        ...(kms ? { defaultEncryption: { algorithm: 'aws:kms' as const, kmsKeyId: `arn:aws:kms:${A.sourceRegion}:${A.source}:key/source-key-0001` } } : {}),
        replication: {
          Role: roleArn,
          Rules: [
            {
              ID: 'to-dr',
              Status: 'Enabled',
              Priority: 1,
              Filter: {},
              DeleteMarkerReplication: { Status: 'Disabled' },
              ...(kms ? { SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' } } } : {}),
              Destination: {
                Bucket: `arn:aws:s3:::${A.destinationBucket}`,
                Account: A.destination,
                ...(o.ownerOverride ? { AccessControlTranslation: { Owner: 'Destination' } } : {}),
                ...(kms ? { EncryptionConfiguration: { ReplicaKmsKeyID: replicaKeyArn } } : {}),
              },
            },
          ],
        },
        label: 'source account bucket',
      },
      destination,
    ],
    roles: [
      { name: A.role, trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole' }] }, inlinePolicies: { replication: rolePolicy(kms, o.ownerOverride) } },
      { name: A.auditRole, trustPolicy: auditTrust },
    ],
    keys: [
      ...(kms ? [{ id: 'source-key-0001', region: A.sourceRegion, aliases: ['alias/prod-data'], description: 'source objects' }] : []),
      ...replicaKey(o),
    ],
    organization: { managementAccount: A.source, policies: scp },
  };
}

function rolePolicy(kms: boolean, ownerOverride: boolean | undefined): object {
  const statements: object[] = [
    { Effect: 'Allow', Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'], Resource: `arn:aws:s3:::${A.sourceBucket}` },
    { Effect: 'Allow', Action: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'], Resource: `arn:aws:s3:::${A.sourceBucket}/*` },
    {
      Effect: 'Allow',
      Action: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags', ...(ownerOverride ? ['s3:ObjectOwnerOverrideToBucketOwner'] : [])],
      Resource: `arn:aws:s3:::${A.destinationBucket}/*`,
    },
  ];
  if (kms) {
    statements.push({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: `arn:aws:kms:${A.sourceRegion}:${A.source}:key/source-key-0001` });
    statements.push({ Effect: 'Allow', Action: ['kms:Encrypt', 'kms:GenerateDataKey'], Resource: replicaKeyArn });
  }
  return { Version: '2012-10-17', Statement: statements };
}
