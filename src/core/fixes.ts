/**
 * Fix builders. A fix is offered only when it has edits that change something: each builder
 * returns `undefined` otherwise (the rule's report drops it), and a fix's `edits()` never throws.
 * Edits go through `edit/jsonEdits.ts`, which touches only the node a fix names and writes in the
 * document's own style.
 *
 * Cheap fixes (one set, one removal, one span) are computed when the finding is made, so "is there
 * anything to do?" has an exact answer; adding a missing member has one without computing (it
 * always writes text), so its edits wait until asked. Fixes that re-parse as they go (several dependent steps, a
 * policy merge) are computed then too while the text they re-parse is small, and only when applied
 * above that: a 1,000-rule configuration must not pay for every rule's fix on every keystroke.
 */
import { JsonDocument } from './document';
import { Fix, TextEdit } from './findings';
import { applyTextEdits, checkedEdits } from './edit/apply';
import { Editable, cut, removeEdits, setEdits } from './edit/jsonEdits';
import { JsonPath, deepestAt, nodeAt } from './edit/path';
import { Node, getNodePath } from 'jsonc-parser';
import { MAX_NESTING, maxNesting } from './nesting';
import { Step, applySteps, stepsEdits, stepsPlausible, stepsScope } from './edit/steps';
import { raw } from './edit/serialize';

export { applyNonOverlapping, applyTextEdits } from './edit/apply';
export { diffEdit } from './edit/diff';
export { raw };

/** Above this many characters of text to re-parse, a multi-step fix is computed only when applied. */
export const EAGER_LIMIT = 16_384;

/** Errors caught while computing fixes (a rule bug, never shown as a crash); the fuzz reads and resets it. */
export const fixFailures = { count: 0, last: '' };

export function editable(doc: JsonDocument): Editable {
  return { text: doc.text, root: doc.root, style: doc.style };
}

/**
 * Whether structural fixes may be computed: on broken JSON the tree is the parser's guess, and an
 * edit placed by a guess can break what is left.
 */
function structural(doc: JsonDocument): boolean {
  return doc.root !== undefined && doc.syntaxErrors.length === 0;
}

/** Sets (adds or replaces) the value at `path`. `path` is absolute from the document root. */
export function setValueFix(doc: JsonDocument, path: JsonPath, value: unknown, title: string, preferred = false): Fix | undefined {
  if (!structural(doc) || !doc.root) return undefined;
  // Replacing a value leaves the separators around it alone; adding a member changes its container's.
  const { node, depth } = deepestAt(doc.root, path);
  // A missing member added to an object always writes text: offered without writing it now (a
  // finding on each of a thousand rules need not write a thousand fixes that may never be asked for).
  if (depth === path.length - 1 && node.type === 'object' && typeof path[depth] === 'string' && addsSafely(doc, path[depth] as string, value)) {
    return new LazyFix(doc, title, preferred, () => setEdits(editable(doc), path, value), node);
  }
  return offered(doc, title, preferred, () => setEdits(editable(doc), path, value), depth === path.length ? undefined : node);
}

/**
 * Whether adding member `key: value` to an object of `doc` certainly gives edits that `offered`
 * would keep: the value is one JSON can hold (a scalar, or an object of scalars), and the brackets
 * it writes cannot nest the document deeper than the engine reads (`tooDeep`, counted the same way).
 */
function addsSafely(doc: JsonDocument, key: string, value: unknown): boolean {
  if (!isScalar(value)) {
    if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype) return false;
    for (const v of Object.values(value)) if (v !== undefined && !isScalar(v)) return false;
  }
  const written = JSON.stringify(key) + JSON.stringify(value);
  let opened = 0;
  for (let i = 0; i < written.length; i++) {
    const c = written.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) opened++;
  }
  return opened === 0 || doc.nesting + opened <= MAX_NESTING;
}

function isScalar(v: unknown): boolean {
  return v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
}

/** Removes the property or array element at `path` (not offered when the key is written twice there). */
export function removeFix(doc: JsonDocument, path: JsonPath, title: string, preferred = false): Fix | undefined {
  if (!structural(doc) || !doc.root) return undefined;
  return offered(doc, title, preferred, () => removeEdits(editable(doc), path), deepestAt(doc.root, path.slice(0, -1)).node);
}

