/**
 * Bounded nesting. jsonc-parser's parser recurses once per level and overflows the stack on arrays
 * nested some 10,000 deep, taking the extension host or the CLI down with it; every tree walk after
 * it would recurse too. A cheap scan finds what is nested deeper than the limit before the parser
 * sees it, and that part is blanked out (offsets unchanged) and reported as a located syntax error.
 *
 * The limit is 1,000 levels, where AWS's own readers stop: the AWS CLI parses `file://` JSON with
 * Python's `json`, which fails beyond its recursion limit of 1,000 ("maximum recursion depth
 * exceeded while decoding a JSON array"; aws-cli 1.45 accepts 950 levels and refuses 980), and the
 * Jackson parser behind many AWS services refuses more than 1,000 nesting levels by default. Real
 * replication configurations and policies are fewer than 10 levels deep.
 */
export const MAX_NESTING = 1000;

export interface NestingProblem {
  offset: number;
  length: number;
  message: string;
}

/**
 * The text with every part nested deeper than `max` replaced by `0` and blanks, where those parts
 * start, and how deep the rest nests at most (an upper bound when the text was not scanned).
 */
export function limitNesting(text: string, max = MAX_NESTING): { text: string; problems: NestingProblem[]; depth: number } {
  // Nesting deeper than `max` needs more than `max` opening brackets: most documents have far fewer.
  const count = openers(text, max);
  if (count <= max) return { text, problems: [], depth: count };
  const regions: [number, number][] = [];
  let depth = 0;
  let deepest = 0;
  let deepStart = -1;
  const n = text.length;
  // Jumps from one character that matters to the next: brackets, quotes, slashes.
  const special = /[[\]{}"/]/g;
  const stringEnd = /["\\\r\n]/g;
  let m: RegExpExecArray | null;
  while ((m = special.exec(text))) {
    const i = m.index;
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      // As jsonc-parser reads strings: to the closing quote, or to the end of the line when unterminated.
      stringEnd.lastIndex = i + 1;
      let e: RegExpExecArray | null;
      while ((e = stringEnd.exec(text)) && text.charCodeAt(e.index) === 92) stringEnd.lastIndex = e.index + 2;
      special.lastIndex = !e ? n : text.charCodeAt(e.index) === 34 ? e.index + 1 : e.index;
    } else if (c === 47 /* / */) {
      const next = text.charCodeAt(i + 1);
      if (next === 47) {
        let j = i;
        while (j < n && text.charCodeAt(j) !== 10 && text.charCodeAt(j) !== 13) j++;
        special.lastIndex = j;
      } else if (next === 42 /* * */) {
        const close = text.indexOf('*/', i + 2);
        special.lastIndex = close < 0 ? n : close + 2;
      }
    } else if (c === 91 /* [ */ || c === 123 /* { */) {
      depth++;
      if (depth === max + 1) deepStart = i;
      else if (depth <= max && depth > deepest) deepest = depth;
    } else if (depth > 0) {
      if (depth === max + 1) regions.push([deepStart, i + 1]);
      depth--;
    }
  }
  if (depth > max) regions.push([deepStart, n]);
  if (regions.length === 0) return { text, problems: [], depth: deepest };

  const parts: string[] = [];
  let at = 0;
  for (const [from, to] of regions) {
    parts.push(text.slice(at, from), '0', text.slice(from + 1, to).replace(/[^\r\n]/g, ' '));
    at = to;
  }
  parts.push(text.slice(at));
  const message = `Nested deeper than ${max.toLocaleString('en-US')} levels; nothing below this point is analysed, and the AWS CLI refuses such a document too ("maximum recursion depth exceeded")`;
  return { text: parts.join(''), problems: regions.map(([from]) => ({ offset: from, length: 1, message })), depth: max };
}

/** How many `[` and `{` the text holds, counting no further than `limit + 1`. */
function openers(text: string, limit: number): number {
  let n = 0;
  for (const ch of ['[', '{']) {
    for (let i = text.indexOf(ch); i >= 0 && n <= limit; i = text.indexOf(ch, i + 1)) n++;
  }
  return n;
}

/** How deeply the brackets of a JSON text nest (strings and comments skipped). */
export function maxNesting(text: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      i++;
      while (i < text.length && text.charCodeAt(i) !== 34 && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i += text.charCodeAt(i) === 92 ? 2 : 1;
    } else if (c === 47 && text.charCodeAt(i + 1) === 47) {
      while (i < text.length && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42) {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? text.length : close + 1;
    } else if (c === 91 || c === 123) max = Math.max(max, ++depth);
    else if ((c === 93 || c === 125) && depth > 0) depth--;
  }
  return max;
}
