/**
 * Values as the Terraform adapter computes them: what an expression evaluates to, and where each
 * part was written. Both inputs produce them: HCL (`evaluate.ts`) and plan JSON (`plan/`). A string
 * holding `UNKNOWN` is (partly) unresolved; `unknown` is a value nothing can know.
 */
import type { Block, Expr, Range } from './hcl/ast';
import type { Offsets } from './hcl/strings';

export interface Loc {
  uri: string;
  range: Range;
}

/** What a node was written as, so a fix can be written there in the same syntax. */
export type Written =
  /** An HCL block (a `rule {}`, a `statement {}`, a resource's body). */
  | { kind: 'block'; block: Block }
  /** An HCL expression (an object constructor, a tuple, a literal). */
  | { kind: 'expr'; expr: Expr }
  /** A value inside JSON text (a heredoc, a string, a file read with `file()`, a plan), at a JSON path. */
  | { kind: 'json'; text: JsonText; path: (string | number)[] };

/** JSON text embedded somewhere: a whole file (`file()`, a plan), or HCL string text (a heredoc). */
export interface JsonText {
  uri: string;
  /** The JSON as parsed (escapes decoded). */
  text: string;
  /** Source offset of each character of `text` in `uri`, when it is not the file itself. */
  offsets?: readonly number[];
  /** The HCL heredoc or string holding it (the fix rewrites it there), when not a whole file. */
  holder?: Expr;
  /** Undefined when the text has interpolations: JSON edits there would be written back unsafely. */
  writable: boolean;
}

interface Base {
  at: Loc;
  written?: Written;
  /** A default the provider fills in (priority 0); findings about it are explained by a format rule. */
  synthetic?: boolean;
}

export interface TEntry {
  key: string;
  keyAt?: Loc;
  value: TNode;
}

export type TNode =
  | (Base & { t: 'obj'; entries: TEntry[]; /** the block keyword (`rule`), for findings about the whole block */ keyword?: Loc })
  | (Base & { t: 'list'; items: TNode[] })
  | (Base & { t: 'str'; value: string; /** source offset of each character, in `at.uri` */ offsets?: Offsets })
  | (Base & { t: 'num'; value: number })
  | (Base & { t: 'bool'; value: boolean })
  | (Base & { t: 'null' })
  | (Base & { t: 'unknown' });

export function get(node: TNode | undefined, key: string): TNode | undefined {
  if (node?.t !== 'obj') return undefined;
  for (let i = node.entries.length - 1; i >= 0; i--) if (node.entries[i].key === key) return node.entries[i].value;
  return undefined;
}

export function entryOf(node: TNode | undefined, key: string): TEntry | undefined {
  if (node?.t !== 'obj') return undefined;
  for (let i = node.entries.length - 1; i >= 0; i--) if (node.entries[i].key === key) return node.entries[i];
  return undefined;
}

/** The first object of a nested block list (`destination {}` is a list of one in Terraform's model). */
export function one(node: TNode | undefined): TNode | undefined {
  if (node?.t === 'list') return node.items[0];
  return node?.t === 'obj' ? node : undefined;
}

export function str(node: TNode | undefined): string | undefined {
  return node?.t === 'str' ? node.value : undefined;
}

/** A copy of `node` anchored at `at` throughout: a value that comes from elsewhere (a variable, a local) is shown, and left alone, where it is used. */
export function anchored(node: TNode, at: Loc): TNode {
  switch (node.t) {
    case 'obj':
      return { t: 'obj', at, entries: node.entries.map((e) => ({ key: e.key, keyAt: at, value: anchored(e.value, at) })) };
    case 'list':
      return { t: 'list', at, items: node.items.map((i) => anchored(i, at)) };
    case 'str':
      return { t: 'str', at, value: node.value };
    case 'num':
      return { t: 'num', at, value: node.value };
    case 'bool':
      return { t: 'bool', at, value: node.value };
    case 'null':
      return { t: 'null', at };
    default:
      return { t: 'unknown', at };
  }
}

export function unknownAt(at: Loc): TNode {
  return { t: 'unknown', at };
}
