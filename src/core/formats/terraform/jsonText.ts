/**
 * JSON written inside Terraform (a heredoc, a string, a `file()`) as values: each node placed where
 * its characters are in the source, through the string's character offsets.
 */
import { Node, ParseError, parseTree } from 'jsonc-parser';
import { offsetList } from './hcl/strings';
import { JsonText, Loc, TEntry, TNode } from './values';

/** The string's JSON as values; undefined when it is not JSON (an interpolation that spells structure, say). */
export function parseJsonValue(s: TNode & { t: 'str' }, holder?: JsonText['holder']): TNode | undefined {
  const errors: ParseError[] = [];
  const root = parseTree(s.value, errors, { allowTrailingComma: true, disallowComments: false });
  if (!root || errors.length > 0) return undefined;
  const text: JsonText = {
    uri: s.at.uri,
    text: s.value,
    offsets: s.offsets === undefined ? undefined : offsetList(s.offsets, s.value.length),
    holder,
    // Text with interpolations (`${aws_s3_bucket.b.arn}`) is not ours to re-print as JSON.
    writable: s.offsets === undefined || typeof s.offsets === 'number' || isPlain(s.offsets),
  };
  return convert(root, text, []);
}

/** Every character maps to the next source offset: no interpolation, no escape. */
function isPlain(offsets: readonly number[]): boolean {
  for (let i = 1; i < offsets.length; i++) if (offsets[i] !== offsets[i - 1] + 1) return false;
  return true;
}

function loc(text: JsonText, offset: number, length: number): Loc {
  const o = text.offsets;
  if (!o) return { uri: text.uri, range: { offset, length } };
  const start = o[offset] ?? o[o.length - 1] ?? 0;
  const last = o[Math.max(offset + length - 1, offset)] ?? start;
  // The next character's position ends this one (an escape such as `\"` spans several source characters).
  const next = o[offset + length];
  const end = next !== undefined && next > last && next - last <= 6 ? next : last + 1;
  return { uri: text.uri, range: { offset: start, length: Math.max(end - start, 0) } };
}

function convert(node: Node, text: JsonText, path: (string | number)[]): TNode {
  const at = loc(text, node.offset, node.length);
  const written = { kind: 'json' as const, text, path };
  switch (node.type) {
    case 'object': {
      const entries: TEntry[] = [];
      for (const p of node.children ?? []) {
        const [k, v] = p.children ?? [];
        if (!k || !v || typeof k.value !== 'string') continue;
        entries.push({ key: k.value, keyAt: loc(text, k.offset, k.length), value: convert(v, text, [...path, k.value]) });
      }
      return { t: 'obj', entries, at, written };
    }
    case 'array':
      return { t: 'list', items: (node.children ?? []).map((c, i) => convert(c, text, [...path, i])), at, written };
    case 'string':
      return { t: 'str', value: node.value as string, at, written };
    case 'number':
      return { t: 'num', value: node.value as number, at, written };
    case 'boolean':
      return { t: 'bool', value: node.value as boolean, at, written };
    default:
      return { t: 'null', at, written };
  }
}
