/**
 * Strings that outlive the document they came from. A value jsonc-parser reads (an action, an ARN)
 * is a slice of the document's text, and V8 keeps the whole text alive for as long as the slice
 * lives; a message built around it holds the slice. Caches and reports that stay after a document
 * is released store their own copies, or one cached ARN keeps a 100 KB policy in memory.
 */

/** A copy of `s` that shares no memory with the text it was cut from. */
export function ownCopy(s: string): string {
  return JSON.parse(JSON.stringify(s)) as string;
}
