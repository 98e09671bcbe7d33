/**
 * A fix's tree operations written into Terraform: where the API node was written decides the
 * syntax — a block (`rule {}`: add `priority = 1`, a `delete_marker_replication {}` block, a
 * `statement {}`), an HCL expression (`jsonencode({...})`: append to `Action = [...]`), or JSON text
 * (a heredoc, a `file()`): jsonc edits there. Symbols become references again
 * (`arn:aws:s3:::<symbol>/*` → `"${aws_s3_bucket.destination.arn}/*"`). Anything else edits nothing.
 */
import { TextEdit } from '../../findings';
import { applyTextEdits, diffEdit } from '../../fixes';
import { checkedEdits } from '../../edit/apply';
import { OWN_ACCOUNT } from '../../embedded/symbols';
import { ApiPath, TreeOp } from '../../embedded/types';
import { jsonRemove, jsonSet } from '../../embedded/writers/json';
import { HclStyle, addToObject, alignAttributes, appendToTuple, hclString, hclStyle, indentAt, insertInBlock, objectKey, removeFromTuple, removeItem, replaceExpr } from '../../embedded/writers/hcl';
import { WriteValue } from '../../embedded/writers/value';
import { Block, Expr, attribute, blocks } from './hcl/ast';
import { POLICY_DOCUMENT_NAMES } from './policyDocument';
import { Member } from './replication';
import { TNode } from './values';

export interface WriteContext {
  homeUri: string;
  text: string;
  /** The value node written at a path of the document. */
  nodeAt(path: ApiPath): TNode | undefined;
  /** Members of the document's blocks (replication), or undefined for policies. */
  schema?: Readonly<Record<string, Member>>;
  /** The document is an `aws_iam_policy_document` (statement blocks). */
  policyDocument?: boolean;
  /** Symbol → the expression that names it again (`aws_s3_bucket.destination.arn`), or undefined when there is none. */
  reference: (s: string) => string | undefined;
}

/** Policy document members: API name → attribute or block. */
const DOCUMENT_MEMBERS: Record<string, Member> = {
  Statement: {
    name: 'statement',
    block: true,
    members: Object.fromEntries(
      // `actions`, `resources` and their `not_` forms are sets of strings: a lone string is an error at plan.
      ['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource'].map((k) => [k, { name: POLICY_DOCUMENT_NAMES[k], list: k !== 'Sid' && k !== 'Effect' }]),
    ),
  },
  Version: { name: 'version' },
};

interface JsonState {
  /** The heredoc's content range in the file, or the whole file. */
  offset: number;
  length: number;
  indent: string;
  raw: string;
}

export function writeOps(ctx: WriteContext, ops: readonly TreeOp[]): TextEdit[] | undefined {
  const style = hclStyle(ctx.text);
  const applied: TextEdit[] = [];
  const json = new Map<string, JsonState>();
  for (const op of ops) {
    // A member is removed (or a whole block replaced) in its parent.
    let found = writtenAncestor(ctx, op.path, op.op === 'remove' ? 1 : 0);
    if (found && found.rest.length === 0 && found.node.written?.kind === 'block') found = writtenAncestor(ctx, op.path, 1);
    if (!found) return undefined;
    const { node, rest, path } = found;
    const w = node.written;
    if (!w || node.at.uri !== ctx.homeUri) return undefined;
    let edit: TextEdit | undefined;
    if (w.kind === 'json') {
      if (!jsonOp(ctx, json, w, rest, op)) return undefined;
      continue;
    }
    if (w.kind === 'block') edit = blockOp(ctx, style, w.block, memberOf(ctx, path), rest, op);
    else edit = exprOp(ctx, style, w.expr, rest, op);
    if (!edit || !place(applied, edit, style.eol)) return undefined;
  }
  // Each op's edit is placed on its own; together they may still not apply (two insertions at one
  // place, in a block the parser recovered from half-typed text): then the fix edits nothing.
  if (!checkedEdits(ctx.text, applied)) return undefined;
  let text = applyTextEdits(ctx.text, applied);
  if (applied.length === 0 && json.size === 0) return undefined;
  // JSON regions last: each was edited as a whole, on its own text.
  const regions = [...json.values()].sort((a, b) => b.offset - a.offset);
  if (regions.length > 0) {
    if (applied.length > 0) return undefined;
    for (const r of regions) {
      const content = r.indent ? r.raw.split('\n').map((l) => (l.length > 0 ? r.indent + l : l)).join('\n') : r.raw;
      text = text.slice(0, r.offset) + content + text.slice(r.offset + r.length);
    }
  }
  return text === ctx.text ? undefined : [diffEdit(ctx.text, text)];
}

