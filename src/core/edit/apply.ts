/**
 * Applying edits to a text: checked first (inside the text, in order, no overlap), then done in one
 * linear pass. `--fix`, the editor's "fix all" and the tests all go through here.
 */
import { Fix, TextEdit } from '../findings';

/**
 * The edits sorted by offset when they can be applied to `text`: whole offsets inside it, none
 * overlapping another, no two insertions at one point (their order would be arbitrary).
 * `undefined` otherwise.
 */
export function checkedEdits(text: string, edits: readonly TextEdit[]): TextEdit[] | undefined {
  const sorted = [...edits].sort((a, b) => a.offset - b.offset || a.length - b.length);
  let end = 0;
  let insertedAt = -1;
  for (const e of sorted) {
    if (!Number.isInteger(e.offset) || !Number.isInteger(e.length) || e.offset < 0 || e.length < 0 || e.offset + e.length > text.length) return undefined;
    if (typeof e.content !== 'string' || e.offset < end || (e.length === 0 && e.offset === insertedAt)) return undefined;
    if (e.length === 0) insertedAt = e.offset;
    end = e.offset + e.length;
  }
  return sorted;
}

/** Applies edits; throws when they are not applicable (see `checkedEdits`). */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = checkedEdits(text, edits);
  if (!sorted) throw new Error('Edits overlap or reach outside the text');
  return applySorted(text, sorted);
}

function applySorted(text: string, sorted: readonly TextEdit[]): string {
  if (sorted.length === 0) return text;
  const parts: string[] = [];
  let at = 0;
  for (const e of sorted) {
    parts.push(text.slice(at, e.offset), e.content);
    at = e.offset + e.length;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

/** A fix's edits, or `undefined` when computing them fails or they cannot be applied to `text`. */
export function fixEdits(text: string, fix: Fix): TextEdit[] | undefined {
  let edits: TextEdit[];
  try {
    edits = fix.edits();
  } catch {
    return undefined;
  }
  return Array.isArray(edits) ? checkedEdits(text, edits) : undefined;
}

/**
 * Applies as many of the fixes as do not conflict, in one pass, in text order; a fix that
 * conflicts with one already taken waits for the next pass (the caller re-analyses and tries
 * again). Fixes conflict when their edits overlap, when an insertion touches another edit, or
 * when both add or remove members of the same object or array. A fix whose edits fail or are
 * inapplicable is skipped. O(n log n) in the number of fixes, so a file with 100,000 findings is
 * fixed in a few passes, not 100,000.
 */
export function applyNonOverlapping(text: string, fixes: readonly Fix[]): { text: string; applied: number; skipped: number } {
  const candidates: { edits: TextEdit[]; order: number; container?: number }[] = [];
  let skipped = 0;
  fixes.forEach((fix, order) => {
    const edits = fixEdits(text, fix);
    if (edits && edits.length > 0) candidates.push({ edits, order, container: fix.container });
    else skipped++;
  });
  candidates.sort((a, b) => a.edits[0].offset - b.edits[0].offset || a.order - b.order);

  const taken: TextEdit[] = [];
  const containers = new Set<number>();
  // End of the last edit taken, and whether it was an insertion (which nothing may touch).
  let end = -1;
  let lastInserts = false;
  let applied = 0;
  for (const c of candidates) {
    const first = c.edits[0];
    const touches = first.offset === end && (first.length === 0 || lastInserts);
    if (first.offset < end || touches || (c.container !== undefined && containers.has(c.container))) {
      skipped++;
      continue;
    }
    for (const e of c.edits) {
      taken.push(e);
      end = e.offset + e.length;
      lastInserts = e.length === 0;
    }
    if (c.container !== undefined) containers.add(c.container);
    applied++;
  }
  return { text: applySorted(text, taken), applied, skipped };
}
