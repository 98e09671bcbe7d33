/**
 * Fix builders. Every edit goes through jsonc-parser `modify`, so indentation, neighbouring
 * formatting and comments survive, and `applyEdits` for tests and `--fix`.
 */
import { JSONPath, Node, applyEdits } from 'jsonc-parser';
import { JsonDocument } from './document';
import { Fix, TextEdit } from './findings';
import { modifySteps, modifyStepsStepwise } from './groupedModify';
import { afterLineComments, modifyInDocument, modifyText, removePropertyEdits } from './localModify';

/** Sets (adds or replaces) the value at `path`. `path` is absolute from the document root. */
export function setValueFix(doc: JsonDocument, path: JSONPath, value: unknown, title: string, preferred = false): Fix {
  return {
    title,
    preferred,
    edits: () => modifyInDocument(doc, path, value),
  };
}

/** Removes the property or array element at `path`. */
export function removeFix(doc: JsonDocument, path: JSONPath, title: string, preferred = false): Fix {
  return {
    title,
    preferred,
    edits: () => modifyInDocument(doc, path, undefined),
  };
}

/** Several modifications at once, as if each ran on the text the previous one produced (see `groupedModify`). */
export function multiFix(doc: JsonDocument, steps: { path: JSONPath; value: unknown }[], title: string, preferred = false): Fix {
  return {
    title,
    preferred,
    edits: () => modifySteps(doc, steps),
    editsStepwise: () => modifyStepsStepwise(doc, steps),
  };
}

/** Replaces a raw span (e.g. a comment) with `content`. */
export function replaceSpanFix(offset: number, length: number, content: string, title: string, preferred = false): Fix {
  return { title, preferred, edits: () => [{ offset, length, content }] };
}

/** The smallest single edit turning `before` into `after` (common prefix and suffix trimmed). */
export function diffEdit(before: string, after: string): TextEdit {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endB = before.length;
  let endA = after.length;
  while (endB > start && endA > start && before.charCodeAt(endB - 1) === after.charCodeAt(endA - 1)) {
    endB--;
    endA--;
  }
  return { offset: start, length: endB - start, content: after.slice(start, endA) };
}

export function applyTextEdits(text: string, edits: TextEdit[]): string {
  return applyEdits(text, edits);
}

/**
 * Applies the preferred fix of each finding, skipping any fix whose edits overlap one already taken
 * (the next run picks it up). Used by `--fix` and by the editor's "fix all in file".
 */
export function applyNonOverlapping(text: string, fixes: Fix[]): { text: string; applied: number; skipped: number } {
  const taken: TextEdit[] = [];
  let skipped = 0;
  let applied = 0;
  for (const fix of fixes) {
    const edits = fix.edits();
    if (edits.some((e) => taken.some((t) => overlaps(e, t)))) {
      skipped++;
      continue;
    }
    taken.push(...edits);
    applied++;
  }
  return { text: applyEdits(text, taken), applied, skipped };
}

function overlaps(a: TextEdit, b: TextEdit): boolean {
  // Two insertions at the same point also conflict: their order would be arbitrary.
  if (a.offset === b.offset) return true;
  return a.offset < b.offset + b.length && b.offset < a.offset + a.length;
}

/**
 * Renames the member whose key node is `key`, editing only the key's text: the value, its comments
 * and its layout stay exactly as written.
 */
export function renameKeyFix(key: Node, name: string, title: string, preferred = false): Fix {
  return replaceSpanFix(key.offset, key.length, JSON.stringify(name), title, preferred);
}

/** Puts a value into a list (`{...}` to `[{...}]`), the brackets hugging it so it stays as written. */
export function wrapValueFix(value: Node, title: string, preferred = false): Fix {
  return {
    title,
    preferred,
    edits: () => [
      { offset: value.offset, length: 0, content: '[' },
      { offset: value.offset + value.length, length: 0, content: ']' },
    ],
  };
}

/**
 * Renames a member and puts its value into a list (`"Rule": {...}` to `"Rules": [{...}]`). The
 * brackets hug the value, so every line of it, comments included, stays as written.
 */
export function renameAndWrapFix(key: Node, value: Node, name: string, title: string, preferred = false): Fix {
  return {
    title,
    preferred,
    edits: () => [
      { offset: key.offset, length: key.length, content: JSON.stringify(name) },
      { offset: value.offset, length: 0, content: '[' },
      { offset: value.offset + value.length, length: 0, content: ']' },
    ],
  };
}

/**
 * Moves a member (the property holding `value`) to the absolute path `to` (missing objects on the way
 * are created). The value is carried over as written, comments included, re-indented to its new
 * depth; only the members around it are laid out by the formatter. `wrap` puts it into a list.
 */
export function moveValueFix(doc: JsonDocument, to: JSONPath, value: Node, title: string, preferred = false, wrap = false): Fix {
  return {
    title,
    preferred,
    edits: () => {
      const prop = value.parent;
      const obj = prop?.parent;
      if (!prop || !obj || prop.type !== 'property') return [];
      let marker = 'moved-value';
      while (doc.text.includes(marker)) marker += '-';
      let text = applyEdits(doc.text, removePropertyEdits(doc.text, obj, prop));
      text = applyEdits(text, afterLineComments(text, modifyText(text, to, marker, doc.formatting)));
      const quoted = JSON.stringify(marker);
      const at = text.indexOf(quoted);
      if (at < 0) return [];
      const raw = doc.text.slice(value.offset, value.offset + value.length);
      const moved = reindent(raw, lineIndent(doc.text, value.offset), lineIndent(text, at));
      text = text.slice(0, at) + (wrap ? `[${moved}]` : moved) + text.slice(at + quoted.length);
      return [diffEdit(doc.text, text)];
    },
  };
}

/** Leading whitespace of the line that holds `offset`. */
function lineIndent(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start, offset))?.[0] ?? '';
}

/** Shifts every line after the first from one indentation to another. */
function reindent(raw: string, from: string, to: string): string {
  if (from === to || !/[\r\n]/.test(raw)) return raw;
  return raw.replace(/(\r?\n)([ \t]*)/g, (_, eol: string, ws: string) => eol + (ws.startsWith(from) ? to + ws.slice(from.length) : ws));
}
