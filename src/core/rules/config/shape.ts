/**
 * Navigation over a replication configuration: its rules, their schema version and members.
 * Shared by every config and live rule so that "is this rule V2?", "what does this filter match?"
 * and "which partition is this?" are decided in exactly one place.
 */
import { Node } from 'jsonc-parser';
import { JsonDocument } from '../../document';
import { elements, has, isObject, member, stringValue } from '../../json';
import { Severity } from '../../findings';
import { Rule, RuleContext } from '../../rule';

export type JsonPath = (string | number)[];

/** A member found below a rule, with its path relative to the rule (made absolute only for fixes). */
export interface Site {
  node: Node;
  rel: JsonPath;
}

const NO: Node | undefined = undefined;

// Each factory makes objects of one fixed shape, so reading a member is a plain field load. Rules read
// these on every rule of every document; looking members up in the tree each time cost more than parsing.
const ruleProps = () => ({ ID: NO, Status: NO, Priority: NO, Prefix: NO, Filter: NO, DeleteMarkerReplication: NO, ExistingObjectReplication: NO, SourceSelectionCriteria: NO, Destination: NO });
const destinationProps = () => ({ Bucket: NO, Account: NO, StorageClass: NO, AccessControlTranslation: NO, EncryptionConfiguration: NO, ReplicationTime: NO, Metrics: NO });
const filterProps = () => ({ Prefix: NO, Tag: NO, And: NO });
const statusProps = () => ({ Status: NO });
const rtcProps = () => ({ Status: NO, Time: NO });
const metricsProps = () => ({ Status: NO, EventThreshold: NO });

/** Property nodes (key + value) of an object by key; the last one when a key repeats, as AWS reads it. */
export type Props<K extends string> = { readonly [P in K]?: Node };

// Shared for absent objects (never written): most rules have no RTC, no metrics, no tags.
const EMPTY = {
  rule: ruleProps(),
  destination: destinationProps(),
  filter: filterProps(),
  status: statusProps(),
  rtc: rtcProps(),
  metrics: metricsProps(),
};

function fill<T extends object>(make: () => T, empty: T, obj: Node | undefined): T {
  const children = obj && obj.type === 'object' ? obj.children : undefined;
  if (!children || children.length === 0) return empty;
  const out = make();
  for (const p of children) {
    const k = p.children?.[0]?.value;
    if (typeof k === 'string' && Object.prototype.hasOwnProperty.call(out, k)) (out as Record<string, Node | undefined>)[k] = p;
  }
  return out;
}

/** Value node of a property node (undefined while the value is still being typed). */
export function propValue(prop: Node | undefined): Node | undefined {
  return prop?.children?.[1];
}

/** Key node of a property node. */
export function propKey(prop: Node | undefined): Node | undefined {
  return prop?.children?.[0];
}

/** Value node of a property node when it is an object. */
export function propObject(prop: Node | undefined): Node | undefined {
  const v = prop?.children?.[1];
  return v?.type === 'object' ? v : undefined;
}

/** A member found below a rule, with its path relative to the rule (made absolute only for fixes). */
export interface Site {
  node: Node;
  rel: JsonPath;
}

const NONE: readonly Site[] = [];

/**
 * One rule of the configuration with the members rules read, looked up once per document.
 * Allocation matters as much as lookups: the freshly parsed tree is young garbage-collector space,
 * so every object made while analysing it makes the collector copy the whole tree sooner.
 */
