/** Which open tabs show a write's preview (no `vscode`: the caller passes the tabs' diff inputs as addresses). */

/** Indexes of the diff tabs (undefined: another kind of tab) that show one of these preview documents. */
export function previewTabs(diffs: readonly ({ original: string; modified: string } | undefined)[], shown: readonly string[]): number[] {
  const ours = new Set(shown);
  return diffs.flatMap((d, i) => (d && (ours.has(d.original) || ours.has(d.modified)) ? [i] : []));
}
