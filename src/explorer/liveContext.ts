/**
 * How the explorer analysed a live document, so the editor says the same about it when it is
 * opened: its kind and origin, the documents read with it, and the live facts. No `vscode`: the
 * adapter passes how it compares addresses (VS Code re-encodes them).
 */
import type { LiveContext } from '../editor/diagnostics';
import type { BucketReport } from './diagnose';

export function liveContextFor(
  entries: Iterable<{ report?: BucketReport }>,
  uri: string,
  normalize: (uri: string) => string = (u) => u,
): LiveContext | undefined {
  for (const { report } of entries) {
    // Role documents are shared by every bucket that uses the role; the first bucket that read it will do.
    const i = report ? report.live.documents.findIndex((d) => normalize(d.uri) === uri) : -1;
    if (!report || i < 0) continue;
    const d = report.live.documents[i];
    return { kind: d.kind, live: d.live, others: report.documents.filter((_, j) => j !== i), facts: report.live.facts };
  }
  return undefined;
}
