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

/**
 * What a replication role's permission is for, by action: where it is granted and what fails
 * without it (the same words as the findings). Shown on hover over the action in a policy.
 */
export const REPLICATION_USE: Readonly<Record<string, { on: string; why: string }>> = {
  's3:GetReplicationConfiguration': { on: 'the source bucket (`arn:aws:s3:::SOURCE`)', why: WHY.config },
  's3:ListBucket': { on: 'the source bucket (`arn:aws:s3:::SOURCE`)', why: WHY.list },
  's3:GetObjectVersionForReplication': { on: 'the source objects (`arn:aws:s3:::SOURCE/*`)', why: `without it ${WHY.read}` },
  's3:GetObjectVersionAcl': { on: 'the source objects (`arn:aws:s3:::SOURCE/*`)', why: `without it ${WHY.acl}` },
  's3:GetObjectVersionTagging': { on: 'the source objects (`arn:aws:s3:::SOURCE/*`)', why: `without it ${WHY.tagging}` },
  's3:GetObjectRetention': { on: 'the source objects, with Object Lock', why: WHY.retention },
  's3:GetObjectLegalHold': { on: 'the source objects, with Object Lock', why: WHY.legalHold },
  's3:ReplicateObject': { on: 'the destination objects (`arn:aws:s3:::DESTINATION/*`)', why: `without it ${WHY.replicate}` },
  's3:ReplicateDelete': { on: 'the destination objects (`arn:aws:s3:::DESTINATION/*`)', why: `without it ${WHY.delete}` },
  's3:ReplicateTags': { on: 'the destination objects (`arn:aws:s3:::DESTINATION/*`)', why: WHY.tags },
  's3:ObjectOwnerOverrideToBucketOwner': { on: 'the destination objects, with AccessControlTranslation', why: `without it ${WHY.owner}` },
  'kms:Decrypt': { on: 'the KMS key(s) that encrypt the source objects', why: `without it ${WHY.decrypt}` },
  'kms:Encrypt': { on: 'the replica KMS key (ReplicaKmsKeyID)', why: `without it ${WHY.encrypt}` },
  'kms:GenerateDataKey': { on: 'the source and replica KMS keys', why: WHY.dataKey },
};

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
  const p = summary.partition;
  const uri = summary.doc.uri;
  const needOf = (rule: RuleSummary, node?: Node): Need => ({ uri, node: node ?? rule.anchor, label: rule.label });
  const sources = options.sources && options.sources.length > 0 ? options.sources : [undefined];
  // Whether a bucket's requirements are collapsed to the whole bucket (collapsePrefixes) is decided
  // before they are made: a 1,000-prefix configuration then makes a few requirements, not thousands.
  const sourceWhole = sources[0] !== undefined && tooManyPrefixes(summary.rules.map((r) => r.prefix));
  const destinationWhole = new Set<string>();
  const ownerWhole = new Set<string>();
  const byDestination = new Map<string, { all: string[]; owner: string[] }>();
  for (const rule of summary.rules) {
    if (!rule.destination) continue;
    let d = byDestination.get(rule.destination.bucket);
    if (!d) byDestination.set(rule.destination.bucket, (d = { all: [], owner: [] }));
    d.all.push(rule.prefix);
    if (rule.ownerOverride) d.owner.push(rule.prefix);
  }
  for (const [bucket, d] of byDestination) {
    if (tooManyPrefixes(d.all)) destinationWhole.add(bucket);
    if (tooManyPrefixes(d.owner)) ownerWhole.add(bucket);
  }
  // Source needs depend only on a rule's prefix and features: rules sharing them are checked once
  // per source bucket (a 1,000-rule configuration must not make 1,000 copies per source).
  const groups = new Map<string, SourceGroup>();
  // Destination requirements combined as they are made (as combineRequirements would), in order.
  const destination = new Map<string, Requirement>();
  for (const rule of summary.rules) {
    const prefix = sourceWhole ? '' : rule.prefix;
    const key = `${prefix}\u0000${rule.tagFiltered}\u0000${!!rule.sseKms}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { rule, prefix, needs: [], kmsNeeds: [] }));
    addNeed(group.needs, () => needOf(rule));
    if (rule.sseKms) addNeed(group.kmsNeeds, () => needOf(rule, rule.sseKms));
    const bucket = rule.destination?.bucket;
    const destinationPrefix = bucket !== undefined && destinationWhole.has(bucket) ? '' : rule.prefix;
    const ownerPrefix = bucket !== undefined && ownerWhole.has(bucket) ? '' : rule.prefix;
    destinationNeeds(rule, p, destinationPrefix, ownerPrefix, (at, action, ruleId, severity, why, node) => {
      const k = `${action}\u0000${at.resource}`;
      const had = destination.get(k);
      if (!had) {
        const r: Requirement = { action, resource: at.resource, scope: at.scope, exact: at.exact, side: at.side, ruleId, severity, why, needs: [needOf(rule, node)] };
        if (at.bucket !== undefined) r.bucket = at.bucket;
        destination.set(k, r);
      } else {
        if (had.needs.length < MAX_NEEDS) had.needs.push(needOf(rule, node));
        if (severityRank(severity) > severityRank(had.severity)) Object.assign(had, { severity, why });
      }
    });
  }
  for (const group of groups.values()) {
    for (const source of sources) sourceNeeds(group, p, source, options.facts, (r, needs) => raw.push(requirement(r, [...needs])));
  }
  // Source side first, in the order AWS's examples list them (and generated policies follow).
  return collapsePrefixes(combineRequirements([raw, [...destination.values()]]));
}

/** Adds a need unless MAX_NEEDS are there (made only then: a thousand rules share a few requirements). */
function addNeed(into: Need[], need: () => Need): void {
  if (into.length < MAX_NEEDS) into.push(need());
}

/** One shape for every requirement (spreads of varying shapes cost more by the thousand). */
function requirement(r: Omit<Requirement, 'needs'>, needs: Need[]): Requirement {
  const out: Requirement = { action: r.action, resource: r.resource, scope: r.scope, exact: r.exact, side: r.side, ruleId: r.ruleId, severity: r.severity, why: r.why, needs };
  if (r.bucket !== undefined) out.bucket = r.bucket;
  return out;
}

/**
 * Whether requirements on these key prefixes of one bucket are more than MAX_PREFIXES once those
 * inside a wider one are left out (as pruneCovered does): sorted, a prefix is inside a wider one
 * exactly when it starts with the last one kept. A prefix with a wildcard covers nothing.
 */
function tooManyPrefixes(prefixes: readonly string[]): boolean {
  if (prefixes.length <= MAX_PREFIXES) return false;
  let kept = 0;
  let stem: string | undefined;
  for (const prefix of [...new Set(prefixes)].sort()) {
    if (stem !== undefined && prefix.startsWith(stem)) continue;
    kept++;
    if (!/[*?]/.test(prefix)) stem = prefix;
    if (kept > MAX_PREFIXES) return true;
  }
  return false;
}

/** Rules with the same source-side needs (prefix, tag filter, SSE-KMS), and where each comes from. */
interface SourceGroup {
  rule: RuleSummary;
  /** The rules' prefix, or '' when the source bucket's requirements are on the whole bucket. */
  prefix: string;
  needs: Need[];
  kmsNeeds: Need[];
}

function sourceNeeds(group: SourceGroup, p: string, source: string | undefined, facts: LiveFacts | undefined, add: (r: Omit<Requirement, 'needs'>, needs: Need[]) => void): void {
  const { rule, needs } = group;
  const known = source !== undefined;
  const scope = known ? 'all' : 'some';
  const bucket = s3BucketArn(p, source ?? '*');
  const objects = s3ObjectArn(p, source ?? '*', group.prefix);
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

/** Where a requirement applies. */
interface At {
  resource: string;
  scope: 'all' | 'some';
  exact: boolean;
  side: Side;
  bucket?: string;
}

/**
 * Adds a requirement; `node` is the config element behind it when more specific than the rule.
 * Fields, not an object: a thousand rules mostly add to requirements already made.
 */
type Add = (at: At, action: string, ruleId: string, severity: Severity, why: string, node: Node | undefined) => void;

function destinationNeeds(rule: RuleSummary, p: string, prefix: string, ownerPrefix: string, add: Add): void {
  const dest = rule.destination;
  if (dest) {
    const at: At = { resource: s3ObjectArn(p, dest.bucket, prefix), scope: 'all', exact: true, side: 'destination-objects', bucket: dest.bucket };
    add(at, 's3:ReplicateObject', 'iam-replicate-object', 'error', WHY.replicate, dest.node);
    add(at, 's3:ReplicateDelete', 'iam-replicate-delete', rule.deleteMarkers ? 'error' : 'warning', WHY.delete, rule.deleteMarkers ?? dest.node);
    add(at, 's3:ReplicateTags', 'iam-replicate-tags-optional', 'info', WHY.tags, dest.node);
    if (rule.ownerOverride) {
      const owner: At = prefix === ownerPrefix ? at : { ...at, resource: s3ObjectArn(p, dest.bucket, ownerPrefix) };
      add(owner, 's3:ObjectOwnerOverrideToBucketOwner', 'iam-owner-override', 'error', WHY.owner, rule.ownerOverride);
    }
  }
  const key = rule.replicaKey;
  if (key && rule.sseKms) {
    const at: At = { ...replicaKeyResource(key.value, p), side: 'destination-key' };
    add(at, 'kms:Encrypt', 'iam-kms-encrypt-destination', 'error', WHY.encrypt, key.node);
    add(at, 'kms:GenerateDataKey', 'iam-kms-generate-data-key', 'warning', WHY.dataKey, key.node);
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
    const group = groups.get(key);
    if (group) group.push(r);
    else groups.set(key, [r]);
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
    if (!had) out.set(key, requirement(r, [...r.needs]));
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
  // Per action and scope: the requirements by stem, and the stem lengths that occur (a configuration
  // of a thousand prefixes has a handful of lengths, so a lookup tries those, not every length).
  const groups = new Map<string, { byStem: Map<string, Requirement>; lengths: number[] }>();
  const stems = list.map(stemOf);
  list.forEach((r, i) => {
    const stem = stems[i];
    if (stem === undefined) return;
    const key = `${r.action}\u0000${r.scope}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { byStem: new Map(), lengths: [] }));
    g.byStem.set(stem, r);
    g.lengths.push(stem.length);
  });
  for (const g of groups.values()) g.lengths = [...new Set(g.lengths)].sort((a, b) => a - b);
  const widestOver = (r: Requirement, own: string | undefined): Requirement | undefined => {
    const g = groups.get(`${r.action}\u0000${r.scope}`);
    if (!g) return undefined;
    const stem = own ?? r.resource;
    // Shortest stems first: the first hit is the widest. An exact ARN is also covered by its own stem.
    const last = own === undefined ? stem.length : stem.length - 1;
    for (const n of g.lengths) {
      if (n > last) break;
      const o = g.byStem.get(stem.slice(0, n));
      if (o && o !== r) return o;
    }
    return undefined;
  };
  const kept: Requirement[] = [];
  list.forEach((r, i) => {
    const into = widestOver(r, stems[i]);
    if (!into) {
      kept.push(r);
      return;
    }
    addNeeds(into.needs, r.needs);
    if (severityRank(r.severity) > severityRank(into.severity)) Object.assign(into, { severity: r.severity, why: r.why });
  });
  return kept;
}