export class ConfigRule {
  /** Members of the rule, of its `Filter`, `Destination`, `DeleteMarkerReplication`, RTC and metrics. */
  readonly r: Props<keyof ReturnType<typeof ruleProps>>;
  readonly f: Props<keyof ReturnType<typeof filterProps>>;
  readonly d: Props<keyof ReturnType<typeof destinationProps>>;
  readonly dm: Props<'Status'>;
  readonly rt: Props<'Status' | 'Time'>;
  readonly m: Props<'Status' | 'EventThreshold'>;
  /** `Filter`, `Filter.And`, `Destination`, `SourceSelectionCriteria`, RTC and metrics, when objects. */
  readonly filter?: Node;
  readonly and?: Node;
  readonly destination?: Node;
  readonly criteria?: Node;
  readonly rtc?: Node;
  readonly metrics?: Node;
  /** `Status` string of the rule. */
  readonly status?: string;
  /** `Destination.Bucket` value node, and the bucket it names when it is a bucket ARN. */
  readonly bucketNode?: Node;
  readonly bucketName?: string;
  /** Tag objects of the filter: `Filter.Tag` and every `Filter.And.Tags` entry. */
  readonly tags: readonly Site[] = NONE;
  /** String prefixes: rule-level, `Filter.Prefix`, `Filter.And.Prefix`. */
  readonly prefixes: readonly Site[] = NONE;

  constructor(
    readonly node: Node,
    readonly index: number,
    private readonly base: JsonPath,
  ) {
    const r = (this.r = fill(ruleProps, EMPTY.rule, node));
    const filter = (this.filter = propObject(r.Filter));
    const f = (this.f = fill(filterProps, EMPTY.filter, filter));
    const and = (this.and = propObject(f.And));
    const destination = (this.destination = propObject(r.Destination));
    const d = (this.d = fill(destinationProps, EMPTY.destination, destination));
    this.rtc = propObject(d.ReplicationTime);
    this.metrics = propObject(d.Metrics);
    this.dm = fill(statusProps, EMPTY.status, propObject(r.DeleteMarkerReplication));
    this.rt = fill(rtcProps, EMPTY.rtc, this.rtc);
    this.m = fill(metricsProps, EMPTY.metrics, this.metrics);
    this.criteria = propObject(r.SourceSelectionCriteria);
    this.status = stringValue(propValue(r.Status));
    this.bucketNode = propValue(d.Bucket);
    this.bucketName = bucketNameFromArn(stringValue(this.bucketNode));

    const tag = propObject(f.Tag);
    const andTags = and ? member(and, 'Tags') : undefined;
    if (tag || andTags) {
      const list: Site[] = [];
      if (tag) list.push({ node: tag, rel: ['Filter', 'Tag'] });
      elements(andTags).forEach((t, i) => {
        if (isObject(t)) list.push({ node: t, rel: ['Filter', 'And', 'Tags', i] });
      });
      this.tags = list;
    }
    const prefixes: Site[] = [];
    const add = (n: Node | undefined, rel: JsonPath) => {
      if (n?.type === 'string') prefixes.push({ node: n, rel });
    };
    if (r.Prefix) add(propValue(r.Prefix), ['Prefix']);
    if (f.Prefix) add(propValue(f.Prefix), ['Filter', 'Prefix']);
    if (and) add(member(and, 'Prefix'), ['Filter', 'And', 'Prefix']);
    if (prefixes.length > 0) this.prefixes = prefixes;
  }

  /** Absolute JSON path of the rule object, for fixes. Built on demand: most rules never fix anything. */
  get path(): JsonPath {
    return [...this.base, this.index];
  }
}

// Sixty-odd rules walk the same rule list; a 1,000-rule document must not rebuild it sixty times.
const RULES_CACHE = new WeakMap<Node, ConfigRule[]>();

export function configRules(doc: JsonDocument): ConfigRule[] {
  const rules = member(doc.config, 'Rules');
  if (!rules || rules.type !== 'array') return [];
  const cached = RULES_CACHE.get(rules);
  if (cached) return cached;
  const base = [...(doc.configPath ?? []), 'Rules'];
  const out: ConfigRule[] = [];
  elements(rules).forEach((node, index) => {
    if (isObject(node)) out.push(new ConfigRule(node, index, base));
  });
  RULES_CACHE.set(rules, out);
  return out;
}

/** Absolute path of a member of `rule`. */
export function pathIn(rule: ConfigRule, ...rel: JsonPath): JsonPath {
  return [...rule.path, ...rel];
}

/** Defines a rule over replication-configuration documents. */
export function configRule(def: Omit<Rule, 'kinds'>): Rule {
  return { ...def, kinds: ['replication-config'] };
}