/** Several modifications at once, each computed on the text the previous one produced. */
export function multiFix(doc: JsonDocument, steps: readonly Step[], title: string, preferred = false): Fix | undefined {
  if (!structural(doc) || !doc.root || steps.length === 0) return undefined;
  const { scope } = stepsScope(doc.root, steps);
  const compute = () => stepsEdits(editable(doc), steps);
  if (scope.length <= EAGER_LIMIT) return offered(doc, title, preferred, compute, scope);
  return stepsPlausible(doc.root, steps) ? lazy(doc, title, preferred, compute, scope) : undefined;
}

/** A fix made of edits a rule computes itself with `edit/jsonEdits.ts` (cheap: computed now). */
export function stepFix(doc: JsonDocument, title: string, preferred: boolean, compute: () => TextEdit[] | undefined, container?: Node): Fix | undefined {
  return structural(doc) ? offered(doc, title, preferred, compute, container) : undefined;
}

/**
 * A fix whose steps take work to plan (a policy merge reads the whole policy): planned now while
 * the document is small, when applied above that. `plan` gives the steps, with paths into the
 * document's text, or `undefined` when there is nothing it can do.
 */
export function planFix(doc: JsonDocument, title: string, preferred: boolean, plan: () => readonly Step[] | undefined): Fix | undefined {
  if (!structural(doc)) return undefined;
  const edits = () => {
    const steps = plan();
    return steps === undefined ? undefined : steps.length === 0 ? [] : applySteps(editable(doc), steps)?.edits;
  };
  return doc.text.length <= EAGER_LIMIT ? offered(doc, title, preferred, edits, doc.root) : lazy(doc, title, preferred, edits, doc.root);
}

/** Replaces a raw span (a key, a string) with `content`; not offered when that is what it already holds. */
export function replaceSpanFix(doc: JsonDocument, offset: number, length: number, content: string, title: string, preferred = false): Fix | undefined {
  return offered(doc, title, preferred, () => (doc.text.slice(offset, offset + length) === content ? [] : [{ offset, length, content }]));
}

/** Removes a comment, and its line when nothing else is on it (no blank line is left behind). */
export function removeCommentFix(doc: JsonDocument, offset: number, length: number, title: string, preferred = false): Fix | undefined {
  return offered(doc, title, preferred, () => (length > 0 ? [cut(doc.text, offset, offset + length)] : []));
}

/** A fix computed only when applied (its steps are too many to compute for every finding). */
export function lazyFix(doc: JsonDocument, title: string, preferred: boolean, compute: () => TextEdit[] | undefined, container = doc.root): Fix | undefined {
  return structural(doc) ? lazy(doc, title, preferred, compute, container) : undefined;
}

/**
 * A fix computed only when applied, in pieces: `run` yields between pieces (the editor gives the
 * extension host back in between) and returns the edits. Computed once, whichever way is asked first.
 */
export function stepwiseFix(
  doc: JsonDocument,
  title: string,
  preferred: boolean,
  run: () => Generator<void, TextEdit[] | undefined, void>,
  container = doc.root,
): Fix | undefined {
  if (!structural(doc)) return undefined;
  let memo: TextEdit[] | undefined;
  const settle = (edits: TextEdit[] | undefined): TextEdit[] => {
    const sorted = edits && checkedEdits(doc.text, edits);
    return (memo = sorted && !tooDeep(doc, sorted) ? sorted : []);
  };
  const fix: Fix = {
    title,
    preferred,
    container: container?.offset,
    edits: () => memo ?? settle(safely(() => drain(run()))),
    *editsStepwise(): Generator<void, TextEdit[], void> {
      if (memo) return memo;
      const steps = run();
      for (;;) {
        const next = safely(() => steps.next());
        if (!next) return settle(undefined);
        if (next.done) return settle(next.value);
        yield;
      }
    },
  };
  return fix;
}

function drain<T>(run: Generator<void, T, void>): T {
  for (;;) {
    const next = run.next();
    if (next.done) return next.value;
  }
}

/** A fix with its edits computed now: offered only when they exist, apply to the text and change it. */
function offered(doc: JsonDocument, title: string, preferred: boolean, compute: () => TextEdit[] | undefined, container?: Node): Fix | undefined {
  const edits = safely(compute);
  const sorted = edits && checkedEdits(doc.text, edits);
  if (!sorted || !changes(doc.text, sorted) || tooDeep(doc, sorted)) return undefined;
  return { title, preferred, edits: () => sorted, container: container?.offset };
}

/**
 * Whether the edits would nest the document deeper than the engine reads (a fix must not make a
 * valid document invalid). Wrapping a value in a list deepens everything inside it, so the bound
 * counts every bracket the edits write; only a document already near the limit is checked exactly.
 */
