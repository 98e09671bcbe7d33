/**
 * What a fix against AWS will do, decided before anything is sent: the exact API calls in order, the
 * document each one writes next to the document it replaces (for the preview), and what the user
 * gives up. S3's and IAM's write APIs replace whole documents, so every plan is built by merging into
 * the live document, and `losses` names anything live that the write would delete: a plan is only
 * executed when that list is empty or the user confirmed each entry.
 *
 * Plain data, no SDK types: the AWS layer maps each step to its command.
 */

import type { Prerequisite } from './prerequisites';

export type WriteApi =
  | 'PutBucketVersioning'
  | 'PutBucketReplication'
  | 'PutBucketPolicy'
  | 'PutKeyPolicy'
  | 'CreateRole'
  | 'UpdateAssumeRolePolicy'
  | 'PutRolePolicy'
  | 'CreatePolicy'
  | 'AttachRolePolicy'
  | 'CreateJob'
  | 'CreateQueue'
  | 'SetQueueAttributes'
  | 'DeleteQueue'
  | 'PutBucketNotificationConfiguration';

interface StepBase {
  /** One line for the confirmation and the progress notification. */
  title: string;
  /** The live document this call replaces ('' when there is none), as shown in the preview. */
  before: string;
  /** The document the call writes, as shown in the preview. */
  after: string;
  /** File name for the two preview documents, e.g. `trust-policy.json`. */
  previewName: string;
  /**
   * The account whose credentials send the call, when it is not the view's own (the other side of a
   * cross-account pair): the confirmation names it, and the call goes through that account's profile.
   */
  account?: string;
}

export interface VersioningStep extends StepBase {
  api: 'PutBucketVersioning';
  bucket: string;
  region?: string;
}

export interface ReplicationStep extends StepBase {
  api: 'PutBucketReplication';
  bucket: string;
  region?: string;
  /** The configuration as `put-bucket-replication` takes it (the SDK's member names are the same). */
  configuration: Record<string, unknown>;
  /** The role the configuration passes to S3: the caller needs `iam:PassRole` on it. */
  roleArn?: string;
}

/** Replaces a bucket policy (S3 has no merge: the planner merged into the live one). */
export interface BucketPolicyStep extends StepBase {
  api: 'PutBucketPolicy';
  bucket: string;
  region?: string;
  policy: string;
}

/** Replaces a KMS key policy (named `default`, the only name KMS has). */
export interface KeyPolicyStep extends StepBase {
  api: 'PutKeyPolicy';
  keyArn: string;
  region: string;
  policy: string;
}

export interface CreateRoleStep extends StepBase {
  api: 'CreateRole';
  roleName: string;
  path: string;
  description: string;
  trustPolicy: string;
}

export interface TrustStep extends StepBase {
  api: 'UpdateAssumeRolePolicy';
  roleName: string;
  trustPolicy: string;
}

export interface RolePolicyStep extends StepBase {
  api: 'PutRolePolicy';
  roleName: string;
  policyName: string;
  policy: string;
}

/** A customer managed policy, for grants that no longer fit in the role's inline policies. */
export interface CreatePolicyStep extends StepBase {
  api: 'CreatePolicy';
  policyName: string;
  path: string;
  description: string;
  policy: string;
  /** The ARN IAM gives it (account, path and name), which the attachment that follows names. */
  policyArn: string;
}

export interface AttachPolicyStep extends StepBase {
  api: 'AttachRolePolicy';
  roleName: string;
  policyArn: string;
}

export interface CreateJobStep extends StepBase {
  api: 'CreateJob';
  accountId: string;
  /** The source bucket's Region: the job runs there. */
  region?: string;
  bucket: string;
  roleArn: string;
  /** The CreateJob input (S3 Control member names), without the client request token. */
  request: Record<string, unknown>;
  /** Makes a retried CreateJob return the same job instead of starting a second one. */
  clientRequestToken: string;
}

export type BatchStatus = 'NONE' | 'FAILED' | 'COMPLETED' | 'REPLICA';

/** An SQS queue of ours: created with its attributes (policy included), given a policy, or deleted. */
export interface QueueStep extends StepBase {
  api: 'CreateQueue' | 'SetQueueAttributes' | 'DeleteQueue';
  queueName: string;
  /** The queue's Region: the bucket's (S3 sends events only to queues in its own Region). */
  region?: string;
  /** For CreateQueue and SetQueueAttributes, the attributes sent (`Policy` as its exact text). */
  attributes?: Record<string, string>;
}

/** A bucket's whole notification configuration, as `put-bucket-notification-configuration` takes it. */
export interface NotificationStep extends StepBase {
  api: 'PutBucketNotificationConfiguration';
  bucket: string;
  region?: string;
  configuration: Record<string, unknown>;
  /** The queue configuration this write adds or removes, to read back. */
  captureId: string;
  capture: 'added' | 'removed';
}

export type WriteStep = VersioningStep | ReplicationStep | BucketPolicyStep | KeyPolicyStep | CreateRoleStep | TrustStep | RolePolicyStep | CreatePolicyStep | AttachPolicyStep | CreateJobStep | QueueStep | NotificationStep;

export interface WritePlan {
  title: string;
  steps: WriteStep[];
  /** Said before the user confirms (costs, irreversibility, what could not be planned). */
  warnings: string[];
  /** Live content the write deletes. Empty unless the user asked for each entry. */
  losses: string[];
  /** Set when the plan must not run, with the reason; `steps` is then empty. */
  refused?: string;
  /**
   * When a refusal is only about buckets' state that a command of ours can change (versioning): the
   * steps to offer first, after which the same write is planned again from the live state.
   */
  prerequisites?: Prerequisite[];
  /**
   * Full lists that the warnings, losses or refusal only summarise ("… and 995 more"), one line each:
   * written to the output channel, never into a dialog.
   */
  details?: string[];
}

/** The resource a step is about, for confirmations and audit lines (`bucket source`, `role r`). */
export function stepTarget(step: WriteStep): string {
  switch (step.api) {
    case 'PutBucketVersioning':
    case 'PutBucketReplication':
    case 'CreateJob':
      return `bucket ${step.bucket}${step.account ? ` (account ${step.account})` : ''}`;
    case 'PutBucketNotificationConfiguration':
      return `bucket ${step.bucket}`;
    case 'CreateQueue':
    case 'SetQueueAttributes':
    case 'DeleteQueue':
      return `queue ${step.queueName}`;
    case 'PutBucketPolicy':
      return `bucket policy of ${step.bucket}${step.account ? ` (account ${step.account})` : ''}`;
    case 'PutKeyPolicy':
      return `key policy of ${step.keyArn}`;
    case 'PutRolePolicy':
      return `role ${step.roleName} (inline policy ${step.policyName})`;
    case 'CreatePolicy':
      return `managed policy ${step.policyName}`;
    case 'AttachRolePolicy':
      return `role ${step.roleName} (attach ${step.policyArn.slice(step.policyArn.lastIndexOf('/') + 1)})`;
    default:
      return `role ${step.roleName}`;
  }
}

/** Pretty JSON as the AWS CLI prints documents (4 spaces), ending in a newline. */
export function prettyJson(value: unknown): string {
  return JSON.stringify(value, null, 4) + '\n';
}

export function refusedPlan(title: string, reason: string): WritePlan {
  return { title, steps: [], warnings: [], losses: [], refused: reason };
}
