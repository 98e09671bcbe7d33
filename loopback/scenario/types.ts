/**
 * The scenario format: what the endpoint holds when it starts (also the JSON of `--scenario` files).
 * Everything is plain JSON so that a scenario can be written by hand, generated, or saved.
 */
import type { LoopbackState } from '../state';

export type VersioningStatus = 'Enabled' | 'Suspended' | 'Off';
export type ObjectOwnership = 'BucketOwnerEnforced' | 'BucketOwnerPreferred' | 'ObjectWriter';
export type SseAlgorithm = 'AES256' | 'aws:kms' | 'aws:kms:dsse';

/** A bucket's default encryption, as PutBucketEncryption sets it. */
export interface ScenarioEncryption {
  algorithm: SseAlgorithm;
  /** With aws:kms or aws:kms:dsse: the key; absent means the AWS managed key aws/s3. */
  kmsKeyId?: string;
}
export type ObjectReplicationStatus = 'PENDING' | 'COMPLETED' | 'FAILED' | 'REPLICA';

/** A replication configuration exactly as `aws s3api put-bucket-replication --replication-configuration` takes it. */
export interface ReplicationConfiguration {
  Role: string;
  Rules: ReplicationRule[];
}

export interface StatusElement {
  Status: string;
}

export interface ReplicationTag {
  Key: string;
  Value: string;
}

export interface ReplicationFilter {
  Prefix?: string;
  Tag?: ReplicationTag;
  And?: { Prefix?: string; Tags?: ReplicationTag[] };
}

export interface ReplicationDestination {
  Bucket: string;
  Account?: string;
  StorageClass?: string;
  AccessControlTranslation?: { Owner: string };
  EncryptionConfiguration?: { ReplicaKmsKeyID?: string };
  ReplicationTime?: { Status: string; Time?: { Minutes?: number } };
  Metrics?: { Status: string; EventThreshold?: { Minutes?: number } };
}

export interface ReplicationRule {
  ID?: string;
  Priority?: number;
  /** V1 (deprecated) rule-level prefix. */
  Prefix?: string;
  Filter?: ReplicationFilter;
  Status: string;
  SourceSelectionCriteria?: { SseKmsEncryptedObjects?: StatusElement; ReplicaModifications?: StatusElement };
  ExistingObjectReplication?: StatusElement;
  Destination: ReplicationDestination;
  DeleteMarkerReplication?: StatusElement;
}

export interface ReplicationExtraXml {
  at: string;
  xml: string;
}

export interface ScenarioObject {
  key: string;
  /** UTF-8 text; default empty. */
  body?: string;
  contentType?: string;
  tags?: Record<string, string>;
  /** Uploaded before the bucket had its replication configuration: live replication never touches it (no status). */
  uploadedBeforeReplication?: boolean;
  /**
   * Forces the status instead of simulating replication (no replica is written). Without it, an object in a
   * bucket whose configuration matches it is replicated at load time, with the outcome the current state gives.
   */
  replicationStatus?: ObjectReplicationStatus;
  /** `x-amz-storage-class` of the upload (default STANDARD); GLACIER and DEEP_ARCHIVE objects are not replicated. */
  storageClass?: string;
  /** An Intelligent-Tiering archive tier the object sits in (`ARCHIVE_ACCESS`, `DEEP_ARCHIVE_ACCESS`): not replicated either. */
  archiveStatus?: 'ARCHIVE_ACCESS' | 'DEEP_ARCHIVE_ACCESS';
  /** Uploaded this many minutes before the scenario loads (default: seconds before, in listed order); its metrics and events carry that time. */
  ageMinutes?: number;
}

/** A notification configuration as `aws s3api put-bucket-notification-configuration` takes it. */
export interface ScenarioNotification {
  TopicConfigurations?: { Id?: string; TopicArn: string; Events: string[]; Filter?: ScenarioKeyFilter }[];
  QueueConfigurations?: { Id?: string; QueueArn: string; Events: string[]; Filter?: ScenarioKeyFilter }[];
  LambdaFunctionConfigurations?: { Id?: string; LambdaFunctionArn: string; Events: string[]; Filter?: ScenarioKeyFilter }[];
  EventBridgeConfiguration?: Record<string, never>;
}

