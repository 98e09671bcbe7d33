/** What the endpoint holds: buckets with their objects, IAM roles and policies, Batch Operations jobs. */
import { createHash, randomBytes } from 'node:crypto';
import { MetricStore } from './cloudwatch/metrics';
import { DEFAULT_TRUST_POLICY_SIZE_QUOTA } from './iam/policyLimits';
import { Replicator } from './replication/engine';
import { QueueStore } from './sqs/queues';
import type { ObjectOwnership, ObjectReplicationStatus, ReplicationConfiguration, ReplicationExtraXml, ScenarioEncryption, ScenarioObjectLock, VersioningStatus } from './scenario/types';

export interface ReplicationFailure {
  /** Destination bucket name. */
  destination: string;
  /** S3's failure reason (https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-failure-codes.html), when AWS documents one. */
  reason?: string;
  /** Role permissions that were missing, as `action on resource`. */
  missingActions: string[];
}

export interface ObjectVersion {
  key: string;
  /** 'null' in a bucket whose versioning was never enabled or is suspended. */
  versionId: string;
  body: Buffer;
  etag: string;
  contentType: string;
  lastModified: Date;
  tags: Record<string, string>;
  /** Server-side encryption of the stored version (`AES256`, `aws:kms`, `aws:kms:dsse`) and its KMS key ARN. */
  sse?: string;
  kmsKeyArn?: string;
  replicationStatus?: ObjectReplicationStatus;
  /** Why replication failed (set with FAILED). */
  replicationFailures?: ReplicationFailure[];
  /** `STANDARD` when absent (S3 then sends no `x-amz-storage-class`). */
  storageClass?: string;
  /** Intelligent-Tiering archive tier (`ARCHIVE_ACCESS`, `DEEP_ARCHIVE_ACCESS`), sent as `x-amz-archive-status`. */
  archiveStatus?: string;
}

/** One destination of a bucket's notification configuration, as PutBucketNotificationConfiguration takes it. */
export interface NotificationTarget {
  id: string;
  /** Topic, queue or Lambda function ARN. */
  arn: string;
  events: string[];
  /** `prefix` / `suffix` key filter rules, names as sent. */
  filterRules: { name: string; value: string }[];
}

export interface NotificationState {
  topics: NotificationTarget[];
  queues: NotificationTarget[];
  lambdas: NotificationTarget[];
  eventBridge: boolean;
}

export interface BucketState {
  name: string;
  region: string;
  creationDate: Date;
  versioning: VersioningStatus;
  replication?: ReplicationConfiguration;
  /** Elements of the stored configuration beyond the modelled shape (see ScenarioBucket.replicationExtraXml). */
  replicationExtraXml?: ReplicationExtraXml[];
  policy?: string;
  /** Account that owns the bucket (the scenario's primary account unless a bucket names another). */
  owner: string;
  /** Requester Pays (GetBucketRequestPayment answers `Requester`). */
  requesterPays?: boolean;
  ownership?: ObjectOwnership;
  objectLock?: ScenarioObjectLock;
  encryption: ScenarioEncryption;
  notification?: NotificationState;
  /** The lifecycle configuration's XML as PutBucketLifecycleConfiguration stored it. */
  lifecycle?: string;
  /** Versions per key, newest first. */
  objects: Map<string, ObjectVersion[]>;
  label?: string;
}

export interface RoleState {
  name: string;
  path: string;
  roleId: string;
  arn: string;
  createDate: Date;
  description?: string;
  maxSessionDuration: number;
  /** Kept as sent: IAM returns documents as they were written (URL-encoded on the wire). */
  trustPolicy: string;
  inlinePolicies: Map<string, string>;
  attachedPolicyArns: string[];
  /** A managed policy capping the role's permissions. */
  permissionsBoundaryArn?: string;
}

export interface ManagedPolicyState {
  arn: string;
  name: string;
  path: string;
  policyId: string;
  createDate: Date;
  defaultVersionId: string;
  document: string;
  description?: string;
}