/** Adds an edit made against the original text, unless it overlaps one already made. */
function place(applied: TextEdit[], edit: TextEdit, eol: string): boolean {
  if (eol !== '\n') edit = { ...edit, content: edit.content.replace(/\r?\n/g, eol) };
  for (const a of applied) {
    const overlap = edit.offset < a.offset + a.length && a.offset < edit.offset + edit.length;
    if (overlap) return false;
  }
  applied.push(edit);
  return true;
}

/** The nearest node on the path that was written somewhere we can edit, and the path below it. */
function writtenAncestor(ctx: WriteContext, path: ApiPath, below = 0): { node: TNode; rest: ApiPath; path: ApiPath } | undefined {
  for (let depth = path.length - below; depth >= 0; depth--) {
    const node = ctx.nodeAt(depth === path.length ? path : path.slice(0, depth));
    if (!node || !node.written || node.synthetic) continue;
    return { node, rest: path.slice(depth), path: path.slice(0, depth) };
  }
  return undefined;
}

/** The member table of the block at an API path (a rule, a destination, a statement…). */
function memberOf(ctx: WriteContext, path: ApiPath): Readonly<Record<string, Member>> | undefined {
  let members: Readonly<Record<string, Member>> | undefined = ctx.policyDocument ? DOCUMENT_MEMBERS : ctx.schema;
  for (const step of path) {
    if (typeof step === 'number') continue;
    members = members?.[step]?.members;
  }
  return members;
}

function blockOp(ctx: WriteContext, style: HclStyle, block: Block, members: Readonly<Record<string, Member>> | undefined, rest: ApiPath, op: TreeOp): TextEdit | undefined {
  const [name, index] = rest;
  const member = typeof name === 'string' ? members?.[name] : undefined;
  if (!member || member.flat) return undefined;
  if (op.op === 'rename') return undefined;
  if (rest.length === 2 && typeof index === 'number' && member.block && op.op === 'set') {
    // A new element of a repeated block (`statement`, `rule`): a new block after the others.
    const existing = blocks(block.body, member.name);
    if (index !== existing.length) return undefined;
    const lines = renderBlock(ctx, member, op.value, style);
    return lines ? insertInBlock(ctx.text, block, [lines.join('\n')], style) : undefined;
  }
  if (rest.length !== 1) return undefined;
  const attr = attribute(block.body, member.name);
  if (op.op === 'remove') {
    if (attr) return removeItem(ctx.text, attr);
    const nested = blocks(block.body, member.name);
    return nested.length === 1 ? removeItem(ctx.text, nested[0]) : undefined;
  }
  if (member.block) {
    if (blocks(block.body, member.name).length > 0) return undefined;
    const lines = renderBlock(ctx, member, op.value, style);
    return lines ? insertInBlock(ctx.text, block, [lines.join('\n')], style) : undefined;
  }
  const value = renderExpr(ctx, asWritten(member, op.value), style, '');
  if (value === undefined) return undefined;
  if (attr) return replaceExpr(attr.expr, value);
  return insertInBlock(ctx.text, block, [`${member.name} = ${value}`], style);
}

/** The value as the attribute holds it: one API value becomes a one-item list for a list attribute. */
function asWritten(member: Member, value: unknown): unknown {
  return member.list && !Array.isArray(value) ? [value] : value;
}

