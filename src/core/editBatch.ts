/**
 * Many edits at once, in time linear in the text: jsonc-parser's `applyEdits` rebuilds the whole
 * string for each edit, so 1,000 fixes on a 500 KB configuration copied half a gigabyte.
 */
import { TextEdit } from './findings';

/** `text` with every edit applied; the edits must not overlap (insertions at one offset keep their order). */
export function applyEditsLinear(text: string, edits: readonly TextEdit[]): string {
  if (edits.length === 0) return text;
  const sorted = edits.map((e, i) => ({ e, i })).sort((a, b) => a.e.offset - b.e.offset || a.i - b.i);
  const parts: string[] = [];
  let at = 0;
  for (const { e } of sorted) {
    if (e.offset < at) throw new Error('Overlapping edit');
    parts.push(text.slice(at, e.offset), e.content);
    at = e.offset + e.length;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

/**
 * Of several fixes' edits, in order, those whose edits overlap none taken before (two insertions at
 * one point conflict too: their order would be arbitrary). The rest wait for the next pass.
 */
export class NonOverlapping {
  /** Taken spans, sorted by start: [start, end) pairs. */
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  readonly edits: TextEdit[] = [];
  /** Objects and arrays some taken fix adds members to or removes members from (see `Fix.container`). */
  private readonly containers = new Set<number>();

  /**
   * Takes the edits if none overlaps what was taken, and no fix taken changes the members of the
   * same `container`; returns whether it did.
   */
  take(edits: readonly TextEdit[], container?: number): boolean {
    if (edits.some((e) => this.overlaps(e))) return false;
    if (container !== undefined) {
      if (this.containers.has(container)) return false;
      this.containers.add(container);
    }
    for (const e of edits) {
      const i = this.firstStartAtOrAfter(e.offset);
      this.starts.splice(i, 0, e.offset);
      this.ends.splice(i, 0, e.offset + e.length);
      this.edits.push(e);
    }
    return true;
  }

  private overlaps(e: TextEdit): boolean {
    const end = e.offset + e.length;
    const i = this.firstStartAtOrAfter(e.offset);
    // The span starting at or after e's start: same start, or starting inside e.
    if (i < this.starts.length && (this.starts[i] === e.offset || this.starts[i] < end)) return true;
    // The span starting before: does it reach into e?
    return i > 0 && this.ends[i - 1] > e.offset;
  }

  private firstStartAtOrAfter(offset: number): number {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid] < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
