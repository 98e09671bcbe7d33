/**
 * YAML text as a source tree, with the `yaml` package's concrete ranges. Custom tags (`!Ref`,
 * `!Sub`) are kept as tags on the node they annotate; their meaning is the adapter's business.
 */
import { LineCounter, Node as YNode, isAlias, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { SNode, Scalar } from '../sourceTree';

export interface ParsedYaml {
  root: SNode | undefined;
  errors: { offset: number; length: number; message: string }[];
}

export function parseYamlSource(text: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { uniqueKeys: false, strict: false, prettyErrors: false, lineCounter, logLevel: 'silent', version: '1.1' });
  const errors = doc.errors.map((e) => ({
    offset: e.pos[0],
    length: Math.max(e.pos[1] - e.pos[0], 1),
    message: e.message.split('\n')[0],
  }));
  const root = doc.contents ? fromYaml(doc.contents as YNode, text) : undefined;
  return { root, errors };
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
    const value: Scalar = v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : String(v);
    return { type: 'scalar', ...base, value };
  }
  if (isAlias(node)) return { type: 'scalar', ...base, value: null };
  return { type: 'scalar', ...base, value: null };
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
  return { ...node, range: { offset: node.range.offset, length: Math.max(end - node.range.offset, 0) } };
}
