/**
 * Live replication, simulated: a write that an enabled rule matches is PENDING, then, once the delay has
 * passed, COMPLETED (a REPLICA with the same version id lands in each destination) or FAILED with S3's
 * failure reason. Settling is lazy (every request settles what is due first) so that nothing runs in the
 * background and tests stay deterministic; `settle()`/`completeAll()` let a test decide the moment.
 */
import type { ReplicationConfiguration, ReplicationRule } from '../scenario/types';
import type { BucketState, KmsKey, LoopbackState, ObjectVersion, ReplicationFailure, RoleState } from '../state';
import { isAllowed, resourcePolicyDecision, trustsService } from './permissions';
import { ReplicationSignals } from './signals';

/** Storage classes whose objects S3 does not replicate until they are restored. */
export const ARCHIVE_CLASSES = new Set(['GLACIER', 'DEEP_ARCHIVE']);

/** Archived objects (Glacier Flexible Retrieval, Deep Archive, an Intelligent-Tiering archive tier) are not eligible. */
export function isArchived(version: ObjectVersion): boolean {
  return ARCHIVE_CLASSES.has(version.storageClass ?? '') || version.archiveStatus !== undefined;
}

interface Target {
  destination: string;
  rule: ReplicationRule;
}

interface Pending {
  bucket: string;
  key: string;
  versionId: string;
  role: string;
  targets: Target[];
  writtenAt: number;
  dueAt: number;
}

export function bucketNameFromArn(arn: string): string {
  return arn.startsWith('arn:') ? arn.slice(arn.lastIndexOf(':') + 1) : arn;
}

function ruleMatches(rule: ReplicationRule, key: string, tags: Record<string, string>, sse?: string): boolean {
  if (rule.Status !== 'Enabled') return false;
  // SSE-KMS and DSSE-KMS objects replicate only with the rule's opt-in.
  if (sse?.startsWith('aws:kms') && rule.SourceSelectionCriteria?.SseKmsEncryptedObjects?.Status !== 'Enabled') return false;
  const filter = rule.Filter;
  if (!filter) return key.startsWith(rule.Prefix ?? '');
  if (filter.Prefix !== undefined) return key.startsWith(filter.Prefix);
  if (filter.Tag) return tags[filter.Tag.Key] === filter.Tag.Value;
  if (filter.And) return key.startsWith(filter.And.Prefix ?? '') && (filter.And.Tags ?? []).every((t) => tags[t.Key] === t.Value);
  return true;
}

/** Per destination, the enabled matching rule with the highest priority (S3 applies only that one). */
export function replicationTargets(config: ReplicationConfiguration, key: string, tags: Record<string, string>, sse?: string): Target[] {
  const best = new Map<string, ReplicationRule>();
  for (const rule of config.Rules) {
    if (!ruleMatches(rule, key, tags, sse)) continue;
    const destination = bucketNameFromArn(rule.Destination.Bucket);
    const current = best.get(destination);
    if (!current || (rule.Priority ?? 0) > (current.Priority ?? 0)) best.set(destination, rule);
  }
  return [...best].map(([destination, rule]) => ({ destination, rule }));
}

type Requirement = [action: string, resource: string, reason?: string];

function replicateTo(state: LoopbackState, source: BucketState, version: ObjectVersion, roleArn: string, target: Target): ReplicationFailure | undefined {
  const failure = (reason?: string, missingActions: string[] = []): ReplicationFailure => ({ destination: target.destination, reason, missingActions });
  if (isArchived(version)) return failure('SrcObjectNotEligible');
  const role = state.roleByArn(roleArn);
  if (!role || !trustsService(role.trustPolicy, 's3.amazonaws.com')) return failure('AssumeRoleNotPermitted');
  const destination = state.buckets.get(target.destination);
  if (!destination) return failure('DstBucketNotFound');
  if (destination.versioning !== 'Enabled') return failure('DstBucketUnversioned');
  if (source.objectLock && !destination.objectLock) return failure('DstBucketObjectLockConfigMissing');
  const sourceArn = `arn:aws:s3:::${source.name}`;
  const objectArn = `${sourceArn}/${version.key}`;
  const replicaArn = `arn:aws:s3:::${destination.name}/${version.key}`;
  const required: Requirement[] = [
    ['s3:GetReplicationConfiguration', sourceArn],
    ['s3:ListBucket', sourceArn],
    ['s3:GetObjectVersionForReplication', objectArn, 'SrcGetObjectNotPermitted'],
    ['s3:GetObjectVersionAcl', objectArn, 'SrcGetAclNotPermitted'],
  ];
  if (Object.keys(version.tags).length > 0) required.push(['s3:GetObjectVersionTagging', objectArn, 'SrcGetTaggingNotPermitted']);
  required.push(['s3:ReplicateObject', replicaArn, 'DstPutObjectNotPermitted']);
  if (target.rule.Destination.AccessControlTranslation) required.push(['s3:ObjectOwnerOverrideToBucketOwner', replicaArn, 'DstPutObjectNotPermitted']);
  const documents = state.rolePolicyDocuments(role);
  // A permissions boundary caps the role: an action must be allowed by both.
  const boundary = state.boundaryDocument(role);
  const missing = required.filter(([action, resource]) => !isAllowed(documents, action, resource) || (boundary !== undefined && !isAllowed([boundary], action, resource)));
  if (missing.length > 0) return failure(missing.find((m) => m[2])?.[2], missing.map(([action, resource]) => `${action} on ${resource}`));
  const denied = bucketPolicyRefusals(source, destination, role, target, objectArn, replicaArn);
  if (denied.length > 0) return failure(denied.find((m) => m[2])?.[2], denied.map(([action, resource]) => `${action} on ${resource} (bucket policy)`));
  const kms = kmsFailure(state, source, destination, role, documents, version, target);
  if (kms) return failure(kms.reason, kms.missing);
  const replicaKey = version.sse?.startsWith('aws:kms') ? replicaKeyOf(state, source, destination, target) : undefined;
  state.storeVersion(destination, { ...version, tags: { ...version.tags }, kmsKeyArn: replicaKey?.arn ?? version.kmsKeyArn, replicationStatus: 'REPLICA', replicationFailures: undefined });
  return undefined;
}

