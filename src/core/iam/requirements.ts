/**
 * The permissions a replication configuration needs from its role: for each active rule, its
 * destination and each feature it uses, the action, the resource it must be allowed on, the
 * catalogue rule that reports it when missing, how severe that is and what fails without it.
 * Derived from the catalogue's "Required IAM actions per feature" table.
 */
import { Node } from 'jsonc-parser';
import { LiveFacts } from '../facts';
import { Severity, severityRank } from '../findings';
import { arnCovers, s3BucketArn, s3ObjectArn } from './arn';
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
  needs: Need[];
}

export interface RequirementOptions {
  /** Source buckets; unknown when undefined (then source requirements are checked with scope `some`). */
  sources?: readonly string[];
  facts?: LiveFacts;
}

const WHY = {
  config: 'S3 cannot read the replication configuration of the source bucket, so nothing replicates',
  list: 'S3 needs it on the source bucket to replicate (delete markers in particular)',
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

export function replicationRequirements(summary: ConfigSummary, options: RequirementOptions = {}): Requirement[] {
  const raw: Requirement[] = [];
  const add = (r: Omit<Requirement, 'needs'>, need: Need) => raw.push({ ...r, needs: [need] });
  const p = summary.partition;
  const uri = summary.doc.uri;
  const sources = options.sources && options.sources.length > 0 ? options.sources : undefined;
  for (const rule of summary.rules) {
    const need = { uri, node: rule.anchor, label: rule.label };
    const at = (n?: Node) => (n ? { uri, node: n, label: rule.label } : need);
    for (const source of sources ?? [undefined]) sourceNeeds(rule, p, source, options.facts, (r, n) => add(r, at(n)));
    destinationNeeds(rule, p, (r, n) => add(r, at(n)));
  }
  return combineRequirements([raw]);
}

/** Adds a requirement; `node` is the config element behind it when more specific than the rule. */
type Add = (r: Omit<Requirement, 'needs'>, node?: Node) => void;

function sourceNeeds(rule: RuleSummary, p: string, source: string | undefined, facts: LiveFacts | undefined, add: Add): void {
  const known = source !== undefined;
  const scope = known ? 'all' : 'some';
  const bucket = s3BucketArn(p, source ?? '*');
  const objects = s3ObjectArn(p, source ?? '*', rule.prefix);
  const onBucket = { resource: bucket, scope, exact: known, side: 'source-bucket', bucket: source } as const;
  const onObjects = { resource: objects, scope, exact: known, side: 'source-objects', bucket: source } as const;
  add({ ...onBucket, action: 's3:GetReplicationConfiguration', ruleId: 'iam-get-replication-configuration', severity: 'error', why: WHY.config });
  add({ ...onBucket, action: 's3:ListBucket', ruleId: 'iam-list-bucket', severity: 'error', why: WHY.list });
  add({ ...onObjects, action: 's3:GetObjectVersionForReplication', ruleId: 'iam-get-object-version-for-replication', severity: 'error', why: WHY.read });
  add({ ...onObjects, action: 's3:GetObjectVersionAcl', ruleId: 'iam-get-object-version-acl', severity: 'error', why: WHY.acl });
  add({
    ...onObjects,
    action: 's3:GetObjectVersionTagging',
    ruleId: 'iam-get-object-version-tagging',
    severity: rule.tagFiltered ? 'error' : 'warning',
    why: rule.tagFiltered ? WHY.taggingFilter : WHY.tagging,
  });
  if (source && facts?.buckets[source]?.objectLock) {
    add({ ...onObjects, action: 's3:GetObjectRetention', ruleId: 'iam-object-lock-read', severity: 'error', why: WHY.retention });
    add({ ...onObjects, action: 's3:GetObjectLegalHold', ruleId: 'iam-object-lock-read', severity: 'error', why: WHY.legalHold });
  }
  if (rule.sseKms) {
    // Which key encrypts the source objects is not in the configuration: any Decrypt grant on a key will do.
    add(
      { action: 'kms:Decrypt', resource: `arn:${p}:kms:*:*:key/*`, scope: 'some', exact: false, side: 'source-key', ruleId: 'iam-kms-decrypt-source', severity: 'error', why: WHY.decrypt },
      rule.sseKms,
    );
  }
}

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
      had.needs.push(...r.needs);
      if (severityRank(r.severity) > severityRank(had.severity)) Object.assign(had, { severity: r.severity, why: r.why });
    }
  }
  return pruneCovered([...out.values()]);
}

/**
 * Drops a requirement whose resource a wider one of the same action already covers (a prefix inside
 * `bucket/*`), handing its needs and severity to the widest one.
 */
function pruneCovered(list: Requirement[]): Requirement[] {
  const wider = (o: Requirement, r: Requirement) =>
    o !== r && o.action === r.action && o.scope === r.scope && o.resource !== r.resource && arnCovers(o.resource, r.resource);
  const widest = list.filter((r) => !list.some((o) => wider(o, r)));
  for (const r of list) {
    if (widest.includes(r)) continue;
    const into = widest.find((o) => wider(o, r));
    if (!into) continue;
    for (const n of r.needs) if (!into.needs.includes(n)) into.needs.push(n);
    if (severityRank(r.severity) > severityRank(into.severity)) Object.assign(into, { severity: r.severity, why: r.why });
  }
  return widest;
}