export interface JobState {
  jobId: string;
  accountId: string;
  region: string;
  roleArn: string;
  priority: number;
  description?: string;
  confirmationRequired: boolean;
  clientRequestToken?: string;
  /** Operation element name, e.g. S3ReplicateObject. */
  operation: string;
  /** Source bucket of a generated manifest. */
  sourceBucket?: string;
  /** Replication statuses the generated manifest selects (NONE, FAILED, COMPLETED, REPLICA); empty: all. */
  statusFilter: string[];
  status: 'New' | 'Suspended' | 'Active' | 'Complete' | 'Failed';
  statusUpdateReason?: string;
  failureReasons: { code: string; reason: string }[];
  tasks: { total: number; succeeded: number; failed: number };
  creationTime: Date;
  terminationDate?: Date;
  /** The request's Manifest / ManifestGenerator / Report elements, echoed by DescribeJob. */
  requestXml: Record<string, string>;
}

export const DEFAULT_ACCOUNT = '123456789012';

export type KmsKeyState = 'Enabled' | 'Disabled' | 'PendingDeletion' | 'PendingImport' | 'Unavailable';

/** A KMS key as DescribeKey reports it, with its key policy. */
export interface KmsKey {
  keyId: string;
  arn: string;
  accountId: string;
  region: string;
  state: KmsKeyState;
  /** SYMMETRIC_DEFAULT, RSA_2048, ECC_NIST_P256, HMAC_256… */
  keySpec: string;
  keyUsage: string;
  multiRegion: boolean;
  /** CUSTOMER, or AWS for an AWS managed key (aws/s3). */
  keyManager: 'CUSTOMER' | 'AWS';
  description: string;
  creationDate: Date;
  deletionDate?: Date;
  /** Kept as sent, like IAM documents. */
  policy: string;
}

/**
 * What one AWS account holds apart from buckets (whose names are global): IAM roles and managed
 * policies, KMS keys and aliases. The primary account is the state itself; other accounts are
 * `AccountState`s in `state.accounts`.
 */
export interface IamAccount {
  readonly accountId: string;
  readonly roles: Map<string, RoleState>;
  readonly managedPolicies: Map<string, ManagedPolicyState>;
  trustPolicySizeQuota: number;
  /** Keys by key id. */
  readonly kmsKeys: Map<string, KmsKey>;
  /** `region/alias/name` → key id. */
  readonly kmsAliases: Map<string, string>;
  roleArn(name: string, path?: string): string;
  policyArn(name: string, path?: string): string;
}

export class AccountState implements IamAccount {
  readonly roles = new Map<string, RoleState>();
  readonly managedPolicies = new Map<string, ManagedPolicyState>();
  readonly kmsKeys = new Map<string, KmsKey>();
  readonly kmsAliases = new Map<string, string>();
  trustPolicySizeQuota = DEFAULT_TRUST_POLICY_SIZE_QUOTA;
  /** Name and e-mail as Organizations lists them. */
  name?: string;
  email?: string;

  constructor(readonly accountId: string) {}

  roleArn(name: string, path = '/'): string {
    return `arn:aws:iam::${this.accountId}:role${path}${name}`;
  }

  policyArn(name: string, path = '/'): string {
    return `arn:aws:iam::${this.accountId}:policy${path}${name}`;
  }
}

/** Who signed a request: the account its access key belongs to, and the principal ARN. */
export interface Caller {
  account: IamAccount;
  /** `arn:aws:iam::<account>:user/loopback`, or `arn:aws:sts::<account>:assumed-role/<role>/<session>`. */
  arn: string;
  /** For an assumed-role session: the role's ARN (bucket and key policies name roles by it). */
  roleArn?: string;
}

/** An AWS Organizations policy (SCP or RCP) and where it is attached. */
export interface OrgPolicy {
  id: string;
  name: string;
  description: string;
  type: 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY';
  awsManaged: boolean;
  content: string;
  /** Root, OU or account ids. */
  targets: string[];
}

export interface OrgUnit {
  id: string;
  name: string;
  /** Root or OU id. */
  parent: string;
}

export interface Organization {
  id: string;
  managementAccount: string;
  /** Accounts registered as delegated administrators (they may list accounts and policies too). */
  delegatedAdministrators: string[];
  rootId: string;
  units: OrgUnit[];
  /** Member accounts (the management account included) → parent root or OU id. */
  members: Map<string, string>;
  policies: OrgPolicy[];
}

/** Stable ids derived from a name, so that scenarios give the same ids on every run. */
export function stableId(prefix: string, seed: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const digest = createHash('sha256').update(seed).digest();
  let id = prefix;
  for (let i = 0; id.length < 21; i++) id += alphabet[digest[i] % alphabet.length];
  return id;
}

