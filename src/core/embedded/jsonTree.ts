/**
 * A value printed as `JSON.stringify(value, null, 2)` prints it, together with the syntax tree
 * jsonc-parser's `parseTree` reads from that text (same node types, offsets, lengths, values,
 * `colonOffset`s and parents): an embedded document is printed once instead of printed and then
 * parsed again, which cost as much as the rest of its extraction on large configurations.
 */
import { Node, parseTree } from 'jsonc-parser';

class Unprintable extends Error {}

/** jsonc-parser's `Node`, while it is being built. */
interface Built {
  type: Node['type'];
  offset: number;
  length: number;
  value?: unknown;
  colonOffset?: number;
  parent?: Built;
  children?: Built[];
}

export function printJsonTree(value: unknown): { text: string; root: Node | undefined } {
  const parts: string[] = [];
  let at = 0;
  const emit = (s: string) => {
    parts.push(s);
    at += s.length;
  };
  const leaf = (type: Node['type'], v: unknown, text: string, parent: Built | undefined): Built => {
    const node: Built = { type, offset: at, length: text.length, parent, value: v };
    emit(text);
    return node;
  };
  const visit = (v: unknown, parent: Built | undefined, indent: string): Built => {
    if (v === null) return leaf('null', null, 'null', parent);
    switch (typeof v) {
      case 'string':
        return leaf('string', v, JSON.stringify(v), parent);
      case 'boolean':
        return leaf('boolean', v, v ? 'true' : 'false', parent);
      case 'number':
        // JSON has no NaN or Infinity (printed as null) and no -0 (printed as 0).
        return Number.isFinite(v) ? leaf('number', v === 0 ? 0 : v, JSON.stringify(v), parent) : leaf('null', null, 'null', parent);
      case 'object':
        break;
      default:
        throw new Unprintable();
    }
    if (typeof (v as { toJSON?: unknown }).toJSON === 'function') throw new Unprintable();
    const inner = `${indent}  `;
    if (Array.isArray(v)) {
      const node: Built = { type: 'array', offset: at, length: -1, parent, children: [] };
      if (v.length === 0) emit('[]');
      else {
        emit('[');
        for (let i = 0; i < v.length; i++) {
          emit(i === 0 ? `\n${inner}` : `,\n${inner}`);
          const item: unknown = v[i];
          // As JSON.stringify: members that have no JSON form are null in a list.
          node.children!.push(visit(item === undefined || typeof item === 'function' || typeof item === 'symbol' ? null : item, node, inner));
        }
        emit(`\n${indent}]`);
      }
      node.length = at - node.offset;
      return node;
    }
    const node: Built = { type: 'object', offset: at, length: -1, parent, children: [] };
    const o = v as Record<string, unknown>;
    let first = true;
    emit('{');
    for (const key of Object.keys(o)) {
      const member = o[key];
      // As JSON.stringify: members that have no JSON form are left out of an object.
      if (member === undefined || typeof member === 'function' || typeof member === 'symbol') continue;
      emit(first ? `\n${inner}` : `,\n${inner}`);
      first = false;
      const property: Built = { type: 'property', offset: at, length: -1, parent: node, children: [] };
      node.children!.push(property);
      property.children!.push(leaf('string', key, JSON.stringify(key), property));
      property.colonOffset = at;
      emit(': ');
      property.children!.push(visit(member, property, inner));
      property.length = at - property.offset;
    }
    emit(first ? '}' : `\n${indent}}`);
    node.length = at - node.offset;
    return node;
  };
  try {
    const root = visit(value ?? null, undefined, '');
    delete root.parent;
    return { text: parts.join(''), root: root as Node };
  } catch (err) {
    if (!(err instanceof Unprintable)) throw err;
    const text = JSON.stringify(value ?? null, null, 2);
    return { text, root: parseTree(text) };
  }
}
