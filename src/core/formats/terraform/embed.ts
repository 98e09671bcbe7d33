/**
 * An API-shaped value tree (`TNode`) as an embedded document's parts: the plain JSON value rules
 * read, the source span of every node, and the node at every path (for writing fixes back).
 */
import { UNKNOWN } from '../../embedded/symbols';
import { ApiPath, SourceSpan, pathKey } from '../../embedded/types';
import { TNode } from './values';

export interface Embedding {
  value: unknown;
  spans: Map<string, SourceSpan>;
  /** Path key → the node written there. */
  nodes: Map<string, TNode>;
}

/** Policy elements where an unknown value in an Allow is read as "may grant anything". */
const GRANTS = new Set(['Action', 'Resource', 'Principal']);
/** Integer members of a replication configuration (Terraform converts `"1"` to 1 for them). */
const INTS = new Set(['Priority', 'Minutes']);

export function embed(root: TNode, homeUri: string, policy: boolean): Embedding {
  const out: Embedding = { value: undefined, spans: new Map(), nodes: new Map() };
  const rootRange = root.at.range;
  const place = (node: TNode, keyAt: TNode['at'] | undefined, key: string, unknown: boolean): SourceSpan => {
    const span: SourceSpan = { value: node.at.uri === homeUri ? node.at.range : rootRange };
    if (keyAt && keyAt.uri === homeUri) span.key = keyAt.range;
    if (unknown) span.unknown = true;
    out.spans.set(key, span);
    out.nodes.set(key, node);
    return span;
  };
  // `pathKey(path)`, built from the parent's key: one step of JSON per node, not the whole path.
  const keyOf = (path: ApiPath, parent: string | undefined): string => {
    if (parent === undefined) return pathKey(path);
    const step = JSON.stringify(path[path.length - 1]);
    return parent === '[]' ? `[${step}]` : `${parent.slice(0, -1)},${step}]`;
  };
  const convert = (node: TNode, keyAt: TNode['at'] | undefined, path: ApiPath, allow: boolean | undefined, parentKey?: string): unknown => {
    const last = path[path.length - 1];
    const unknown = node.t === 'unknown' || node.synthetic === true || (node.t === 'str' && node.value.includes(UNKNOWN));
    const key = keyOf(path, parentKey);
    place(node, keyAt, key, unknown);
    switch (node.t) {
      case 'obj': {
        const o: Record<string, unknown> = {};
        const isStatement = policy && path.length === 2 && path[0] === 'Statement';
        const effect = isStatement ? node.entries.find((e) => e.key === 'Effect')?.value : undefined;
        const inAllow = isStatement ? effect?.t === 'str' && effect.value === 'Allow' : allow;
        for (const e of node.entries) o[e.key] = convert(e.value, e.keyAt, [...path, e.key], inAllow, key);
        return o;
      }
      case 'list':
        return node.items.map((item, i) => convert(item, undefined, [...path, i], allow, key));
      case 'str':
        if (allow && node.value.includes(UNKNOWN) && path.some((p) => typeof p === 'string' && GRANTS.has(p))) return '*';
        if (!policy && typeof last === 'string' && INTS.has(last) && /^-?\d+$/.test(node.value.trim())) return Number(node.value);
        return node.value;
      case 'num':
        return policy || (typeof last === 'string' && INTS.has(last)) || typeof last === 'number' ? node.value : String(node.value);
      case 'bool':
        return policy ? node.value : String(node.value);
      case 'null':
        return null;
      default:
        // "Might grant": an Allow with an unknown action or resource must not read as a missing grant.
        if (allow && path.some((p) => typeof p === 'string' && GRANTS.has(p))) return '*';
        return UNKNOWN;
    }
  };
  out.value = convert(root, root.t === 'obj' ? root.keyword : undefined, [], undefined);
  return out;
}
