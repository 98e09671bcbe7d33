/**
 * A format-neutral tree of the values written in a source file (JSON, YAML, HCL…), with the range
 * of each. Adapters read their format through it, so the logic that finds documents in a template
 * is written once whatever the syntax.
 */
import { SourceRange } from './types';

export type Scalar = string | number | boolean | null;

interface Base {
  range: SourceRange;
  /** A YAML tag as written (`!Ref`, `!Sub`), or an HCL expression kind. */
  tag?: string;
  /** Where the tag starts, when it is written before the value. */
  tagOffset?: number;
}

export interface SMap extends Base {
  type: 'map';
  entries: SEntry[];
  /** Written inline (`{a: 1}`) rather than as a block. */
  flow?: boolean;
}

export interface SSeq extends Base {
  type: 'seq';
  items: SNode[];
  flow?: boolean;
}

export interface SScalar extends Base {
  type: 'scalar';
  value: Scalar;
}

export type SNode = SMap | SSeq | SScalar;

export interface SEntry {
  key: string;
  keyRange: SourceRange;
  value: SNode;
}

export function entry(map: SNode | undefined, key: string): SEntry | undefined {
  if (map?.type !== 'map') return undefined;
  // The last one, as AWS's JSON readers and CloudFormation resolve repeated keys.
  for (let i = map.entries.length - 1; i >= 0; i--) if (map.entries[i].key === key) return map.entries[i];
  return undefined;
}

export function get(map: SNode | undefined, key: string): SNode | undefined {
  return entry(map, key)?.value;
}

export function str(node: SNode | undefined): string | undefined {
  return node?.type === 'scalar' && node.tag === undefined && typeof node.value === 'string' ? node.value : undefined;
}

/** The start of the value as written, its tag included. */
export function valueStart(node: SNode): number {
  return node.tagOffset ?? node.range.offset;
}

export function fullRange(node: SNode): SourceRange {
  const start = valueStart(node);
  return { offset: start, length: node.range.offset + node.range.length - start };
}

/** The node at a path of keys and indices. */
export function at(root: SNode | undefined, path: readonly (string | number)[]): SNode | undefined {
  let node = root;
  for (const step of path) {
    if (!node) return undefined;
    node = typeof step === 'number' ? (node.type === 'seq' ? node.items[step] : undefined) : get(node, step);
  }
  return node;
}