// Opaque and unique like S3's 32-character version ids, without a random draw per object (large scenarios).
const VERSION_PREFIX = randomBytes(12).toString('base64url');
let versionCounter = 0;

export function newVersionId(): string {
  return VERSION_PREFIX + (versionCounter++).toString(36).padStart(16, '0');
}

export function etagOf(body: Buffer): string {
  return `"${createHash('md5').update(body).digest('hex')}"`;
}

export class LoopbackState implements IamAccount {
  accountId = DEFAULT_ACCOUNT;
  readonly buckets = new Map<string, BucketState>();
  readonly roles = new Map<string, RoleState>();
  readonly managedPolicies = new Map<string, ManagedPolicyState>();
  readonly kmsKeys = new Map<string, KmsKey>();
  readonly kmsAliases = new Map<string, string>();
  /** Accounts other than the primary one (the state itself). */
  readonly accounts = new Map<string, AccountState>();
  /** Access key id → account id; keys nobody registered sign for the primary account. */
  readonly accessKeys = new Map<string, string>();
  /** Temporary credentials handed out by AssumeRole, by access key id. */
  readonly sessions = new Map<string, { accountId: string; arn: string; roleArn: string; secretAccessKey?: string; sessionToken?: string }>();
  /** Secrets of long-term keys the scenario declares (`signingSecrets`): requests signed with them are verified. */
  readonly signingSecrets = new Map<string, string>();
  organization?: Organization;
  readonly jobs = new Map<string, JobState>();
  replicationDelayMs = 500;
  /** How far the endpoint's clock is ahead of this machine's (tests of clock-skew correction): its Date header and its request-time check. */
  clockOffsetMs = 0;
  wrongRegion: 'PermanentRedirect' | 'AuthorizationHeaderMalformed' = 'PermanentRedirect';
  /** The account's role trust policy quota, in non-whitespace characters (IAM's default; accounts may raise it). */
  trustPolicySizeQuota = DEFAULT_TRUST_POLICY_SIZE_QUOTA;
  /** CloudWatch: the replication metrics S3 publishes. */
  readonly metrics = new MetricStore();
  /** SQS queues (replication failure events land here). */
  readonly queues = new QueueStore(() => this.accountId);
  /** Live replication: `replication.settle()` settles what is due, `replication.completeAll()` everything. */
  readonly replication = new Replicator(this);
  private sortedNames: string[] | undefined;

  clear(): void {
    this.accountId = DEFAULT_ACCOUNT;
    this.buckets.clear();
    this.roles.clear();
    this.managedPolicies.clear();
    this.kmsKeys.clear();
    this.kmsAliases.clear();
    this.accounts.clear();
    this.accessKeys.clear();
    this.sessions.clear();
    this.signingSecrets.clear();
    this.organization = undefined;
    this.jobs.clear();
    this.replicationDelayMs = 500;
    this.clockOffsetMs = 0;
    this.wrongRegion = 'PermanentRedirect';
    this.trustPolicySizeQuota = DEFAULT_TRUST_POLICY_SIZE_QUOTA;
    this.replication.clear();
    this.metrics.clear();
    this.queues.clear();
    this.sortedNames = undefined;
  }

  addBucket(bucket: BucketState): void {
    this.buckets.set(bucket.name, bucket);
    this.sortedNames = undefined;
  }

  deleteBucket(name: string): void {
    this.buckets.delete(name);
    this.sortedNames = undefined;
  }

  /** Bucket names in ListBuckets order, cached because 10,000-bucket scenarios list often. */
  bucketNames(): readonly string[] {
    this.sortedNames ??= [...this.buckets.keys()].sort();
    return this.sortedNames;
  }

  roleArn(name: string, path = '/'): string {
    return `arn:aws:iam::${this.accountId}:role${path}${name}`;
  }

  policyArn(name: string, path = '/'): string {
    return `arn:aws:iam::${this.accountId}:policy${path}${name}`;
  }

  /** The primary account or another one of the scenario. */
  iamAccount(accountId: string): IamAccount | undefined {
    return accountId === this.accountId ? this : this.accounts.get(accountId);
  }

  /** Every account of the scenario, the primary one first. */
  allAccounts(): IamAccount[] {
    return [this, ...this.accounts.values()];
  }

