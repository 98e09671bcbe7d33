/**
 * The permissions a replication configuration needs from its role: for each active rule, its
 * destination and each feature it uses, the action, the resource it must be allowed on, the
 * catalogue rule that reports it when missing, how severe that is and what fails without it.
 * Derived from the catalogue's "Required IAM actions per feature" table.
 */
import { Node } from 'jsonc-parser';
import { LiveFacts } from '../facts';
import { Severity, severityRank } from '../findings';
import { s3BucketArn, s3ObjectArn } from './arn';
import { ConfigSummary, RuleSummary } from './replicationConfig';

export type Side = 'source-bucket' | 'source-objects' | 'destination-objects' | 'source-key' | 'destination-key';

export interface Need {
  /** The configuration document, and the rule (or its element) there that creates the need. */
  uri: string;
  node: Node;
  label: string;
}

export interface Requirement {
  action: string;
  /** Resource ARN, or an ARN pattern for a key prefix (`arn:aws:s3:::dest/logs/*`). */
  resource: string;
  /**
   * `some` when the exact resource is unknown (the documents do not name the source bucket or the
   * source KMS key): any grant of that action on a resource of the kind satisfies it.
   */
  scope: 'all' | 'some';
  /** Exact enough to be written into a policy by a fix. */
  exact: boolean;
  side: Side;
  /** Catalogue id of the rule that reports this requirement when it is missing. */
  ruleId: string;
  severity: Severity;
  /** What fails without it, for messages. */
  why: string;
  bucket?: string;
  /** Where the need comes from (at most MAX_NEEDS: messages name a few, not a thousand rules). */
  needs: Need[];
}

const MAX_NEEDS = 20;

function addNeeds(into: Need[], more: readonly Need[]): void {
  for (const n of more) {
    if (into.length >= MAX_NEEDS) return;
    if (!into.includes(n)) into.push(n);
  }
}

export interface RequirementOptions {
  /** Source buckets; unknown when undefined (then source requirements are checked with scope `some`). */
  sources?: readonly string[];
  facts?: LiveFacts;
}

const WHY = {
  config: 'AWS documents it as required on the source bucket, though no documented replication failure follows from its absence',
  list: 'AWS documents it as required on the source bucket (for delete markers), though no documented replication failure follows from its absence',
  read: 'every object fails with SrcGetObjectNotPermitted / SrcHeadObjectNotPermitted',
  acl: 'every object fails with SrcGetAclNotPermitted',
  tagging: 'objects that carry tags fail with SrcGetTaggingNotPermitted',
  taggingFilter: 'this rule filters on tags, so S3 must read them: objects fail with SrcGetTaggingNotPermitted',
  replicate: 'every object fails with DstPutObjectNotPermitted (or DstMultipart*NotPermitted)',
  delete: 'delete markers fail with DstDelObjNotPermitted',
  tags: 'that is optional, since s3:ReplicateObject already covers tags and ACLs (AWS examples grant it anyway)',
  owner: 'with AccessControlTranslation every object fails with DstPutObjectNotPermitted',
  decrypt: 'SSE-KMS source objects cannot be read, so they do not replicate',
  encrypt: 'replicas cannot be encrypted with the replica key, so SSE-KMS objects fail',
  dataKey: 'needed when unencrypted objects land in a bucket whose default encryption is SSE-KMS (AWS troubleshooting lists it for both keys)',
  retention: 'Object Lock retention cannot be read: objects fail with SrcGetRetentionNotPermitted',
  legalHold: 'legal holds cannot be read: objects fail with SrcGetLegalHoldNotPermitted',
} as const;

// Per configuration (kept while its document is), then per source buckets: the editor re-checks a
// policy on every keystroke against configurations that did not change. Results are never mutated.
const cache = new WeakMap<ConfigSummary, Map<string, Requirement[]>>();

export function replicationRequirements(summary: ConfigSummary, options: RequirementOptions = {}): Requirement[] {
  const sources = options.sources ?? [];
  const key = sources.map((s) => `${s}${options.facts?.buckets[s]?.objectLock ? '+lock' : ''}`).join('/');
  let perSources = cache.get(summary);
  if (!perSources) cache.set(summary, (perSources = new Map()));
  let out = perSources.get(key);
  if (!out) {
    if (perSources.size > 20) perSources.clear();
    perSources.set(key, (out = compute(summary, options)));
  }
  return out;
}

