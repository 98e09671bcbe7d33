/**
 * A template's property value as the API-shaped value our rules read, with the source span of every
 * node and the template path it came from (for writing fixes back).
 */
import { UNKNOWN } from '../../embedded/symbols';
import { SNode, fullRange } from '../../embedded/sourceTree';
import { ApiPath, SourceRange, SourceSpan, pathKey } from '../../embedded/types';
import { Shape, apiName, child } from './shapes';
import { NO_VALUE, Template, intrinsic, resolveString } from './template';

export type SourcePath = (string | number)[];

export interface Converted {
  value: unknown;
  spans: Map<string, SourceSpan>;
  /** API path key → template path of the node that holds it. */
  sourcePaths: Map<string, SourcePath>;
  /** Members CloudFormation does not allow where they are written; left out of `value`. */
  unsupported: Unsupported[];
}

export interface Unsupported {
  key: string;
  keyRange: SourceRange;
  /** Template path of the member. */
  path: SourcePath;
  /** The shape of the object that holds it. */
  shape: Shape;
  /** The other members written beside it. */
  siblings: string[];
}

/** Policy elements where an unknown value in an Allow is read as "may grant anything". */
const GRANT_ELEMENTS = new Set(['Action', 'NotAction', 'Resource', 'NotResource', 'Principal', 'NotPrincipal']);

interface Walk {
  t: Template;
  spans: Map<string, SourceSpan>;
  sourcePaths: Map<string, SourcePath>;
  unsupported: Unsupported[];
  policy: boolean;
}

export function toApi(t: Template, node: SNode, shape: Shape, sourcePath: SourcePath, key?: SourceRange): Converted {
  const walk: Walk = { t, spans: new Map(), sourcePaths: new Map(), unsupported: [], policy: shape.free === true };
  const value = convert(walk, node, shape, [], sourcePath, key, undefined, false);
  return { value: value === NO_VALUE ? null : value, spans: walk.spans, sourcePaths: walk.sourcePaths, unsupported: walk.unsupported };
}

function convert(w: Walk, node: SNode, shape: Shape | undefined, api: ApiPath, src: SourcePath, key: SourceRange | undefined, allow: boolean | undefined, int: boolean): unknown {
  const k = pathKey(api);
  w.sourcePaths.set(k, src);
  const span: SourceSpan = { value: fullRange(node), ...(key ? { key } : {}) };
  w.spans.set(k, span);

  if (intrinsic(node)) {
    const s = resolveString(w.t, node);
    if (s === NO_VALUE) return NO_VALUE;
    if (s === undefined || s.includes(UNKNOWN)) {
      span.unknown = true;
      // "Might grant": an Allow with an unknown resource must not read as a missing grant.
      if (allow && api.some((p) => typeof p === 'string' && GRANT_ELEMENTS.has(p))) return '*';
      return s ?? UNKNOWN;
    }
    return int ? toInt(s) : s;
  }
  if (node.type === 'map') {
    const out: Record<string, unknown> = {};
    const statementAllow = w.policy && isStatement(api) ? effectOf(w, node) === 'Allow' : allow;
    for (const e of node.entries) {
      if (shape?.closed && !shape.closed.includes(e.key)) {
        w.unsupported.push({ key: e.key, keyRange: e.keyRange, path: [...src, e.key], shape, siblings: node.entries.map((x) => x.key) });
        continue;
      }
      const name = apiName(shape, e.key);
      const v = convert(w, e.value, child(shape, name), [...api, name], [...src, e.key], e.keyRange, statementAllow, shape?.ints?.includes(name) === true);
      if (v !== NO_VALUE) out[name] = v;
    }
    return out;
  }
  if (node.type === 'seq') {
    return node.items.map((item, i) => {
      const v = convert(w, item, child(shape, i), [...api, i], [...src, i], undefined, allow, false);
      return v === NO_VALUE ? UNKNOWN : v;
    });
  }
  const v = node.value;
  if (w.policy || v === null) return v;
  // CloudFormation converts scalars to the property's type: `Priority: "1"` is 1, `Account: 1234…` a string.
  if (int) return typeof v === 'string' ? toInt(v) : v;
  return typeof v === 'string' ? v : String(v);
}

function toInt(s: string): unknown {
  return /^-?\d+$/.test(s.trim()) ? Number(s) : s;
}

function isStatement(api: ApiPath): boolean {
  return (api.length === 1 && api[0] === 'Statement') || (api.length === 2 && api[0] === 'Statement' && typeof api[1] === 'number');
}

function effectOf(w: Walk, statement: SNode): string | undefined {
  if (statement.type !== 'map') return undefined;
  const e = statement.entries.find((x) => x.key === 'Effect');
  const v = e ? resolveString(w.t, e.value) : undefined;
  return typeof v === 'string' ? v : undefined;
}