/** Calls `visit` for every rule of the document; the common shape of a per-rule check. */
export function eachRule(ctx: RuleContext, visit: (rule: ConfigRule) => void): void {
  for (const rule of configRules(ctx.doc)) visit(rule);
}

/**
 * V2 when the rule has a `Filter`. S3 also treats RTC rules as V2, but which schema a rule is meant
 * to be is decided by Filter vs. rule-level Prefix, as S3's own error texts do.
 */
export function isV2(rule: ConfigRule | Node): boolean {
  return 'r' in rule ? rule.r.Filter !== undefined : has(rule, 'Filter');
}

export function isV1(rule: ConfigRule | Node): boolean {
  return 'r' in rule ? rule.r.Filter === undefined && rule.r.Prefix !== undefined : !has(rule, 'Filter') && has(rule, 'Prefix');
}

export function objectMember(obj: Node | undefined, key: string): Node | undefined {
  const m = member(obj, key);
  return isObject(m) ? m : undefined;
}

/** The object at a key path below `obj`, when every step is an object. */
export function objectAt(obj: Node | undefined, path: readonly string[]): Node | undefined {
  let cur = obj;
  for (const key of path) cur = objectMember(cur, key);
  return cur;
}

/** `Status` of a rule or of a nested element, when it is a string. */
export function statusOf(obj: Node | undefined): string | undefined {
  return stringValue(member(obj, 'Status'));
}

export function isEnabled(obj: Node | undefined): boolean {
  return statusOf(obj) === 'Enabled';
}

/** Bucket name from `arn:<partition>:s3:::name`, or undefined when the value is not a bucket ARN. */
export function bucketNameFromArn(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const m = /^arn:aws[a-z-]*:s3:::([^/]+)$/.exec(value);
  return m ? m[1] : undefined;
}

/** ARN partition (`aws`, `aws-cn`, `aws-us-gov`, ...) of the configuration's Role; `aws` when unknown. */
export function partitionOf(doc: JsonDocument): string {
  const role = stringValue(member(doc.config, 'Role'));
  const m = role ? /^arn:(aws[a-z-]*):/.exec(role) : null;
  return m ? m[1] : 'aws';
}

/** The 12-digit account of the configuration's Role ARN, when it has one. */
export function roleAccount(doc: JsonDocument): string | undefined {
  const role = stringValue(member(doc.config, 'Role'));
  const m = role ? /^arn:aws[a-z-]*:iam::(\d{12}):role\//.exec(role) : null;
  return m ? m[1] : undefined;
}

/**
 * The key prefix the rule selects: what S3 matches object keys against. Filter wins over a
 * rule-level Prefix, as it does for S3 when both are (wrongly) present.
 */
export function effectivePrefix(rule: ConfigRule): string {
  if (rule.filter) return stringValue(propValue(rule.f.Prefix)) ?? stringValue(member(rule.and, 'Prefix')) ?? '';
  return stringValue(propValue(rule.r.Prefix)) ?? '';
}

/** A rule's label in messages: its ID when it has one, else its position. */
export function ruleLabel(rule: ConfigRule): string {
  const id = stringValue(propValue(rule.r.ID));
  return id ? `rule "${id}"` : `rule #${rule.index + 1}`;
}

/**
 * Reports a general explanation once per document, at its first site, instead of on every rule it
 * applies to: a thousand identical notes would bury the findings that matter.
 */
export function reportOnce(ctx: RuleContext, sites: readonly (Span | undefined)[], message: string, severity?: Severity): void {
  const present = sites.filter((s): s is Span => s !== undefined);
  if (present.length === 0) return;
  const { offset, length } = present[0];
  ctx.report({ offset, length, severity, message: present.length > 1 ? `${message} (Applies to ${present.length} rules.)` : message });
}

export interface Span {
  offset: number;
  length: number;
}

/** Range of a node's key when it is a property value, else the node itself. */
export function keyOf(node: Node): Node {
  const parent = node.parent;
  return parent && parent.type === 'property' && parent.children?.[0] ? parent.children[0] : node;
}
