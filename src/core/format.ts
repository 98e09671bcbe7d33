/**
 * The layout a document already has (line ending, indentation unit, one line or many, spacing
 * around `:`), so that every block a fix writes into it looks as if its author had typed it. The
 * file's own style always wins; an editor's settings only fill in what the text cannot tell (a
 * document on one line has no indentation to copy).
 */
import { lineStart } from './edit/text';
import { FormattingOptions, Node } from 'jsonc-parser';

export type Eol = '\n' | '\r\n' | '\r';

export interface TextStyle {
  /** The dominant line ending (LF, CRLF or CR; in a mixed file, the most frequent). */
  eol: Eol;
  /** One indentation level: `''` for a file written without indentation, spaces or a tab. */
  indent: string;
  /** Whether the document is laid out over several lines; on one line, inserted values stay on one line. */
  multiline: boolean;
  /** Between a key and its value, e.g. `": "` or `":"`. */
  colon: string;
  /** Between members written on one line, e.g. `", "` or `","`. */
  comma: string;
}

/** Lines looked at for the indentation: enough to see the pattern, bounded on huge files. */
const INDENT_SAMPLE_LINES = 10_000;

export function detectStyle(text: string, root?: Node, fallback?: FormattingOptions): TextStyle {
  const eol = dominantEol(text) ?? fallbackEol(fallback);
  const multiline = root ? hasLineBreak(text, root.offset, root.offset + root.length) : hasLineBreak(text, 0, text.length);
  const indent = multiline ? ((root ? indentFromTree(text, root) : undefined) ?? detectIndent(text) ?? fallbackIndent(fallback)) : fallbackIndent(fallback);
  const colon = detectColon(text, root) ?? ': ';
  return { eol, indent, multiline, colon, comma: colon === ':' ? ',' : ', ' };
}

/**
 * jsonc-parser formatting options with the same indentation and line ending, for code that still
 * formats with jsonc-parser. A file without indentation has no jsonc equivalent and maps to 2 spaces.
 */
export function detectFormatting(text: string): FormattingOptions {
  const style = detectStyle(text);
  if (style.indent === '\t') return { tabSize: 4, insertSpaces: false, eol: style.eol };
  return { tabSize: style.indent.length || 2, insertSpaces: true, eol: style.eol };
}

/** The most frequent line ending; ties go to the one that appears first. `undefined` for a single line. */
export function dominantEol(text: string): Eol | undefined {
  // indexOf runs natively: a 2 MB file is counted in a millisecond or two.
  let lf = 0;
  let crlf = 0;
  let cr = 0;
  for (let i = text.indexOf('\r'); i >= 0; i = text.indexOf('\r', i + 1)) {
    if (text.charCodeAt(i + 1) === 10) crlf++;
    else cr++;
  }
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lf++;
  lf -= crlf;
  const firstCr = text.indexOf('\r');
  const firstLf = text.indexOf('\n');
  if (firstCr < 0 && firstLf < 0) return undefined;
  const first: Eol = firstCr < 0 || (firstLf >= 0 && firstLf < firstCr) ? '\n' : text.charCodeAt(firstCr + 1) === 10 ? '\r\n' : '\r';
  const counts: [Eol, number][] = [
    ['\n', lf],
    ['\r\n', crlf],
    ['\r', cr],
  ];
  const best = Math.max(lf, crlf, cr);
  const tied = counts.filter(([, n]) => n === best).map(([e]) => e);
  return tied.includes(first) ? first : tied[0];
}

/** Members and elements looked at for the indentation. */
const INDENT_SAMPLE_NODES = 2_000;

/**
 * The indentation unit as the JSON structure shows it: what a member or element that starts its
 * own line adds to the indentation of the line its container opens on (the most frequent such
 * step). Lines inside comments do not count. `''` when members start lines without indentation;
 * `undefined` when no member starts a line.
 */