/**
 * Bucket policies as S3 applies them to the role: a Deny on either bucket refuses; a destination owned
 * by another account than the source must allow the role the writes itself (its account's IAM policies
 * do not reach into the destination account).
 */
function bucketPolicyRefusals(source: BucketState, destination: BucketState, role: RoleState, target: Target, objectArn: string, replicaArn: string): Requirement[] {
  const who = { account: role.arn.split(':')[4], arn: role.arn };
  const out: Requirement[] = [];
  for (const [action, resource, reason] of [
    ['s3:GetObjectVersionForReplication', objectArn, 'SrcGetObjectNotPermitted'],
    ['s3:GetObjectVersionAcl', objectArn, 'SrcGetAclNotPermitted'],
  ] as Requirement[]) {
    if (resourcePolicyDecision(source.policy, who, action, resource) === 'deny') out.push([action, resource, reason]);
  }
  const writes: Requirement[] = [['s3:ReplicateObject', replicaArn, 'DstPutObjectNotPermitted']];
  if (target.rule.Destination.AccessControlTranslation) writes.push(['s3:ObjectOwnerOverrideToBucketOwner', replicaArn, 'DstPutObjectNotPermitted']);
  const foreign = destination.owner !== source.owner;
  for (const [action, resource, reason] of writes) {
    const decision = resourcePolicyDecision(destination.policy, who, action, resource);
    if (decision === 'deny' || (foreign && decision !== 'allow')) out.push([action, resource, reason]);
  }
  return out;
}

function replicaKeyOf(state: LoopbackState, source: BucketState, destination: BucketState, target: Target): KmsKey | undefined {
  const ref = target.rule.Destination.EncryptionConfiguration?.ReplicaKmsKeyID;
  const requester = state.iamAccount(source.owner) ?? state;
  return ref ? state.findKey(ref, destination.region, requester) : undefined;
}

/**
 * A KMS key the role uses: allowed when the key policy allows the role (by ARN, or its account's root
 * together with an IAM grant) and nothing denies it. Cross-account, both sides must allow.
 */
function keyAllows(key: KmsKey, role: RoleState, documents: readonly string[], action: string): boolean {
  const roleAccount = role.arn.split(':')[4];
  const decision = resourcePolicyDecision(key.policy, { account: roleAccount, arn: role.arn }, action, key.arn);
  if (decision !== 'allow') return false;
  const iam = isAllowed(documents, action, key.arn);
  const exact = resourcePolicyDecision(key.policy, { account: '-', arn: role.arn }, action, key.arn) === 'allow';
  return iam || (exact && key.accountId === roleAccount);
}

