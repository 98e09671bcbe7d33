/**
 * Lists in sentences people read in a modal or a notification: a few items, then "and N more". A
 * 1,000-rule configuration must not make a 60,000-character dialog; the full list goes to the output
 * channel instead (a plan carries it in `details`).
 */

/** Items shown before "and N more". */
export const SHOWN_ITEMS = 5;

/** `a, b, c, d, e and 995 more`; every item when there are few. */
export function listSome(items: readonly string[], shown = SHOWN_ITEMS, separator = ', '): string {
  if (items.length <= shown) return items.join(separator);
  return `${items.slice(0, shown).join(separator)} and ${items.length - shown} more`;
}

/** True when `listSome` leaves items out, so the full list belongs in the plan's details. */
export function isShortened(items: readonly unknown[], shown = SHOWN_ITEMS): boolean {
  return items.length > shown;
}
