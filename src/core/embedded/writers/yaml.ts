/**
 * Minimal text edits on YAML: set, remove or rename one member or element, touching nothing else.
 * Comments, quoting and layout outside the changed node stay byte for byte; new blocks follow the
 * file's indentation and line endings. (Re-printing the document with a YAML library would
 * re-flow the user's file.)
 */
import { TextEdit } from '../../findings';
import { lineEnd, lineStart, nextLine } from '../../edit/text';
import { parseYamlSource } from '../parsers/yaml';
import { SEntry, SMap, SNode, SSeq, at, fullRange, valueStart } from '../sourceTree';
import { Tagged, WriteValue, isCollection } from './value';

export type SourcePath = (string | number)[];

interface Style {
  unit: string;
  eol: string;
}

let lastStyle: { text: string; style: Style } | undefined;

/** Every fix of a template asks for the same file's style: computed once per text. */
export function yamlStyle(text: string): Style {
  if (lastStyle?.text !== text) lastStyle = { text, style: computeStyle(text) };
  return lastStyle.style;
}

function computeStyle(text: string): Style {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  // The smallest step between a key line and a more indented line below it.
  let unit = 0;
  const lines = text.split(/\r?\n/);
  for (let i = 1; i < lines.length; i++) {
    const prev = /^( *)\S/.exec(lines[i - 1]);
    const cur = /^( *)\S/.exec(lines[i]);
    if (!prev || !cur || /^\s*#/.test(lines[i])) continue;
    const step = cur[1].length - prev[1].length;
    if (step > 0 && !/^\s*-\s/.test(lines[i - 1]) && (unit === 0 || step < unit)) unit = step;
  }
  return { unit: ' '.repeat(unit || 2), eol };
}

/** Applies one operation; undefined when the path does not lead to something YAML can hold here. */
export function yamlSet(text: string, path: SourcePath, value: WriteValue): string | undefined {
  const root = parseYamlSource(text).root;
  const style = yamlStyle(text);
  const target = at(root, path);
  const parent = at(root, path.slice(0, -1));
  const last = path[path.length - 1];
  if (target && parent) return apply(text, replaceValue(text, parent, last, target, value, style));
  if (!parent) return undefined;
  if (parent.type === 'map' && typeof last === 'string') return apply(text, addEntry(text, parent, last, value, style));
  if (parent.type === 'seq' && last === parent.items.length) return apply(text, appendItem(text, parent, value, style));
  return undefined;
}

export function yamlRemove(text: string, path: SourcePath): string | undefined {
  const root = parseYamlSource(text).root;
  const parent = at(root, path.slice(0, -1));
  const last = path[path.length - 1];
  if (parent?.type === 'map' && typeof last === 'string') {
    const index = lastIndexOfKey(parent, last);
    if (index < 0) return undefined;
    if (parent.entries.length === 1 && !parent.flow) return replaceWhole(text, root, path.slice(0, -1), {});
    return apply(text, removeFromMap(text, parent, index));
  }
  if (parent?.type === 'seq' && typeof last === 'number' && parent.items[last]) {
    if (parent.items.length === 1 && !parent.flow) return replaceWhole(text, root, path.slice(0, -1), []);
    return apply(text, removeFromSeq(text, parent, last));
  }
  return undefined;
}

export function yamlRename(text: string, path: SourcePath, to: string): string | undefined {
  const root = parseYamlSource(text).root;
  const parent = at(root, path.slice(0, -1));
  const last = path[path.length - 1];
  if (parent?.type !== 'map' || typeof last !== 'string') return undefined;
  const index = lastIndexOfKey(parent, last);
  if (index < 0) return undefined;
  const key = parent.entries[index].keyRange;
  return apply(text, { offset: key.offset, length: key.length, content: yamlKey(to) });
}

function replaceWhole(text: string, root: SNode | undefined, path: SourcePath, value: WriteValue): string | undefined {
  const target = at(root, path);
  const parent = at(root, path.slice(0, -1));
  if (!target) return undefined;
  if (!parent) {
    const r = fullRange(target);
    return apply(text, { offset: r.offset, length: r.length, content: inline(value) });
  }
  return apply(text, replaceValue(text, parent, path[path.length - 1], target, value, yamlStyle(text)));
}

function apply(text: string, edit: TextEdit | undefined): string | undefined {
  if (!edit) return undefined;
  return text.slice(0, edit.offset) + edit.content + text.slice(edit.offset + edit.length);
}

function lastIndexOfKey(map: SMap, key: string): number {
  for (let i = map.entries.length - 1; i >= 0; i--) if (map.entries[i].key === key) return i;
  return -1;
}

function column(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

function nodeEnd(node: SNode): number {
  return node.range.offset + node.range.length;
}

function replaceValue(text: string, parent: SNode, last: string | number, target: SNode, value: WriteValue, style: Style): TextEdit | undefined {
  const range = fullRange(target);
  if (parent.type === 'map' && !parent.flow) {
    const entry = parent.entries[lastIndexOfKey(parent, String(last))] as SEntry | undefined;
    if (!entry) return undefined;
    const colon = text.indexOf(':', entry.keyRange.offset + entry.keyRange.length);
    const from = colon + 1;
    const end = nodeEnd(target);
    if (isCollection(value) && !isEmpty(value)) {
      const indent = ' '.repeat(column(text, entry.keyRange.offset)) + style.unit;
      return { offset: from, length: end - from, content: style.eol + block(value, indent, style).join(style.eol) };
    }
    return { offset: from, length: end - from, content: ` ${inline(value)}` };
  }
  if (parent.type === 'seq' && !parent.flow && isCollection(value) && !isEmpty(value)) {
    const indent = ' '.repeat(column(text, valueStart(target)));
    const lines = block(value, indent, style);
    lines[0] = lines[0].slice(indent.length);
    return { offset: range.offset, length: range.length, content: lines.join(style.eol) };
  }
  return { offset: range.offset, length: range.length, content: inline(value) };
}

function addEntry(text: string, map: SMap, key: string, value: WriteValue, style: Style): TextEdit | undefined {
  if (map.flow || map.entries.length === 0) {
    const close = nodeEnd(map) - 1;
    if (text[close] !== '}') return undefined;
    const sep = map.entries.length === 0 ? '' : ', ';
    const insertAt = map.entries.length === 0 ? close : nodeEnd(map.entries[map.entries.length - 1].value);
    return { offset: insertAt, length: 0, content: `${sep}${yamlKey(key)}: ${flow(value)}` };
  }
  const first = map.entries[0];
  const indent = ' '.repeat(column(text, first.keyRange.offset));
  const lastEntry = map.entries[map.entries.length - 1];
  const at = lineEnd(text, Math.max(nodeEnd(lastEntry.value), lastEntry.keyRange.offset));
  return { offset: at, length: 0, content: style.eol + entryLines(key, value, indent, style).join(style.eol) };
}

function appendItem(text: string, seq: SSeq, value: WriteValue, style: Style): TextEdit | undefined {
  if (seq.flow || seq.items.length === 0) {
    const close = nodeEnd(seq) - 1;
    if (text[close] !== ']') return undefined;
    const insertAt = seq.items.length === 0 ? close : nodeEnd(seq.items[seq.items.length - 1]);
    return { offset: insertAt, length: 0, content: `${seq.items.length === 0 ? '' : ', '}${flow(value)}` };
  }
  const firstStart = valueStart(seq.items[0]);
  const dash = text.lastIndexOf('-', firstStart);
  const indent = ' '.repeat(column(text, dash));
  const lastItem = seq.items[seq.items.length - 1];
  const at = lineEnd(text, nodeEnd(lastItem));
  return { offset: at, length: 0, content: style.eol + itemLines(value, indent, style).join(style.eol) };
}

function removeFromMap(text: string, map: SMap, index: number): TextEdit {
  const e = map.entries[index];
  if (map.flow) return cutFlow(text, e.keyRange.offset, nodeEnd(e.value), map.entries.length, index, map.entries.map((x) => [x.keyRange.offset, nodeEnd(x.value)]));
  const start = lineStart(text, e.keyRange.offset);
  const lead = text.slice(start, e.keyRange.offset);
  if (/\S/.test(lead)) {
    // The entry shares its line with a `- `: the next entry moves up onto it.
    const next = map.entries[index + 1];
    if (next) return { offset: e.keyRange.offset, length: next.keyRange.offset - e.keyRange.offset, content: '' };
    return { offset: e.keyRange.offset, length: lineEnd(text, nodeEnd(e.value)) - e.keyRange.offset, content: '{}' };
  }
  const end = nextLine(text, Math.max(nodeEnd(e.value), e.keyRange.offset));
  return { offset: start, length: end - start, content: '' };
}

function removeFromSeq(text: string, seq: SSeq, index: number): TextEdit {
  const item = seq.items[index];
  if (seq.flow) return cutFlow(text, valueStart(item), nodeEnd(item), seq.items.length, index, seq.items.map((x) => [valueStart(x), nodeEnd(x)]));
  const dash = text.lastIndexOf('-', valueStart(item));
  const start = lineStart(text, dash);
  const end = nextLine(text, nodeEnd(item));
  return { offset: start, length: end - start, content: '' };
}

function cutFlow(_text: string, from: number, to: number, count: number, index: number, spans: [number, number][]): TextEdit {
  if (count === 1) return { offset: from, length: to - from, content: '' };
  if (index < count - 1) return { offset: from, length: spans[index + 1][0] - from, content: '' };
  const prevEnd = spans[index - 1][1];
  return { offset: prevEnd, length: to - prevEnd, content: '' };
}

function isEmpty(v: WriteValue): boolean {
  return Array.isArray(v) ? v.length === 0 : isCollection(v) && Object.keys(v).length === 0;
}

function entryLines(key: string, value: WriteValue, indent: string, style: Style): string[] {
  if (isCollection(value) && !isEmpty(value)) return [`${indent}${yamlKey(key)}:`, ...block(value, indent + style.unit, style)];
  return [`${indent}${yamlKey(key)}: ${inline(value)}`];
}

function itemLines(value: WriteValue, indent: string, style: Style): string[] {
  if (isCollection(value) && !isEmpty(value)) {
    const inner = indent + ' '.repeat(Math.max(style.unit.length, 2));
    const lines = block(value, inner, style);
    return [`${indent}- ${lines[0].slice(inner.length)}`, ...lines.slice(1)];
  }
  return [`${indent}- ${inline(value)}`];
}

/** A collection as block lines, each starting with `indent`. */
function block(value: WriteValue, indent: string, style: Style): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => itemLines(v, indent, style));
  if (isCollection(value)) return Object.entries(value).flatMap(([k, v]) => entryLines(k, v, indent, style));
  return [`${indent}${inline(value)}`];
}

