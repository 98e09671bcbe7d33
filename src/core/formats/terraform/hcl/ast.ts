/**
 * HCL as the Terraform adapter reads it: bodies of attributes and blocks, and expressions, each with
 * the range (UTF-16 offsets, as the editor's) it was written at. Built from tree-sitter's concrete
 * tree in one walk (`parser.ts`), so nothing here holds WebAssembly memory.
 */
import { SourceRange } from '../../../embedded/types';
import type { Offsets } from './strings';

export type Range = SourceRange;

export interface Body {
  items: (Attribute | Block)[];
  /** The whole file, or a block's text between its braces. */
  range: Range;
}

export interface Attribute {
  kind: 'attribute';
  name: string;
  nameRange: Range;
  expr: Expr;
  /** From the name to the end of the expression. */
  range: Range;
}

export interface Block {
  kind: 'block';
  type: string;
  typeRange: Range;
  labels: readonly string[];
  labelRanges: readonly Range[];
  body: Body;
  /** From the type to the closing brace. */
  range: Range;
  /** Offset of `{`; of `}` (the end of the block when it is missing in half-typed text). */
  open: number;
  close: number;
}

/** A piece of a string template: literal text (escapes decoded), an interpolation, or a directive we do not evaluate. */
export type TemplatePart =
  | { kind: 'literal'; text: string; range: Range; /** source offset of each character of `text` */ offsets: Offsets }
  | { kind: 'interpolation'; expr: Expr | undefined; range: Range }
  | { kind: 'directive'; range: Range };

export type Expr =
  | { type: 'literal'; value: string | number | boolean | null; range: Range; /** for strings: source offset of each character */ offsets?: Offsets }
  | { type: 'template'; parts: TemplatePart[]; range: Range; heredoc?: Heredoc }
  | { type: 'tuple'; items: Expr[]; range: Range }
  | { type: 'object'; items: ObjectItem[]; range: Range }
  | { type: 'traversal'; root: string; steps: Step[]; range: Range }
  | { type: 'call'; name: string; args: Expr[]; range: Range }
  | { type: 'other'; what: 'conditional' | 'operation' | 'for' | 'splat' | 'error'; range: Range };

export interface Heredoc {
  /** `<<-`: the common indentation is removed from every line. */
  indented: boolean;
  /** Where the content starts (after the line break that ends `<<EOT`) and ends (before the closing marker's line). */
  content: Range;
}

export interface ObjectItem {
  /** The key as written: a bare name or a string; undefined when computed (`(var.k) = …`). */
  key: string | undefined;
  keyRange: Range;
  keyExpr: Expr;
  value: Expr;
}

export type Step = { kind: 'attr'; name: string; range: Range } | { kind: 'index'; key: Expr; range: Range } | { kind: 'splat'; range: Range };

export interface SyntaxError {
  offset: number;
  length: number;
  message: string;
}

export interface HclFile {
  body: Body;
  errors: SyntaxError[];
}

export function attribute(body: Body | undefined, name: string): Attribute | undefined {
  if (!body) return undefined;
  // The last one: Terraform refuses duplicates, and the last is what a reader of the file sees last.
  for (let i = body.items.length - 1; i >= 0; i--) {
    const item = body.items[i];
    if (item.kind === 'attribute' && item.name === name) return item;
  }
  return undefined;
}

export function blocks(body: Body | undefined, type: string): Block[] {
  if (!body) return [];
  return body.items.filter((i): i is Block => i.kind === 'block' && i.type === type);
}

export function block(body: Body | undefined, type: string): Block | undefined {
  return blocks(body, type)[0];
}

export function end(r: Range): number {
  return r.offset + r.length;
}
