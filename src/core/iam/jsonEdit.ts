/**
 * Minimal text edits for adding to a policy: only the insertion point changes, in the style around
 * it. jsonc's `modify` re-formats the whole line it touches, which would re-flow a one-line
 * statement the author wrote that way.
 */
import { findNodeAtLocation, FormattingOptions, modify, parseTree } from 'jsonc-parser';
import { TextEdit } from '../findings';
import { JsonPath } from './policy';

/** Turns the single string at `path` into a one-line list with `more` after it, in place. */
export function toListEdits(text: string, path: JsonPath, more: readonly string[]): TextEdit[] {
  const root = parseTree(text);
  const node = root ? findNodeAtLocation(root, path) : undefined;
  if (!node) return [];
  const items = [text.slice(node.offset, node.offset + node.length), ...more.map((m) => JSON.stringify(m))];
  return [{ offset: node.offset, length: node.length, content: `[${items.join(', ')}]` }];
}

/**
 * Appends to the array at `path` by inserting after its last element only, in the style around
 * it: jsonc's own insertion re-formats the whole line, which would re-flow a one-line statement.
 */
export function appendEdits(text: string, path: JsonPath, value: unknown, formatting: FormattingOptions): TextEdit[] {
  const root = parseTree(text);
  const array = root ? findNodeAtLocation(root, path) : undefined;
  const last = array?.type === 'array' ? array.children?.[array.children.length - 1] : undefined;
  if (!array || !last) return modify(text, [...path, array?.children?.length ?? 0], value, { formattingOptions: formatting, isArrayInsertion: true });
  const end = last.offset + last.length;
  const lineStart = text.lastIndexOf('\n', last.offset - 1) + 1;
  if (lineStart <= array.offset) return [{ offset: end, length: 0, content: `, ${JSON.stringify(value)}` }];
  const lead = text.slice(lineStart, last.offset);
  const indent = /^[ \t]*$/.test(lead) ? lead : '';
  const eol = formatting.eol ?? '\n';
  // Files written without indentation stay that way.
  const unit = !/\n[ \t]+\S/.test(text) ? '' : formatting.insertSpaces === false ? '\t' : ' '.repeat(formatting.tabSize ?? 2);
  const body = JSON.stringify(value, null, '\u0001').replace(/\u0001/g, unit).split('\n').join(eol + indent);
  return [{ offset: end, length: 0, content: `,${eol}${indent}${body}` }];
}