export interface ScenarioKeyFilter {
  Key?: { FilterRules?: { Name: string; Value: string }[] };
}

/** An SQS queue (standard). */
export interface ScenarioQueue {
  name: string;
  /** Default us-east-1. */
  region?: string;
  /** The queue policy: a JSON object or its exact text. */
  policy?: unknown;
  /** Other attributes (VisibilityTimeout, MessageRetentionPeriod…), as strings or numbers. */
  attributes?: Record<string, string | number>;
}

export interface ScenarioObjectLock {
  /** Default retention, as in PutObjectLockConfiguration. */
  mode?: 'GOVERNANCE' | 'COMPLIANCE';
  days?: number;
  years?: number;
}

export interface ScenarioBucket {
  name: string;
  /** Default us-east-1. */
  region?: string;
  /** Default Off (never enabled). Object Lock buckets are always Enabled. */
  versioning?: VersioningStatus;
  replication?: ReplicationConfiguration;
  /**
   * XML elements the stored configuration holds beyond the S3 model the endpoint knows (a feature newer
   * than a client's SDK): GetBucketReplication returns each `xml` fragment as the last children of the
   * element at `at` ('' for `<ReplicationConfiguration>`, `Rules[0]`, `Rules[0].Destination`…, in the
   * CLI's member names). A PutBucketReplication or DeleteBucketReplication drops them.
   */
  replicationExtraXml?: ReplicationExtraXml[];
  /** Bucket policy: a JSON object or the exact policy text. */
  policy?: unknown;
  /** Owner: the primary account (default) or one of `accounts[].id`. */
  account?: string;
  /** Requester Pays (default false). */
  requesterPays?: boolean;
  /** Default BucketOwnerEnforced (what S3 gives new buckets); 'none' for a bucket without ownership controls. */
  ownershipControls?: ObjectOwnership | 'none';
  /** true, or the default retention; absent or false: no Object Lock. */
  objectLock?: boolean | ScenarioObjectLock;
  /** Default SSE-S3 (AES256), what S3 gives every bucket since January 2023. */
  defaultEncryption?: ScenarioEncryption;
  objects?: ScenarioObject[];
  /** Stored as given (queue destinations must be among the scenario's `queues`; topics and functions are not checked). */
  notification?: ScenarioNotification;
  /** ISO date; default the load time. */
  creationDate?: string;
  /** Free text for people and tests (e.g. which state a generated bucket stands for); the endpoint ignores it. */
  label?: string;
}

export interface ScenarioRole {
  name: string;
  /** Default '/'. */
  path?: string;
  description?: string;
  /** Trust (assume-role) policy: a JSON object or the exact text. */
  trustPolicy: unknown;
  /** Inline policies by name: JSON objects or exact texts. */
  inlinePolicies?: Record<string, unknown>;
  attachedPolicyArns?: string[];
  /** ARN of a managed policy (in `managedPolicies`) that caps the role's permissions. */
  permissionsBoundary?: string;
}

export interface ScenarioManagedPolicy {
  name: string;
  /** Default arn:aws:iam::<account>:policy<path><name>; give it to model AWS-managed policies. */
  arn?: string;
  path?: string;
  document: unknown;
}

/** A fault: which calls it hits (all when a selector is absent) and what it does to them. */
export interface FaultSpec {
  /** Operation name as AWS names it ('GetBucketReplication', 'ListBuckets', 'PutRolePolicy', 'CreateJob'...) or '*'. */
  operation?: string;
  /** Only requests addressed to this bucket. */
  bucket?: string;
  /** Delay before the answer (does not block other requests). */
  latencyMs?: number;
  /** Answer with this error instead (S3: 403 AccessDenied, 503 SlowDown, 500 InternalError; IAM/STS: their shapes). */
  error?: 'AccessDenied' | 'SlowDown' | 'Throttling' | 'InternalError';
  /** Destroy the connection without answering. */
  drop?: boolean;
  /** Hold the request and never answer (until the endpoint closes): a hung server, for client timeouts. */
  hang?: boolean;
  /**
   * Test code only (a function is no JSON): runs against the state right after a matching request was
   * answered, as a concurrent writer would between a client's read and its write.
   */
  change?: (state: LoopbackState) => void;
  /** Hit only this many matching requests, then disappear. */
  times?: number;
}

