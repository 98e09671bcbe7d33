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
  rel: readonly (string | number)[];
}

/** A prefix and its value. */
export interface PrefixSite extends Site {
  value: string;
}

/** A filter tag, with its `Key` and `Value` strings when they are strings. */
export interface TagSite extends Site {
  key?: string;
  value?: string;
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
  for (let i = 0; i < children.length; i++) {
    const p = children[i];
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

const NONE: readonly never[] = [];

// Shared relative paths: callers copy them into absolute paths, never modify them.
const REL: Record<'tag' | 'prefix' | 'filterPrefix' | 'andPrefix', readonly string[]> = {
  tag: ['Filter', 'Tag'],
  prefix: ['Prefix'],
  filterPrefix: ['Filter', 'Prefix'],
  andPrefix: ['Filter', 'And', 'Prefix'],
};

function tagSite(node: Node, rel: readonly (string | number)[]): TagSite {
  return { node, rel, key: stringValue(member(node, 'Key')), value: stringValue(member(node, 'Value')) };
}

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
  /**
   * Strings most checks compare, copied out of the tree once: walking a thousand-rule tree sixty
   * times is slow for the memory it touches, even when each visit does little.
   */
  readonly id?: string;
  readonly status?: string;
  readonly dmStatus?: string;
  readonly rtcStatus?: string;
  readonly metricsStatus?: string;
  readonly bucketValue?: string;
  /** `Priority` when it is a JSON integer; `priorityOther` when it is present but anything else. */
  readonly priority?: number;
  readonly priorityOther: boolean;
  /** `Destination.Bucket` value node, and the bucket it names when it is a bucket ARN. */
  readonly bucketNode?: Node;
  readonly bucketName?: string;
  /** Tag objects of the filter: `Filter.Tag` and every `Filter.And.Tags` entry. */
  readonly tags: readonly TagSite[] = NONE;
  /** The key prefix S3 matches: `Filter.Prefix`, `Filter.And.Prefix`, or the rule-level (V1) prefix; `""` for none. */
  readonly prefix: string;
  /** String prefixes: rule-level, `Filter.Prefix`, `Filter.And.Prefix`. */
  readonly prefixes: readonly PrefixSite[] = NONE;

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
    this.id = stringValue(propValue(r.ID));
    this.status = stringValue(propValue(r.Status));
    this.dmStatus = stringValue(propValue(this.dm.Status));
    this.rtcStatus = stringValue(propValue(this.rt.Status));
    this.metricsStatus = stringValue(propValue(this.m.Status));
    const priority = propValue(r.Priority);
    if (priority?.type === 'number' && Number.isInteger(priority.value)) this.priority = priority.value as number;
    this.priorityOther = !!priority && this.priority === undefined;
    this.bucketNode = propValue(d.Bucket);
    this.bucketValue = stringValue(this.bucketNode);
    this.bucketName = bucketNameFromArn(this.bucketValue);

    const tag = propObject(f.Tag);
    const andTags = and ? member(and, 'Tags') : undefined;
    if (tag || andTags) {
      const list: TagSite[] = [];
      if (tag) list.push(tagSite(tag, REL.tag));
      const items = elements(andTags);
      for (let i = 0; i < items.length; i++) if (isObject(items[i])) list.push(tagSite(items[i], ['Filter', 'And', 'Tags', i]));
      this.tags = list;
    }
    const rulePrefix = propValue(r.Prefix);
    const filterPrefix = propValue(f.Prefix);
    const andPrefix = and ? member(and, 'Prefix') : undefined;
    if (rulePrefix?.type === 'string' || filterPrefix?.type === 'string' || andPrefix?.type === 'string') {
      const prefixes: PrefixSite[] = [];
      if (rulePrefix?.type === 'string') prefixes.push({ node: rulePrefix, rel: REL.prefix, value: rulePrefix.value as string });
      if (filterPrefix?.type === 'string') prefixes.push({ node: filterPrefix, rel: REL.filterPrefix, value: filterPrefix.value as string });
      if (andPrefix?.type === 'string') prefixes.push({ node: andPrefix, rel: REL.andPrefix, value: andPrefix.value as string });
      this.prefixes = prefixes;
    }
    // Filter wins over a rule-level Prefix, as it does for S3 when both are (wrongly) present.
    this.prefix = filter
      ? (stringValue(filterPrefix) ?? stringValue(andPrefix) ?? '')
      : (stringValue(rulePrefix) ?? '');
  }

  /** Absolute JSON path of the rule object, for fixes. Built on demand: most rules never fix anything. */
  get path(): JsonPath {
    return [...this.base, this.index];
  }
}

// Sixty-odd rules walk the same rule list; a 1,000-rule document must not rebuild it sixty times.
/**
 * Members that only some rules have. Most checks concern one of them, and walk just the rules that
 * have it: seventy checks each visiting a thousand rules would cost more than parsing the document.
 */
export type Feature =
  | 'ID'
  | 'Priority'
  | 'RulePrefix'
  | 'V1'
  | 'And'
  | 'Tags'
  | 'DeleteMarkerReplication'
  | 'ExistingObjectReplication'
  | 'SourceSelectionCriteria'
  | 'Account'
  | 'AccessControlTranslation'
  | 'EncryptionConfiguration'
  | 'StorageClass'
  | 'ReplicationTime'
  | 'Metrics';

