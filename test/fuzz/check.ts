/**
 * The checker: analyses a document, applies every fix offered on it (each on its own, then the
 * preferred ones all together as `--fix` and the editor's "fix all" do) and counts each way a fix
 * can hurt a user's file. Judgements are made on the texts, independently of how fixes are built:
 * a comment or a repeated key's twin counts as lost when an edit covers it, it is not inside a
 * member or value the edit removes or replaces as a whole, and the edit does not write it back.
 */
import { Node, ParseError, parseTree } from 'jsonc-parser';
import { runFixLoop } from '../../src/cli/fixLoop';
import { analyze } from '../../src/core/analyze';
import { DocumentInput, JsonDocument, parseDocument } from '../../src/core/document';
import { Finding, Fix, TextEdit } from '../../src/core/findings';
import { applyNonOverlapping, fixFailures } from '../../src/core/fixes';
import { checkedEdits } from '../../src/core/edit/apply';
import { limitNesting } from '../../src/core/nesting';
import { Rule } from '../../src/core/rule';
import { FuzzDocument } from './generate';
import { Tokens, relaidOut, tokenize } from './tokens';

/** The rows of issue 17's table, in its order, then the checker's own. */
export const COUNTERS = {
  parseThrows: 'the engine throws on parse or analysis',
  ruleThrows: 'a rule throws (reported as an internal error)',
  editsThrow: "computing a fix's edits throws",
  applyThrows: "applying a fix's edits throws (overlapping, outside the text)",
  invalidPreferred: 'a preferred fix yields invalid JSON (new syntax errors)',
  invalidAny: 'any fix yields invalid JSON (new syntax errors)',
  commentLost: 'a comment outside the fixed node is lost',
  duplicateLost: 'a duplicate-key member outside the fixed node is lost',
  reformat: 'a fix reformats text it does not change',
  stillReported: 'not idempotent: still reported after its preferred fix',
  changesAgain: 'not idempotent: the same fix changes the text again',
  noop: 'not idempotent: a no-op fix is offered',
  blankLine: '--fix leaves a whitespace-only line it did not find',
  fixLoopThrows: '--fix or "fix all" throws',
  fixLoopBreaks: '--fix or "fix all" yields invalid JSON (or refuses a file)',
  slow: 'slow (analysis over 2 s + 4 s/MB, or --fix over 10 s + 20 s/MB)',
} as const;

export type Counter = keyof typeof COUNTERS;

export interface Stats {
  documents: number;
  /** Documents that also had the re-analysis checks (idempotence, --fix). */
  deepChecked: number;
  findings: number;
  fixesChecked: number;
  fixesSkipped: number;
  tooDeep: number;
  brokenBefore: number;
  fixLoopApplied: number;
  counts: Record<Counter, number>;
  /** A few examples per counter: document index, rule, fix and what happened. */
  examples: Record<Counter, string[]>;
}

export function emptyStats(): Stats {
  const zero = Object.fromEntries(Object.keys(COUNTERS).map((k) => [k, 0])) as Record<Counter, number>;
  const none = Object.fromEntries(Object.keys(COUNTERS).map((k) => [k, [] as string[]])) as Record<Counter, string[]>;
  return { documents: 0, deepChecked: 0, findings: 0, fixesChecked: 0, fixesSkipped: 0, tooDeep: 0, brokenBefore: 0, fixLoopApplied: 0, counts: zero, examples: none };
}

const EXAMPLES_KEPT = 5;
/** On large documents only this many fixes are applied one by one (each re-analyses the whole text). */
const FIXES_ON_LARGE = 6;
const LARGE = 200_000;

export interface CheckOptions {
  /**
   * Re-analyse after each preferred fix (idempotence) and run `--fix` on the document: the costly
   * checks, which `npm test`'s slice makes on a sample of its documents. Default true.
   */
  deep?: boolean;
  /** The rules to run (the checker's own tests give rules with faulty fixes); default all. */
  rules?: readonly Rule[];
}

