/**
 * Character-level helpers for edits: lines (LF, CRLF and CR alike, as the JSON scanner counts
 * them), blanks and the separators between JSON values. Whitespace here means space and tab only:
 * anything else on a line (a comment, an exotic space) is content a fix must keep.
 */

export function isLineBreak(c: number): boolean {
  return c === 10 || c === 13;
}

/** Offset of the first character of the line holding `pos`. */
export function lineStart(text: string, pos: number): number {
  let i = pos;
  while (i > 0 && !isLineBreak(text.charCodeAt(i - 1))) i--;
  return i;
}

/** Offset of the line break ending the line holding `pos` (or the text's length). */
export function lineEnd(text: string, pos: number): number {
  let i = pos;
  while (i < text.length && !isLineBreak(text.charCodeAt(i))) i++;
  return i;
}

/** After the line break ending the line holding `pos` (or the text's length). */
export function nextLine(text: string, pos: number): number {
  const end = lineEnd(text, pos);
  return end + eolLength(text, end);
}

/** Length of the line break at `pos`: 2 for CRLF, 1 for LF or CR, 0 when there is none. */
export function eolLength(text: string, pos: number): number {
  const c = text.charCodeAt(pos);
  if (c === 13) return text.charCodeAt(pos + 1) === 10 ? 2 : 1;
  return c === 10 ? 1 : 0;
}

/** Length of the line break that ends just before `pos` (0 when `pos` is not a line start after one). */
export function eolLengthBefore(text: string, pos: number): number {
  const c = text.charCodeAt(pos - 1);
  if (c === 10) return text.charCodeAt(pos - 2) === 13 ? 2 : 1;
  return c === 13 ? 1 : 0;
}

/** Only spaces and tabs in [from, to). */
export function isBlank(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

/** Only spaces, tabs and line breaks in [from, to). */
export function isWhitespace(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return false;
  }
  return true;
}

export function hasLineBreak(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (isLineBreak(text.charCodeAt(i))) return true;
  return false;
}

/** The spaces and tabs that start the line holding `pos`. */
export function leadingIndent(text: string, pos: number): string {
  const start = lineStart(text, pos);
  let i = start;
  while (i < text.length && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  return text.slice(start, i);
}

/** `pos` moved forward over spaces and tabs. */
export function skipBlanks(text: string, pos: number): number {
  let i = pos;
  while (i < text.length && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  return i;
}

/** `pos` moved back over spaces and tabs. */
export function skipBlanksBack(text: string, pos: number): number {
  let i = pos;
  while (i > 0 && (text.charCodeAt(i - 1) === 32 || text.charCodeAt(i - 1) === 9)) i--;
  return i;
}

/**
 * The end of a comment starting at `pos` (`//` runs to the line break, `/*` to its close or the
 * end of the text), or -1 when no comment starts there.
 */
export function commentEnd(text: string, pos: number): number {
  if (text.charCodeAt(pos) !== 47) return -1;
  const next = text.charCodeAt(pos + 1);
  if (next === 47) return lineEnd(text, pos);
  if (next === 42) {
    const close = text.indexOf('*/', pos + 2);
    return close < 0 ? text.length : close + 2;
  }
  return -1;
}

/**
 * The offset of the `,` in [from, to), which holds only the separator between two JSON values:
 * whitespace, comments and one comma. -1 when there is no comma there.
 */
export function findComma(text: string, from: number, to: number): number {
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c === 44) return i;
    const end = commentEnd(text, i);
    i = end > i ? end : i + 1;
  }
  return -1;
}

/**
 * Where a new line can be inserted after `pos` without moving what follows on its line: past the
 * blanks and comments that end the line (they stay with the line they were written on). `pos`
 * itself when something else follows on the line.
 */
export function endOfLineContent(text: string, pos: number): { at: number; atLineEnd: boolean } {
  let i = pos;
  for (;;) {
    const j = skipBlanks(text, i);
    if (j >= text.length || isLineBreak(text.charCodeAt(j))) return { at: j, atLineEnd: true };
    const end = commentEnd(text, j);
    if (end < 0 || hasLineBreak(text, j, end)) return { at: pos, atLineEnd: false };
    i = end;
  }
}