/** A nested block from an API object, by the member table: attributes, then blocks. */
function renderBlock(ctx: WriteContext, member: Member, value: unknown, style: HclStyle): string[] | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const inner: string[] = [];
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const m = member.members?.[k];
    if (!m) return undefined;
    if (m.flat) {
      const flat = renderBlock(ctx, { name: '', members: m.members }, v, style);
      if (!flat) return undefined;
      inner.push(...flat.slice(1, -1).map((l) => l.slice(style.unit.length)));
    } else if (m.block) {
      const nested = renderBlock(ctx, m, v, style);
      if (!nested) return undefined;
      inner.push(...nested);
    } else {
      const e = renderExpr(ctx, asWritten(m, v), style, '');
      if (e === undefined) return undefined;
      inner.push(`${m.name} = ${e}`);
    }
  }
  const lines = alignAttributes(inner).flatMap((item) => item.split('\n'));
  return [`${member.name} {`, ...lines.map((l) => style.unit + l), '}'];
}

function exprOp(ctx: WriteContext, style: HclStyle, expr: Expr, rest: ApiPath, op: TreeOp): TextEdit | undefined {
  const indent = indentAt(ctx.text, expr.range.offset);
  if (op.op === 'rename') return undefined;
  if (rest.length === 0) {
    if (op.op !== 'set') return undefined;
    const value = renderExpr(ctx, op.value, style, indent);
    return value === undefined ? undefined : replaceExpr(expr, value);
  }
  if (rest.length !== 1) return undefined;
  const [step] = rest;
  if (expr.type === 'tuple' && typeof step === 'number') {
    if (op.op === 'remove') return removeFromTuple(expr, step);
    const itemIndent = expr.items[0] ? indentAt(ctx.text, expr.items[0].range.offset) : indent;
    const value = renderExpr(ctx, op.value, style, itemIndent);
    if (value === undefined) return undefined;
    if (step === expr.items.length) return appendToTuple(ctx.text, expr, value, style);
    return expr.items[step] ? replaceExpr(expr.items[step], value) : undefined;
  }
  if (expr.type === 'object' && typeof step === 'string') {
    const item = [...expr.items].reverse().find((i) => i.key === step);
    if (op.op === 'remove') return undefined;
    const itemIndent = item ? indentAt(ctx.text, item.keyRange.offset) : indent + style.unit;
    const value = renderExpr(ctx, op.value, style, itemIndent);
    if (value === undefined) return undefined;
    if (item) return replaceExpr(item.value, value);
    return addToObject(ctx.text, expr, step, value, style);
  }
  return undefined;
}

/**
 * A value as an HCL expression: strings with references for symbols, lists inline, objects as
 * multi-line object constructors (as `jsonencode({...})` is written). `indent` is the indentation
 * of the line the value starts on.
 */
export function renderExpr(ctx: WriteContext, value: unknown, style: HclStyle, indent: string): string | undefined {
  if (value === null) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return hclReference(ctx, value);
  if (Array.isArray(value)) {
    const items = value.map((v) => renderExpr(ctx, v, style, indent));
    if (items.some((i) => i === undefined)) return undefined;
    if (!items.some((i) => (i as string).includes('\n'))) return `[${items.join(', ')}]`;
    const inner = indent + style.unit;
    const multi = value.map((v) => renderExpr(ctx, v, style, inner));
    return `[\n${multi.map((i) => `${inner}${i}`).join(',\n')},\n${indent}]`;
  }
  if (typeof value === 'object') {
    const inner = indent + style.unit;
    const lines: string[] = [];
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const e = renderExpr(ctx, v, style, inner);
      if (e === undefined) return undefined;
      lines.push(`${inner}${objectKey(k)} = ${e}`);
    }
    return lines.length === 0 ? '{}' : `{\n${lines.join('\n')}\n${indent}}`;
  }
  return undefined;
}

/** A string, references restored: a whole reference bare (`aws_iam_role.r.arn`), else a template. */
function hclReference(ctx: WriteContext, s: string): string | undefined {
  const parts = splitReferences(ctx, s);
  if (!parts) return undefined;
  if (parts.length === 1 && parts[0].ref) return parts[0].text;
  return `"${parts.map((p) => (p.ref ? `\${${p.text}}` : hclString(p.text).slice(1, -1))).join('')}"`;
}

