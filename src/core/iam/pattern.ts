/**
 * IAM wildcard patterns (`*` any run, `?` one character) as token lists, and the three questions
 * the evaluator asks of them: does a pattern match a value, does it cover every value another
 * pattern can match, and can the two match a common value. Policies compare patterns with patterns
 * ("is `source/*` granted?"), so plain string matching is not enough.
 */

export type Token =
  | { kind: 'lit'; ch: string }
  | { kind: 'one' }
  /** Any run of characters; `stop` lists characters the run cannot contain (resource-type templates). */
  | { kind: 'star'; stop?: string };

export interface Pattern {
  tokens: readonly Token[];
  /** Holds a policy variable such as `${aws:username}`: what it matches depends on the request. */
  variable: boolean;
  /** The text, when the pattern has no wildcard: then matching is string equality (the common case). */
  text?: string;
  /** Some run excludes characters (templates only): the string fast paths do not apply. */
  stops?: boolean;
  /** The literal text before the first wildcard: two patterns that disagree on it cannot meet. */
  head?: string;
}

import { registerCache } from '../caches';
import { ownCopy } from '../strings';

const ESCAPES: Record<string, string> = { '${*}': '*', '${?}': '?', '${$}': '$' };

// Tokens are never changed once made, so patterns share them: thousands of cached patterns then
// cost one array slot per character, not one object.
const STAR: Token = Object.freeze({ kind: 'star' });
const ONE: Token = Object.freeze({ kind: 'one' });
const LITERALS = new Map<string, Token>();

function lit(ch: string): Token {
  let t = LITERALS.get(ch);
  if (!t) LITERALS.set(ch, (t = Object.freeze({ kind: 'lit', ch })));
  return t;
}

const cache = new Map<string, Pattern>();
registerCache(() => cache.clear());

/** Compiles an IAM pattern. Policy variables become runs (`*`) flagged `variable`; `${*}` etc. are literals. */
export function compile(source: string): Pattern {
  const hit = cache.get(source);
  if (hit) return hit;
  const tokens: Token[] = [];
  let variable = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '$' && source[i + 1] === '{') {
      const end = source.indexOf('}', i + 2);
      if (end > 0) {
        const escape = ESCAPES[source.slice(i, end + 1)];
        if (escape) tokens.push(lit(escape));
        else {
          tokens.push(STAR);
          variable = true;
        }
        i = end;
        continue;
      }
    }
    if (c === '*') {
      // Consecutive runs match what one run matches; collapsing keeps the searches small.
      if (tokens[tokens.length - 1]?.kind !== 'star') tokens.push(STAR);
    } else if (c === '?') tokens.push(ONE);
    else tokens.push(lit(c));
  }
  const out = withText({ tokens, variable });
  if (cache.size > 5000) cache.clear();
  cache.set(ownCopy(source), out);
  return out;
}

function withText(p: Pattern): Pattern {
  let head = '';
  for (const t of p.tokens) {
    if (t.kind !== 'lit') break;
    head += t.ch;
  }
  p.head = head;
  if (head.length === p.tokens.length) p.text = head;
  p.stops = p.tokens.some((t) => t.kind === 'star' && t.stop !== undefined);
  return p;
}

/** Does `pattern` match the literal `value`? Two pointers with backtracking to the last run: linear in practice. */
export function matches(pattern: Pattern, value: string): boolean {
  if (pattern.text !== undefined) return pattern.text === value;
  if (pattern.stops) return covers(pattern, literal(value));
  const t = pattern.tokens;
  let i = 0;
  let j = 0;
  let star = -1;
  let mark = 0;
  while (j < value.length) {
    const tok = t[i];
    if (tok && (tok.kind === 'one' || (tok.kind === 'lit' && tok.ch === value[j]))) {
      i++;
      j++;
    } else if (tok?.kind === 'star') {
      star = i++;
      mark = j;
    } else if (star >= 0) {
      i = star + 1;
      j = ++mark;
    } else return false;
  }
  while (t[i]?.kind === 'star') i++;
  return i === t.length;
}

export function literal(value: string): Pattern {
  return { tokens: Array.from(value, lit), variable: false, text: value, stops: false, head: value };
}