export function checkDocument(d: FuzzDocument, index: number, stats: Stats, options: CheckOptions = {}): void {
  const deep = options.deep ?? true;
  const rules = options.rules;
  stats.documents++;
  if (deep) stats.deepChecked++;
  const hit = (counter: Counter, what: string) => {
    stats.counts[counter]++;
    if (stats.examples[counter].length < EXAMPLES_KEPT) stats.examples[counter].push(`#${index} ${what} [${d.recipe.join(' ')}]`);
  };
  const failuresBefore = fixFailures.count;
  // The context files are the walkthrough's, identical on every document: parsed once, as the editor keeps them.
  const inputs = [d.target, ...d.context.map(parsedContext)];
  const targets = new Set([d.target.uri]);
  const mb = d.target.text.length / 1e6;

  let documents: JsonDocument[];
  let findings: Finding[];
  const started = performance.now();
  try {
    // Findings of the target only: the context files are the same on every document (the editor does the same).
    ({ documents, findings } = analyze(inputs, { targets, rules }));
  } catch (err) {
    hit('parseThrows', message(err));
    return;
  }
  // The other files, parsed once: every re-analysis below sees them as they are.
  const context = documents.slice(1);
  const took = performance.now() - started;
  if (took > 2000 + 4000 * mb) hit('slow', `analysis took ${Math.round(took)} ms`);
  const doc = documents[0];
  if (doc.syntaxErrors.some((e) => e.message.startsWith('Nested deeper'))) stats.tooDeep++;
  if (doc.syntaxErrors.length > 0) stats.brokenBefore++;

  const own = findings.filter((f) => f.uri === d.target.uri);
  stats.findings += own.length;
  for (const f of findings) if (f.message.startsWith('Internal error')) hit('ruleThrows', `${f.ruleId}: ${f.message}`);

  const before = new Before(d.target.text, doc);
  let checked = 0;
  for (const f of own) {
    for (const fix of f.fixes ?? []) {
      if (d.target.text.length > LARGE && checked >= FIXES_ON_LARGE) {
        stats.fixesSkipped++;
        continue;
      }
      checked++;
      stats.fixesChecked++;
      checkFix(before, d.target, context, f, fix, hit, deep, rules);
    }
  }
  checkFixAll(d, doc, own, hit, stats, mb, deep, rules);
  if (fixFailures.count > failuresBefore) hit('editsThrow', `caught inside a builder: ${fixFailures.last.split('\n').slice(0, 3).join(' | ')}`);
}

type Hit = (counter: Counter, what: string) => void;

const contextCache = new Map<string, JsonDocument>();

function parsedContext(input: DocumentInput): JsonDocument {
  const hit = contextCache.get(input.uri);
  if (hit && hit.text === input.text) return hit;
  const doc = parseDocument(input);
  contextCache.set(input.uri, doc);
  return doc;
}

/** What the checks need of the text before a fix, computed once per document. */
class Before {
  private tokensMemo?: Tokens;
  private commentsMemo?: { offset: number; end: number }[];
  private duplicatesMemo?: Node[];
  readonly errors: number;
  /** The most frequent line ending. */
  readonly eol: string;

  constructor(
    readonly text: string,
    readonly doc: JsonDocument,
  ) {
    this.errors = syntaxErrorCount(text);
    const counts = new Map<string, number>();
    for (const m of text.match(/\r\n|\r|\n/g) ?? []) counts.set(m, (counts.get(m) ?? 0) + 1);
    this.eol = [...counts].sort((x, y) => y[1] - x[1])[0]?.[0] ?? '\n';
  }

  get tokens(): Tokens {
    return (this.tokensMemo ??= tokenize(this.text));
  }

  get comments(): { offset: number; end: number }[] {
    if (!this.commentsMemo) {
      const t = this.tokens;
      const out: { offset: number; end: number }[] = [];
      let at = 0;
      for (let i = 0; i < t.text.length; i++) {
        at += t.before[i].length;
        const s = t.text[i];
        if (s.startsWith('//') || s.startsWith('/*')) out.push({ offset: at, end: at + s.length });
        at += s.length;
      }
      this.commentsMemo = out;
    }
    return this.commentsMemo;
  }

  /** Members whose key is written twice in their object. */
  get duplicates(): Node[] {
    if (!this.duplicatesMemo) {
      const out: Node[] = [];
      const stack = this.doc.root ? [this.doc.root] : [];
      while (stack.length > 0) {
        const n = stack.pop() as Node;
        if (n.type === 'object') {
          const byKey = new Map<unknown, Node[]>();
          for (const p of n.children ?? []) byKey.set(p.children?.[0]?.value, [...(byKey.get(p.children?.[0]?.value) ?? []), p]);
          for (const group of byKey.values()) if (group.length > 1) out.push(...group);
        }
        for (const c of n.children ?? []) stack.push(c);
      }
      this.duplicatesMemo = out;
    }
    return this.duplicatesMemo;
  }
}