/** The string in literal pieces and references; undefined when a symbol has no expression here. */
function splitReferences(ctx: WriteContext, s: string): { text: string; ref: boolean }[] | undefined {
  const out: { text: string; ref: boolean }[] = [];
  let rest = s;
  const patterns = [/arn:aws:s3:::([a-z0-9.-]+--ref[0-9-]*)/, /arn:aws:iam::000000000000:role\/(?:[^/]*\/)*([\w+=,.@-]+--ref[0-9-]*)/, /([a-z0-9.-]+--ref[0-9-]*|[\w+=,.@-]+--ref[0-9-]*)/, new RegExp(OWN_ACCOUNT)];
  while (rest.length > 0) {
    let best: { index: number; length: number; key: string } | undefined;
    for (const [i, p] of patterns.entries()) {
      const m = p.exec(rest);
      if (!m) continue;
      const key = i === 3 ? `account:${m[0]}` : `${i <= 1 ? 'arn' : 'name'}:${m[1] ?? m[0]}`;
      if (!best || m.index < best.index || (m.index === best.index && m[0].length > best.length)) best = { index: m.index, length: m[0].length, key };
    }
    if (!best) {
      out.push({ text: rest, ref: false });
      break;
    }
    const ref = ctx.reference(best.key);
    if (ref === undefined) return undefined;
    if (best.index > 0) out.push({ text: rest.slice(0, best.index), ref: false });
    out.push({ text: ref, ref: true });
    rest = rest.slice(best.index + best.length);
  }
  return out;
}

/** JSON text (a heredoc's content, or a file read with `file()`): jsonc edits on it, applied once at the end. */
function jsonOp(ctx: WriteContext, states: Map<string, JsonState>, w: Extract<TNode['written'], { kind: 'json' }>, rest: ApiPath, op: TreeOp): boolean {
  const holder = w.text.holder;
  let state: JsonState | undefined;
  const key = holder ? `${holder.range.offset}` : 'file';
  state = states.get(key);
  if (!state) {
    if (!holder) {
      if (w.text.uri !== ctx.homeUri) return false;
      state = { offset: 0, length: ctx.text.length, indent: '', raw: ctx.text };
    } else {
      if (holder.type !== 'template' || !holder.heredoc) return false;
      const c = holder.heredoc.content;
      let raw = ctx.text.slice(c.offset, c.offset + c.length).replace(/\r\n/g, '\n');
      let indent = '';
      if (holder.heredoc.indented) {
        indent = commonIndent(raw);
        raw = raw.split('\n').map((l) => l.slice(indent.length)).join('\n');
      }
      state = { offset: c.offset, length: c.length, indent, raw };
    }
    states.set(key, state);
  }
  const path = [...w.path, ...rest];
  if (op.op === 'rename') return false;
  let next: string | undefined;
  if (op.op === 'remove') next = jsonRemove(state.raw, path);
  else {
    const value = jsonReference(ctx, op.value, !!holder);
    if (value === undefined) return false;
    next = jsonSet(state.raw, path, value);
  }
  if (next === undefined) return false;
  state.raw = next;
  return true;
}

function commonIndent(raw: string): string {
  let min: string | undefined;
  for (const l of raw.split('\n')) {
    if (!/\S/.test(l)) continue;
    const ind = /^[ \t]*/.exec(l)?.[0] ?? '';
    if (min === undefined || ind.length < min.length) min = ind;
  }
  return min ?? '';
}

/** A value for JSON text: symbols as `${…}` interpolations inside a heredoc; not writable into a plain JSON file. */
function jsonReference(ctx: WriteContext, value: unknown, interpolate: boolean): WriteValue | undefined {
  if (typeof value === 'string') {
    const parts = splitReferences(ctx, value);
    if (!parts) return undefined;
    if (parts.some((p) => p.ref) && !interpolate) return undefined;
    return parts.map((p) => (p.ref ? `\${${p.text}}` : p.text)).join('');
  }
  if (Array.isArray(value)) {
    const items = value.map((v) => jsonReference(ctx, v, interpolate));
    return items.some((i) => i === undefined) ? undefined : (items as WriteValue[]);
  }
  if (value && typeof value === 'object') {
    const out: { [k: string]: WriteValue } = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const x = jsonReference(ctx, v, interpolate);
      if (x === undefined) return undefined;
      out[k] = x;
    }
    return out;
  }
  return (value ?? null) as WriteValue;
}
