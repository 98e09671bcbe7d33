/**
 * JSON paths over the tolerant syntax tree, resolved the way the rules read the document: a
 * repeated key means its last occurrence (as AWS's JSON readers take it), so a fix edits the very
 * member a rule reported on and leaves its twin alone.
 */
import { Node } from 'jsonc-parser';

export type JsonPath = readonly (string | number)[];

/** The property node of `key` in `obj`: the last one when the key is repeated. */
export function lastProperty(obj: Node, key: string): Node | undefined {
  const children = obj.type === 'object' ? (obj.children ?? []) : [];
  for (let i = children.length - 1; i >= 0; i--) {
    const k = children[i].children?.[0];
    if (k && k.value === key) return children[i];
  }
  return undefined;
}

/** How many members of `obj` are named `key`. */
export function keyCount(obj: Node, key: string): number {
  let n = 0;
  for (const p of obj.type === 'object' ? (obj.children ?? []) : []) if (p.children?.[0]?.value === key) n++;
  return n;
}

/** The child a path segment names: a property's value, or an array element. */
export function step(node: Node, segment: string | number): Node | undefined {
  if (typeof segment === 'string') {
    if (node.type !== 'object') return undefined;
    const prop = lastProperty(node, segment);
    return prop?.children?.length === 2 ? prop.children[1] : undefined;
  }
  if (node.type !== 'array' || !Number.isInteger(segment) || segment < 0) return undefined;
  return node.children?.[segment];
}

/** The value node at `path`, or undefined when some segment does not exist. */
export function nodeAt(root: Node | undefined, path: JsonPath): Node | undefined {
  let node = root;
  for (const segment of path) {
    if (!node) return undefined;
    node = step(node, segment);
  }
  return node;
}

/** The deepest node of `path` that exists, and how many segments led to it. */
export function deepestAt(root: Node, path: JsonPath): { node: Node; depth: number } {
  let node = root;
  let depth = 0;
  while (depth < path.length) {
    const next = step(node, path[depth]);
    if (!next) break;
    node = next;
    depth++;
  }
  return { node, depth };
}

/** Whether any object in the subtree has a key twice (a fix replacing it would drop a twin). */
export function hasDuplicateKeys(node: Node): boolean {
  const stack = [node];
  while (stack.length > 0) {
    const n = stack.pop() as Node;
    if (n.type === 'object') {
      const seen = new Set<unknown>();
      for (const p of n.children ?? []) {
        const k = p.children?.[0]?.value;
        if (seen.has(k)) return true;
        seen.add(k);
      }
    }
    for (const c of n.children ?? []) if (c.type === 'object' || c.type === 'array' || c.type === 'property') stack.push(c);
  }
  return false;
}