/** A value on one line: scalars, tagged scalars and empty collections; others in flow style. */
function inline(value: WriteValue): string {
  return flow(value);
}

function flow(value: WriteValue): string {
  if (value instanceof Tagged) return `${value.yamlTag} ${scalar(value.arg)}`;
  if (Array.isArray(value)) return `[${value.map(flow).join(', ')}]`;
  if (isCollection(value)) return `{${Object.entries(value).map(([k, v]) => `${yamlKey(k)}: ${flow(v)}`).join(', ')}}`;
  return scalar(value);
}

const RESERVED = /^(true|false|yes|no|on|off|y|n|null|~)$/i;

function plainSafe(s: string): boolean {
  return (
    s.length > 0 &&
    /^[A-Za-z0-9_./$][A-Za-z0-9 _./:*@$=+,()-]*$/.test(s) &&
    !RESERVED.test(s) &&
    !/^[-+]?(\d|\.\d)/.test(s) &&
    !/: |:$| #|\s$/.test(s)
  );
}

function scalar(v: string | number | boolean | null): string {
  if (v === null) return 'null';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return plainSafe(v) ? v : `'${v.replace(/'/g, "''")}'`;
}

function yamlKey(k: string): string {
  return plainSafe(k) && !k.includes(' ') ? k : scalar(k);
}
