/**
 * Fix titles in Terraform's terms. The rules name what a fix writes in the API's JSON
 * (`Add "DeleteMarkerReplication": {"Status": "Disabled"}`); in a `.tf` file the fix writes HCL,
 * so the title says what appears there (`Add delete_marker_replication { status = "Disabled" }`),
 * with the member table of the document's resource style deciding what is a block, an attribute,
 * or (legacy `metrics { minutes = 15 }`) a member written flat into its parent.
 */
import { Member } from './replication';

type Members = Readonly<Record<string, Member>>;

/** Every member of a schema by API name, the shallowest first (`Prefix` of a rule before `Prefix` of a filter). */
function flatten(schema: Members): Map<string, Member> {
  const out = new Map<string, Member>();
  let level: Members[] = [schema];
  while (level.length > 0) {
    const next: Members[] = [];
    for (const members of level) {
      for (const [key, m] of Object.entries(members)) {
        if (!out.has(key)) out.set(key, m);
        if (m.members) next.push(m.members);
      }
    }
    level = next;
  }
  return out;
}

/** Where the JSON value starting at `start` ends (exclusive), or -1. */
function valueEnd(s: string, start: number): number {
  const c = s[start];
  if (c === '"') {
    for (let i = start + 1; i < s.length; i++) {
      if (s[i] === '\\') i++;
      else if (s[i] === '"') return i + 1;
    }
    return -1;
  }
  if (c === '{' || c === '[') {
    let depth = 0;
    for (let i = start; i < s.length; i++) {
      const ch = s[i];
      if (ch === '"') {
        const end = valueEnd(s, i);
        if (end < 0) return -1;
        i = end - 1;
      } else if (ch === '{' || ch === '[') depth++;
      else if (ch === '}' || ch === ']') {
        depth--;
        if (depth === 0) return i + 1;
      }
    }
    return -1;
  }
  const m = /^(?:-?\d+(?:\.\d+)?|true|false|null)/.exec(s.slice(start));
  return m ? start + m[0].length : -1;
}

function hclValue(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(hclValue).join(', ')}]`;
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>);
    return entries.length === 0 ? '{}' : `{ ${entries.map(([k, x]) => `${k} = ${hclValue(x)}`).join(', ')} }`;
  }
  return JSON.stringify(v);
}

export class TitleWriter {
  private readonly all: Map<string, Member>;

  constructor(
    schema: Members,
    private readonly names: Readonly<Record<string, string>>,
  ) {
    this.all = flatten(schema);
  }

  private nameOf(key: string, m: Member | undefined): string {
    return m?.name || this.names[key] || key;
  }

  /** One member as HCL: `name = value`, `name { … }`, or a flat member's own members. */
  private member(key: string, value: unknown, scope: Members | undefined): string {
    const m = scope?.[key] ?? this.all.get(key);
    const isObject = value !== null && typeof value === 'object' && !Array.isArray(value);
    if (isObject && (m?.block || m?.flat)) {
      const inner = Object.entries(value as Record<string, unknown>).map(([k, v]) => this.member(k, v, m.members));
      if (m.flat) return inner.join(', ');
      return inner.length === 0 ? `${m.name} {}` : `${m.name} { ${inner.join(', ')} }`;
    }
    return `${this.nameOf(key, m)} = ${hclValue(value)}`;
  }

  title(title: string): string {
    // Snippets become HCL first, held out of the renaming below as placeholders: what they became is
    // final (`owner = "Destination"`: a value, not a name), and backticks around them still pair.
    const converted: string[] = [];
    let text = '';
    let at = 0;
    const member = /"([A-Za-z]\w*)":\s*/g;
    for (let m = member.exec(title); m; m = member.exec(title)) {
      const start = m.index + m[0].length;
      const end = valueEnd(title, start);
      if (end < 0) continue;
      let value: unknown;
      try {
        value = JSON.parse(title.slice(start, end));
      } catch {
        continue;
      }
      text += `${title.slice(at, m.index)}\uE000${converted.length}\uE001`;
      converted.push(this.member(m[1], value, undefined));
      at = end;
      member.lastIndex = end;
    }
    text += title.slice(at);
    return this.prose(text).replace(/\uE000(\d+)\uE001/g, (_, i: string) => converted[Number(i)]);
  }

  /**
   * Member names alone (`Remove "ReplicationTime"`, `` `Filter` ``) and compound names in prose,
   * outside quoted sentences: a quoted text with spaces is AWS's own words (S3's error message),
   * quoted verbatim.
   */
  private prose(text: string): string {
    const known = (word: string) => this.all.has(word) || Object.prototype.hasOwnProperty.call(this.names, word);
    return text.replace(/`[^`]*`|"[^"]*"|[^"`]+|["`]/g, (segment) => {
      if (segment.length > 1 && segment.startsWith('`')) return segment.replace(/[A-Za-z_]\w*/g, (word) => (known(word) ? this.nameOf(word, this.all.get(word)) : word));
      if (segment.length > 1 && segment.startsWith('"')) {
        const key = segment.slice(1, -1);
        return /^[A-Za-z]\w*$/.test(key) && known(key) ? this.nameOf(key, this.all.get(key)) : segment;
      }
      return segment.replace(/\b[A-Z][a-z]+(?:[A-Z][a-z]+)+\b/g, (word) => (this.all.has(word) ? this.nameOf(word, this.all.get(word)) : word));
    });
  }
}
