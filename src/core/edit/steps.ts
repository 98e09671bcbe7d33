/**
 * Several edits that depend on each other (remove a member, then add one in the space it left; add
 * an object, then a member to it), applied one after the other. The result is given as edits on
 * the original text, composed from each step's own: a step that replaces a node stays one edit of
 * that node, a removal stays a removal, so what a fix rewrites is exactly what its steps name.
 * Only the deepest container holding every step is re-parsed between steps, so a fix on one rule
 * of a 1,000-rule configuration costs what the rule costs, not what the document costs.
 */
import { Node, parseTree } from 'jsonc-parser';
import { TextEdit } from '../findings';
import { checkedEdits } from './apply';
import { Editable, appendEdits, removeEdits, setEdits } from './jsonEdits';
import { JsonPath, deepestAt, keyCount } from './path';
import { leadingIndent } from './text';

export interface Step {
  path: JsonPath;
  /** `undefined` removes the member or element. */
  value: unknown;
  /** Adds `value` to the list at `path` instead of setting it. */
  append?: boolean;
}

/**
 * The edits that make every step, or `[]` when no step changes anything, or `undefined` when one
 * cannot be made (removing something already absent is no change, not a failure).
 */
export function stepsEdits(t: Editable, steps: readonly Step[]): TextEdit[] | undefined {
  if (!t.root || steps.length === 0) return undefined;
  const { scope, depth } = stepsScope(t.root, steps);
  const local = scope !== t.root && (scope.type === 'object' || scope.type === 'array');
  if (!local) return applySteps(t, steps)?.edits;
  // The container's text after its line's indentation: lines inside it keep the same indentation as in the document.
  const indent = leadingIndent(t.text, scope.offset);
  const shift = scope.offset - indent.length;
  const text = indent + t.text.slice(scope.offset, scope.offset + scope.length);
  const result = applySteps(
    { text, root: parseTree(text), style: t.style },
    steps.map((s) => ({ ...s, path: s.path.slice(depth) })),
  );
  if (!result || result.edits.some((e) => e.offset < indent.length)) return undefined;
  return result.edits.map((e) => ({ offset: e.offset + shift, length: e.length, content: e.content }));
}

/**
 * The edits of several groups of steps, each group inside a container of its own (one rule each, say),
 * computed group by group and yielding in between, so a caller can interleave other work: converting
 * every rule of a 1,000-rule configuration costs what the rules cost, in pieces. `undefined` when a
 * group cannot be made.
 */
export function* groupsEdits(t: Editable, groups: readonly (readonly Step[])[]): Generator<void, TextEdit[] | undefined, void> {
  const out: TextEdit[] = [];
  for (const g of groups) {
    if (g.length === 0) continue;
    const edits = stepsEdits(t, g);
    if (edits === undefined) return undefined;
    out.push(...edits);
    yield;
  }
  return out;
}

/** The deepest existing container holding every step: all a multi-step fix can change. */
export function stepsScope(root: Node, steps: readonly Step[]): { scope: Node; depth: number } {
  const { node, depth } = deepestAt(root, commonPrefix(steps.map((s) => (s.append ? s.path : s.path.slice(0, -1)))));
  return { scope: node, depth };
}

/**
 * The text after every step, each computed on the text the previous one left, and the edits on
 * the original text that give it; `undefined` when a step cannot be made.
 */
export function applySteps(t: Editable, steps: readonly Step[]): { text: string; edits: TextEdit[] } | undefined {
  let { text, root } = t;
  const composed = new Composed();
  for (const s of steps) {
    const at: Editable = { text, root, style: t.style };
    const edits = s.value === undefined ? removeEdits(at, s.path) : s.append ? appendEdits(at, s.path, s.value) : setEdits(at, s.path, s.value);
    if (edits === undefined) return undefined;
    if (edits.length === 0) continue;
    const sorted = checkedEdits(text, edits);
    if (!sorted) return undefined;
    // From the last to the first, so each edit's offsets still hold when it is applied.
    for (let i = sorted.length - 1; i >= 0; i--) text = composed.add(text, sorted[i]);
    root = parseTree(text);
  }
  return { text, edits: composed.edits };
}

/**
 * Edits on an original text, kept sorted and apart, to which edits on the current text (the
 * original with them applied) are added one at a time. An edit reaching into text an earlier one
 * wrote is merged with it.
 */
class Composed {
  readonly edits: TextEdit[] = [];

  /** Adds `e` (offsets in `current`) and returns the text with it applied. */
  add(current: string, e: TextEdit): string {
    const next = current.slice(0, e.offset) + e.content + current.slice(e.offset + e.length);
    const eEnd = e.offset + e.length;
    // Where each earlier edit's content lies in `current`.
    let delta = 0;
    let first = -1;
    let last = -1;
    let deltaBefore = 0;
    for (let i = 0; i < this.edits.length; i++) {
      const c = this.edits[i];
      const start = c.offset + delta;
      const end = start + c.content.length;
      if (end < e.offset) {
        delta += c.content.length - c.length;
        continue;
      }
      if (start > eEnd) break;
      if (first < 0) {
        first = i;
        deltaBefore = delta;
      }
      last = i;
      delta += c.content.length - c.length;
    }
    if (first < 0) {
      // Only original text is touched: translate to the original's offsets.
      let d = 0;
      let at = 0;
      while (at < this.edits.length) {
        const c = this.edits[at];
        if (c.offset + d + c.content.length >= e.offset) break;
        d += c.content.length - c.length;
        at++;
      }
      this.edits.splice(at, 0, { offset: e.offset - d, length: e.length, content: e.content });
      return next;
    }
    const a = this.edits[first];
    const b = this.edits[last];
    const curStart = Math.min(e.offset, a.offset + deltaBefore);
    const bEndCur = b.offset + (delta - (b.content.length - b.length)) + b.content.length;
    const curEnd = Math.max(eEnd, bEndCur);
    const origStart = curStart - deltaBefore;
    const origEnd = curEnd - delta;
    const merged = { offset: origStart, length: origEnd - origStart, content: next.slice(curStart, curEnd + e.content.length - e.length) };
    this.edits.splice(first, last - first + 1, merged);
    return next;
  }
}

/**
 * Whether the steps can plausibly be made, judged on the document before any of them (cheap; for
 * fixes computed only when applied): no step goes through a value that is not a container, and
 * none removes a key written twice.
 */
export function stepsPlausible(root: Node, steps: readonly Step[]): boolean {
  return steps.every((s) => {
    const { node, depth } = deepestAt(root, s.path);
    if (depth === s.path.length) {
      if (s.value !== undefined) return !s.append || node.type === 'array';
      const parent = deepestAt(root, s.path.slice(0, -1)).node;
      const key = s.path[s.path.length - 1];
      return typeof key !== 'string' || keyCount(parent, key) === 1;
    }
    return s.value === undefined || node.type === 'object' || node.type === 'array';
  });
}

function commonPrefix(paths: readonly JsonPath[]): JsonPath {
  let prefix = paths[0] ?? [];
  for (const p of paths.slice(1)) {
    let n = 0;
    while (n < prefix.length && n < p.length && prefix[n] === p[n]) n++;
    prefix = prefix.slice(0, n);
  }
  return prefix;
}
