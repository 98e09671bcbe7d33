/** "Did you mean" over a list of names: the closest by edit distance, when it is close enough to be a typo. */

// Three rows reused by every call: "did you mean" compares one name with hundreds of candidates,
// and fresh arrays per row made it the CLI's largest source of garbage.
let rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions), stopping early past `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (rows[0].length <= b.length) rows = rows.map(() => new Int32Array(b.length * 2 + 1));
  let [prev2, prev, cur] = rows;
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return max + 1;
    const spare = prev2;
    prev2 = prev;
    prev = cur;
    cur = spare;
  }
  return prev[b.length];
}

/**
 * The candidate closest to `input` (case-insensitive), if within a third of its length (at least 2
 * edits); ties go to the earlier candidate.
 */
export function closest(input: string, candidates: Iterable<string>): string | undefined {
  return closestBy(input.toLowerCase(), candidates, (c) => c.toLowerCase());
}

/** `closest` over candidates already in lower case: no copy per candidate. */
export function closestLowerCase(input: string, candidates: Iterable<string>): string | undefined {
  return closestBy(input.toLowerCase(), candidates, (c) => c);
}

function closestBy(needle: string, candidates: Iterable<string>, lower: (c: string) => string): string | undefined {
  const limit = Math.max(2, Math.floor(needle.length / 3));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const c of candidates) {
    const d = editDistance(needle, lower(c), bestDistance - 1);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
      if (d === 0) break;
    }
  }
  return best;
}