function compute(summary: ConfigSummary, options: RequirementOptions): Requirement[] {
  const raw: Requirement[] = [];
  const destination: Requirement[] = [];
  const p = summary.partition;
  const uri = summary.doc.uri;
  const needOf = (rule: RuleSummary, node?: Node): Need => ({ uri, node: node ?? rule.anchor, label: rule.label });
  // Source needs depend only on a rule's prefix and features: rules sharing them are checked once
  // per source bucket (a 1,000-rule configuration must not make 1,000 copies per source).
  const groups = new Map<string, SourceGroup>();
  for (const rule of summary.rules) {
    const key = `${rule.prefix}\u0000${rule.tagFiltered}\u0000${!!rule.sseKms}`;
    const group = groups.get(key) ?? { rule, needs: [], kmsNeeds: [] };
    addNeeds(group.needs, [needOf(rule)]);
    if (rule.sseKms) addNeeds(group.kmsNeeds, [needOf(rule, rule.sseKms)]);
    groups.set(key, group);
    destinationNeeds(rule, p, (r, node) => destination.push({ ...r, needs: [needOf(rule, node)] }));
  }
  const sources = options.sources && options.sources.length > 0 ? options.sources : [undefined];
  for (const group of groups.values()) {
    for (const source of sources) sourceNeeds(group, p, source, options.facts, (r, needs) => raw.push({ ...r, needs: [...needs] }));
  }
  // Source side first, in the order AWS's examples list them (and generated policies follow).
  return collapsePrefixes(combineRequirements([raw, destination]));
}

/** Rules with the same source-side needs (prefix, tag filter, SSE-KMS), and where each comes from. */
interface SourceGroup {
  rule: RuleSummary;
  needs: Need[];
  kmsNeeds: Need[];
}

function sourceNeeds(group: SourceGroup, p: string, source: string | undefined, facts: LiveFacts | undefined, add: (r: Omit<Requirement, 'needs'>, needs: Need[]) => void): void {
  const { rule, needs } = group;
  const known = source !== undefined;
  const scope = known ? 'all' : 'some';
  const bucket = s3BucketArn(p, source ?? '*');
  const objects = s3ObjectArn(p, source ?? '*', rule.prefix);
  const onBucket = { resource: bucket, scope, exact: known, side: 'source-bucket', bucket: source } as const;
  const onObjects = { resource: objects, scope, exact: known, side: 'source-objects', bucket: source } as const;
  // Warnings, not errors: none of the documented failure reasons follows from their absence (catalogue evidence note).
  add({ ...onBucket, action: 's3:GetReplicationConfiguration', ruleId: 'iam-get-replication-configuration', severity: 'warning', why: WHY.config }, needs);
  add({ ...onBucket, action: 's3:ListBucket', ruleId: 'iam-list-bucket', severity: 'warning', why: WHY.list }, needs);
  add({ ...onObjects, action: 's3:GetObjectVersionForReplication', ruleId: 'iam-get-object-version-for-replication', severity: 'error', why: WHY.read }, needs);
  add({ ...onObjects, action: 's3:GetObjectVersionAcl', ruleId: 'iam-get-object-version-acl', severity: 'error', why: WHY.acl }, needs);
  add(
    {
      ...onObjects,
      action: 's3:GetObjectVersionTagging',
      ruleId: 'iam-get-object-version-tagging',
      severity: rule.tagFiltered ? 'error' : 'warning',
      why: rule.tagFiltered ? WHY.taggingFilter : WHY.tagging,
    },
    needs,
  );
  if (source && facts?.buckets[source]?.objectLock) {
    add({ ...onObjects, action: 's3:GetObjectRetention', ruleId: 'iam-object-lock-read', severity: 'error', why: WHY.retention }, needs);
    add({ ...onObjects, action: 's3:GetObjectLegalHold', ruleId: 'iam-object-lock-read', severity: 'error', why: WHY.legalHold }, needs);
  }
  if (group.kmsNeeds.length > 0) {
    // Which key encrypts the source objects is not in the configuration: any Decrypt grant on a key will do.
    add(
      { action: 'kms:Decrypt', resource: `arn:${p}:kms:*:*:key/*`, scope: 'some', exact: false, side: 'source-key', ruleId: 'iam-kms-decrypt-source', severity: 'error', why: WHY.decrypt },
      group.kmsNeeds,
    );
  }
}

/** Adds a requirement; `node` is the config element behind it when more specific than the rule. */
type Add = (r: Omit<Requirement, 'needs'>, node?: Node) => void;

function destinationNeeds(rule: RuleSummary, p: string, add: Add): void {
  const dest = rule.destination;
  if (dest) {
    const at = { resource: s3ObjectArn(p, dest.bucket, rule.prefix), scope: 'all', exact: true, side: 'destination-objects', bucket: dest.bucket } as const;
    add({ ...at, action: 's3:ReplicateObject', ruleId: 'iam-replicate-object', severity: 'error', why: WHY.replicate }, dest.node);
    add(
      { ...at, action: 's3:ReplicateDelete', ruleId: 'iam-replicate-delete', severity: rule.deleteMarkers ? 'error' : 'warning', why: WHY.delete },
      rule.deleteMarkers ?? dest.node,
    );
    add({ ...at, action: 's3:ReplicateTags', ruleId: 'iam-replicate-tags-optional', severity: 'info', why: WHY.tags }, dest.node);
    if (rule.ownerOverride) {
      add({ ...at, action: 's3:ObjectOwnerOverrideToBucketOwner', ruleId: 'iam-owner-override', severity: 'error', why: WHY.owner }, rule.ownerOverride);
    }
  }
  const key = rule.replicaKey;
  if (key && rule.sseKms) {
    const at = { ...replicaKeyResource(key.value, p), side: 'destination-key' } as const;
    add({ ...at, action: 'kms:Encrypt', ruleId: 'iam-kms-encrypt-destination', severity: 'error', why: WHY.encrypt }, key.node);
    add({ ...at, action: 'kms:GenerateDataKey', ruleId: 'iam-kms-generate-data-key', severity: 'warning', why: WHY.dataKey }, key.node);
  }
}

