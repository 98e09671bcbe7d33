/**
 * Why an object shows the replication status it does. The header alone cannot tell "filtered out"
 * from "older than the rule", so the configuration is read against the key (and tags when known).
 */

export type ReplicationStatus = 'COMPLETED' | 'COMPLETE' | 'PENDING' | 'FAILED' | 'REPLICA';

export interface ObjectInfo {
  key: string;
  /** `x-amz-replication-status`, absent when S3 sent none. */
  status?: string;
  /** Object tags when they were read (GetObjectTagging); undefined when unknown. */
  tags?: Record<string, string>;
}

export interface StatusExplanation {
  status: ReplicationStatus | 'NONE';
  reason: string;
  /** IDs of enabled rules whose filter matches the key. */
  matchingRules: string[];
  /** True when Batch Replication is what would copy this object now. */
  needsBatchReplication: boolean;
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
  const base = { matchingRules: matching };
  switch (status) {
    case 'COMPLETED':
    case 'COMPLETE':
      return { ...base, status, reason: 'Replicated to every destination.', needsBatchReplication: false };
    case 'REPLICA':
      return { ...base, status, reason: 'This object is itself a replica written by S3 replication (replicas are not replicated again by live replication).', needsBatchReplication: false };
    case 'PENDING':
      return { ...base, status, reason: 'Replication is in progress. If it stays PENDING for long, check the role (trust and permissions), the destination bucket and KMS keys.', needsBatchReplication: false };
    case 'FAILED':
      return { ...base, status, reason: 'Replication failed: the role lacks a permission, the destination is unversioned or gone, or a KMS key refused. Fix the cause, then re-replicate it with Batch Replication (FAILED objects are not retried by live replication).', needsBatchReplication: true };
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
