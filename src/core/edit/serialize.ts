/**
 * Writes a value as JSON in the document's style: its line ending, its indentation unit (none, spaces
 * or a tab), its spacing after `:`, on one line or over several. A `RawJson` is text copied from the
 * document itself (a rule or a tag moved elsewhere): it is written as it was, so numbers such as
 * `1e400`, escapes and comments inside it survive a fix that only moves it.
 */
import { Node } from 'jsonc-parser';
import { TextStyle } from '../format';
import { isLineBreak, leadingIndent } from './text';

export class RawJson {
  private indentMemo?: string;

  constructor(
    readonly text: string,
    private readonly source: string,
    private readonly offset: number,
  ) {}

  /** Indentation of the line it started on, so its later lines can be shifted with it. */
  get indent(): string {
    return (this.indentMemo ??= leadingIndent(this.source, this.offset));
  }
}

/** The text of `node` as it stands in `text`, to be written elsewhere unchanged. */
export function raw(text: string, node: Node): RawJson {
  return new RawJson(text.slice(node.offset, node.offset + node.length), text, node.offset);
}

/**
 * `value` as JSON text. `base` is the indentation of the line the value starts on; with `inline`
 * the value stays on that line. `undefined` for what JSON cannot hold (a non-finite number, a
 * function, `undefined` in a list).
 */
export function serialize(value: unknown, style: TextStyle, base: string, inline: boolean): string | undefined {
  // On one line, copied text is written as it was; on several, its later lines follow the new indentation.
  if (value instanceof RawJson) return inline || !/[\r\n]/.test(value.text) ? value.text : reindent(value, base);
  if (value === null || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : undefined;
  if (Array.isArray(value)) return serializeArray(value, style, base, inline);
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return serializeObject(value as Record<string, unknown>, style, base, inline);
  }
  return undefined;
}

/** `"key": value`, the value starting on a line indented with `base`. */
export function serializeMember(key: string, value: unknown, style: TextStyle, base: string, inline: boolean): string | undefined {
  const v = serialize(value, style, base, inline);
  return v === undefined ? undefined : `${JSON.stringify(key)}${style.colon}${v}`;
}

function serializeArray(items: unknown[], style: TextStyle, base: string, inline: boolean): string | undefined {
  if (items.length === 0) return '[]';
  const out: string[] = [];
  // Text copied from the document keeps its own layout; the list around it hugs it: `[{...}, {...}]`.
  const hug = inline || items.some((i) => i instanceof RawJson);
  const inner = hug ? base : base + style.indent;
  for (const item of items) {
    const v = serialize(item, style, inner, inline);
    if (v === undefined) return undefined;
    out.push(v);
  }
  if (hug) return `[${out.join(style.comma)}]`;
  return `[${style.eol}${out.map((v) => inner + v).join(`,${style.eol}`)}${style.eol}${base}]`;
}

function serializeObject(obj: Record<string, unknown>, style: TextStyle, base: string, inline: boolean): string | undefined {
  const entries = Object.entries(obj).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  const inner = inline ? base : base + style.indent;
  const out: string[] = [];
  for (const [k, v] of entries) {
    const m = serializeMember(k, v, style, inner, inline);
    if (m === undefined) return undefined;
    out.push(m);
  }
  if (inline) return `{${out.join(style.comma)}}`;
  return `{${style.eol}${out.map((m) => inner + m).join(`,${style.eol}`)}${style.eol}${base}}`;
}

/** Copied text, its continuation lines moved from the indentation it had to `base`. */
function reindent(value: RawJson, base: string): string {
  if (base === value.indent) return value.text;
  let out = '';
  let i = 0;
  const text = value.text;
  while (i < text.length) {
    let j = i;
    while (j < text.length && !isLineBreak(text.charCodeAt(j))) j++;
    let line = text.slice(i, j);
    // An empty line stays empty: indenting it would leave a whitespace-only line.
    if (i > 0 && line.length > 0 && line.startsWith(value.indent)) line = base + line.slice(value.indent.length);
    out += line;
    let k = j;
    if (text.charCodeAt(k) === 13 && text.charCodeAt(k + 1) === 10) k += 2;
    else if (k < text.length) k++;
    out += text.slice(j, k);
    i = k;
  }
  return out;
}