function tooDeep(doc: JsonDocument, edits: readonly TextEdit[]): boolean {
  let opened = 0;
  for (const e of edits) for (let i = e.content.indexOf('['); i >= 0; i = e.content.indexOf('[', i + 1)) opened++;
  for (const e of edits) for (let i = e.content.indexOf('{'); i >= 0; i = e.content.indexOf('{', i + 1)) opened++;
  // Almost always decided here: a shallow document stays far from the limit.
  if (opened === 0 || doc.nesting + opened <= MAX_NESTING) return false;
  return maxNesting(applyTextEdits(doc.text, edits)) > MAX_NESTING;
}

/** A fix whose edits are computed when applied; `[]` if that fails. */
function lazy(doc: JsonDocument, title: string, preferred: boolean, compute: () => TextEdit[] | undefined, container?: Node): Fix {
  return new LazyFix(doc, title, preferred, compute, container);
}

/** The edits computed once, when first asked (a class: a thousand of them share their methods). */
class LazyFix implements Fix {
  readonly container: number | undefined;
  private memo: TextEdit[] | undefined;

  constructor(
    private readonly doc: JsonDocument,
    readonly title: string,
    readonly preferred: boolean,
    private readonly compute: () => TextEdit[] | undefined,
    container: Node | undefined,
  ) {
    this.container = container?.offset;
  }

  /** What a fix made as a plain object would print (its document and function are no data). */
  toJSON(): { title: string; preferred: boolean; container: number | undefined } {
    return { title: this.title, preferred: this.preferred, container: this.container };
  }

  edits(): TextEdit[] {
    if (this.memo === undefined) {
      const edits = safely(this.compute);
      const sorted = edits && checkedEdits(this.doc.text, edits);
      this.memo = sorted && !tooDeep(this.doc, sorted) ? sorted : [];
    }
    return this.memo;
  }
}

function changes(text: string, edits: readonly TextEdit[]): boolean {
  return edits.some((e) => e.content !== text.slice(e.offset, e.offset + e.length));
}

function safely<T>(compute: () => T): T | undefined {
  try {
    return compute();
  } catch (err) {
    fixFailures.count++;
    fixFailures.last = err instanceof Error ? (err.stack ?? err.message) : String(err);
    return undefined;
  }
}

/**
 * Renames the member whose key node is `key`, editing only the key's text: the value, its comments
 * and its layout stay exactly as written.
 */
export function renameKeyFix(doc: JsonDocument, key: Node, name: string, title: string, preferred = false): Fix | undefined {
  return replaceSpanFix(doc, key.offset, key.length, JSON.stringify(name), title, preferred);
}

/** Puts a value into a list (`{...}` to `[{...}]`), the brackets hugging it so it stays as written. */
export function wrapValueFix(doc: JsonDocument, value: Node, title: string, preferred = false): Fix | undefined {
  return stepFix(doc, title, preferred, () => [
    { offset: value.offset, length: 0, content: '[' },
    { offset: value.offset + value.length, length: 0, content: ']' },
  ]);
}

/**
 * Renames a member and puts its value into a list (`"Rule": {...}` to `"Rules": [{...}]`). The
 * brackets hug the value, so every line of it, comments included, stays as written.
 */
export function renameAndWrapFix(doc: JsonDocument, key: Node, value: Node, name: string, title: string, preferred = false): Fix | undefined {
  return stepFix(doc, title, preferred, () => [
    { offset: key.offset, length: key.length, content: JSON.stringify(name) },
    { offset: value.offset, length: 0, content: '[' },
    { offset: value.offset + value.length, length: 0, content: ']' },
  ]);
}

/**
 * Moves a member (the property holding `value`) to the absolute path `to` (missing objects on the
 * way are created). The value is carried over as written, comments included, re-indented to its new
 * depth. `wrap` puts it into a list. Not offered when the member's key is written twice in its
 * object (which one moves would be ambiguous).
 */
export function moveValueFix(doc: JsonDocument, to: JsonPath, value: Node, title: string, preferred = false, wrap = false): Fix | undefined {
  if (value.parent?.type !== 'property' || !doc.root) return undefined;
  const from = getNodePath(value);
  // A path names the last of repeated keys: a member under an earlier twin cannot be moved by path.
  if (nodeAt(doc.root, from) !== value) return undefined;
  const moved = raw(doc.text, value);
  return multiFix(doc, [{ path: from, value: undefined }, { path: to, value: wrap ? [moved] : moved }], title, preferred);
}
