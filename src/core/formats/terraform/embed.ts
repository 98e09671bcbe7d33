/**
 * An API-shaped value tree (`TNode`) as an embedded document's parts: the JSON rules read (compact
 * text and its jsonc-parser tree, built in one walk of the value tree), the plain value (from that
 * tree, when a fix asks), and the source span and value node at any path — found by walking the
 * value tree when a finding or a fix asks, not stored for every node of a 1,000-rule configuration.
 */
import { Node } from 'jsonc-parser';
import { JsonTreeBuilder } from '../../embedded/jsonTree';
import { UNKNOWN } from '../../embedded/symbols';
import { ApiPath, SourceSpan, SpanLookup } from '../../embedded/types';
import { Loc, TEntry, TNode } from './values';

export interface Embedding {
  /** The plain JSON value rules read (made from `json` when first asked). */
  readonly value: unknown;
  json: { text: string; root: Node };
  /** Source spans by path key. */
  spans: SpanLookup;
  /** The value node written at a path. */
  nodeAt(path: ApiPath): TNode | undefined;
}

/** Policy elements where an unknown value in an Allow is read as "may grant anything". */
const GRANTS = new Set(['Action', 'Resource', 'Principal']);
/** Integer members of a replication configuration (Terraform converts `"1"` to 1 for them). */
const INTS = new Set(['Priority', 'Minutes']);

export function embed(root: TNode, homeUri: string, policy: boolean): Embedding {
  const b = new JsonTreeBuilder();
  /**
   * `last`: the member name or index the node is at; `top`: the root member it is under; `allow`:
   * inside an Allow statement; `grant`: under `Action`, `Resource` or `Principal`.
   */
  const build = (node: TNode, parent: Node | undefined, depth: number, last: string | number | undefined, top: string | number | undefined, allow: boolean | undefined, grant: boolean): Node => {
    switch (node.t) {
      case 'obj': {
        const isStatement = policy && depth === 2 && top === 'Statement';
        const effect = isStatement ? lastEntry(node.entries, 'Effect')?.value : undefined;
        const inAllow = isStatement ? effect?.t === 'str' && effect.value === 'Allow' : allow;
        const entries = memberOrder(node.entries);
        const o = b.openObject(parent, entries.length);
        for (let i = 0; i < entries.length; i++) {
          const e = entries[i];
          if (i > 0) b.separator();
          const property = b.property(o, e.key);
          b.endProperty(o, property, build(e.value, property, depth + 1, e.key, depth === 0 ? e.key : top, inAllow, grant || GRANTS.has(e.key)));
        }
        return b.close(o);
      }
      case 'list': {
        const a = b.openArray(parent, node.items.length);
        for (let i = 0; i < node.items.length; i++) {
          if (i > 0) b.separator();
          b.item(a, build(node.items[i], a, depth + 1, i, depth === 0 ? i : top, allow, grant));
        }
        return b.close(a);
      }
      case 'str':
        if (allow && grant && node.value.includes(UNKNOWN)) return b.scalar('*', parent);
        if (!policy && typeof last === 'string' && INTS.has(last) && /^-?\d+$/.test(node.value.trim())) return b.scalar(Number(node.value), parent);
        return b.scalar(node.value, parent);
      case 'num':
        return b.scalar(policy || (typeof last === 'string' && INTS.has(last)) || typeof last === 'number' ? node.value : String(node.value), parent);
      case 'bool':
        return b.scalar(policy ? node.value : String(node.value), parent);
      case 'null':
        return b.scalar(null, parent);
      default:
        // "Might grant": an Allow with an unknown action or resource must not read as a missing grant.
        return b.scalar(allow && grant ? '*' : UNKNOWN, parent);
    }
  };
  const tree = build(root, undefined, 0, undefined, undefined, undefined, false);
  const json = { text: b.text(), root: tree };
  let value: { v: unknown } | undefined;

  const rootRange = root.at.range;
  const rootKey = root.t === 'obj' ? root.keyword : undefined;
  const spanOf = (node: TNode, keyAt: Loc | undefined): SourceSpan => {
    const span: SourceSpan = { value: node.at.uri === homeUri ? node.at.range : rootRange };
    if (keyAt && keyAt.uri === homeUri) span.key = keyAt.range;
    if (node.t === 'unknown' || node.synthetic === true || (node.t === 'str' && node.value.includes(UNKNOWN))) span.unknown = true;
    return span;
  };
  /** Walks `path` as the walk above placed the nodes: `visit` sees each node on the way and the key it is written under. */
  const walk = (path: readonly unknown[], visit?: (node: TNode, keyAt: Loc | undefined) => void): TNode | undefined => {
    let node = root;
    let keyAt = rootKey;
    visit?.(node, keyAt);
    for (const step of path) {
      if (node.t === 'obj' && typeof step === 'string') {
        const e = lastEntry(node.entries, step);
        if (!e) return undefined;
        node = e.value;
        keyAt = e.keyAt;
      } else if (node.t === 'list' && typeof step === 'number' && step >= 0 && step < node.items.length) {
        node = node.items[step];
        keyAt = undefined;
      } else {
        return undefined;
      }
      visit?.(node, keyAt);
    }
    return node;
  };
  const along = (path: readonly unknown[]): (SourceSpan | undefined)[] => {
    const out: (SourceSpan | undefined)[] = new Array(path.length + 1).fill(undefined);
    let depth = 0;
    walk(path, (node, keyAt) => (out[depth++] = spanOf(node, keyAt)));
    return out;
  };
  const spans: SpanLookup = {
    get(key: string): SourceSpan | undefined {
      const path = parsePath(key);
      return path ? along(path)[path.length] : undefined;
    },
    along,
  };
  return {
    get value() {
      value ??= { v: plainValue(tree) };
      return value.v;
    },
    json,
    spans,
    nodeAt: (path) => walk(path),
  };
}

