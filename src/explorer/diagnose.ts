/**
 * Live state in, findings and health out, through the same engine and rules as the editor. The
 * explorer evaluates nothing itself.
 */
import { analyze } from '../core/analyze';
import { parseDocument, type JsonDocument } from '../core/document';
import type { Finding } from '../core/findings';
import type { LiveBucketState, LiveDocument } from '../aws/types';
import { summarize, type Health } from './healthSummary';

export interface BucketReport {
  live: LiveBucketState;
  /** Parsed documents, in `live.documents` order. */
  documents: JsonDocument[];
  findings: Finding[];
  health: Health;
}

/** Role documents are shared by every bucket that uses the role (same objects from the read cache): parse each once. */
const parsed = new WeakMap<LiveDocument, JsonDocument>();

function parseOnce(doc: LiveDocument): JsonDocument {
  let p = parsed.get(doc);
  if (!p) parsed.set(doc, (p = parseDocument(doc)));
  return p;
}

export function diagnose(live: LiveBucketState): BucketReport {
  const { documents, findings } = analyze(live.documents.map(parseOnce), { facts: live.facts });
  return { live, documents, findings, health: summarize(live, findings) };
}
