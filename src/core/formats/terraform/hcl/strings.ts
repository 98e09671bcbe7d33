/**
 * HCL string text as its value: escapes decoded, with the source offset of every character kept, so
 * a JSON document written inside a string or heredoc maps back to the file character by character.
 */
import { Heredoc, TemplatePart } from './ast';

/**
 * Source offset of each character of a string: a list, or, when the characters follow each other
 * in the source (no escape: most strings), the first one's. A module of a thousand rules holds
 * thousands of strings, and only those holding JSON ever need the list.
 */
export type Offsets = readonly number[] | number;

/** The offsets of a string of `length` characters as a list. */
export function offsetList(offsets: Offsets, length: number): readonly number[] {
  if (typeof offsets !== 'number') return offsets;
  const out = new Array<number>(length);
  for (let i = 0; i < length; i++) out[i] = offsets + i;
  return out;
}

export interface Decoded {
  text: string;
  /** Source offset of each character of `text`. */
  offsets: Offsets;
}

const SIMPLE: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/** A quoted string's literal chunk: backslash escapes, `$${` and `%%{`. */
export function decodeQuoted(raw: string, at: number): Decoded {
  // Most strings hold no escape: their value is their text, each character where it is written.
  if (raw.indexOf('\\') < 0 && raw.indexOf('$${') < 0 && raw.indexOf('%%{') < 0) return { text: raw, offsets: at };
  let text = '';
  const offsets: number[] = [];
  for (let i = 0; i < raw.length; ) {
    const ch = raw[i];
    if (ch === '\\' && i + 1 < raw.length) {
      const next = raw[i + 1];
      const simple = SIMPLE[next];
      if (simple !== undefined) {
        text += simple;
        offsets.push(at + i);
        i += 2;
        continue;
      }
      const hex = next === 'u' ? 4 : next === 'U' ? 8 : 0;
      if (hex > 0 && /^[0-9a-fA-F]+$/.test(raw.slice(i + 2, i + 2 + hex)) && raw.length >= i + 2 + hex) {
        const code = parseInt(raw.slice(i + 2, i + 2 + hex), 16);
        const s = code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd';
        for (let k = 0; k < s.length; k++) offsets.push(at + i);
        text += s;
        i += 2 + hex;
        continue;
      }
    }
    if ((ch === '$' || ch === '%') && raw[i + 1] === ch && raw[i + 2] === '{') {
      text += `${ch}{`;
      offsets.push(at + i, at + i + 2);
      i += 3;
      continue;
    }
    text += ch;
    offsets.push(at + i);
    i++;
  }
  return { text, offsets };
}

/**
 * A heredoc's parts as its value: only what lies between the opening line and the closing marker,
 * `$${`/`%%{` unescaped (heredocs have no backslash escapes), and for `<<-` the smallest
 * indentation of its lines removed from each.
 */
export function decodeHeredoc(parts: TemplatePart[], h: Heredoc): TemplatePart[] {
  const start = h.content.offset;
  const stop = start + h.content.length;
  const clipped: TemplatePart[] = [];
  for (const p of parts) {
    const pEnd = p.range.offset + p.range.length;
    if (pEnd <= start || p.range.offset >= stop) continue;
    if (p.kind !== 'literal') {
      clipped.push(p);
      continue;
    }
    let text = '';
    const offsets: number[] = [];
    const from = offsetList(p.offsets, p.text.length);
    for (let i = 0; i < p.text.length; i++) {
      const o = from[i];
      if (o < start || o >= stop) continue;
      text += p.text[i];
      offsets.push(o);
    }
    const d = unescapeTemplate(text, offsets);
    if (d.text.length > 0) clipped.push({ kind: 'literal', text: d.text, offsets: d.offsets, range: p.range });
  }
  return h.indented ? stripIndent(clipped) : clipped;
}

function unescapeTemplate(text: string, offsets: number[]): Decoded {
  if (!text.includes('${') && !text.includes('%{')) return { text, offsets };
  let out = '';
  const outOffsets: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if ((ch === '$' || ch === '%') && text[i + 1] === ch && text[i + 2] === '{') {
      out += ch;
      outOffsets.push(offsets[i]);
      i++;
      continue;
    }
    out += ch;
    outOffsets.push(offsets[i]);
  }
  return { text: out, offsets: outOffsets };
}

/** Removes the smallest leading indentation of the non-blank lines (an interpolation at a line start counts as text). */
function stripIndent(parts: TemplatePart[]): TemplatePart[] {
  let min = Infinity;
  let atLineStart = true;
  let indent = 0;
  let blank = true;
  const finishLine = () => {
    if (!blank) min = Math.min(min, indent);
  };
  for (const p of parts) {
    if (p.kind !== 'literal') {
      if (atLineStart) {
        blank = false;
        atLineStart = false;
      }
      continue;
    }
    for (const ch of p.text) {
      if (ch === '\n') {
        finishLine();
        atLineStart = true;
        indent = 0;
        blank = true;
      } else if (atLineStart && (ch === ' ' || ch === '\t')) {
        indent++;
      } else if (atLineStart) {
        atLineStart = false;
        blank = false;
      }
    }
  }
  if (atLineStart) finishLine();
  else finishLine();
  if (!Number.isFinite(min) || min === 0) return parts;
  const out: TemplatePart[] = [];
  let column = 0;
  for (const p of parts) {
    if (p.kind !== 'literal') {
      out.push(p);
      column = Infinity;
      continue;
    }
    let text = '';
    const offsets: number[] = [];
    const from = offsetList(p.offsets, p.text.length);
    for (let i = 0; i < p.text.length; i++) {
      const ch = p.text[i];
      if (ch === '\n') {
        column = 0;
        text += ch;
        offsets.push(from[i]);
        continue;
      }
      if (column < min && (ch === ' ' || ch === '\t')) {
        column++;
        continue;
      }
      column = Infinity;
      text += ch;
      offsets.push(from[i]);
    }
    if (text.length > 0) out.push({ ...p, text, offsets });
  }
  return out;
}
