/**
 * Related locations, capped. A group of n duplicates gives n findings; listing every other member
 * in each made n² entries (30,000 repeated tag keys ran the CLI out of memory). Each finding lists
 * the first few, and the last one listed says how many were left out.
 */
import { RelatedLocation } from './findings';

/** Enough to find the others in an editor; the message says how many there are in all. */
export const MAX_RELATED = 5;

/** The first `max` of `items` as related locations (skipping index `skip`), built in O(max). */
export function relatedList<T>(items: readonly T[], make: (item: T) => RelatedLocation, options: { skip?: number; max?: number } = {}): RelatedLocation[] {
  const max = options.max ?? MAX_RELATED;
  const out: RelatedLocation[] = [];
  let total = 0;
  for (let i = 0; i < items.length; i++) {
    if (i === options.skip) continue;
    total++;
    if (out.length < max) out.push(make(items[i]));
  }
  return withRest(out, total);
}

/** `list`, of `total` locations in all, with "(and N more)" on its last entry when some were left out. */
export function withRest(list: RelatedLocation[], total: number): RelatedLocation[] {
  const rest = total - list.length;
  if (rest <= 0 || list.length === 0) return list;
  const last = list[list.length - 1];
  list[list.length - 1] = { ...last, message: `${last.message} (and ${rest.toLocaleString('en-US')} more)` };
  return list;
}