interface RuleList {
  all: ConfigRule[];
  by: Map<Feature, ConfigRule[]>;
}

function put(list: RuleList, feature: Feature, rule: ConfigRule): void {
  const group = list.by.get(feature);
  if (group) group.push(rule);
  else list.by.set(feature, [rule]);
}

function indexRule(list: RuleList, rule: ConfigRule): void {
  const { r, d } = rule;
  if (r.ID) put(list, 'ID', rule);
  if (r.Priority) put(list, 'Priority', rule);
  if (r.Prefix) put(list, 'RulePrefix', rule);
  if (r.Prefix && !r.Filter) put(list, 'V1', rule);
  if (rule.and) put(list, 'And', rule);
  if (rule.tags.length > 0) put(list, 'Tags', rule);
  if (r.DeleteMarkerReplication) put(list, 'DeleteMarkerReplication', rule);
  if (r.ExistingObjectReplication) put(list, 'ExistingObjectReplication', rule);
  if (r.SourceSelectionCriteria) put(list, 'SourceSelectionCriteria', rule);
  if (d.Account) put(list, 'Account', rule);
  if (d.AccessControlTranslation) put(list, 'AccessControlTranslation', rule);
  if (d.EncryptionConfiguration) put(list, 'EncryptionConfiguration', rule);
  if (d.StorageClass) put(list, 'StorageClass', rule);
  if (d.ReplicationTime) put(list, 'ReplicationTime', rule);
  if (d.Metrics) put(list, 'Metrics', rule);
}

const RULES_CACHE = new WeakMap<Node, RuleList>();
const NO_RULES: RuleList = { all: [], by: new Map() };

function ruleList(doc: JsonDocument): RuleList {
  const rules = member(doc.config, 'Rules');
  if (!rules || rules.type !== 'array') return NO_RULES;
  const cached = RULES_CACHE.get(rules);
  if (cached) return cached;
  const base = [...(doc.configPath ?? []), 'Rules'];
  const list: RuleList = { all: [], by: new Map() };
  const items = elements(rules);
  for (let i = 0; i < items.length; i++) {
    if (!isObject(items[i])) continue;
    const rule = new ConfigRule(items[i], i, base);
    list.all.push(rule);
    indexRule(list, rule);
  }
  RULES_CACHE.set(rules, list);
  return list;
}

export function configRules(doc: JsonDocument): ConfigRule[] {
  return ruleList(doc).all;
}

/** The rules that have `feature`, in document order. */
export function rulesWith(doc: JsonDocument, feature: Feature): readonly ConfigRule[] {
  return ruleList(doc).by.get(feature) ?? NO_RULES.all;
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
export function eachRule(ctx: RuleContext, visit: (rule: ConfigRule) => void, feature?: Feature): void {
  // An indexed loop: before the optimiser has seen it, for-of allocates per element, on every rule.
  const rules = feature ? rulesWith(ctx.doc, feature) : configRules(ctx.doc);
  for (let i = 0; i < rules.length; i++) visit(rules[i]);
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

/** A rule's label in messages: its ID when it has one, else its position. */
export function ruleLabel(rule: ConfigRule): string {
  const id = stringValue(propValue(rule.r.ID));
  return id ? `rule "${id}"` : `rule #${rule.index + 1}`;
}

/**
 * Reports a general explanation once per document, at its first site, instead of on every rule it
 * applies to: a thousand identical notes would bury the findings that matter.
 */
export function reportOnce(ctx: RuleContext, site: (rule: ConfigRule) => Span | undefined, message: string, severity?: Severity, feature?: Feature): void {
  const rules = feature ? rulesWith(ctx.doc, feature) : configRules(ctx.doc);
  let first: Span | undefined;
  let count = 0;
  for (let i = 0; i < rules.length; i++) {
    const s = site(rules[i]);
    if (!s) continue;
    first ??= s;
    count++;
  }
  if (!first) return;
  ctx.report({ offset: first.offset, length: first.length, severity, message: count > 1 ? `${message} (Applies to ${count} rules.)` : message });
}

export interface Span {
  offset: number;
  length: number;
}

/** Groups of two or more items sharing a key, in document order; allocates only for the repeats. */
export function duplicates<T, K>(items: readonly T[], keyOf: (item: T) => K | undefined): T[][] {
  const first = new Map<K, T>();
  let groups: Map<K, T[]> | undefined;
  for (let i = 0; i < items.length; i++) {
    const k = keyOf(items[i]);
    if (k === undefined) continue;
    const f = first.get(k);
    if (f === undefined) {
      first.set(k, items[i]);
      continue;
    }
    groups ??= new Map();
    const g = groups.get(k);
    if (g) g.push(items[i]);
    else groups.set(k, [f, items[i]]);
  }
  return groups ? [...groups.values()] : [];
}

/** Range of a node's key when it is a property value, else the node itself. */
export function keyOf(node: Node): Node {
  const parent = node.parent;
  return parent && parent.type === 'property' && parent.children?.[0] ? parent.children[0] : node;
}
