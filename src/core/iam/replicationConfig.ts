/**
 * What the IAM side needs to know about a replication configuration, read once per parsed document:
 * the role, and per active rule its destination, key prefix and the features that need permissions.
 */
import { Node } from 'jsonc-parser';
import { JsonDocument } from '../document';
import { elements, has, isObject, keyNode, member, stringValue } from '../json';
import { ConfigRule, configRules, propKey, propObject, propValue } from '../rules/config/shape';
import { isOutpostsArn, roleParts, s3BucketName, s3Parts } from './arn';

export interface RuleSummary {
  /** `rule "ID"` or `rule #n`, for messages. */
  label: string;
  /** Where the rule starts: its `ID` value, else its opening brace. */
  anchor: Node;
  /** The key prefix the rule selects (`''` for all objects); wildcard characters cut it short. */
  prefix: string;
  tagFiltered: boolean;
  /** Delete markers replicate: V2 `DeleteMarkerReplication: Enabled`, or any V1 rule. */
  deleteMarkers?: Node;
  destination?: { bucket: string; node: Node; account?: string; accountNode?: Node };
  ownerOverride?: Node;
  sseKms?: Node;
  replicaKey?: { value: string; node: Node };
}

export interface ConfigSummary {
  doc: JsonDocument;
  role?: { arn: string; name: string; account: string; node: Node };
  partition: string;
  /** Rules that are not `Disabled`: the ones S3 runs (or will once enabled), so the ones needing permissions. */
  rules: RuleSummary[];
  /** The source bucket, when the document says (fetched from AWS). */
  sourceBucket?: string;
  /**
   * An S3 on Outposts configuration (an Outposts ARN as destination or source). Its role is granted
   * `s3-outposts:` actions on Outposts ARNs, which the S3 requirements here do not describe.
   */
  outposts: boolean;
}

const cache = new WeakMap<JsonDocument, ConfigSummary>();

export function configSummary(doc: JsonDocument): ConfigSummary {
  const hit = cache.get(doc);
  if (hit) return hit;
  const roleNode = member(doc.config, 'Role');
  const roleArn = stringValue(roleNode);
  const parts = roleArn ? roleParts(roleArn) : undefined;
  const partition = parts?.partition ?? /^arn:([^:]+):/.exec(roleArn ?? '')?.[1] ?? 'aws';
  const rules: RuleSummary[] = [];
  let outposts = false;
  const list = member(doc.config, 'Rules');
  if (list?.type === 'array') {
    // The rules as the config checks read them (members looked up once per document), for a list.
    for (const rule of configRules(doc)) {
      outposts ||= isOutpostsArn(rule.bucketValue) || isOutpostsArn(stringValue(member(rule.node, 'Bucket')));
      if (rule.status !== 'Disabled') rules.push(summaryOf(rule));
    }
  } else {
    elements(list).forEach((node, index) => {
      outposts ||= isOutpostsArn(stringValue(member(objectAt(node, 'Destination'), 'Bucket'))) || isOutpostsArn(stringValue(member(node, 'Bucket')));
      if (isObject(node) && stringValue(member(node, 'Status')) !== 'Disabled') rules.push(ruleSummary(node, index));
    });
  }
  const summary: ConfigSummary = {
    doc,
    role: parts && roleNode ? { arn: roleArn as string, name: parts.name, account: parts.account, node: roleNode } : undefined,
    partition,
    rules,
    sourceBucket: doc.live?.sourceBucket,
    outposts,
  };
  cache.set(doc, summary);
  return summary;
}

function objectAt(obj: Node | undefined, ...keys: string[]): Node | undefined {
  let cur = obj;
  for (const k of keys) {
    const next = member(cur, k);
    cur = isObject(next) ? next : undefined;
  }
  return cur;
}

