/**
 * Live state in, findings out, through the same engine and rules as the editor: the one code path of
 * the Replication view (which adds a health badge on top) and of `scan`. Nothing is evaluated here.
 */
import { analyze } from '../core/analyze';
import { parseDocument, type JsonDocument } from '../core/document';
import type { Finding } from '../core/findings';
import type { RuleLayer } from '../core/projectConfig/types';
import type { LiveBucketState, LiveDocument } from './types';

/**
 * What the user chose about findings, for an account rather than a repository: the `rules` setting
 * (user and workspace values; project files describe files, not buckets) and whether info findings show.
 */
export interface FindingSettings {
  rules: RuleLayer;
  hideInfo: boolean;
}

export interface LiveFindings {
  /** Parsed documents, in `live.documents` order. */
  documents: JsonDocument[];
  findings: Finding[];
}

/** Role documents are shared by every bucket that uses the role (same objects from the read cache): parse each once. */
const parsed = new WeakMap<LiveDocument, JsonDocument>();

function parseOnce(doc: LiveDocument): JsonDocument {
  let p = parsed.get(doc);
  if (!p) parsed.set(doc, (p = parseDocument(doc)));
  return p;
}

export function liveFindings(live: LiveBucketState, settings?: FindingSettings): LiveFindings {
  const layers = settings && settings.rules.length > 0 ? { rules: [settings.rules] } : undefined;
  const analysis = analyze(live.documents.map(parseOnce), { facts: live.facts, ...(layers ? { settings: () => layers } : {}) });
  const findings = settings?.hideInfo ? analysis.findings.filter((f) => f.severity !== 'info') : analysis.findings;
  return { documents: analysis.documents, findings };
}