/** Beyond this many key prefixes of one bucket, an action is required on the whole bucket. */
const MAX_PREFIXES = 10;

/**
 * A configuration with hundreds of prefix rules would need a resource per prefix, and an inline
 * role policy holds at most 10,240 characters: past MAX_PREFIXES, the objects of the whole bucket.
 */
function collapsePrefixes(list: Requirement[]): Requirement[] {
  const groups = new Map<string, Requirement[]>();
  for (const r of list) {
    if ((r.side !== 'source-objects' && r.side !== 'destination-objects') || r.bucket === undefined) continue;
    const key = `${r.action}\u0000${r.scope}\u0000${r.bucket}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const replaced = new Map<Requirement, Requirement | null>();
  for (const group of groups.values()) {
    if (group.length <= MAX_PREFIXES) continue;
    const first = group[0];
    const whole: Requirement = { ...first, resource: first.resource.replace(/^(arn:[^:]*:s3:::[^/]+\/).*$/, '$1*'), needs: [] };
    for (const r of group) {
      addNeeds(whole.needs, r.needs);
      if (severityRank(r.severity) > severityRank(whole.severity)) Object.assign(whole, { severity: r.severity, why: r.why });
      replaced.set(r, null);
    }
    replaced.set(first, whole);
  }
  if (replaced.size === 0) return list;
  return list.flatMap((r) => {
    const to = replaced.get(r);
    return to === undefined ? [r] : to === null ? [] : [to];
  });
}

/**
 * What the replica key names: a key ARN exactly; an alias ARN or a bare key ID only roughly (IAM
 * authorizes the key behind an alias, which the configuration does not name), so any key grant
 * in that Region and account (or with that ID) will do, and no fix can write it.
 */
function replicaKeyResource(value: string, p: string): { resource: string; scope: 'all' | 'some'; exact: boolean } {
  const alias = /^arn:[^:]+:kms:([^:]*):([^:]*):alias\//.exec(value);
  if (alias) return { resource: `arn:${p}:kms:${alias[1]}:${alias[2]}:key/*`, scope: 'some', exact: false };
  if (value.startsWith('arn:')) return { resource: value, scope: 'all', exact: true };
  return { resource: `arn:${p}:kms:*:*:key/${value}`, scope: 'some', exact: false };
}

/** Requirements of several configurations served by one role, each (action, resource) once. */
export function combineRequirements(lists: readonly Requirement[][]): Requirement[] {
  const out = new Map<string, Requirement>();
  for (const r of lists.flat()) {
    const key = `${r.action}\u0000${r.resource}`;
    const had = out.get(key);
    if (!had) out.set(key, { ...r, needs: [...r.needs] });
    else {
      addNeeds(had.needs, r.needs);
      if (severityRank(r.severity) > severityRank(had.severity)) Object.assign(had, { severity: r.severity, why: r.why });
    }
  }
  return pruneCovered([...out.values()]);
}

/**
 * Drops a requirement whose resource a wider one of the same action already covers (a prefix inside
 * `bucket/*`), handing its needs and severity to the widest one. Our resources are exact ARNs or
 * end in a single `*` after a literal stem, so "covers" is "has a stem that prefixes": a lookup of
 * each prefix of the stem, not a comparison with every other requirement.
 */
function pruneCovered(list: Requirement[]): Requirement[] {
  const stemOf = (r: Requirement) => (r.resource.endsWith('*') && !/[*?]/.test(r.resource.slice(0, -1)) ? r.resource.slice(0, -1) : undefined);
  const byStem = new Map<string, Requirement>();
  for (const r of list) {
    const stem = stemOf(r);
    if (stem !== undefined) byStem.set(`${r.action}\u0000${r.scope}\u0000${stem}`, r);
  }
  const widestOver = (r: Requirement): Requirement | undefined => {
    const own = stemOf(r);
    const stem = own ?? r.resource;
    // Shortest stems first: the first hit is the widest. An exact ARN is also covered by its own stem.
    const last = own === undefined ? stem.length : stem.length - 1;
    for (let n = 0; n <= last; n++) {
      const o = byStem.get(`${r.action}\u0000${r.scope}\u0000${stem.slice(0, n)}`);
      if (o && o !== r) return o;
    }
    return undefined;
  };
  const kept: Requirement[] = [];
  for (const r of list) {
    const into = widestOver(r);
    if (!into) {
      kept.push(r);
      continue;
    }
    addNeeds(into.needs, r.needs);
    if (severityRank(r.severity) > severityRank(into.severity)) Object.assign(into, { severity: r.severity, why: r.why });
  }
  return kept;
}
