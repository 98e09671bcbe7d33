/**
 * A typed view of a policy document over the jsonc tree. Every value keeps its node, so a rule can
 * point at the exact `Action` entry or `Resource` it is talking about, and its JSON path, so a fix
 * can edit it. Built once per parsed document.
 */
import { Node } from 'jsonc-parser';
import { JsonDocument } from '../document';
import { elements, isObject, keyNode, member, properties, propertyKey, stringValue } from '../json';

export type JsonPath = (string | number)[];

export interface ValueItem {
  value: string;
  node: Node;
}

/** `Action`, `Resource` and friends: a string or an array of strings. */
export interface ValueList {
  key: Node;
  value: Node;
  /** Absolute path of the member, for fixes. */
  path: JsonPath;
  items: ValueItem[];
  /** Entries that are not strings (numbers, objects): grammar errors. */
  invalid: Node[];
}

export interface PrincipalView {
  key: Node;
  value: Node;
  /** `"*"` or `{"AWS": "*"}`: everyone. */
  everyone: boolean;
  aws: ValueItem[];
  service: ValueItem[];
  federated: ValueItem[];
  canonicalUser: ValueItem[];
}

export interface ConditionEntry {
  /** As written, e.g. `StringLikeIfExists` or `ForAnyValue:StringEquals`. */
  operator: string;
  operatorNode: Node;
  key: string;
  keyNode: Node;
  values: string[];
  valueNode: Node;
}

export type Effect = 'Allow' | 'Deny';

export interface StatementView {
  node: Node;
  /** Position in the `Statement` array; 0 when `Statement` is a single object. */
  index: number;
  path: JsonPath;
  sid?: ValueItem;
  effect?: Effect;
  action?: ValueList;
  notAction?: ValueList;
  resource?: ValueList;
  notResource?: ValueList;
  principal?: PrincipalView;
  notPrincipal?: PrincipalView;
  /** The `Condition` object, when it is one with at least one entry. */
  condition?: Node;
  conditions: ConditionEntry[];
}

export interface PolicyView {
  doc: JsonDocument;
  node: Node;
  path: JsonPath;
  /** The `Statement` value (object or array), if any. */
  statementValue?: Node;
  statements: StatementView[];
}

const cache = new WeakMap<Node, PolicyView>();

export function policyView(doc: JsonDocument): PolicyView | undefined {
  const node = doc.policy;
  if (!isObject(node)) return undefined;
  const hit = cache.get(node);
  if (hit && hit.doc === doc) return hit;
  const path = doc.policyPath ?? [];
  const statementValue = member(node, 'Statement');
  const statements: StatementView[] = [];
  if (statementValue?.type === 'object') statements.push(statementView(statementValue, 0, [...path, 'Statement']));
  else if (statementValue?.type === 'array') {
    elements(statementValue).forEach((s, i) => {
      if (isObject(s)) statements.push(statementView(s, i, [...path, 'Statement', i]));
    });
  }
  const view = { doc, node, path, statementValue, statements };
  cache.set(node, view);
  return view;
}

function statementView(node: Node, index: number, path: JsonPath): StatementView {
  const effect = stringValue(member(node, 'Effect'));
  const sid = member(node, 'Sid');
  const condition = member(node, 'Condition');
  const conditions = conditionEntries(condition);
  return {
    node,
    index,
    path,
    sid: sid?.type === 'string' ? { value: sid.value as string, node: sid } : undefined,
    effect: effect === 'Allow' || effect === 'Deny' ? effect : undefined,
    action: valueList(node, 'Action', path),
    notAction: valueList(node, 'NotAction', path),
    resource: valueList(node, 'Resource', path),
    notResource: valueList(node, 'NotResource', path),
    principal: principalView(node, 'Principal'),
    notPrincipal: principalView(node, 'NotPrincipal'),
    condition: conditions.length > 0 ? condition : undefined,
    conditions,
  };
}

function valueList(obj: Node, key: string, path: JsonPath): ValueList | undefined {
  const value = member(obj, key);
  const k = keyNode(obj, key);
  if (!value || !k) return undefined;
  const items: ValueItem[] = [];
  const invalid: Node[] = [];
  for (const e of elements(value)) {
    if (e.type === 'string') items.push({ value: e.value as string, node: e });
    else invalid.push(e);
  }
  return { key: k, value, path: [...path, key], items, invalid };
}

function strings(node: Node | undefined): ValueItem[] {
  return elements(node)
    .filter((e) => e.type === 'string')
    .map((e) => ({ value: e.value as string, node: e }));
}

function principalView(obj: Node, key: string): PrincipalView | undefined {
  const value = member(obj, key);
  const k = keyNode(obj, key);
  if (!value || !k) return undefined;
  const aws = strings(member(value, 'AWS'));
  return {
    key: k,
    value,
    everyone: stringValue(value) === '*' || aws.some((a) => a.value === '*'),
    aws,
    service: strings(member(value, 'Service')),
    federated: strings(member(value, 'Federated')),
    canonicalUser: strings(member(value, 'CanonicalUser')),
  };
}

function conditionEntries(condition: Node | undefined): ConditionEntry[] {
  const out: ConditionEntry[] = [];
  for (const op of properties(condition)) {
    const operator = propertyKey(op);
    const block = op.children?.[1];
    const operatorNode = op.children?.[0];
    if (operator === undefined || !operatorNode || !isObject(block)) continue;
    for (const entry of properties(block)) {
      const key = propertyKey(entry);
      const keyN = entry.children?.[0];
      const valueNode = entry.children?.[1];
      if (key === undefined || !keyN || !valueNode) continue;
      const values = elements(valueNode)
        .filter((v) => v.type === 'string' || v.type === 'number' || v.type === 'boolean')
        .map((v) => String(v.value));
      out.push({ operator, operatorNode, key, keyNode: keyN, values, valueNode });
    }
  }
  return out;
}

/** A statement's name in messages: its Sid, else its position. */
export function statementLabel(s: StatementView): string {
  return s.sid ? `statement "${s.sid.value}"` : `statement #${s.index + 1}`;
}
