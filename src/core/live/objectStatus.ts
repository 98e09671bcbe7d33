/**
 * Why an object shows the replication status it does. The header alone cannot tell "filtered out"
 * from "older than the rule", so the configuration is read against the key (and tags when known);
 * a FAILED object is explained by S3's own reason when a captured failure event names it, and the
 * storage class and the bucket's lifecycle rules add what they change.
 */
import { failureReason, FIX_LABEL, type FailureReason } from './failureReasons';

export type ReplicationStatus = 'COMPLETED' | 'COMPLETE' | 'PENDING' | 'FAILED' | 'REPLICA';

/** A lifecycle rule of the bucket, as far as replication cares. */
export interface LifecycleRuleSummary {
  id?: string;
  enabled: boolean;
  prefix: string;
  /** It expires current versions (or removes expired delete markers). */
  expires: boolean;
  /** Storage classes it transitions objects to. */
  transitions: string[];
}

export interface ObjectInfo {
  key: string;
  /** `x-amz-replication-status`, absent when S3 sent none. */
  status?: string;
  /** Object tags when they were read (GetObjectTagging); undefined when unknown. */
  tags?: Record<string, string>;
  /** `x-amz-storage-class` (absent for STANDARD) and `x-amz-archive-status` (Intelligent-Tiering archive tiers). */
  storageClass?: string;
  archiveStatus?: string;
  /** What a captured failure event (or Batch report) said about this object, when there is one. */
  failure?: { reason?: string; ruleId?: string; time?: number; from: 'event' | 'batch' };
  /** The bucket's lifecycle rules, when they were read. */
  lifecycle?: LifecycleRuleSummary[];
}

export interface StatusExplanation {
  status: ReplicationStatus | 'NONE';
  reason: string;
  /** IDs of enabled rules whose filter matches the key. */
  matchingRules: string[];
  /** True when Batch Replication is what would copy this object now. */
  needsBatchReplication: boolean;
  /** S3's failure reason for a FAILED object, from a captured event, with what it means. */
  failureReason?: { code: string; info?: FailureReason; from: 'event' | 'batch' };
  /** What the storage class and the lifecycle rules change for this object. */
  notes: string[];
}

/** Archive storage classes S3 does not replicate (nor Batch-replicate) until the object is restored. */
const ARCHIVE_CLASSES = new Set(['GLACIER', 'DEEP_ARCHIVE']);

export function archived(object: Pick<ObjectInfo, 'storageClass' | 'archiveStatus'>): string | undefined {
  if (object.storageClass && ARCHIVE_CLASSES.has(object.storageClass)) return object.storageClass === 'GLACIER' ? 'S3 Glacier Flexible Retrieval (GLACIER)' : 'S3 Glacier Deep Archive (DEEP_ARCHIVE)';
  if (object.archiveStatus) return `the Intelligent-Tiering ${object.archiveStatus === 'DEEP_ARCHIVE_ACCESS' ? 'Deep Archive Access' : 'Archive Access'} tier`;
  return undefined;
}

function notesFor(object: ObjectInfo, status: ReplicationStatus | 'NONE'): string[] {
  const notes: string[] = [];
  const cold = archived(object);
  if (cold) notes.push(`Stored in ${cold}: S3 does not replicate archived objects (reason SrcObjectNotEligible), and Batch Replication needs them restored first.`);
  const rules = (object.lifecycle ?? []).filter((r) => r.enabled && object.key.startsWith(r.prefix));
  const name = (r: LifecycleRuleSummary) => (r.id ? `"${r.id}"` : 'without ID');
  const acting = rules.filter((r) => r.expires || r.transitions.length > 0);
  if ((status === 'PENDING' || status === 'FAILED') && acting.length > 0) {
    notes.push(`Lifecycle rule ${acting.map(name).join(', ')} applies to this key, but S3 Lifecycle does not expire or transition an object whose replication is ${status}: it waits until the object replicates.`);
  }
  const expiring = rules.filter((r) => r.expires);
  if (expiring.length > 0) notes.push(`Lifecycle rule ${expiring.map(name).join(', ')} expires objects here: the delete markers that lifecycle expiration creates are not replicated, even with delete marker replication.`);
  const archiving = rules.filter((r) => r.transitions.some((c) => ARCHIVE_CLASSES.has(c)));
  if (archiving.length > 0 && status !== 'COMPLETED' && status !== 'COMPLETE' && status !== 'REPLICA') {
    notes.push(`Lifecycle rule ${archiving.map(name).join(', ')} moves objects here to an archive class, where S3 no longer replicates them: replicate them before the transition.`);
  }
  return notes;
}

function failedReason(object: ObjectInfo): { reason: string; failureReason?: StatusExplanation['failureReason'] } {
  const code = object.failure?.reason;
  if (code) {
    const info = failureReason(code);
    const where = object.failure?.from === 'batch' ? 'the Batch Replication report' : `a captured failure event${object.failure?.ruleId ? ` (rule ${object.failure.ruleId})` : ''}`;
    const fix = info && info.fix !== 'manual' && info.fix !== 'none' ? ` Fix: ${FIX_LABEL[info.fix]}.` : '';
    const text = info ? `${info.meaning} ${info.remedy}${fix}` : 'AWS does not document this reason.';
    return { reason: `S3 says ${code} (from ${where}): ${text} S3 never retries a FAILED object: replicate it again with Batch Replication once the cause is fixed.`, failureReason: { code, info, from: object.failure?.from ?? 'event' } };
  }
  if (archived(object)) {
    const info = failureReason('SrcObjectNotEligible');
    return { reason: `Most likely SrcObjectNotEligible: the object is archived, and S3 does not replicate archived objects. ${info?.remedy ?? ''}`, failureReason: { code: 'SrcObjectNotEligible', info, from: 'event' } };
  }
  return {
    reason:
      'Replication failed: the role lacks a permission, the destination is unversioned or gone, or a KMS key refused (Capture Failure Reasons makes S3 say which). ' +
      'Fix the cause, then re-replicate it with Batch Replication (FAILED objects are not retried by live replication).',
  };
}

