/**
 * What the fuzz starts from: the walkthrough as users copy it (read from
 * `../shared/examples/seed-walkthrough` when the fuzz runs, never copied here) and fixtures of our
 * own, each written to set off rules that offer fixes, so that mutations land next to fixable
 * findings. Kinds are the content-classified ones; a few seeds are also analysed under a forced kind.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Seed {
  name: string;
  value: unknown;
}

const ROLE = 'arn:aws:iam::123456789012:role/replication';
const DEST = 'arn:aws:s3:::dest-bucket';

function config(rules: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { Role: ROLE, Rules: rules, ...extra };
}

const V2 = { ID: 'r1', Status: 'Enabled', Priority: 1, Filter: { Prefix: 'logs/' }, DeleteMarkerReplication: { Status: 'Disabled' }, Destination: { Bucket: DEST } };

/** Configurations: one fixable problem or several per rule. */
const CONFIGS: Seed[] = [
  { name: 'v2-missing-dmr-priority', value: config([{ ID: 'a', Status: 'Enabled', Filter: {}, Destination: { Bucket: DEST } }]) },
  { name: 'v1-prefix', value: config([{ ID: 'old', Status: 'Enabled', Prefix: 'docs/', Destination: { Bucket: DEST, StorageClass: 'standard_ia' } }]) },
  { name: 'v1-with-priority-dmr', value: config([{ Status: 'Enabled', Prefix: '', Priority: 2, DeleteMarkerReplication: { Status: 'Disabled' }, Destination: { Bucket: DEST } }]) },
  { name: 'no-filter-no-prefix', value: config([{ ID: 'x', Status: 'enabled', Destination: { Bucket: 'dest-bucket' } }]) },
  { name: 'prefix-and-filter', value: config([{ ...V2, Prefix: 'a/', Filter: { Tag: { Key: 'k', Value: 'v' } } }, { ...V2, ID: 'r2', Priority: 2, Prefix: 'b/', Filter: {} }]) },
  { name: 'filter-two-children', value: config([{ ...V2, Filter: { Prefix: 'p/', Tag: { Key: 'k', Value: 'v' } } }]) },
  { name: 'and-single', value: config([{ ...V2, Filter: { And: { Prefix: 'x/' } } }, { ...V2, ID: 'r2', Priority: 2, Filter: { And: { Tags: [{ Key: 'a', Value: 'b' }] } } }]) },
  { name: 'dup-tags', value: config([{ ...V2, Filter: { And: { Prefix: 'p', Tags: [{ Key: 'a', Value: '1' }, { Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }] } }, DeleteMarkerReplication: { Status: 'Enabled' } }]) },
  {
    name: 'rtc-without-metrics',
    value: config([{ ...V2, Destination: { Bucket: DEST, ReplicationTime: { Status: 'Enabled', Time: { Minutes: 10 } } } }, { ...V2, ID: 'r2', Priority: 2, Destination: { Bucket: DEST, Metrics: { Status: 'Enabled', EventThreshold: { Minutes: 20 } }, ReplicationTime: { Status: 'Disabled', Time: { Minutes: 15 } } } }]),
  },
  { name: 'metrics-no-status', value: config([{ ...V2, Destination: { Bucket: DEST, Metrics: { EventThreshold: { Minutes: 15 } }, ReplicationTime: { Status: 'Enabled' } } }]) },
  { name: 'ids-and-priorities', value: config([{ ...V2, ID: 'same' }, { ...V2, ID: 'same', Priority: 1 }, { ...V2, ID: 'd\u00e9j\u00e0-vu', Priority: -3 }, { ...V2, ID: undefined, Priority: 'high' }]) },
  { name: 'all-disabled', value: config([{ ...V2, Status: 'Disabled' }, { ...V2, ID: 'r2', Priority: 2, Status: 'Disabled' }]) },
  { name: 'rules-object', value: { Role: ROLE, Rules: { ...V2 } } },
  { name: 'kms', value: config([{ ...V2, SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' } }, Destination: { Bucket: DEST, EncryptionConfiguration: { ReplicaKmsKeyID: 'alias/aws/s3' } } }, { ...V2, ID: 'r2', Priority: 2, SourceSelectionCriteria: {} }]) },
  { name: 'account-atc', value: config([{ ...V2, Destination: { Bucket: DEST, Account: '', AccessControlTranslation: { Owner: 'destination' } } }, { ...V2, ID: 'r2', Priority: 2, Destination: { Bucket: DEST, Account: '1234-5678-9012' } }]) },
  { name: 'existing-objects', value: { ReplicationConfiguration: config([{ ...V2, ExistingObjectReplication: { Status: 'Enabled' }, DeleteMarkerReplication: { Status: 'enabled' } }]) } },
  { name: 'prefixes', value: config([{ ...V2, Filter: { Prefix: '/leading/' } }, { ...V2, ID: 'r2', Priority: 2, Filter: { And: { Prefix: '/x', Tags: [{ Key: 'k', Value: 'v' }] } } }]) },
];

/** Policies: identity, trust, bucket, with grammar slips and missing replication permissions. */
const POLICIES: Seed[] = [
  {
    name: 'role-policy-gaps',
    value: {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Get', Effect: 'Allow', Action: ['s3:GetReplicationConfiguration', 's3:ListBucket', 's3:GetObjectVersionAcl'], Resource: ['arn:aws:s3:::source-bucket/*'] },
        { Sid: 'Put', Effect: 'allow', Action: 's3:ReplicateObject', Resource: 'arn:aws:s3:::dest-bucket/*' },
      ],
    },
  },
  { name: 'policy-no-version-effect', value: { Statement: { Action: ['s3:GetObject', 's3:GetObjct'], Resource: '*', Principal: { AWS: '*' } } } },
  { name: 'policy-bad-version', value: { Version: '2012-10-18', Statement: [{ Sid: 'has space', Effect: 'Allow', Action: 's3:Get*', NotAction: 's3:Put*', Resource: '*', Condtion: {} }] } },
  { name: 'policy-conditions', value: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { stringequals: { 'aws:SourceAccount': '123456789012' }, StringEqual: { 'aws:x': ['a'] } } }] } },
  {
    name: 'trust-policy',
    value: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 's3.amazon.com' }, Action: 'sts:AssumeRoleWithSAML', Resource: '*' }] },
  },
  { name: 'trust-ok-batch', value: { Version: '2008-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: ['s3.amazonaws.com'] }, Action: 'sts:AssumeRole' }] } },
  {
    name: 'bucket-policy',
    value: {
      Version: '2012-10-17',
      Statement: [{ Sid: 'Repl', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:role/Replication' }, Action: ['s3:ReplicateObject', 's3:ListBucket'], Resource: 'arn:aws:s3:::dest-bucket/*' }],
    },
  },
  { name: 'policy-wrapper', value: { PolicyName: 'p', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ReplicateDelete', Resource: 'arn:aws:s3:::dest-bucket' }] } } },
];

export const WALKTHROUGH_DIR = join(__dirname, '../../../shared/examples/seed-walkthrough');

/** The walkthrough's JSON files, read now (the fuzz follows the walkthrough as it changes). */
export function walkthrough(): { name: string; text: string }[] {
  return ['replication-config.json', 'role-policy.json', 'trust-policy.json'].map((f) => ({ name: `walkthrough/${f}`, text: readFileSync(join(WALKTHROUGH_DIR, f), 'utf8') }));
}

export function ownSeeds(): Seed[] {
  return [...CONFIGS, ...POLICIES];
}
