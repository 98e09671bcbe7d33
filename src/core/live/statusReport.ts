/**
 * The replication status of one object or a sample of a bucket's newest objects, summarised, with
 * the reason for each object that is not replicated and whether Batch Replication would copy it.
 */
import { explainObjectStatus, type LifecycleRuleSummary, type ObjectInfo, type StatusExplanation } from './objectStatus';

export type { LifecycleRuleSummary } from './objectStatus';

export interface SampledObject {
  key: string;
  versionId?: string;
  /** `x-amz-replication-status` from HeadObject; absent when S3 sent none. */
  status?: string;
  lastModified?: string;
  tags?: Record<string, string>;
  storageClass?: string;
  archiveStatus?: string;
  failure?: ObjectInfo['failure'];
}

export interface StatusLine extends SampledObject {
  explanation: StatusExplanation;
}

export interface StatusReport {
  bucket: string;
  lines: StatusLine[];
  /** Objects per status (`NONE` for no status), in a fixed order. */
  counts: [string, number][];
  /** Objects Batch Replication would copy now (no status under a matching rule, or FAILED). */
  needsBatch: number;
}

const ORDER = ['COMPLETED', 'COMPLETE', 'PENDING', 'FAILED', 'REPLICA', 'NONE'];
const LABEL: Record<string, string> = { NONE: 'no status' };

export function statusReport(bucket: string, config: unknown, objects: readonly SampledObject[], lifecycle?: LifecycleRuleSummary[]): StatusReport {
  const lines = objects.map((o) => ({ ...o, explanation: explainObjectStatus(config, { ...o, lifecycle }) }));
  const counts = ORDER.map((s) => [s, lines.filter((l) => l.explanation.status === s).length] as [string, number]).filter(([, n]) => n > 0);
  return { bucket, lines, counts, needsBatch: lines.filter((l) => l.explanation.needsBatchReplication).length };
}

/** One line for a notification: `12 COMPLETED · 2 FAILED · 5 no status`. */
export function countsText(report: StatusReport): string {
  if (report.lines.length === 0) return 'no objects';
  return report.counts.map(([s, n]) => `${n} ${LABEL[s] ?? s}`).join(' · ');
}

function objectName(l: SampledObject): string {
  return `\`${l.key}\`${l.versionId ? ` (version ${l.versionId})` : ''}`;
}

/** The full report as Markdown, grouped by status, problems first. */
export function statusReportMarkdown(report: StatusReport, scope: string): string {
  const out = [`# Replication status: ${report.bucket}`, '', `${scope}: ${countsText(report)}.`, ''];
  if (report.needsBatch > 0) out.push(`${report.needsBatch} of them can be replicated now with **Replicate Existing Objects** (S3 Batch Replication).`, '');
  for (const status of ['FAILED', 'NONE', 'PENDING', 'REPLICA', 'COMPLETED', 'COMPLETE']) {
    const group = report.lines.filter((l) => l.explanation.status === status);
    if (group.length === 0) continue;
    out.push(`## ${LABEL[status] ?? status} (${group.length})`, '');
    for (const l of group) {
      out.push(`- ${objectName(l)}${l.lastModified ? `, ${l.lastModified}` : ''}${l.storageClass ? `, ${l.storageClass}` : ''}: ${l.explanation.reason}`);
      for (const note of l.explanation.notes) out.push(`  - ${note}`);
    }
    out.push('');
  }
  return out.join('\n');
}
