/**
 * Minimal text edits on HCL: add an attribute or a nested block to a block, append to a tuple, add
 * a key to an object constructor, replace an expression, remove an item. Everything else stays byte
 * for byte (comments, alignment, blank lines); new lines take the indentation of their neighbours
 * and the file's line endings. One-line blocks (`filter { prefix = "" }`) are opened up when a
 * second item joins them, since HCL allows one attribute per line.
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
    const all = at === 'end' ? [...existing, ...lines] : [...lines, ...existing];
    const inner = all.map((l) => indentLines(l, childIndent, style.eol)).join(style.eol);
    return { offset: block.open + 1, length: block.close - block.open - 1, content: `${style.eol}${inner}${style.eol}${blockIndent}` };
  }
  const childIndent = indentAt(text, items[0].range.offset);
  if (at === 'start') {
    const start = lineStart(text, items[0].range.offset);
    return { offset: start, length: 0, content: lines.map((l) => indentLines(l, childIndent, style.eol)).join(style.eol) + style.eol };
  }
  const last = items[items.length - 1];
  const pos = lineEnd(text, endOf(last));
  if (pos > block.close) return undefined;
  return { offset: pos, length: 0, content: style.eol + lines.map((l) => indentLines(l, childIndent, style.eol)).join(style.eol) };
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
