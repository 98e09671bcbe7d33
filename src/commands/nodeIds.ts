/** The way back from an explorer node to its bucket (no `vscode`: tested directly). */

/** Every node under a bucket has an id `bucket:<name>` or `bucket:<name>/…` (bucket names contain no `/`). */
export function bucketOfId(id: string | undefined): string | undefined {
  const m = id ? /^bucket:([^/]+)/.exec(id) : null;
  return m ? m[1] : undefined;
}