type Json = Record<string, unknown>;

interface RuleMatch {
  id: string;
  enabled: boolean;
  /** 'yes', 'no', or 'unknown' when the filter needs tags we did not read. */
  matches: 'yes' | 'no' | 'unknown';
}

export function explainObjectStatus(config: unknown, object: ObjectInfo): StatusExplanation {
  const status = normalize(object.status);
  const rules = rulesOf(config).map((r, i) => matchRule(r, i, object));
  const matching = rules.filter((r) => r.enabled && r.matches === 'yes').map((r) => r.id);
  const base = { matchingRules: matching, notes: notesFor(object, status ?? 'NONE') };
  switch (status) {
    case 'COMPLETED':
    case 'COMPLETE':
      return { ...base, status, reason: 'Replicated to every destination.', needsBatchReplication: false };
    case 'REPLICA':
      return { ...base, status, reason: 'This object is itself a replica written by S3 replication (replicas are not replicated again by live replication).', needsBatchReplication: false };
    case 'PENDING':
      return { ...base, status, reason: 'Replication is in progress. If it stays PENDING for long, check the role (trust and permissions), the destination bucket and KMS keys.', needsBatchReplication: false };
    case 'FAILED':
      return { ...base, status, ...failedReason(object), needsBatchReplication: true };
    default:
      return { ...base, status: 'NONE', ...whyNone(config, rules, matching) };
  }
}

function whyNone(config: unknown, rules: RuleMatch[], matching: string[]): { reason: string; needsBatchReplication: boolean } {
  if (!config) return { reason: 'The bucket has no replication configuration.', needsBatchReplication: false };
  if (matching.length > 0) {
    return {
      reason: `Rule ${matching.join(', ')} matches this key, so the object was uploaded before the configuration (or the rule) existed: live replication is not retroactive. Replicate it with S3 Batch Replication.`,
      needsBatchReplication: true,
    };
  }
  const unknown = rules.filter((r) => r.enabled && r.matches === 'unknown').map((r) => r.id);
  if (unknown.length > 0) {
    return { reason: `Rule ${unknown.join(', ')} filters on object tags, which were not read: the object replicates only if it carried those tags when it was written.`, needsBatchReplication: false };
  }
  const disabled = rules.filter((r) => !r.enabled && r.matches !== 'no').map((r) => r.id);
  if (disabled.length > 0) return { reason: `Rule ${disabled.join(', ')} would match this key but is disabled.`, needsBatchReplication: false };
  return { reason: "No rule's filter matches this key, so S3 does not replicate it.", needsBatchReplication: false };
}

/**
 * Whether the object's tags decide its explanation: it has no status and an enabled rule whose
 * prefix matches it filters on tags. Only then are they worth a GetObjectTagging call.
 */
export function tagsDecide(config: unknown, object: ObjectInfo): boolean {
  if (normalize(object.status) !== undefined) return false;
  return rulesOf(config).some((r, i) => {
    const m = matchRule(r, i, { key: object.key });
    return m.enabled && m.matches === 'unknown';
  });
}

function normalize(status: string | undefined): ReplicationStatus | undefined {
  const s = status?.toUpperCase();
  return s === 'COMPLETED' || s === 'COMPLETE' || s === 'PENDING' || s === 'FAILED' || s === 'REPLICA' ? s : undefined;
}

function rulesOf(config: unknown): Json[] {
  if (!config || typeof config !== 'object') return [];
  const c = config as Json;
  const inner = (c.ReplicationConfiguration as Json | undefined) ?? c;
  return Array.isArray(inner.Rules) ? inner.Rules.filter((r): r is Json => !!r && typeof r === 'object') : [];
}

function matchRule(rule: Json, index: number, object: ObjectInfo): RuleMatch {
  const id = typeof rule.ID === 'string' ? rule.ID : `#${index + 1}`;
  const enabled = rule.Status === 'Enabled';
  const filter = rule.Filter as Json | undefined;
  if (!filter) {
    const prefix = typeof rule.Prefix === 'string' ? rule.Prefix : '';
    return { id, enabled, matches: object.key.startsWith(prefix) ? 'yes' : 'no' };
  }
  const and = filter.And as Json | undefined;
  const prefix = typeof filter.Prefix === 'string' ? filter.Prefix : typeof and?.Prefix === 'string' ? and.Prefix : '';
  if (!object.key.startsWith(prefix)) return { id, enabled, matches: 'no' };
  const tags = [filter.Tag, ...(Array.isArray(and?.Tags) ? and.Tags : [])].filter((t): t is Json => !!t && typeof t === 'object');
  if (tags.length === 0) return { id, enabled, matches: 'yes' };
  if (!object.tags) return { id, enabled, matches: 'unknown' };
  const all = tags.every((t) => typeof t.Key === 'string' && object.tags?.[t.Key] === t.Value);
  return { id, enabled, matches: all ? 'yes' : 'no' };
}