/**
 * Does `p` match every value `q` can match? `q`'s runs can only be absorbed by `p`'s runs and its
 * `?` only by `?` or a run; that is exact for the patterns policies use (no character classes).
 */
export function covers(p: Pattern, q: Pattern): boolean {
  if (q.text !== undefined) return matches(p, q.text);
  // q's first wildcard can only be absorbed by a run of p, so q must spell out p's literal head.
  if (p.head !== undefined && q.head !== undefined && !q.head.startsWith(p.head)) return false;
  const a = p.tokens;
  const b = q.tokens;
  // reach[j]: p[0..i) can consume q[0..j). Row by row over p.
  let reach = new Array<boolean>(b.length + 1).fill(false);
  reach[0] = true;
  for (let i = 0; i < a.length; i++) {
    const t = a[i];
    const next = new Array<boolean>(b.length + 1).fill(false);
    if (t.kind === 'star') {
      let on = false;
      for (let j = 0; j <= b.length; j++) {
        if (reach[j]) on = true;
        if (on) next[j] = true;
        if (on && j < b.length && !runAbsorbs(t, b[j])) on = false;
      }
    } else {
      for (let j = 0; j < b.length; j++) {
        if (reach[j] && stepCovers(t, b[j])) next[j + 1] = true;
      }
    }
    reach = next;
  }
  return reach[b.length];
}

function runAbsorbs(run: { stop?: string }, t: Token): boolean {
  if (!run.stop) return true;
  return t.kind === 'lit' && !run.stop.includes(t.ch);
}

function stepCovers(t: Token, u: Token): boolean {
  if (t.kind === 'one') return u.kind !== 'star';
  if (t.kind === 'lit') return u.kind === 'lit' && u.ch === t.ch;
  return false;
}

/** Can `p` and `q` match at least one common value? */
export function overlaps(p: Pattern, q: Pattern): boolean {
  if (q.text !== undefined && !p.stops) return matches(p, q.text);
  if (p.text !== undefined && !q.stops) return matches(q, p.text);
  if (p.head !== undefined && q.head !== undefined && !p.head.startsWith(q.head) && !q.head.startsWith(p.head)) return false;
  const a = p.tokens;
  const b = q.tokens;
  const seen = new Set<number>();
  const width = b.length + 1;
  const stack = [0];
  while (stack.length) {
    const s = stack.pop() as number;
    if (seen.has(s)) continue;
    seen.add(s);
    const i = Math.floor(s / width);
    const j = s % width;
    if (i === a.length && j === b.length) return true;
    const ta = a[i];
    const tb = b[j];
    // A run may end (match nothing more) at any point.
    if (ta?.kind === 'star') stack.push((i + 1) * width + j);
    if (tb?.kind === 'star') stack.push(i * width + j + 1);
    if (ta && tb && sameChar(ta, tb)) {
      stack.push((ta.kind === 'star' ? i : i + 1) * width + (tb.kind === 'star' ? j : j + 1));
    }
  }
  return false;
}

/** Can both tokens consume one common character? */
function sameChar(t: Token, u: Token): boolean {
  if (t.kind === 'lit' && u.kind === 'lit') return t.ch === u.ch;
  if (t.kind === 'lit') return u.kind !== 'star' || !u.stop?.includes(t.ch);
  if (u.kind === 'lit') return t.kind !== 'star' || !t.stop?.includes(u.ch);
  return true;
}

/**
 * A resource-type template from the service reference (`arn:${Partition}:s3:::${BucketName}`):
 * each variable is a run, and a bucket name cannot contain `/`, which is what tells a bucket ARN
 * from an object ARN.
 */
export function compileTemplate(source: string): Pattern {
  const tokens: Token[] = [];
  const re = /\$\{([^}]*)\}/g;
  let last = 0;
  for (let m = re.exec(source); m; m = re.exec(source)) {
    for (const ch of source.slice(last, m.index)) tokens.push(lit(ch));
    tokens.push(m[1] === 'BucketName' ? { kind: 'star', stop: '/' } : STAR);
    last = m.index + m[0].length;
  }
  for (const ch of source.slice(last)) tokens.push(lit(ch));
  return withText({ tokens, variable: false });
}

export function hasWildcard(source: string): boolean {
  return /[*?]/.test(source.replace(/\$\{[*?$]\}/g, ''));
}
