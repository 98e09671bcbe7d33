/**
 * The edits behind every fix: set a value, insert a member or an element, remove one. Each edit
 * touches only the node it names and the one separator that goes with it: comments, neighbouring
 * members (a repeated key's twin included) and the layout around it stay byte for byte, and what
 * it writes follows the document's style (line ending, indentation, one line or several).
 *
 * Every function here is total: it returns the edits, `[]` when there is nothing to change (the
 * value is already there, the member already gone), or `undefined` when the edit cannot be made
 * safely (a path through a string, a repeated key to remove, broken JSON around the target).
 */
import { Node, getNodeValue } from 'jsonc-parser';
import { TextEdit } from '../findings';
import { TextStyle } from '../format';
import { canonicalJson } from '../json';
import { JsonPath, deepestAt, keyCount, lastProperty } from './path';
import { RawJson, serialize, serializeMember } from './serialize';
import {
  endOfLineContent,
  eolLength,
  eolLengthBefore,
  findComma,
  hasLineBreak,
  isBlank,
  isLineBreak,
  isWhitespace,
  leadingIndent,
  skipBlanks,
  skipBlanksBack,
} from './text';

/** A text with its syntax tree and style: what edits are computed on. */
export interface Editable {
  text: string;
  root: Node | undefined;
  style: TextStyle;
}

/** Sets the value at `path`, creating the members leading to it when they are missing. */
export function setEdits(t: Editable, path: JsonPath, value: unknown): TextEdit[] | undefined {
  if (!t.root || path.length === 0) return undefined;
  const { node, depth } = deepestAt(t.root, path);
  if (depth === path.length) return replaceEdits(t, node, value);
  // Missing from `depth` on: build the rest as nested members and add them to `node`.
  let built = value;
  for (let i = path.length - 1; i > depth; i--) {
    const segment = path[i];
    if (typeof segment === 'string') built = { [segment]: built };
    else if (segment === 0) built = [built];
    else return undefined;
  }
  const segment = path[depth];
  if (node.type === 'object' && typeof segment === 'string') return insertMemberEdits(t, node, segment, built, 'last');
  if (node.type === 'array' && segment === (node.children?.length ?? 0)) return appendElementEdits(t, node, built);
  return undefined;
}

/** Removes the member or element at `path`. A key written twice is ambiguous: not removed. */
export function removeEdits(t: Editable, path: JsonPath): TextEdit[] | undefined {
  if (!t.root || path.length === 0) return undefined;
  const { node: parent, depth } = deepestAt(t.root, path.slice(0, -1));
  if (depth < path.length - 1) return [];
  const last = path[path.length - 1];
  if (typeof last === 'string') {
    if (parent.type !== 'object') return parent.type === 'array' ? undefined : [];
    const count = keyCount(parent, last);
    if (count === 0) return [];
    if (count > 1) return undefined;
    const prop = lastProperty(parent, last) as Node;
    return removeChildEdits(t, parent, (parent.children ?? []).indexOf(prop));
  }
  if (parent.type !== 'array') return parent.type === 'object' ? undefined : [];
  if (!Number.isInteger(last) || last < 0 || last >= (parent.children?.length ?? 0)) return [];
  return removeChildEdits(t, parent, last);
}

/** Appends `value` to the array at `path`; creates the array (holding just `value`) when it is missing. */
export function appendEdits(t: Editable, path: JsonPath, value: unknown): TextEdit[] | undefined {
  if (!t.root) return undefined;
  const { node, depth } = deepestAt(t.root, path);
  if (depth < path.length) return setEdits(t, path, [value]);
  return node.type === 'array' ? appendElementEdits(t, node, value) : undefined;
}

/** Adds `key` to the object at `path` as its first member (where AWS's examples put `Version`). */
export function insertFirstEdits(t: Editable, path: JsonPath, key: string, value: unknown): TextEdit[] | undefined {
  if (!t.root) return undefined;
  const { node, depth } = deepestAt(t.root, path);
  if (depth < path.length || node.type !== 'object') return undefined;
  if (keyCount(node, key) > 0) return setEdits(t, [...path, key], value);
  return insertMemberEdits(t, node, key, value, 'first');
}