export function indentFromTree(text: string, root: Node): string | undefined {
  const steps = new Map<string, number>();
  let samples = 0;
  const stack: Node[] = [root];
  while (stack.length > 0 && samples < INDENT_SAMPLE_NODES) {
    const node = stack.pop() as Node;
    if (node.type !== 'object' && node.type !== 'array') continue;
    let outer: string | undefined;
    for (const child of node.children ?? []) {
      // Only blanks between the child and a line break before it: the child starts its line.
      let start = child.offset;
      while (start > node.offset && (text.charCodeAt(start - 1) === 32 || text.charCodeAt(start - 1) === 9)) start--;
      const c = text.charCodeAt(start - 1);
      if (start > node.offset && (c === 10 || c === 13)) {
        outer ??= lineIndent(text, node.offset);
        const own = text.slice(start, child.offset);
        const step = own.startsWith(outer) ? own.slice(outer.length) : own;
        steps.set(step, (steps.get(step) ?? 0) + 1);
        samples++;
      }
      const value = child.type === 'property' ? child.children?.[1] : child;
      if (value) stack.push(value);
    }
  }
  if (samples === 0) return undefined;
  let best: string | undefined;
  let seen = 0;
  for (const [step, n] of steps) {
    if (step !== '' && (n > seen || (n === seen && best !== undefined && step.length < best.length))) {
      best = step;
      seen = n;
    }
  }
  if (best === undefined) return '';
  if (best.startsWith('\t')) return '\t';
  return ' '.repeat(Math.min(best.length, 8));
}

function lineIndent(text: string, pos: number): string {
  const start = lineStart(text, pos);
  let i = start;
  while (i < text.length && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  return text.slice(start, i);
}

/**
 * The indentation unit from the lines alone (for text that does not parse): a tab when most indented lines start with one, else the most frequent
 * increase of leading spaces from one line to the next (as editors guess it). `''` when the file
 * spans lines but indents none of them; `undefined` when no line has content to judge by.
 */
export function detectIndent(text: string): string | undefined {
  let tabs = 0;
  let spaces = 0;
  let contentLines = 0;
  let previous = 0;
  const deltas = new Map<number, number>();
  let lines = 0;
  let i = 0;
  while (i < text.length && lines < INDENT_SAMPLE_LINES) {
    lines++;
    let width = 0;
    let tabbed = false;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 32) width++;
      else if (c === 9) tabbed = true;
      else break;
      i++;
    }
    const c = text.charCodeAt(i);
    const blank = i >= text.length || c === 10 || c === 13;
    if (!blank) {
      contentLines++;
      if (tabbed) tabs++;
      else if (width > 0) {
        spaces++;
        if (width > previous) deltas.set(width - previous, (deltas.get(width - previous) ?? 0) + 1);
      }
      previous = tabbed ? previous : width;
    }
    while (i < text.length && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
    if (text.charCodeAt(i) === 13 && text.charCodeAt(i + 1) === 10) i++;
    i++;
  }
  if (contentLines === 0) return undefined;
  if (tabs === 0 && spaces === 0) return '';
  if (tabs > spaces) return '\t';
  let unit = 0;
  let seen = 0;
  for (const [delta, n] of deltas) {
    if (n > seen || (n === seen && delta < unit)) {
      unit = delta;
      seen = n;
    }
  }
  return ' '.repeat(Math.min(Math.max(unit, 1), 8));
}

/** Properties looked at for the spacing around `:`. */
const COLON_SAMPLES = 50;

function detectColon(text: string, root: Node | undefined): string | undefined {
  // The first property with nothing but blanks around its colon (a comment there says nothing): depth-first.
  const stack: Node[] = root ? [root] : [];
  let tries = 0;
  while (stack.length > 0 && tries < COLON_SAMPLES) {
    const node = stack.pop() as Node;
    if (node.type === 'property') {
      const [key, value] = node.children ?? [];
      if (key && value) {
        tries++;
        const between = text.slice(key.offset + key.length, value.offset);
        if (/^[ \t]*:[ \t]*$/.test(between)) return between;
      }
    }
    const children = node.children ?? [];
    for (let c = children.length - 1; c >= 0; c--) stack.push(children[c]);
  }
  return undefined;
}

function hasLineBreak(text: string, from: number, to: number): boolean {
  const n = text.indexOf('\n', from);
  const r = text.indexOf('\r', from);
  return (n >= 0 && n < to) || (r >= 0 && r < to);
}

function fallbackEol(f: FormattingOptions | undefined): Eol {
  return f?.eol === '\r\n' || f?.eol === '\r' ? f.eol : '\n';
}

function fallbackIndent(f: FormattingOptions | undefined): string {
  if (f?.insertSpaces === false) return '\t';
  return ' '.repeat(Math.min(Math.max(f?.tabSize ?? 2, 1), 8));
}
