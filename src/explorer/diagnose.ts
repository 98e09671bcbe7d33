/**
 * Live state in, findings and health out. The findings come from `liveFindings` (src/aws), the code
 * path `scan` shares; the explorer evaluates nothing itself and only adds the health badge.
 */
import type { JsonDocument } from '../core/document';
import type { Finding } from '../core/findings';
import { liveFindings, type FindingSettings } from '../aws/liveFindings';
import type { BucketObservations, LiveBucketState } from '../aws/types';
import { summarize, type Health } from './healthSummary';

export type { FindingSettings } from '../aws/liveFindings';

export interface BucketReport {
  live: LiveBucketState;
  /** Parsed documents, in `live.documents` order. */
  documents: JsonDocument[];
  findings: Finding[];
  health: Health;
  /** What S3 reports (metrics, captured failure events, the last Batch report); read after the check, in batches. */
  observations?: BucketObservations;
}

export function diagnose(live: LiveBucketState, settings?: FindingSettings): BucketReport {
  const { documents, findings } = liveFindings(live, settings);
  return { live, documents, findings, health: summarize(live, findings) };
}

/** The report with what S3 reports about it, and the health that follows from both. */
export function withObservations(report: BucketReport, observations: BucketObservations): BucketReport {
  return { ...report, observations, health: summarize(report.live, report.findings, observations) };
}