function checkFix(before: Before, target: DocumentInput, context: readonly JsonDocument[], f: Finding, fix: Fix, hit: Hit, deep: boolean, rules?: readonly Rule[]): void {
  const label = `${f.ruleId} "${fix.title}"`;
  let raw: TextEdit[];
  try {
    raw = fix.edits();
  } catch (err) {
    hit('editsThrow', `${label}: ${message(err)}`);
    return;
  }
  const checked = checkedEdits(before.text, raw);
  if (!checked) {
    hit('applyThrows', `${label}: ${JSON.stringify(raw).slice(0, 200)}`);
    return;
  }
  const after = apply(before.text, checked);
  // Judged on what the edits really change: a character rewritten as itself is not touched.
  const edits = checked.map((e) => minimal(before.text, e));
  if (after === before.text) {
    hit('noop', label);
    return;
  }
  const errorsAfter = syntaxErrorCount(after);
  if (errorsAfter > before.errors) {
    hit('invalidAny', `${label}: ${JSON.stringify(after.slice(0, 300))}`);
    if (fix.preferred) hit('invalidPreferred', `${label}: ${JSON.stringify(after.slice(0, 300))}`);
  }
  const lostComment = lostComments(before, f, edits);
  if (lostComment) hit('commentLost', `${label}: ${JSON.stringify(lostComment)}`);
  const lostTwin = lostDuplicates(before, edits);
  if (lostTwin) hit('duplicateLost', `${label}: ${JSON.stringify(lostTwin.slice(0, 120))}`);
  let relaid = 0;
  for (const e of edits) {
    // Replacing one member or value lays it out anew (in the document's style); that is the fix's business.
    if (e.length === 0 || wholeNode(before.doc.root, e)) continue;
    relaid += relaidOut(tokenize(before.text.slice(e.offset, e.offset + e.length)), tokenize(e.content), before.eol) ?? 0;
  }
  if (relaid > 0) hit('reformat', `${label}: ${relaid} tokens re-laid-out: ${JSON.stringify(after.slice(0, 200))}`);

  // Idempotence is the preferred fix's promise (the one --fix applies): gone after it, nothing more to do.
  if (!fix.preferred || !deep) return;

  let next: Finding[];
  try {
    next = analyze([{ ...target, text: after }, ...context], { targets: new Set([target.uri]), rules }).findings;
  } catch (err) {
    hit('parseThrows', `after ${label}: ${message(err)}`);
    return;
  }
  const at = mapOffset(checked, f.offset);
  // The same finding: same rule at the same place, saying the same or about the same text.
  const span = before.text.slice(f.offset, f.offset + f.length);
  const same = next.filter((x) => x.ruleId === f.ruleId && x.offset === at && (x.message === f.message || after.slice(x.offset, x.offset + x.length) === span));
  if (same.length > 0) hit('stillReported', `${label}: ${same[0].message.slice(0, 120)}`);
  for (const again of same.flatMap((x) => x.fixes ?? []).filter((x) => x.title === fix.title)) {
    let edits2: TextEdit[] | undefined;
    try {
      edits2 = checkedEdits(after, again.edits());
    } catch {
      edits2 = undefined;
    }
    if (edits2 && apply(after, edits2) !== after) hit('changesAgain', `${label}`);
  }
}

/** `--fix` on the document (the context files are read-only), and the editor's "fix all". */
function checkFixAll(d: FuzzDocument, doc: JsonDocument, own: Finding[], hit: Hit, stats: Stats, mb: number, deep: boolean, rules?: readonly Rule[]): void {
  const clean = doc.syntaxErrors.length === 0;
  const preferred = own.flatMap((f) => f.fixes?.filter((x) => x.preferred) ?? []);
  // Nothing for --fix to do (it would analyse once and stop).
  if (preferred.length === 0) return;
  try {
    const all = applyNonOverlapping(d.target.text, preferred);
    if (clean && syntaxErrorCount(all.text) > 0) hit('fixLoopBreaks', `fix all: ${JSON.stringify(all.text.slice(0, 200))}`);
  } catch (err) {
    hit('fixLoopThrows', `fix all: ${message(err)}`);
  }
  if (!clean || !deep) return;
  const started = performance.now();
  try {
    const result = runFixLoop([d.target, ...d.context], (uri) => uri === d.target.uri, { targets: new Set([d.target.uri]), rules });
    const took = performance.now() - started;
    if (took > 10_000 + 20_000 * mb) hit('slow', `--fix took ${Math.round(took)} ms`);
    if (result.refused.length > 0) hit('fixLoopBreaks', `--fix refused ${result.refused.join(', ')}`);
    const out = result.texts.get(d.target.uri);
    stats.fixLoopApplied += result.applied.get(d.target.uri) ?? 0;
    if (out !== undefined && syntaxErrorCount(out) > 0) hit('fixLoopBreaks', `--fix: ${JSON.stringify(out.slice(0, 200))}`);
    if (out !== undefined && blankLines(out) > blankLines(d.target.text)) hit('blankLine', JSON.stringify(out.slice(0, 300)));
  } catch (err) {
    hit('fixLoopThrows', `--fix: ${message(err)}`);
  }
}