/** Replaces an existing value node; `[]` when the value is already exactly that. */
export function replaceEdits(t: Editable, node: Node, value: unknown): TextEdit[] | undefined {
  const old = t.text.slice(node.offset, node.offset + node.length);
  if (!(value instanceof RawJson) && !containsRaw(value) && sameValue(node, value)) return [];
  const inline = isContainer(node) && (node.children?.length ?? 0) > 0 ? !onLines(t.text, node) : valueInline(t, node);
  // On one line the indentation is never written: not looked up (a minified line can be megabytes long).
  const content = serialize(value, t.style, inline ? '' : leadingIndent(t.text, node.offset), inline);
  if (content === undefined) return undefined;
  return content === old ? [] : [{ offset: node.offset, length: node.length, content }];
}

function insertMemberEdits(t: Editable, obj: Node, key: string, value: unknown, where: 'first' | 'last'): TextEdit[] | undefined {
  return insertChild(t, obj, (base, inline) => serializeMember(key, value, t.style, base, inline), where);
}

function appendElementEdits(t: Editable, arr: Node, value: unknown): TextEdit[] | undefined {
  return insertChild(t, arr, (base, inline) => serialize(value, t.style, base, inline), 'last');
}

/**
 * Inserts a member or element into a container, in the container's own layout: on its own line
 * with its siblings' indentation when they each have a line, on the same line when they share one.
 */
function insertChild(t: Editable, container: Node, write: (base: string, inline: boolean) => string | undefined, where: 'first' | 'last'): TextEdit[] | undefined {
  const { text, style } = t;
  const children = container.children ?? [];
  const open = container.offset;
  const close = container.offset + container.length - 1;
  if (!closes(text, container)) return undefined;

  if (children.length === 0) {
    if (valueInline(t, container)) {
      const child = write('', true);
      if (child === undefined) return undefined;
      return isWhitespace(text, open + 1, close) ? [{ offset: open + 1, length: close - open - 1, content: child }] : [{ offset: open + 1, length: 0, content: child }];
    }
    const outer = leadingIndent(text, open);
    const base = outer + style.indent;
    const child = write(base, false);
    if (child === undefined) return undefined;
    // Comments inside the empty container stay after the new child.
    if (!isWhitespace(text, open + 1, close)) return [{ offset: open + 1, length: 0, content: `${style.eol}${base}${child}` }];
    return [{ offset: open + 1, length: close - open - 1, content: `${style.eol}${base}${child}${style.eol}${outer}` }];
  }

  if (where === 'first') {
    const first = children[0];
    if (ownsLine(text, first, open)) {
      const base = leadingIndent(text, first.offset);
      const child = write(base, false);
      return child === undefined ? undefined : [{ offset: first.offset, length: 0, content: `${child},${style.eol}${base}` }];
    }
    const inline = !style.multiline || !hasLineBreak(text, first.offset, first.offset + first.length);
    const child = write(inline ? '' : leadingIndent(text, first.offset), inline);
    return child === undefined ? undefined : [{ offset: first.offset, length: 0, content: `${child}${style.comma}` }];
  }

  const last = children[children.length - 1];
  const end = last.offset + last.length;
  const lastOwnsLine = ownsLine(text, last, open);
  if (lastOwnsLine || hasLineBreak(text, end, close)) {
    const base = lastOwnsLine ? leadingIndent(text, last.offset) : leadingIndent(text, open) + style.indent;
    const child = write(base, false);
    if (child === undefined) return undefined;
    const { at, atLineEnd } = endOfLineContent(text, end);
    // A comment ending the last child's line stays on that line, after the new comma.
    if (atLineEnd && at > end) return [{ offset: end, length: 0, content: ',' }, { offset: at, length: 0, content: `${style.eol}${base}${child}` }];
    return [{ offset: end, length: 0, content: `,${style.eol}${base}${child}` }];
  }
  // Children sharing a line: one more on it. A multi-line last child (`[{\n...\n}]`) sets the indentation.
  const inline = !style.multiline || !hasLineBreak(text, last.offset, end);
  const child = write(inline ? '' : leadingIndent(text, end), inline);
  return child === undefined ? undefined : [{ offset: end, length: 0, content: `${style.comma}${child}` }];
}

/**
 * Removes child `index` of a container with the comma that separates it, and its line when nothing
 * else is on it. Comments before and after it stay, on the lines they were on.
 */
