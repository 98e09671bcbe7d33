/**
 * Walks a replication configuration against the API model, as the AWS CLI's parameter validation
 * does before it sends anything: every member must be one the shape declares, with a value of the
 * declared type. Computed once per document; `rc-unknown-member` and `rc-member-type` report it.
 */
import { Node } from 'jsonc-parser';
import { JsonDocument } from '../../document';
import { elements, properties, propertyKey } from '../../json';
import { MemberDef, MemberType, Model, modelFor, ShapeName } from './model';

export type JsonPath = (string | number)[];

export interface UnknownMember {
  kind: 'unknown';
  /** The property node (key and value) and its key. */
  prop: Node;
  key: string;
  value?: Node;
  /** The object holding it, its shape and its absolute JSON path. */
  obj: Node;
  shape: ShapeName;
  path: JsonPath;
  /** The CLI's name for the object: `ReplicationConfiguration.Rules[0].Destination`. */
  label: string;
  /** The object's parent structure, when it is a member of one (not an element of a list). */
  parent?: { obj: Node; shape: ShapeName; path: JsonPath; via: string };
}

export interface WrongType {
  kind: 'type';
  value: Node;
  member: MemberDef | { name: string; type: MemberType };
  path: JsonPath;
  /** The CLI's name for the member: `ReplicationConfiguration.Rules[0].Priority`. */
  label: string;
  /** A number written with a fraction or exponent (`15.0`): the CLI reads it as a float. */
  float: boolean;
}

export type MemberProblem = UnknownMember | WrongType;

export interface MemberReport {
  model: Model;
  problems: MemberProblem[];
}

const cache = new WeakMap<Node, MemberReport>();

export function memberReport(doc: JsonDocument): MemberReport | undefined {
  const config = doc.config;
  if (!config || config.type !== 'object') return undefined;
  const hit = cache.get(config);
  if (hit) return hit;
  const model = modelFor(config);
  const problems: MemberProblem[] = [];
  walk(doc.text, model, 'ReplicationConfiguration', config, doc.configPath ?? [], 'ReplicationConfiguration', undefined, problems);
  const out = { model, problems };
  cache.set(config, out);
  return out;
}

/** A JSON number as the CLI's JSON reader sees it: a float when written with `.` or an exponent. */
export function isFloatText(text: string, node: Node): boolean {
  return /[.eE]/.test(text.slice(node.offset, node.offset + node.length));
}

function walk(
  text: string,
  model: Model,
  shape: ShapeName,
  obj: Node,
  path: JsonPath,
  label: string,
  parent: UnknownMember['parent'],
  out: MemberProblem[],
): void {
  const members = model[shape];
  const props = properties(obj);
  for (let i = 0; i < props.length; i++) {
    const prop = props[i];
    const key = propertyKey(prop);
    if (key === undefined) continue;
    const value = prop.children?.[1];
    let def: MemberDef | undefined;
    for (let j = 0; j < members.length; j++) if (members[j].name === key) def = members[j];
    if (!def) {
      out.push({ kind: 'unknown', prop, key, value, obj, shape, path, label, parent });
      continue;
    }
    if (!value) continue; // still being typed
    const memberPath = [...path, key];
    const memberLabel = `${label}.${key}`;
    if (!typeFits(text, def.type, value)) {
      out.push({ kind: 'type', value, member: def, path: memberPath, label: memberLabel, float: value.type === 'number' && isFloatText(text, value) });
      continue;
    }
    if (def.type.kind === 'structure') {
      walk(text, model, def.type.shape, value, memberPath, memberLabel, { obj, shape, path, via: key }, out);
    } else if (def.type.kind === 'list') {
      const items = elements(value);
      const itemType: MemberType = { kind: 'structure', shape: def.type.shape };
      for (let j = 0; j < items.length; j++) {
        const item = items[j];
        const itemLabel = `${memberLabel}[${j}]`;
        if (item.type !== 'object') {
          out.push({ kind: 'type', value: item, member: { name: key, type: itemType }, path: [...memberPath, j], label: itemLabel, float: false });
          continue;
        }
        walk(text, model, def.type.shape, item, [...memberPath, j], itemLabel, undefined, out);
      }
    }
  }
}

function typeFits(text: string, type: MemberType, value: Node): boolean {
  switch (type.kind) {
    case 'string':
      return value.type === 'string';
    case 'integer':
      return value.type === 'number' && Number.isInteger(value.value) && !isFloatText(text, value);
    case 'structure':
      return value.type === 'object';
    case 'list':
      return value.type === 'array';
  }
}