function ruleSummary(node: Node, index: number): RuleSummary {
  const id = member(node, 'ID');
  const filter = objectAt(node, 'Filter');
  const and = objectAt(filter, 'And');
  const prefix = stringValue(member(filter, 'Prefix')) ?? stringValue(member(and, 'Prefix')) ?? (filter ? undefined : stringValue(member(node, 'Prefix')));
  const tagFiltered = isObject(member(filter, 'Tag')) || elements(member(and, 'Tags')).some(isObject);
  const dmr = objectAt(node, 'DeleteMarkerReplication');
  // V2 rules (with `Filter`) replicate delete markers when told to; V1 rules (rule-level `Prefix`) always do.
  const deleteMarkers = has(node, 'Filter')
    ? stringValue(member(dmr, 'Status')) === 'Enabled'
      ? keyNode(node, 'DeleteMarkerReplication')
      : undefined
    : keyNode(node, 'Prefix');
  const dest = objectAt(node, 'Destination');
  const bucketNode = member(dest, 'Bucket');
  const arn = stringValue(bucketNode) ?? '';
  const bucket = s3Parts(arn)?.object === undefined ? s3BucketName(arn) : undefined;
  const accountNode = member(dest, 'Account');
  const sse = objectAt(node, 'SourceSelectionCriteria', 'SseKmsEncryptedObjects');
  const keyValueNode = member(objectAt(dest, 'EncryptionConfiguration'), 'ReplicaKmsKeyID');
  const keyValue = stringValue(keyValueNode);
  return {
    label: stringValue(id) ? `rule "${stringValue(id)}"` : `rule #${index + 1}`,
    anchor: id ?? { ...node, length: 1 },
    prefix: (prefix ?? '').split(/[*?]/)[0],
    tagFiltered,
    deleteMarkers,
    destination: bucket && bucketNode ? { bucket, node: bucketNode, account: stringValue(accountNode), accountNode } : undefined,
    ownerOverride: objectAt(dest, 'AccessControlTranslation') ? keyNode(dest, 'AccessControlTranslation') : undefined,
    sseKms: stringValue(member(sse, 'Status')) === 'Enabled' ? keyNode(objectAt(node, 'SourceSelectionCriteria'), 'SseKmsEncryptedObjects') : undefined,
    replicaKey: keyValue && keyValueNode ? { value: keyValue, node: keyValueNode } : undefined,
  };
}

/** `ruleSummary` of a rule whose members the config checks have looked up already: the same summary. */
function summaryOf(rule: ConfigRule): RuleSummary {
  const { r, d, node } = rule;
  const id = propValue(r.ID);
  const arn = rule.bucketValue ?? '';
  const bucket = s3Parts(arn)?.object === undefined ? s3BucketName(arn) : undefined;
  const accountNode = propValue(d.Account);
  const criteria = rule.criteria;
  const sse = objectAt(criteria, 'SseKmsEncryptedObjects');
  const keyValueNode = member(propObject(d.EncryptionConfiguration), 'ReplicaKmsKeyID');
  const keyValue = stringValue(keyValueNode);
  const prefix = rule.prefix;
  return {
    label: rule.id ? `rule "${rule.id}"` : `rule #${rule.index + 1}`,
    anchor: id ?? { ...node, length: 1 },
    prefix: prefix.includes('*') || prefix.includes('?') ? prefix.split(/[*?]/)[0] : prefix,
    tagFiltered: rule.tags.length > 0,
    // V2 rules (with `Filter`) replicate delete markers when told to; V1 rules (rule-level `Prefix`) always do.
    deleteMarkers: r.Filter !== undefined ? (rule.dmStatus === 'Enabled' ? propKey(r.DeleteMarkerReplication) : undefined) : propKey(r.Prefix),
    destination: bucket && rule.bucketNode ? { bucket, node: rule.bucketNode, account: stringValue(accountNode), accountNode } : undefined,
    ownerOverride: propObject(d.AccessControlTranslation) ? propKey(d.AccessControlTranslation) : undefined,
    sseKms: stringValue(member(sse, 'Status')) === 'Enabled' ? keyNode(criteria, 'SseKmsEncryptedObjects') : undefined,
    replicaKey: keyValue && keyValueNode ? { value: keyValue, node: keyValueNode } : undefined,
  };
}

/** Destination bucket names of the configuration's active rules. */
export function destinationBuckets(summary: ConfigSummary): string[] {
  return [...new Set(summary.rules.flatMap((r) => (r.destination ? [r.destination.bucket] : [])))];
}

/** Whether a destination belongs to another account than the role (as far as the documents say). */
export function crossAccount(summary: ConfigSummary, rule: RuleSummary): boolean {
  const account = rule.destination?.account;
  return !!account && !!summary.role && /^\d{12}$/.test(account) && account !== summary.role.account;
}