  /** Who an access key signs for: an AssumeRole session, a registered key, else the primary account's user. */
  callerFor(accessKeyId: string | undefined): Caller {
    const session = accessKeyId ? this.sessions.get(accessKeyId) : undefined;
    if (session) {
      const account = this.iamAccount(session.accountId);
      if (account) return { account, arn: session.arn, roleArn: session.roleArn };
    }
    const registered = accessKeyId ? this.accessKeys.get(accessKeyId) : undefined;
    const account = (registered && this.iamAccount(registered)) || this;
    return { account, arn: `arn:aws:iam::${account.accountId}:user/loopback` };
  }

  /** The secret (and session token) of an access key the endpoint knows: AssumeRole sessions and declared keys. */
  signingSecret(accessKeyId: string): { secretAccessKey: string; sessionToken?: string } | undefined {
    const session = this.sessions.get(accessKeyId);
    if (session?.secretAccessKey) return { secretAccessKey: session.secretAccessKey, sessionToken: session.sessionToken };
    const secret = this.signingSecrets.get(accessKeyId);
    return secret === undefined ? undefined : { secretAccessKey: secret };
  }

  /** The role an ARN names (path included), if it exists in one of the scenario's accounts. */
  roleByArn(arn: string): RoleState | undefined {
    const match = /^arn:aws:iam::(\d{12}):role(\/(?:.*\/)?)([^/]+)$/.exec(arn);
    const account = match ? this.iamAccount(match[1]) : undefined;
    if (!match || !account) return undefined;
    const role = account.roles.get(match[3]);
    return role && role.path === match[2] ? role : undefined;
  }

  /** The documents that grant the role its permissions: inline policies, then attached managed policies. */
  rolePolicyDocuments(role: RoleState): string[] {
    const docs = [...role.inlinePolicies.values()];
    const account = this.iamAccount(role.arn.split(':')[4]) ?? this;
    for (const arn of role.attachedPolicyArns) {
      // AWS managed policies (arn:aws:iam::aws:policy/…) are loaded into the primary account.
      const policy = account.managedPolicies.get(arn) ?? this.managedPolicies.get(arn);
      if (policy) docs.push(policy.document);
    }
    return docs;
  }

  /** The role's permissions boundary document, when it has one that exists. */
  boundaryDocument(role: RoleState): string | undefined {
    if (!role.permissionsBoundaryArn) return undefined;
    const account = this.iamAccount(role.arn.split(':')[4]) ?? this;
    return (account.managedPolicies.get(role.permissionsBoundaryArn) ?? this.managedPolicies.get(role.permissionsBoundaryArn))?.document;
  }

  /** A key by id, key ARN, alias name or alias ARN, as KMS resolves a KeyId in `region` for `account`. */
  findKey(keyRef: string, region: string, account: IamAccount): KmsKey | undefined {
    const arn = /^arn:aws:kms:([a-z0-9-]+):(\d{12}):(key|alias)\/(.+)$/.exec(keyRef);
    if (arn) {
      const owner = this.iamAccount(arn[2]);
      if (!owner || arn[1] !== region) return undefined;
      const id = arn[3] === 'key' ? arn[4] : owner.kmsAliases.get(`${region}/alias/${arn[4]}`);
      const key = id ? owner.kmsKeys.get(id) : undefined;
      return key && key.region === region ? key : undefined;
    }
    const id = keyRef.startsWith('alias/') ? account.kmsAliases.get(`${region}/${keyRef}`) : keyRef;
    const key = id ? account.kmsKeys.get(id) : undefined;
    return key && key.region === region ? key : undefined;
  }

  currentVersion(bucket: BucketState, key: string): ObjectVersion | undefined {
    return bucket.objects.get(key)?.[0];
  }

  /** Stores a new version the way the bucket's versioning state dictates and returns it. */
  storeVersion(bucket: BucketState, version: Omit<ObjectVersion, 'versionId'> & { versionId?: string }): ObjectVersion {
    const versioned = bucket.versioning === 'Enabled';
    const stored: ObjectVersion = { ...version, versionId: version.versionId ?? (versioned ? newVersionId() : 'null') };
    const versions = bucket.objects.get(stored.key) ?? [];
    // Unversioned and suspended buckets keep one 'null' version per key, and a replica rewritten by Batch
    // Replication keeps its version id: either way the new write replaces the old one.
    const kept = versions.filter((v) => v.versionId !== stored.versionId);
    bucket.objects.set(stored.key, [stored, ...kept]);
    return stored;
  }
}
