/**
 * Minimal text edits on HCL: add an attribute or a nested block to a block, append to a tuple, add
 * a key to an object constructor, replace an expression, remove an item. Everything else stays byte
 * for byte (comments, alignment, blank lines); new lines take the indentation of their neighbours
 * and the file's line endings. One-line blocks (`filter { prefix = "" }`) are opened up when a
 * second item joins them, since HCL allows one attribute per line.
 *
 * What we add is laid out as `terraform fmt` lays it out, so a fixed file still passes
 * `terraform fmt -check` in CI: the `=` of consecutive one-line attributes aligned, and a new item
 * set off by a blank line where the block's items are.
 */
import { TextEdit } from '../../findings';
import { lineEnd, lineStart, nextLine } from '../../edit/text';
import type { Attribute, Block, Expr } from '../../formats/terraform/hcl/ast';

export interface HclStyle {
  unit: string;
  eol: string;
}

export function hclStyle(text: string): HclStyle {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  let unit = 0;
  let tabs = false;
  const lines = text.split(/\r?\n/);
  for (let i = 1; i < lines.length; i++) {
    const prev = /^([ \t]*)\S/.exec(lines[i - 1]);
    const cur = /^([ \t]*)\S/.exec(lines[i]);
    if (!prev || !cur) continue;
    if (cur[1].startsWith('\t')) tabs = true;
    const step = cur[1].length - prev[1].length;
    if (step > 0 && /\{\s*$/.test(lines[i - 1]) && (unit === 0 || step < unit)) unit = step;
  }
  return { unit: tabs ? '\t' : ' '.repeat(unit || 2), eol };
}

export function indentAt(text: string, offset: number): string {
  const start = lineStart(text, offset);
  return /^[ \t]*/.exec(text.slice(start, offset))?.[0] ?? '';
}

function sameLine(text: string, a: number, b: number): boolean {
  return !text.slice(Math.min(a, b), Math.max(a, b)).includes('\n');
}

function endOf(item: Attribute | Block): number {
  return item.range.offset + item.range.length;
}

/**
 * Lines (without indentation of their own beyond what they carry) added to a block's body, at its
 * end or start.
 */
export function insertInBlock(text: string, block: Block, lines: string[], style: HclStyle, at: 'end' | 'start' = 'end'): TextEdit | undefined {
  if (block.close <= block.open || text[block.close] !== '}') return undefined;
  const items = block.body.items;
  const blockIndent = indentAt(text, block.range.offset);
  if (items.length === 0 || sameLine(text, block.open, items[0].range.offset)) {
    // Empty or one-line: open it up, existing items first, each on its own line.
    const childIndent = blockIndent + style.unit;
    const existing = items.map((i) => text.slice(i.range.offset, endOf(i)));
    const all = alignAttributes(at === 'end' ? [...existing, ...lines] : [...lines, ...existing]);
    const inner = all.map((l) => indentLines(l, childIndent, style.eol)).join(style.eol);
    return { offset: block.open + 1, length: block.close - block.open - 1, content: `${style.eol}${inner}${style.eol}${blockIndent}` };
  }
  const childIndent = indentAt(text, items[0].range.offset);
  const spaced = blankLineBetweenItems(text, items);
  const added = alignAttributes(lines);
  if (at === 'start') {
    const first = items[0];
    const joined = joinGroup(added, attributeLine(text, first));
    const gap = joined ? '' : spaced || (oneLineAttribute(added[added.length - 1]) && attributeLine(text, first)) ? style.eol : '';
    const start = lineStart(text, first.range.offset);
    return { offset: start, length: 0, content: (joined ?? added).map((l) => indentLines(l, childIndent, style.eol)).join(style.eol) + style.eol + gap };
  }
  const last = items[items.length - 1];
  const pos = lineEnd(text, endOf(last));
  if (pos > block.close) return undefined;
  const joined = joinGroup(added, attributeLine(text, last), true);
  const gap = joined ? '' : spaced || (oneLineAttribute(added[0]) && attributeLine(text, last)) ? style.eol : '';
  return { offset: pos, length: 0, content: style.eol + gap + (joined ?? added).map((l) => indentLines(l, childIndent, style.eol)).join(style.eol) };
}

/** `key = value` on one line (no line break in the value): what terraform fmt aligns. */
const ONE_LINE_ATTRIBUTE = /^([A-Za-z_][\w-]*)([ \t]*)=(?![=>])[ \t]*(.*)$/;

function oneLineAttribute(item: string | undefined): RegExpExecArray | undefined {
  if (item === undefined || /[\r\n]/.test(item)) return undefined;
  return ONE_LINE_ATTRIBUTE.exec(item) ?? undefined;
}

/**
 * Items with the `=` of each run of consecutive one-line attributes aligned to the run's longest
 * name; a block, a comment or a multi-line value ends a run (as in terraform fmt).
 */
export function alignAttributes(items: readonly string[]): string[] {
  const out = [...items];
  let run: number[] = [];
  const flush = () => {
    const width = Math.max(...run.map((i) => (oneLineAttribute(out[i]) as RegExpExecArray)[1].length));
    for (const i of run) {
      const m = oneLineAttribute(out[i]) as RegExpExecArray;
      out[i] = `${m[1].padEnd(width)} = ${m[3]}`;
    }
    run = [];
  };
  out.forEach((item, i) => {
    if (oneLineAttribute(item)) run.push(i);
    else if (run.length > 0) flush();
  });
  if (run.length > 0) flush();
  return out;
}

/**
 * The width names are padded to in the one-line attribute `item` (`id     = "a"`: 6), or undefined
 * when it is something else or has no space before its `=`.
 */
function attributeLine(text: string, item: Attribute | Block): number | undefined {
  if (item.kind !== 'attribute') return undefined;
  const from = lineStart(text, item.range.offset);
  const line = text.slice(from, lineEnd(text, endOf(item)));
  if (!sameLine(text, item.range.offset, endOf(item))) return undefined;
  const m = ONE_LINE_ATTRIBUTE.exec(line.trimStart());
  return m && m[2].length > 0 ? m[1].length + m[2].length - 1 : undefined;
}

/**
 * Added items that join the run of one-line attributes beside them without moving its `=`: names
 * padded to the run's column. Undefined when they cannot (a name longer than the column, which
 * terraform fmt would answer by realigning the user's lines): the caller sets them apart instead.
 */
function joinGroup(added: string[], column: number | undefined, after = false): string[] | undefined {
  if (column === undefined) return undefined;
  const edge = after ? 0 : added.length - 1;
  const out = [...added];
  for (let i = edge; i >= 0 && i < out.length; i += after ? 1 : -1) {
    const m = oneLineAttribute(out[i]);
    if (!m) break;
    if (m[1].length > column) return undefined;
    out[i] = `${m[1].padEnd(column)} = ${m[3]}`;
  }
  return oneLineAttribute(out[edge]) ? out : undefined;
}

/** The block's author separates its items with blank lines (somewhere between two of them). */
function blankLineBetweenItems(text: string, items: readonly (Attribute | Block)[]): boolean {
  for (let i = 1; i < items.length; i++) {
    if (/\n[ \t]*\r?\n/.test(text.slice(endOf(items[i - 1]), items[i].range.offset))) return true;
  }
  return false;
}

/** Every line of a (possibly multi-line) item prefixed with `indent`. */
function indentLines(item: string, indent: string, eol: string): string {
  return item
    .split(/\r?\n/)
    .map((l) => (l.length > 0 ? indent + l : l))
    .join(eol);
}

/** An element appended to a tuple, inline or on its own line as the tuple is written. */
export function appendToTuple(text: string, tuple: Expr & { type: 'tuple' }, item: string, style: HclStyle): TextEdit | undefined {
  const close = tuple.range.offset + tuple.range.length - 1;
  if (text[close] !== ']') return undefined;
  const items = tuple.items;
  if (items.length === 0) return { offset: tuple.range.offset + 1, length: close - tuple.range.offset - 1, content: item };
  const last = items[items.length - 1];
  const lastEnd = last.range.offset + last.range.length;
  const multiLine = !sameLine(text, tuple.range.offset, items[0].range.offset) || !sameLine(text, items[0].range.offset, lastEnd);
  const after = /^[ \t]*,/.exec(text.slice(lastEnd, close));
  if (!multiLine) return { offset: lastEnd, length: 0, content: `, ${item}` };
  const indent = indentAt(text, last.range.offset);
  if (after) {
    const comma = lastEnd + after[0].length;
    return { offset: comma, length: 0, content: `${style.eol}${indent}${item},` };
  }
  return { offset: lastEnd, length: 0, content: `,${style.eol}${indent}${item}` };
}

/** `key = value` added to an object constructor, inline or on its own line as the object is written. */
export function addToObject(text: string, obj: Expr & { type: 'object' }, key: string, value: string, style: HclStyle): TextEdit | undefined {
  const close = obj.range.offset + obj.range.length - 1;
  if (text[close] !== '}') return undefined;
  const entry = `${objectKey(key)} = ${value}`;
  const items = obj.items;
  if (items.length === 0) {
    if (!value.includes('\n')) return { offset: obj.range.offset + 1, length: close - obj.range.offset - 1, content: ` ${entry} ` };
    const indent = indentAt(text, obj.range.offset);
    return { offset: obj.range.offset + 1, length: close - obj.range.offset - 1, content: `${style.eol}${indent}${style.unit}${entry}${style.eol}${indent}` };
  }
  const last = items[items.length - 1];
  const lastEnd = last.value.range.offset + last.value.range.length;
  if (sameLine(text, obj.range.offset, items[0].keyRange.offset)) return { offset: lastEnd, length: 0, content: `, ${entry}` };
  const indent = indentAt(text, items[0].keyRange.offset);
  const after = /^[ \t]*,/.exec(text.slice(lastEnd, close));
  const at = after ? lastEnd + after[0].length : lastEnd;
  return { offset: at, length: 0, content: style.eol + indentLines(entry, indent, style.eol) };
}

export function objectKey(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? key : JSON.stringify(key);
}

export function replaceExpr(expr: Expr, content: string): TextEdit {
  return { offset: expr.range.offset, length: expr.range.length, content };
}

/** An attribute or block removed with its line(s). */
export function removeItem(text: string, item: Attribute | Block): TextEdit {
  const start = lineStart(text, item.range.offset);
  const lead = text.slice(start, item.range.offset);
  if (/\S/.test(lead)) return { offset: item.range.offset, length: endOf(item) - item.range.offset, content: '' };
  const end = nextLine(text, endOf(item));
  return { offset: start, length: end - start, content: '' };
}

/** A tuple element removed with the comma that separates it. */
export function removeFromTuple(tuple: Expr & { type: 'tuple' }, index: number): TextEdit | undefined {
  const item = tuple.items[index];
  if (!item) return undefined;
  const next = tuple.items[index + 1];
  if (next) return { offset: item.range.offset, length: next.range.offset - item.range.offset, content: '' };
  const prev = tuple.items[index - 1];
  const end = item.range.offset + item.range.length;
  if (prev) {
    const prevEnd = prev.range.offset + prev.range.length;
    return { offset: prevEnd, length: end - prevEnd, content: '' };
  }
  return { offset: item.range.offset, length: end - item.range.offset, content: '' };
}

/** A string as an HCL quoted template: escapes, and `${`/`%{` written literally. */
export function hclString(s: string): string {
  return `"${s
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    // A function: in a replacement string `$$` would mean one `$`.
    .replace(/\$\{/g, () => '$${')
    .replace(/%\{/g, () => '%%{')}"`;
}
