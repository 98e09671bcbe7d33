/**
 * A template's property value as the API-shaped value our rules read, with the source span of every
 * node and the template path it came from (for writing fixes back).
 */
import { UNKNOWN } from '../../embedded/symbols';
import { SNode, fullRange } from '../../embedded/sourceTree';
import { ApiPath, SourceRange, SourceSpan, childPathKey, pathKey } from '../../embedded/types';
import { Shape, apiName, child } from './shapes';
import { NO_VALUE, Template, intrinsic, resolveString } from './template';

export type SourcePath = (string | number)[];

export interface Converted {
  value: unknown;
  spans: Map<string, SourceSpan>;
  /**
   * API path key → template path of the node that holds it: only the document's root, since below it
   * a template path is the API path in CloudFormation's names (`Shape.rename`).
   */
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
  unsupported: Unsupported[];
  policy: boolean;
  /** Template path of the document's root. */
  base: SourcePath;
  sourcePaths: Map<string, SourcePath>;
}

/**
 * Where a node is: its member name or index in the API value and in the template, and its parent's
 * step (a chain, not a path array per node: a 1,000-rule document has tens of thousands of nodes).
 * A step without `api` is a template step the API value does not have (into an `Fn::If` branch).
 */
interface Step {
  parent: Step | undefined;
  api?: string | number;
  src: string | number;
}

function apiPath(step: Step | undefined): ApiPath {
  const out: ApiPath = [];
  for (let s = step; s; s = s.parent) if (s.api !== undefined) out.push(s.api);
  return out.reverse();
}

/**
 * `Fn::If [condition, value, AWS::NoValue]` (or the other way round), as templates make a property
 * or a list item optional: it exists only when the condition holds, and then it is that value. The
 * branch is read, so a conditional replication configuration is checked as it deploys; a fix may
 * write into it (it is written in the template). Two values: unknown, as before, since which one
 * deploys is the stack's choice.
 */
export function presentBranch(t: Template, node: SNode): { node: SNode; steps: (string | number)[] } | undefined {
  const fn = intrinsic(node);
  if (fn?.fn !== 'Fn::If' || fn.arg.type !== 'seq' || fn.arg.items.length !== 3) return undefined;
  const absent = (n: SNode) => intrinsic(n) !== undefined && resolveString(t, n) === NO_VALUE;
  const [, a, b] = fn.arg.items;
  const index = absent(b) && !absent(a) ? 1 : absent(a) && !absent(b) ? 2 : undefined;
  if (index === undefined) return undefined;
  // `!If [...]` is the list itself; `{"Fn::If": [...]}` holds it under its key.
  return { node: fn.arg.items[index], steps: node.tag ? [index] : ['Fn::If', index] };
}

function sourcePathOf(w: Walk, step: Step | undefined): SourcePath {
  const out: SourcePath = [];
  for (let s = step; s; s = s.parent) out.push(s.src);
  return [...w.base, ...out.reverse()];
}

export function toApi(t: Template, node: SNode, shape: Shape, sourcePath: SourcePath, key?: SourceRange): Converted {
  const walk: Walk = { t, spans: new Map(), unsupported: [], policy: shape.free === true, base: sourcePath, sourcePaths: new Map([[pathKey([]), sourcePath]]) };
  const value = convert(walk, node, shape, undefined, pathKey([]), key, undefined, false);
  return { value: value === NO_VALUE ? null : value, spans: walk.spans, sourcePaths: walk.sourcePaths, unsupported: walk.unsupported };
}

function convert(w: Walk, node: SNode, shape: Shape | undefined, at: Step | undefined, k: string, key: SourceRange | undefined, allow: boolean | undefined, int: boolean): unknown {
  const range = fullRange(node);
  const span: SourceSpan = key ? { value: range, key } : { value: range };
  w.spans.set(k, span);

  if (intrinsic(node)) {
    const branch = presentBranch(w.t, node);
    if (branch) {
      let into = at;
      for (const src of branch.steps) into = { parent: into, src };
      // Below this API path, template paths run through the branch.
      w.sourcePaths.set(k, sourcePathOf(w, into));
      return convert(w, branch.node, shape, into, k, key, allow, int);
    }
    const s = resolveString(w.t, node);
    if (s === NO_VALUE) return NO_VALUE;
    if (s === undefined || s.includes(UNKNOWN)) {
      span.unknown = true;
      // "Might grant": an Allow with an unknown resource must not read as a missing grant.
      if (allow && apiPath(at).some((p) => typeof p === 'string' && GRANT_ELEMENTS.has(p))) return '*';
      return s ?? UNKNOWN;
    }
    return int ? toInt(s) : s;
  }
  if (node.type === 'map') {
    const out: Record<string, unknown> = {};
    const statementAllow = w.policy && isStatement(at) ? effectOf(w, node) === 'Allow' : allow;
    for (const e of node.entries) {
      if (shape?.closed && !shape.closed.includes(e.key) && apiOnly(shape, e.key)) {
        w.unsupported.push({ key: e.key, keyRange: e.keyRange, path: [...sourcePathOf(w, at), e.key], shape, siblings: node.entries.map((x) => x.key) });
        continue;
      }
      const name = apiName(shape, e.key);
      const v = convert(w, e.value, child(shape, name), { parent: at, api: name, src: e.key }, childPathKey(k, name), e.keyRange, statementAllow, shape?.ints?.includes(name) === true);
      if (v !== NO_VALUE) out[name] = v;
    }
    return out;
  }
  if (node.type === 'seq') {
    const items = child(shape, 0);
    return node.items.map((item, i) => {
      const v = convert(w, item, items, { parent: at, api: i, src: i }, childPathKey(k, i), undefined, allow, false);
      return v === NO_VALUE ? UNKNOWN : v;
    });
  }
  const v = node.value;
  if (w.policy || v === null) return v;
  // CloudFormation converts scalars to the property's type: `Priority: "1"` is 1, `Account: 1234…` a string.
  if (int) return typeof v === 'string' ? toInt(v) : v;
  return typeof v === 'string' ? v : String(v);
}

/**
 * A member the S3 API has here and CloudFormation does not (`ID` for `Id`, `ExistingObjectReplication`):
 * the configuration rules would read it as valid, so the adapter reports it and leaves it out. Any
 * other unknown member (a typo, a member in the wrong place) stays in the document, where
 * `rc-unknown-member` reports it with its suggestions and the fix that moves it.
 */
function apiOnly(shape: Shape, key: string): boolean {
  return Object.values(shape.rename ?? {}).includes(key) || (shape.apiOnly?.includes(key) ?? false);
}

function toInt(s: string): unknown {
  return /^-?\d+$/.test(s.trim()) ? Number(s) : s;
}

/** `Statement` (a single statement) or `Statement[n]`, at the policy's top. */
function isStatement(at: Step | undefined): boolean {
  const p = apiPath(at);
  return p[0] === 'Statement' && (p.length === 1 || (p.length === 2 && typeof p[1] === 'number'));
}

function effectOf(w: Walk, statement: SNode): string | undefined {
  if (statement.type !== 'map') return undefined;
  const e = statement.entries.find((x) => x.key === 'Effect');
  const v = e ? resolveString(w.t, e.value) : undefined;
  return typeof v === 'string' ? v : undefined;
}
