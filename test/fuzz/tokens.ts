/**
 * Token-level comparison of a text before and after a fix, to tell a fix that changes what it names
 * from one that also re-lays-out text it did not change (the one-line policy pretty-printed by
 * `Remove "Principal"`). Comments are tokens here: they are content.
 */
import { SyntaxKind, createScanner } from 'jsonc-parser';

export interface Tokens {
  /** Token texts, then `''` for the end of the text (so trailing blanks are compared too). */
  text: string[];
  /** The blanks and line breaks before each token. */
  before: string[];
  /** Where each token starts. */
  start: number[];
}

export function tokenize(source: string): Tokens {
  const scanner = createScanner(source, false);
  const text: string[] = [];
  const before: string[] = [];
  const starts: number[] = [];
  let triviaStart = 0;
  for (;;) {
    const kind = scanner.scan();
    if (kind === SyntaxKind.Trivia || kind === SyntaxKind.LineBreakTrivia) continue;
    const start = scanner.getTokenOffset();
    const end = start + scanner.getTokenLength();
    before.push(source.slice(triviaStart, start));
    starts.push(start);
    text.push(kind === SyntaxKind.EOF ? '' : source.slice(start, end));
    triviaStart = end;
    if (kind === SyntaxKind.EOF) break;
  }
  return { text, before, start: starts };
}

/** Longest common subsequence of token texts (Myers' O((N+M)D)); `undefined` beyond `maxD` differences. */
function alignMiddle(a: readonly string[], b: readonly string[], maxD: number): [number, number][] | undefined {
  const n = a.length;
  const m = b.length;
  const limit = Math.min(n + m, maxD);
  const offset = limit + 1;
  const v = new Int32Array(2 * limit + 3);
  // Per round d, the window [-d, d] of v as it was before the round: memory O(D²), not O(D·(N+M)).
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= limit && found < 0; d++) {
    trace.push(v.slice(offset - d, offset + d + 1));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
  }
  if (found < 0) return undefined;
  const at = (d: number, k: number) => trace[d][k + d];
  const pairs: [number, number][] = [];
  let x = n;
  let y = m;
  for (let d = found; d > 0; d--) {
    const k = x - y;
    // trace[d] holds v as round d found it, i.e. the results of round d - 1, for |k| <= d - 1.
    const down = k === -d || (k !== d && at(d, k - 1) < at(d, k + 1));
    const prevK = down ? k + 1 : k - 1;
    const prevX = at(d, prevK);
    const prevY = prevX - prevK;
    const startX = down ? prevX : prevX + 1;
    const startY = startX - k;
    while (x > startX && y > startY) {
      pairs.push([x - 1, y - 1]);
      x--;
      y--;
    }
    x = prevX;
    y = prevY;
  }
  while (x > 0 && y > 0) {
    pairs.push([x - 1, y - 1]);
    x--;
    y--;
  }
  return pairs.reverse();
}

/**
 * How many pairs of consecutive tokens that an edit writes back unchanged have different line
 * breaks between them after it: lines the fix joined, split or converted although it changed
 * nothing there (the one-line policy pretty-printed). Compared within each edit, so a block a fix
 * writes elsewhere is never mistaken for the text it left alone. Line endings may become the
 * document's dominant one inside what a fix rewrites; a moved block may be indented anew.
 * `undefined` when the texts differ too much to align cheaply.
 */
export function relaidOut(before: Tokens, after: Tokens, dominant: string, maxD = 4000): number | undefined {
  const a = before.text;
  const b = after.text;
  const pairs = alignMiddle(a, b, maxD);
  if (!pairs) return undefined;
  let count = 0;
  let prev: [number, number] | undefined;
  for (const [i, j] of pairs) {
    const consecutive = prev !== undefined && prev[0] === i - 1 && prev[1] === j - 1;
    if (consecutive) {
      const was = lineBreaks(before.before[i]);
      const is = lineBreaks(after.before[j]);
      if (was.length !== is.length || is.some((e, k) => e !== was[k] && e !== dominant)) count++;
    }
    prev = [i, j];
  }
  return count;
}

function lineBreaks(s: string): string[] {
  return s.match(/\r\n|\r|\n/g) ?? [];
}