/** The tree's value with ordinary objects (jsonc-parser's `getNodeValue` makes them without a prototype). */
function plainValue(node: Node): unknown {
  switch (node.type) {
    case 'object': {
      const o: Record<string, unknown> = {};
      for (const p of node.children ?? []) {
        const [k, v] = p.children ?? [];
        if (k && v) o[k.value as string] = plainValue(v);
      }
      return o;
    }
    case 'array':
      return (node.children ?? []).map(plainValue);
    default:
      return node.value;
  }
}

function lastEntry(entries: readonly TEntry[], key: string): TEntry | undefined {
  for (let i = entries.length - 1; i >= 0; i--) if (entries[i].key === key) return entries[i];
  return undefined;
}

/**
 * The members as a JavaScript object holds them, which is what the value has always been made of:
 * a repeated name once, at its first place, with its last value; integer-like names first, in
 * numeric order; `__proto__` not a member. Almost every object has none of these.
 */
function memberOrder(entries: readonly TEntry[]): readonly TEntry[] {
  let plain = true;
  for (let i = 0; i < entries.length && plain; i++) {
    const k = entries[i].key;
    const c = k.charCodeAt(0);
    if ((c >= 48 && c <= 57) || k === '__proto__') plain = false;
    for (let j = 0; j < i && plain; j++) if (entries[j].key === k) plain = false;
  }
  if (plain) return entries;
  const last = new Map<string, TEntry>();
  for (const e of entries) if (e.key !== '__proto__') last.set(e.key, e);
  const keys = [...last.keys()];
  const indexes = keys.filter(isArrayIndex).sort((a, b) => Number(a) - Number(b));
  return [...indexes, ...keys.filter((k) => !isArrayIndex(k))].map((k) => last.get(k) as TEntry);
}

/** A name a JavaScript object keeps first, in numeric order: a canonical array index. */
function isArrayIndex(k: string): boolean {
  return /^(0|[1-9]\d*)$/.test(k) && Number(k) < 2 ** 32 - 1;
}

function parsePath(key: string): unknown[] | undefined {
  try {
    const path: unknown = JSON.parse(key);
    return Array.isArray(path) ? path : undefined;
  } catch {
    return undefined;
  }
}
