/**
 * Small helpers over jsonc-parser's syntax tree. Rules read the tree through these so they keep the
 * offsets they report on, and so duplicate keys resolve the way AWS's JSON readers resolve them
 * (the last occurrence wins).
 */
import { Node, getNodeValue } from 'jsonc-parser';

export type { Node };

/** The property node (key + value) for `key`; the last one when the key is repeated. */
export function property(obj: Node | undefined, key: string): Node | undefined {
  if (!obj || obj.type !== 'object' || !obj.children) return undefined;
  for (let i = obj.children.length - 1; i >= 0; i--) {
    const p = obj.children[i];
    const k = p.children?.[0];
    if (k && k.value === key) return p;
  }
  return undefined;
}

/** The value node of `key` in `obj`. A property whose value is still being typed has no value node. */
export function member(obj: Node | undefined, key: string): Node | undefined {
  return property(obj, key)?.children?.[1];
}

export function keyNode(obj: Node | undefined, key: string): Node | undefined {
  return property(obj, key)?.children?.[0];
}

/** Every property node of an object, in document order (including repeated keys). */
export function properties(obj: Node | undefined): Node[] {
  return obj && obj.type === 'object' && obj.children ? obj.children : [];
}

export function propertyKey(prop: Node): string | undefined {
  const k = prop.children?.[0];
  return typeof k?.value === 'string' ? k.value : undefined;
}

export function has(obj: Node | undefined, key: string): boolean {
  return property(obj, key) !== undefined;
}

export function stringValue(node: Node | undefined): string | undefined {
  return node && node.type === 'string' ? (node.value as string) : undefined;
}

export function numberValue(node: Node | undefined): number | undefined {
  return node && node.type === 'number' ? (node.value as number) : undefined;
}

export function isObject(node: Node | undefined): node is Node {
  return !!node && node.type === 'object';
}

export function isArray(node: Node | undefined): node is Node {
  return !!node && node.type === 'array';
}

/** Elements of an array node, or the node itself when a single value stands where IAM allows a list. */
export function elements(node: Node | undefined): Node[] {
  if (!node) return [];
  if (node.type === 'array') return node.children ?? [];
  return [node];
}

/** Plain JS value of a subtree (for comparisons and for building fix payloads). */
export function plain(node: Node | undefined): unknown {
  return node ? getNodeValue(node) : undefined;
}

/**
 * The node a "missing member" finding is anchored on: the key that owns the object when there is
 * one (the JSON language service's convention); for an element of a list (a replication rule, a
 * statement) its first member's name, which reads better than a squiggle on a lone `{` (templates
 * do the same); else the object's opening brace (length 1).
 */
export function anchorForMissing(obj: Node): { offset: number; length: number } {
  const parent = obj.parent;
  if (parent && parent.type === 'property' && parent.children?.[0]) {
    const k = parent.children[0];
    return { offset: k.offset, length: k.length };
  }
  const firstKey = parent?.type === 'array' && obj.type === 'object' ? obj.children?.[0]?.children?.[0] : undefined;
  if (firstKey) return { offset: firstKey.offset, length: firstKey.length };
  return { offset: obj.offset, length: 1 };
}

/** A key-order-independent form of a plain JSON value: S3 and IAM do not care about member order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