/**
 * An edit without a character it rewrites as itself at one end (a removal may reach one character
 * into its neighbour so that two removals overlap rather than leave a blank line together).
 */
function minimal(text: string, e: TextEdit): TextEdit {
  if (e.content.length !== 1 || e.length < 2) return e;
  if (text[e.offset + e.length - 1] === e.content) return { offset: e.offset, length: e.length - 1, content: '' };
  if (text[e.offset] === e.content) return { offset: e.offset + 1, length: e.length - 1, content: '' };
  return e;
}

/** A comment covered by an edit that neither removes a node holding it nor writes it back, nor is the comment the fix is about. */
function lostComments(before: Before, f: Finding, edits: readonly TextEdit[]): string | undefined {
  for (const c of before.comments) {
    if (f.ruleId === 'json-comments' && f.offset === c.offset && f.offset + f.length === c.end) continue;
    const text = before.text.slice(c.offset, c.end);
    for (const e of edits) {
      if (!(e.offset < c.end && c.offset < e.offset + e.length)) continue;
      if (e.content.includes(text)) continue;
      if (insideRemovedNode(before.doc.root, c.offset, c.end, e)) continue;
      return text;
    }
  }
  return undefined;
}

/** A member with a repeated key, covered by an edit that does not change it in place, remove a node holding it, or write it back. */
function lostDuplicates(before: Before, edits: readonly TextEdit[]): string | undefined {
  for (const p of before.duplicates) {
    const start = p.offset;
    const end = p.offset + p.length;
    const text = before.text.slice(start, end);
    for (const e of edits) {
      const eEnd = e.offset + e.length;
      if (!(e.offset < end && start < eEnd)) continue;
      const inPlace = e.offset >= start && eEnd <= end && !(e.offset <= start && eEnd >= end);
      if (inPlace || e.content.includes(text)) continue;
      if (insideRemovedNode(before.doc.root, start, end, e, p)) continue;
      return text;
    }
  }
  return undefined;
}

/**
 * Whether [from, to) lies inside a member or value (other than `self`) that the edit removes or
 * rewrites: the edit reaches into it from outside, or covers it exactly. A span between members of
 * an object the edit only changes inside is not. Never the whole document: no fix has a reason to
 * rewrite all of it.
 */
function insideRemovedNode(root: Node | undefined, from: number, to: number, e: TextEdit, self?: Node): boolean {
  const eEnd = e.offset + e.length;
  let node = root;
  while (node) {
    const nEnd = node.offset + node.length;
    const overlaps = e.offset < nEnd && node.offset < eEnd;
    const strictlyInside = e.offset >= node.offset && eEnd <= nEnd && !(e.offset === node.offset && eEnd === nEnd);
    if (node !== self && node !== root && overlaps && !strictlyInside) return true;
    node = (node.children ?? []).find((c) => c.offset <= from && to <= c.offset + c.length);
  }
  return false;
}

/** Where the text at `offset` before the edits is after them (the start of the edit that replaced it, if one did). */
/** Whether the edit replaces exactly one member or value (not the whole document). */
function wholeNode(root: Node | undefined, e: TextEdit): boolean {
  const end = e.offset + e.length;
  let node = root;
  while (node) {
    if (node !== root && node.offset === e.offset && node.offset + node.length === end) return true;
    node = (node.children ?? []).find((c) => c.offset <= e.offset && end <= c.offset + c.length);
  }
  return false;
}

function mapOffset(edits: readonly TextEdit[], offset: number): number {
  let delta = 0;
  for (const e of edits) {
    if (e.offset + e.length <= offset) delta += e.content.length - e.length;
    else if (e.offset <= offset) return e.offset + delta;
  }
  return offset + delta;
}

function apply(text: string, sorted: readonly TextEdit[]): string {
  let out = '';
  let at = 0;
  for (const e of sorted) {
    out += text.slice(at, e.offset) + e.content;
    at = e.offset + e.length;
  }
  return out + text.slice(at);
}

function syntaxErrorCount(text: string): number {
  // The engine reads a byte order mark as a space (json-encoding reports it): so does the judge.
  const nesting = limitNesting(text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text);
  const errors: ParseError[] = [];
  parseTree(nesting.text, errors, { allowTrailingComma: false, disallowComments: false });
  return errors.length + nesting.problems.length;
}

function blankLines(text: string): number {
  return text.split(/\r\n|\r|\n/).filter((l) => l.length > 0 && /^[ \t]+$/.test(l)).length;
}

function message(err: unknown): string {
  return err instanceof Error ? `${err.message} ${err.stack?.split('\n')[1]?.trim() ?? ''}` : String(err);
}

export type { DocumentInput };
