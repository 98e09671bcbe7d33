/**
 * YAML text as a source tree, with the `yaml` package's concrete ranges. Custom tags (`!Ref`,
 * `!Sub`) are kept as tags on the node they annotate; their meaning is the adapter's business.
 */
import { Node as YNode, ParseOptions, DocumentOptions, SchemaOptions, isAlias, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { within } from './range';
import { SNode, Scalar } from '../sourceTree';

export interface ParsedYaml {
  root: SNode | undefined;
  errors: { offset: number; length: number; message: string }[];
}

/**
 * Tags formats write (CloudFormation's `!Ref`, `!Sub`…), made known to the parser: an unknown tag
 * costs a warning object with a stack trace per use, which in a template is most of the parse.
 */
const knownTags = new Set<string>();
let options: (ParseOptions & DocumentOptions & SchemaOptions) | undefined;

export function registerYamlTags(tags: readonly string[]): void {
  for (const t of tags) knownTags.add(t);
  options = undefined;
}

function parseOptions(): ParseOptions & DocumentOptions & SchemaOptions {
  options ??= {
    uniqueKeys: false,
    strict: false,
    prettyErrors: false,
    logLevel: 'silent',
    version: '1.1',
    // Scalars are typed by `plainValue` below (YAML 1.1 as CloudFormation reads it): faster than the
    // 1.1 schema, and without its timestamps (CloudFormation keeps `2012-10-17` a string).
    schema: 'failsafe',
    merge: false,
    customTags: [...knownTags].flatMap((tag) => [
      { tag, resolve: (source: string) => source },
      { tag, collection: 'seq' as const },
      { tag, collection: 'map' as const },
    ]),
  };
  return options;
}

/** The last texts parsed: fixes re-read the template they edit, and the editor re-reads unchanged files. */
const recent = new Map<string, ParsedYaml>();
const RECENT = 4;

export function parseYamlSource(text: string): ParsedYaml {
  const hit = recent.get(text);
  if (hit) return hit;
  const doc = parseDocument(text, parseOptions());
  const errors = doc.errors.map((e) => ({ ...within(text, e.pos[0], e.pos[1] - e.pos[0]), message: e.message.split('\n')[0] }));
  const root = doc.contents ? fromYaml(doc.contents as YNode, text) : undefined;
  const parsed = { root, errors };
  recent.set(text, parsed);
  if (recent.size > RECENT) recent.delete(recent.keys().next().value as string);
  return parsed;
}

function rangeOf(node: YNode): { offset: number; length: number } {
  const [start, end] = node.range ?? [0, 0];
  return { offset: start, length: Math.max(end - start, 0) };
}

/** Where `!Tag` is written before a node: the tag is not part of the node's own range. */
function tagOffset(node: YNode, text: string): number | undefined {
  const tag = node.tag;
  if (!tag || !tag.startsWith('!')) return undefined;
  const start = node.range?.[0] ?? 0;
  const at = text.lastIndexOf(tag, start);
  return at >= 0 && /^\s*$/.test(text.slice(at + tag.length, start)) ? at : undefined;
}

function customTag(node: YNode): string | undefined {
  const tag = node.tag;
  return tag && tag.startsWith('!') && !tag.startsWith('!!') ? tag : undefined;
}

function fromYaml(node: YNode, text: string): SNode {
  const tag = customTag(node);
  const base = { range: rangeOf(node), ...(tag ? { tag, tagOffset: tagOffset(node, text) } : {}) };
  if (isMap(node)) {
    return trimBlock({
      type: 'map',
      ...base,
      flow: node.flow === true,
      entries: node.items.flatMap((pair) => {
        const k = pair.key as YNode | null;
        if (!k || !isScalar(k) || pair.value === null || pair.value === undefined) {
          if (k && isScalar(k) && (pair.value === null || pair.value === undefined)) {
            const r = rangeOf(k);
            return [{ key: String(k.value), keyRange: r, value: { type: 'scalar' as const, range: { offset: r.offset + r.length, length: 0 }, value: null } }];
          }
          return [];
        }
        return [{ key: String(k.value), keyRange: rangeOf(k), value: fromYaml(pair.value as YNode, text) }];
      }),
    });
  }
  if (isSeq(node)) return trimBlock({ type: 'seq', ...base, flow: node.flow === true, items: node.items.map((i) => fromYaml(i as YNode, text)) });
  if (isScalar(node)) {
    const v = node.value;
    if (typeof v === 'string' && node.type === 'PLAIN' && node.tag === undefined) return { type: 'scalar', ...base, value: plainValue(v) };
    const value: Scalar = v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : String(v);
    return { type: 'scalar', ...base, value };
  }
  if (isAlias(node)) return { type: 'scalar', ...base, value: null };
  return { type: 'scalar', ...base, value: null };
}

const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const TRUE = /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/;
const FALSE = /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/;

/**
 * An untagged plain scalar's value under YAML 1.1's types (null, booleans including `yes`/`no`/
 * `on`/`off`, integers in bases 2, 8, 10, 16 and base 60, floats), as the `yaml` package's 1.1
 * schema reads them, except timestamps, which CloudFormation does not support and keeps as text.
 */
export function plainValue(s: string): Scalar {
  if (NULL.test(s)) return null;
  if (!/^[-+.0-9]/.test(s)) return TRUE.test(s) ? true : FALSE.test(s) ? false : s;
  const sign = s[0] === '-' ? -1 : 1;
  const digits = s.replace(/^[-+]/, '').replace(/_/g, '');
  if (/^[-+]?0b[0-1_]+$/.test(s)) return sign * parseInt(digits.slice(2), 2);
  if (/^[-+]?0[0-7_]+$/.test(s)) return sign * parseInt(digits, 8);
  if (/^[-+]?[0-9][0-9_]*$/.test(s)) return sign * Number(digits);
  if (/^[-+]?0x[0-9a-fA-F_]+$/.test(s)) return sign * parseInt(digits.slice(2), 16);
  if (/^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/.test(s)) return sign * digits.split(':').reduce((acc, part) => acc * 60 + Number(part), 0);
  if (/^[-+]?\.(?:inf|Inf|INF)$/.test(s)) return sign * Infinity;
  if (/^\.(?:nan|NaN|NAN)$/.test(s)) return NaN;
  if (/^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/.test(s) || /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/.test(s)) {
    const n = Number(s.replace(/_/g, ''));
    return Number.isNaN(n) ? s : n;
  }
  return s;
}

/**
 * A block collection's range as the parser gives it runs on over the line break (and blank or
 * comment lines) after its last value; ours ends where the last value ends, so an edit "after the
 * last member" lands on that member's line.
 */
function trimBlock(node: SNode): SNode {
  if (node.type === 'scalar' || node.flow) return node;
  const last = node.type === 'map' ? node.entries[node.entries.length - 1] : undefined;
  const lastNode = node.type === 'map' ? last?.value : node.items[node.items.length - 1];
  if (!lastNode) return node;
  const end = Math.max(lastNode.range.offset + lastNode.range.length, last ? last.keyRange.offset + last.keyRange.length : 0);
  node.range = { offset: node.range.offset, length: Math.max(end - node.range.offset, 0) };
  return node;
}
