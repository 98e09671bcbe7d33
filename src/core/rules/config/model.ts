/**
 * The members of a replication configuration, shape by shape, as the AWS CLI and SDKs validate them
 * before anything is sent: the `PutBucketReplication` input of the S3 API, and of the S3 Control
 * API for S3 on Outposts (its rules also name their source `Bucket`, and its `Destination` lists
 * the same members in another order). Member order is the model's, because the CLI's
 * "must be one of" lists them in that order and messages quote the CLI.
 * Source: botocore `data/s3/2006-03-01` and `data/s3control/2018-08-20` (service-2.json).
 */
import { Node } from 'jsonc-parser';
import { isOutpostsArn } from '../../iam/arn';
import { elements, member, stringValue } from '../../json';

export type ShapeName =
  | 'ReplicationConfiguration'
  | 'ReplicationRule'
  | 'ReplicationRuleFilter'
  | 'Tag'
  | 'ReplicationRuleAndOperator'
  | 'ReplicationRuleNotOperator'
  | 'ReplicationRuleOrOperator'
  | 'UseSourceMultiRegionKey'
  | 'SourceSelectionCriteria'
  | 'SseKmsEncryptedObjects'
  | 'ReplicaModifications'
  | 'ExistingObjectReplication'
  | 'DeleteMarkerReplication'
  | 'Destination'
  | 'AccessControlTranslation'
  | 'EncryptionConfiguration'
  | 'ReplicationTime'
  | 'ReplicationTimeValue'
  | 'Metrics';

/** What a member holds: a scalar, an object of `shape`, a list of objects of `shape`, or a list of strings. */
export type MemberType =
  | { kind: 'string' }
  | { kind: 'integer' }
  | { kind: 'structure'; shape: ShapeName }
  | { kind: 'list'; shape: ShapeName }
  | { kind: 'stringList' };

export interface MemberDef {
  name: string;
  type: MemberType;
}

export type Model = Readonly<Record<ShapeName, readonly MemberDef[]>>;

const str = (name: string): MemberDef => ({ name, type: { kind: 'string' } });
const int = (name: string): MemberDef => ({ name, type: { kind: 'integer' } });
const obj = (name: string, shape: ShapeName = name as ShapeName): MemberDef => ({ name, type: { kind: 'structure', shape } });
const list = (name: string, shape: ShapeName): MemberDef => ({ name, type: { kind: 'list', shape } });
const strings = (name: string): MemberDef => ({ name, type: { kind: 'stringList' } });

const COMMON = {
  ReplicationConfiguration: [str('Role'), list('Rules', 'ReplicationRule')],
  ReplicationRuleFilter: [str('Prefix'), obj('Tag'), obj('And', 'ReplicationRuleAndOperator')],
  Tag: [str('Key'), str('Value')],
  ReplicationRuleAndOperator: [str('Prefix'), list('Tags', 'Tag')],
  // Shapes only the S3 API has (below); S3 Control never refers to them.
  ReplicationRuleNotOperator: [str('Prefix'), obj('Tag'), obj('Or', 'ReplicationRuleOrOperator')],
  ReplicationRuleOrOperator: [strings('Prefixes'), list('Tags', 'Tag')],
  UseSourceMultiRegionKey: [str('Status')],
  SourceSelectionCriteria: [obj('SseKmsEncryptedObjects'), obj('ReplicaModifications')],
  SseKmsEncryptedObjects: [str('Status')],
  ReplicaModifications: [str('Status')],
  ExistingObjectReplication: [str('Status')],
  DeleteMarkerReplication: [str('Status')],
  AccessControlTranslation: [str('Owner')],
  EncryptionConfiguration: [str('ReplicaKmsKeyID')],
  ReplicationTime: [str('Status'), obj('Time', 'ReplicationTimeValue')],
  ReplicationTimeValue: [int('Minutes')],
  Metrics: [str('Status'), obj('EventThreshold', 'ReplicationTimeValue')],
} as const;

const RULE = [
  str('ID'),
  int('Priority'),
  str('Prefix'),
  obj('Filter', 'ReplicationRuleFilter'),
  str('Status'),
  obj('SourceSelectionCriteria'),
  obj('ExistingObjectReplication'),
  obj('Destination'),
  obj('DeleteMarkerReplication'),
];

/**
 * `aws s3api put-bucket-replication`. The newest S3 model also has exclusion filters (`Not`, with
 * `Or`) and `EncryptionConfiguration.UseSourceMultiRegionKey` (@aws-sdk/client-s3 3.1175; botocore
 * and AWS CLIs before them refuse these members, S3 accepts them).
 */
export const S3_MODEL: Model = {
  ...COMMON,
  ReplicationRuleFilter: [...COMMON.ReplicationRuleFilter, obj('Not', 'ReplicationRuleNotOperator')],
  ReplicationRuleAndOperator: [...COMMON.ReplicationRuleAndOperator, obj('Not', 'ReplicationRuleNotOperator')],
  EncryptionConfiguration: [str('ReplicaKmsKeyID'), obj('UseSourceMultiRegionKey')],
  ReplicationRule: RULE,
  Destination: [
    str('Bucket'),
    str('Account'),
    str('StorageClass'),
    obj('AccessControlTranslation'),
    obj('EncryptionConfiguration'),
    obj('ReplicationTime'),
    obj('Metrics'),
  ],
};

/** `aws s3control put-bucket-replication` (S3 on Outposts). */
export const OUTPOSTS_MODEL: Model = {
  ...COMMON,
  ReplicationRule: [...RULE, str('Bucket')],
  Destination: [
    str('Account'),
    str('Bucket'),
    obj('ReplicationTime'),
    obj('AccessControlTranslation'),
    obj('EncryptionConfiguration'),
    obj('Metrics'),
    str('StorageClass'),
  ],
};

/**
 * A configuration for S3 on Outposts: a destination (or a rule's source `Bucket`) is an Outposts
 * ARN. Such configurations go through the S3 Control API, with its model and its limits.
 */
export function isOutpostsConfig(config: Node | undefined): boolean {
  if (!config) return false;
  let hit = outposts.get(config);
  if (hit === undefined) {
    hit = elements(member(config, 'Rules')).some(
      (rule) => isOutpostsArn(stringValue(member(member(rule, 'Destination'), 'Bucket'))) || isOutpostsArn(stringValue(member(rule, 'Bucket'))),
    );
    outposts.set(config, hit);
  }
  return hit;
}

const outposts = new WeakMap<Node, boolean>();

export function modelFor(config: Node | undefined): Model {
  return isOutpostsConfig(config) ? OUTPOSTS_MODEL : S3_MODEL;
}

export function memberOf(model: Model, shape: ShapeName, name: string): MemberDef | undefined {
  return model[shape].find((m) => m.name === name);
}
