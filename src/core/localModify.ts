/**
 * jsonc-parser `modify`, computed on the enclosing object or array instead of the whole document.
 * `modify` re-parses all the text it is given, so fixing every rule of a 1,000-rule configuration
 * (`--fix`, the editor's fix-all) would parse the 500 KB document once per fix: over a minute.
 * The result is the same text as `modify` on the whole document; where that cannot be guaranteed
 * cheaply (the edit touches the container's first line, broken JSON, the root) the whole
 * document is used.
 */
import { FormattingOptions, JSONPath, ModificationOptions, Node, findNodeAtLocation, modify, parseTree } from 'jsonc-parser';
import { JsonDocument } from './document';
import { TextEdit } from './findings';

export function modifyInDocument(doc: JsonDocument, path: JSONPath, value: unknown): TextEdit[] {
  const options = { formattingOptions: doc.formatting };
  const whole = () => modifyText(doc.text, path, value, doc.formatting);
  if (!doc.root || doc.syntaxErrors.length > 0) return whole();
  const removal = value === undefined ? arrayElementRemoval(doc.root, path) : undefined;
  if (removal) return removal;

  // The deepest existing container of the target, found the way `modify` itself resolves paths.
  let container: Node = doc.root;
  let depth = 0;
  while (depth < path.length - 1) {
    const child = findNodeAtLocation(container, [path[depth]]);
    if (!child || (child.type !== 'object' && child.type !== 'array')) break;
    container = child;
    depth++;
  }
  if (container === doc.root) return whole();

  // The container's text, preceded by its line's indentation: the formatter reads the indent
  // level of new lines from there, so the result matches the whole-document edit.
  const lineStart = doc.text.lastIndexOf('\n', container.offset - 1) + 1;
  const indent = /^[ \t]*/.exec(doc.text.slice(lineStart, container.offset))?.[0] ?? '';
  const local = indent + doc.text.slice(container.offset, container.offset + container.length);
  const firstLineEnd = local.search(/[\r\n]/);
  const edits = modify(local, path.slice(depth), value, options);
  // An edit on the first line would include that line from its start, which differs from the
  // document's ("Key": {... there, only the indentation here).
  if (firstLineEnd < 0 || edits.some((e) => e.offset <= firstLineEnd)) return whole();
  const shift = container.offset - indent.length;
  return edits.map((e) => ({ offset: e.offset + shift, length: e.length, content: e.content }));
}

/**
 * jsonc-parser `modify` on a text, except for removing an array element: jsonc-parser 3.3.1
 * corrupts a single-line document when it removes the last element of an array (it formats a
 * range computed before the removal), so the element and one separator are cut instead, which
 * also keeps every layout exactly as it was.
 */
export function modifyText(text: string, path: JSONPath, value: unknown, formatting: FormattingOptions, extra: Omit<ModificationOptions, 'formattingOptions'> = {}): TextEdit[] {
  const removal = value === undefined ? arrayElementRemoval(parseTree(text), path) : undefined;
  return removal ?? modify(text, path, value, { ...extra, formattingOptions: formatting });
}

function arrayElementRemoval(root: Node | undefined, path: JSONPath): TextEdit[] | undefined {
  const index = path[path.length - 1];
  if (!root || typeof index !== 'number') return undefined;
  const array = findNodeAtLocation(root, path.slice(0, -1));
  const items = array?.type === 'array' ? (array.children ?? []) : [];
  const item = items[index];
  if (!array || !item) return undefined;
  if (items.length === 1) return [{ offset: array.offset + 1, length: array.length - 2, content: '' }];
  if (index > 0) {
    const start = items[index - 1].offset + items[index - 1].length;
    return [{ offset: start, length: item.offset + item.length - start, content: '' }];
  }
  return [{ offset: item.offset, length: items[1].offset - item.offset, content: '' }];
}

/**
 * Edits removing the property `prop` of the object `obj` without touching any comment: jsonc-parser
 * `modify` cuts from the previous value to the removed one, which takes a comment written after the
 * previous member (`"Bucket": "x", // note`) with it. Here only the property, the one comma that
 * separated it, and lines left empty go.
 */
export function removePropertyEdits(text: string, obj: Node, prop: Node): TextEdit[] {
  const siblings = obj.children ?? [];
  const index = siblings.indexOf(prop);
  if (index < 0) return [];
  const next = siblings[index + 1];
  const prev = siblings[index - 1];
  let start = prop.offset;
  let end = prop.offset + prop.length;
  const comma = next ? commaAfter(text, end) : prev ? commaAfter(text, prev.offset + prev.length) : -1;
  const edits: TextEdit[] = [];
  // The comma right after the property (blanks between) goes with it.
  if (next && comma >= 0 && /^[ \t]*$/.test(text.slice(end, comma))) end = comma + 1;
  else if (comma >= 0) edits.push({ offset: comma, length: 1, content: '' });
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const rest = /^[ \t]*(\r?\n)/.exec(text.slice(end));
  if (/^[ \t]*$/.test(text.slice(lineStart, start)) && rest) {
    // Alone on its lines: the lines go.
    start = lineStart;
    end += rest[0].length;
  } else {
    end += /^[ \t]*/.exec(text.slice(end))?.[0].length ?? 0;
  }
  edits.push({ offset: start, length: end - start, content: '' });
  return edits.sort((a, b) => a.offset - b.offset);
}

/** Offset of the first comma at or after `from`, skipping blanks and comments; -1 when something else comes first. */
function commaAfter(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const c = text[i];
    if (c === ',') return i;
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') i++;
    else if (c === '/' && text[i + 1] === '/') {
      const eol = text.indexOf('\n', i);
      i = eol < 0 ? text.length : eol;
    } else if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? text.length : close + 2;
    } else return -1;
  }
  return -1;
}

/**
 * jsonc-parser lays out an insertion by re-formatting the line it inserts after, and a comment that
 * ended that line (`"Bucket": "x", // note`) comes out after the new member instead. This puts such
 * a comment back at the end of its own line.
 */
export function afterLineComments(text: string, edits: TextEdit[]): TextEdit[] {
  return edits.map((e) => {
    const original = text.slice(e.offset, e.offset + e.length);
    const comment = /[ \t]*(\/\/[^\r\n]*)$/.exec(original);
    if (!comment || /[\r\n]/.test(original) || !e.content.endsWith(comment[1])) return e;
    const content = e.content.slice(0, e.content.length - comment[1].length).replace(/[ \t]+$/, '');
    const eol = content.search(/\r?\n/);
    if (eol < 0) return e;
    return { ...e, content: `${content.slice(0, eol)} ${comment[1]}${content.slice(eol)}` };
  });
}
