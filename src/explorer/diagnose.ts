/**
 * Live state in, findings and health out, through the same engine and rules as the editor. The
 * explorer evaluates nothing itself.
 */
import { analyze } from '../core/analyze';
import type { RuleLayer } from '../core/projectConfig/types';
import { parseDocument, type JsonDocument } from '../core/document';
import type { Finding } from '../core/findings';
import type { BucketObservations, LiveBucketState, LiveDocument } from '../aws/types';
import { summarize, type Health } from './healthSummary';

export interface BucketReport {
  live: LiveBucketState;
  /** Parsed documents, in `live.documents` order. */
  documents: JsonDocument[];
  findings: Finding[];
  health: Health;
  /** What S3 reports (metrics, captured failure events, the last Batch report); read after the check, in batches. */
  observations?: BucketObservations;
}

/** Role documents are shared by every bucket that uses the role (same objects from the read cache): parse each once. */
const parsed = new WeakMap<LiveDocument, JsonDocument>();

function parseOnce(doc: LiveDocument): JsonDocument {
  let p = parsed.get(doc);
  if (!p) parsed.set(doc, (p = parseDocument(doc)));
  return p;
}

/**
 * What the user chose about findings, for an account rather than a repository: the `rules` setting
 * (user and workspace values; project files describe files, not buckets) and whether info findings show.
 */
export interface FindingSettings {
  rules: RuleLayer;
  hideInfo: boolean;
}

export function diagnose(live: LiveBucketState, settings?: FindingSettings): BucketReport {
  const layers = settings && settings.rules.length > 0 ? { rules: [settings.rules] } : undefined;
  const analysis = analyze(live.documents.map(parseOnce), { facts: live.facts, ...(layers ? { settings: () => layers } : {}) });
  const findings = settings?.hideInfo ? analysis.findings.filter((f) => f.severity !== 'info') : analysis.findings;
  return { live, documents: analysis.documents, findings, health: summarize(live, findings) };
}

/** The report with what S3 reports about it, and the health that follows from both. */
export function withObservations(report: BucketReport, observations: BucketObservations): BucketReport {
  return { ...report, observations, health: summarize(report.live, report.findings, observations) };
}