/** Another AWS account: what it holds besides buckets (buckets name their `account`). */
export interface ScenarioAccount {
  id: string;
  /** As Organizations lists it. */
  name?: string;
  email?: string;
  /** Access key ids whose requests act as this account's user `loopback`. */
  accessKeys?: string[];
  roles?: ScenarioRole[];
  managedPolicies?: ScenarioManagedPolicy[];
  trustPolicySizeQuota?: number;
}

export type ScenarioKeyState = 'Enabled' | 'Disabled' | 'PendingDeletion';

/** A KMS key. */
export interface ScenarioKey {
  /** Key id (default: derived from the account, Region and first alias). */
  id?: string;
  /** Owner: the primary account (default) or one of `accounts[].id`. */
  account?: string;
  /** Default us-east-1. */
  region?: string;
  /** Default Enabled. */
  state?: ScenarioKeyState;
  /** Default SYMMETRIC_DEFAULT; e.g. RSA_2048 for an asymmetric key. */
  keySpec?: string;
  /** Default ENCRYPT_DECRYPT. */
  keyUsage?: string;
  multiRegion?: boolean;
  /** An AWS managed key (aws/s3): its policy cannot be changed. */
  awsManaged?: boolean;
  description?: string;
  /** `alias/name` entries. */
  aliases?: string[];
  /** Key policy, object or exact text; default: the account's root may do everything (KMS's default key policy). */
  policy?: unknown;
}

export interface ScenarioOrgPolicy {
  id: string;
  name: string;
  type: 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY';
  description?: string;
  awsManaged?: boolean;
  /** The policy document, object or exact text. */
  content: unknown;
  /** Root, OU or account ids it is attached to. */
  targets: string[];
}

/** An AWS Organization over the scenario's accounts (all of them are members). */
export interface ScenarioOrganization {
  /** Default o-loopback01. */
  id?: string;
  /** Default the primary account. */
  managementAccount?: string;
  delegatedAdministrators?: string[];
  /** Default r-root. */
  rootId?: string;
  units?: { id: string; name: string; parent?: string }[];
  /** Account id → parent OU id; other accounts sit under the root. */
  parents?: Record<string, string>;
  policies?: ScenarioOrgPolicy[];
}

export interface Scenario {
  /** Default 123456789012. */
  accountId?: string;
  /** Access key ids that sign for the primary account (any key nobody registered does too). */
  accessKeys?: string[];
  /**
   * Access key id → secret access key. Requests signed with these keys (of any account) have their
   * SigV4 signature verified, as the keys AssumeRole hands out always do; other keys are accepted unverified.
   */
  signingSecrets?: Record<string, string>;
  /** More accounts; buckets and keys name theirs with `account`. */
  accounts?: ScenarioAccount[];
  keys?: ScenarioKey[];
  organization?: ScenarioOrganization;
  buckets?: ScenarioBucket[];
  roles?: ScenarioRole[];
  managedPolicies?: ScenarioManagedPolicy[];
  /** SQS queues, created before the buckets' notification configurations refer to them. */
  queues?: ScenarioQueue[];
  faults?: FaultSpec[];
  /** How long an object stays PENDING before replication settles (default 500 ms). */
  replicationDelayMs?: number;
  /**
   * How a bucket request signed for the wrong region is answered: 301 PermanentRedirect (default, what a
   * regional S3 endpoint answers) or 400 AuthorizationHeaderMalformed (what the global endpoint answers).
   */
  wrongRegion?: 'PermanentRedirect' | 'AuthorizationHeaderMalformed';
  /** The account's role trust policy quota in non-whitespace characters (default 2,048, IAM's default). */
  trustPolicySizeQuota?: number;
}
