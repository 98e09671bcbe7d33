/**
 * Walks a replication configuration against the API model, as the AWS CLI's parameter validation
 * does before it sends anything: every member must be one the shape declares, with a value of the
 * declared type. Computed once per document; `rc-unknown-member` and `rc-member-type` report it.
 */
import { Node } from 'jsonc-parser';
import { JsonDocument } from '../../document';
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
  /** The shape of the object holding the member. */
  shape: ShapeName;
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
  const root: Frame = { base: doc.configPath ?? [] };
  walk(doc.text, model, 'ReplicationConfiguration', config, root, undefined, problems);
  const out = { model, problems };
  cache.set(config, out);
  return out;
}

/** A number as the CLI's JSON reader sees it: a float when written with `.` or an exponent. */
export function isFloatText(text: string, node: Node): boolean {
  for (let i = node.offset; i < node.offset + node.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46 /* . */ || c === 101 /* e */ || c === 69 /* E */) return true;
  }
  return false;
}

/**
 * Where an object sits, as a chain of steps: paths and labels are built only for the few members
 * that are reported (a 1,000-rule configuration has some 20,000 members, nearly all fine).
 */
interface Frame {
  up?: Frame;
  step?: string | number;
  /** The root's own path (`[]`, or `['ReplicationConfiguration']` in the wrapper). */
  base?: JsonPath;
}

function pathOf(f: Frame): JsonPath {
  return f.up ? [...pathOf(f.up), f.step as string | number] : [...(f.base ?? [])];
}

function labelOf(f: Frame): string {
  if (!f.up) return 'ReplicationConfiguration';
  return typeof f.step === 'number' ? `${labelOf(f.up)}[${f.step}]` : `${labelOf(f.up)}.${f.step}`;
}

function walk(text: string, model: Model, shape: ShapeName, obj: Node, frame: Frame, parent: { obj: Node; shape: ShapeName; frame: Frame; via: string } | undefined, out: MemberProblem[]): void {
  const members = model[shape];
  const props = obj.children ?? [];
  for (let i = 0; i < props.length; i++) {
    const prop = props[i];
    const key = prop.children?.[0]?.value;
    if (typeof key !== 'string') continue;
    const value = prop.children?.[1];
    let def: MemberDef | undefined;
    for (let j = 0; j < members.length; j++) if (members[j].name === key) def = members[j];
    if (!def) {
      out.push({
        kind: 'unknown',
        prop,
        key,
        value,
        obj,
        shape,
        path: pathOf(frame),
        label: labelOf(frame),
        parent: parent && { obj: parent.obj, shape: parent.shape, path: pathOf(parent.frame), via: parent.via },
      });
      continue;
    }
    if (!value) continue; // still being typed
    const type = def.type;
    if (!typeFits(text, type, value)) {
      const at: Frame = { up: frame, step: key };
      out.push({ kind: 'type', value, member: def, shape, path: pathOf(at), label: labelOf(at), float: value.type === 'number' && isFloatText(text, value) });
      continue;
    }
    if (type.kind === 'structure') {
      walk(text, model, type.shape, value, { up: frame, step: key }, { obj, shape, frame, via: key }, out);
    } else if (type.kind === 'stringList') {
      const items = value.children ?? [];
      for (let j = 0; j < items.length; j++) {
        if (items[j].type === 'string') continue;
        const at: Frame = { up: { up: frame, step: key }, step: j };
        out.push({ kind: 'type', value: items[j], member: { name: key, type: { kind: 'string' } }, shape, path: pathOf(at), label: labelOf(at), float: items[j].type === 'number' && isFloatText(text, items[j]) });
      }
    } else if (type.kind === 'list') {
      const items = value.children ?? [];
      const listFrame: Frame = { up: frame, step: key };
      for (let j = 0; j < items.length; j++) {
        const item = items[j];
        const at: Frame = { up: listFrame, step: j };
        if (item.type !== 'object') {
          out.push({ kind: 'type', value: item, member: { name: key, type: { kind: 'structure', shape: type.shape } }, shape, path: pathOf(at), label: labelOf(at), float: false });
          continue;
        }
        walk(text, model, type.shape, item, at, undefined, out);
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
    case 'stringList':
      return value.type === 'array';
  }
}