function removeChildEdits(t: Editable, container: Node, index: number): TextEdit[] | undefined {
  const { text } = t;
  const children = container.children ?? [];
  const item = children[index];
  if (!item || !closes(text, container)) return undefined;
  const s = item.offset;
  const e = item.offset + item.length;

  if (children.length === 1) {
    const open = container.offset + 1;
    const close = container.offset + container.length - 1;
    if (isWhitespace(text, open, s) && isWhitespace(text, e, close)) return [{ offset: open, length: close - open, content: '' }];
    return [cut(text, s, e)];
  }

  if (index < children.length - 1) {
    const comma = findComma(text, e, children[index + 1].offset);
    if (comma < 0) return undefined;
    if (isBlank(text, e, comma)) return [cut(text, s, comma + 1)];
    // A comment between the child and its comma stays.
    const edits = [cut(text, s, e), { offset: comma, length: skipBlanks(text, comma + 1) - comma, content: '' }];
    return edits[0].offset + edits[0].length <= edits[1].offset ? edits : undefined;
  }

  const prev = children[index - 1];
  const comma = findComma(text, prev.offset + prev.length, s);
  if (comma < 0) return undefined;
  // On the comma's line: the comma, the blanks and the child go together.
  if (isBlank(text, comma + 1, s)) return [{ offset: comma, length: e - comma, content: '' }];
  const item2 = cut(text, s, e);
  if (item2.offset <= comma) {
    // Only blanks between the comma and the child: one edit from the comma on.
    return [{ offset: comma, length: item2.offset + item2.length - comma, content: '' }];
  }
  return [{ offset: comma, length: 1, content: '' }, item2];
}

/**
 * The edit removing [s, e) from its line: the whole line when nothing else is on it (so no blank
 * line is left behind), with the blanks it leaves at the line's end, or before what follows.
 * When the removal would leave only another removable piece on the line, the edit reaches one
 * character into it (rewriting it unchanged): two such removals then overlap instead of leaving a
 * blank line together, and the second one waits for the next pass.
 */
export function cut(text: string, s: number, e: number): TextEdit {
  // Only the blanks next to the span are looked at: cost does not grow with the line's length.
  const from = skipBlanksBack(text, s);
  const to = skipBlanks(text, e);
  const blankBefore = from === 0 || isLineBreak(text.charCodeAt(from - 1));
  const blankAfter = to === text.length || isLineBreak(text.charCodeAt(to));
  if (blankBefore && blankAfter) {
    if (to < text.length) return { offset: from, length: to + eolLength(text, to) - from, content: '' };
    const back = eolLengthBefore(text, from);
    return { offset: from - back, length: to - from + back, content: '' };
  }
  if (blankAfter) {
    if (from === s && s > 0) return { offset: s - 1, length: to - s + 1, content: text[s - 1] };
    return { offset: from, length: to - from, content: '' };
  }
  if (blankBefore) {
    if (to === e) return { offset: s, length: e - s + 1, content: text[e] };
    return { offset: s, length: to - s, content: '' };
  }
  // Between other text on the line: the span and the blanks on one side of it.
  if (to > e) return { offset: s, length: to - s, content: '' };
  return { offset: from, length: e - from, content: '' };
}

/** Whether a child starts its own line inside the container (only blanks before it on that line). */
function ownsLine(text: string, child: Node, open: number): boolean {
  const start = skipBlanksBack(text, child.offset);
  return start > open && isLineBreak(text.charCodeAt(start - 1));
}

/** Whether a value written where `node` stands stays on one line: its container does, or the whole document. */
function valueInline(t: Editable, node: Node): boolean {
  if (!t.style.multiline) return true;
  const container = node.parent?.type === 'property' ? node.parent.parent : node.parent;
  if (!container) return false;
  return (container.children?.length ?? 0) > 0 && !onLines(t.text, container);
}

/**
 * Whether a container is laid out over lines: a child, or its closing bracket, starts a line.
 * A line break that only ends a comment does not make it so.
 */
function onLines(text: string, container: Node): boolean {
  const close = container.offset + container.length - 1;
  if (ownsLine(text, { offset: close } as Node, container.offset)) return true;
  return (container.children ?? []).some((c) => ownsLine(text, c, container.offset));
}

/** The container's text really ends with its closing bracket (not cut off by a syntax error). */
function closes(text: string, container: Node): boolean {
  const last = text[container.offset + container.length - 1];
  return container.length >= 2 && ((container.type === 'object' && last === '}') || (container.type === 'array' && last === ']'));
}

function isContainer(node: Node): boolean {
  return node.type === 'object' || node.type === 'array';
}

function sameValue(node: Node, value: unknown): boolean {
  try {
    return canonicalJson(getNodeValue(node)) === canonicalJson(value);
  } catch {
    return false;
  }
}

function containsRaw(value: unknown): boolean {
  if (value instanceof RawJson) return true;
  if (Array.isArray(value)) return value.some(containsRaw);
  if (value && typeof value === 'object') return Object.values(value).some(containsRaw);
  return false;
}
