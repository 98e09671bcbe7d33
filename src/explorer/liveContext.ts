/**
 * How the explorer analysed a live document, so the editor says the same about it when it is
 * opened: its kind and origin, the documents read with it, and the live facts. No `vscode`: the
 * adapter passes how it compares addresses (VS Code re-encodes them).
 */
import { parseLiveUri } from '../aws/liveUris';
import type { LiveContext } from '../editor/diagnostics';
import type { BucketReport } from './diagnose';

export function liveContextFor(
  entries: readonly { bucket: { name: string }; report?: BucketReport }[],
  uri: string,
  normalize: (uri: string) => string = (u) => u,
): LiveContext | undefined {
  // The address names the bucket or the role: only the reports that read it are compared, so a
  // 10,000-bucket account costs a few comparisons, not one per document it holds.
  const address = parseLiveUri(uri);
  if (!address) return undefined;
  const readIt = (report: BucketReport, bucket: string): boolean => {
    switch (address.kind) {
      case 'replication':
        return bucket === address.bucket;
      case 'bucket-policy':
        return report.live.destinations.some((d) => d.name === address.bucket);
      case 'key-policy':
      case 'org-policy':
        return true;
      default:
        return report.live.role?.name === address.role;
    }
  };
  for (const { bucket, report } of entries) {
    if (!report || !readIt(report, bucket.name)) continue;
    // Role documents are shared by every bucket that uses the role; the first bucket that read it will do.
    const i = report.live.documents.findIndex((d) => normalize(d.uri) === uri);
    if (i < 0) continue;
    const d = report.live.documents[i];
    return { kind: d.kind, live: d.live, others: report.documents.filter((_, j) => j !== i), facts: report.live.facts };
  }
  return undefined;
}