function kmsFailure(
  state: LoopbackState,
  source: BucketState,
  destination: BucketState,
  role: RoleState,
  documents: readonly string[],
  version: ObjectVersion,
  target: Target,
): { reason?: string; missing: string[] } | undefined {
  if (!version.sse?.startsWith('aws:kms')) return undefined;
  if (version.kmsKeyArn) {
    const sourceKey = state.findKey(version.kmsKeyArn, source.region, state.iamAccount(source.owner) ?? state);
    if (!sourceKey || sourceKey.state !== 'Enabled') return { reason: 'SrcKmsKeyInvalidState', missing: [] };
    if (!keyAllows(sourceKey, role, documents, 'kms:Decrypt')) return { missing: [`kms:Decrypt on ${sourceKey.arn}`] };
  }
  const ref = target.rule.Destination.EncryptionConfiguration?.ReplicaKmsKeyID;
  if (!ref) return undefined;
  const key = replicaKeyOf(state, source, destination, target);
  if (!key) return { reason: 'DstKmsKeyNotFound', missing: [] };
  if (key.state !== 'Enabled') return { reason: 'DstKmsKeyInvalidState', missing: [] };
  // S3 encrypts replicas with symmetric keys only; AWS documents no failure reason for another key spec.
  if (key.keySpec !== 'SYMMETRIC_DEFAULT') return { missing: [`a symmetric encryption key (${key.arn} is ${key.keySpec})`] };
  // kms:GenerateDataKey is disputed for SSE-KMS to SSE-KMS replication (the catalogue's iam-kms-generate-data-key is a warning): only Encrypt is required.
  const missing = ['kms:Encrypt'].filter((a) => !keyAllows(key, role, documents, a));
  return missing.length > 0 ? { reason: 'DstPutObjectNotPermitted', missing: missing.map((a) => `${a} on ${key.arn}`) } : undefined;
}

export class Replicator {
  private queue: Pending[] = [];
  private head = 0;
  /** Metrics and failure events, for rules with `Metrics` enabled. */
  readonly signals: ReplicationSignals;

  constructor(private readonly state: LoopbackState) {
    this.signals = new ReplicationSignals(state);
  }

  clear(): void {
    this.queue = [];
    this.head = 0;
    this.signals.clear();
  }

  get pendingCount(): number {
    return this.queue.length - this.head;
  }

  /** After a write into `bucket`: PENDING and queued when live replication covers the new version. */
  onWrite(bucket: BucketState, version: ObjectVersion, now = Date.now()): void {
    const config = bucket.replication;
    if (!config || bucket.versioning !== 'Enabled' || version.replicationStatus === 'REPLICA') return;
    const targets = replicationTargets(config, version.key, version.tags, version.sse);
    if (targets.length === 0) return;
    version.replicationStatus = 'PENDING';
    this.signals.started(bucket, version, targets, now);
    this.queue.push({ bucket: bucket.name, key: version.key, versionId: version.versionId, role: config.Role, targets, writtenAt: now, dueAt: now + this.state.replicationDelayMs });
  }

  /** Settles every queued replication that is due; returns how many settled. */
  settle(now = Date.now()): number {
    let settled = 0;
    while (this.head < this.queue.length && this.queue[this.head].dueAt <= now) {
      this.finish(this.queue[this.head++]);
      settled++;
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    return settled;
  }

  /** Settles everything still pending, due or not. */
  completeAll(): number {
    return this.settle(Number.POSITIVE_INFINITY);
  }

  /**
   * Replicates one version now with the bucket's current configuration. Returns false when no enabled
   * rule covers the version. `live`: an upload (scenario loading), which publishes metrics and failure
   * events at its time; Batch Replication does not (its completion report says what failed).
   */
  replicateNow(bucket: BucketState, version: ObjectVersion, live?: { at: number }): boolean {
    const config = bucket.replication;
    if (!config) return false;
    const targets = replicationTargets(config, version.key, version.tags, version.sse);
    if (targets.length === 0) return false;
    this.apply(bucket, version, config.Role, targets, live ? { writtenAt: live.at, at: live.at, pending: false } : undefined);
    return true;
  }

  private finish(item: Pending): void {
    const bucket = this.state.buckets.get(item.bucket);
    const version = bucket?.objects.get(item.key)?.find((v) => v.versionId === item.versionId);
    // Deleted meanwhile (bucket or version): nothing left to replicate.
    if (!bucket || !version || version.replicationStatus !== 'PENDING') return;
    this.apply(bucket, version, item.role, item.targets, { writtenAt: item.writtenAt, at: Math.min(Date.now(), Math.max(item.dueAt, item.writtenAt)), pending: true });
  }

  private apply(bucket: BucketState, version: ObjectVersion, role: string, targets: Target[], live?: { writtenAt: number; at: number; pending: boolean }): void {
    const outcomes = targets.map((t) => ({ target: t, failure: replicateTo(this.state, bucket, version, role, t) }));
    const failures = outcomes.flatMap((o) => (o.failure ? [o.failure] : []));
    version.replicationStatus = failures.length > 0 ? 'FAILED' : 'COMPLETED';
    version.replicationFailures = failures.length > 0 ? failures : undefined;
    if (live) for (const o of outcomes) this.signals.settled(bucket, version, o.target, o.failure, live.writtenAt, live.at, live.pending);
  }
}
