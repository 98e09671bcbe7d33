/**
 * Fix builders. Every edit goes through jsonc-parser `modify`, so indentation, neighbouring
 * formatting and comments survive, and `applyEdits` for tests and `--fix`.
 */
import { JSONPath, applyEdits } from 'jsonc-parser';
import { JsonDocument } from './document';
import { Fix, TextEdit } from './findings';
import { modifyInDocument, modifyText } from './localModify';

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

/** Several modifications at once, each computed on the text the previous one produced. */
export function multiFix(doc: JsonDocument, steps: { path: JSONPath; value: unknown }[], title: string, preferred = false): Fix {
  return {
    title,
    preferred,
    edits: () => {
      let text = doc.text;
      for (const s of steps) {
        text = applyEdits(text, modifyText(text, s.path, s.value, doc.formatting));
      }
      return [diffEdit(doc.text, text)];
    },
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
