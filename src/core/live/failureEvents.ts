/**
 * Failure reasons as S3 reports them, read from the two places it writes them: replication failure
 * events (`s3:Replication:OperationFailedReplication`, an S3 event notification message) and S3
 * Batch Replication completion reports (CSV). Both become `FailureEvent`s, counted per rule and
 * reason, each reason explained by the engine's table.
 */
import { failureReason, reasonInText, type FailureReason } from './failureReasons';

export const FAILED_REPLICATION_EVENT = 's3:Replication:OperationFailedReplication';

export interface FailureEvent {
  /** The rule's ID (events name it; Batch reports do not). */
  ruleId?: string;
  /** Destination bucket name. */
  destinationBucket?: string;
  /** S3's failure reason code, as sent. */
  reason?: string;
  key?: string;
  versionId?: string;
  /** Epoch milliseconds. */
  time?: number;
  from: 'event' | 'batch';
  /** Dedupes events read twice (the SQS message id, the report line). */
  id?: string;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function bucketName(arnOrName: string | undefined): string | undefined {
  if (!arnOrName) return undefined;
  const m = /^arn:[\w-]+:s3:::([^/]+)$/.exec(arnOrName);
  return m ? m[1] : arnOrName;
}

/** Object keys in S3 event messages are URL-encoded with `+` for spaces. */
function decodeKey(key: string | undefined): string | undefined {
  if (key === undefined) return undefined;
  try {
    return decodeURIComponent(key.replace(/\+/g, ' '));
  } catch {
    return key;
  }
}

/**
 * The replication failures in one S3 event notification message body; [] for anything else (the
 * `s3:TestEvent` S3 sends when a destination is added, other event types, text that is not JSON).
 */
export function parseEventMessage(body: string, messageId?: string): FailureEvent[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return [];
  }
  const records = obj(parsed)?.Records;
  if (!Array.isArray(records)) return [];
  return records.flatMap((raw, i): FailureEvent[] => {
    const r = obj(raw);
    const name = str(r?.eventName);
    if (!r || !name || !/^(s3:)?Replication:OperationFailedReplication$/.test(name)) return [];
    const data = obj(r.replicationEventData);
    const object = obj(obj(r.s3)?.object);
    const time = Date.parse(str(r.eventTime) ?? '');
    return [
      {
        ruleId: str(data?.replicationRuleId),
        destinationBucket: bucketName(str(data?.destinationBucket)),
        reason: str(data?.failureReason),
        key: decodeKey(str(object?.key)),
        versionId: str(object?.versionId),
        time: Number.isFinite(time) ? time : undefined,
        from: 'event',
        id: messageId ? `${messageId}#${i}` : undefined,
      },
    ];
  });
}

/** RFC 4180 fields of one CSV line (quotes doubled inside quoted fields). */
export function csvFields(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(field);
      field = '';
    } else field += c;
  }
  out.push(field);
  return out;
}

/** Splits CSV text into records, keeping line breaks that sit inside quoted fields. */
function csvRecords(text: string): string[] {
  const records: string[] = [];
  let current = '';
  let quotes = 0;
  for (const line of text.split(/\r?\n/)) {
    current = current ? `${current}\n${line}` : line;
    quotes += (line.match(/"/g) ?? []).length;
    if (quotes % 2 === 0) {
      if (current.trim()) records.push(current);
      current = '';
      quotes = 0;
    }
  }
  if (current.trim()) records.push(current);
  return records;
}

export interface BatchReportManifest {
  /** Result files of failed tasks, by bucket and key. */
  failed: { bucket: string; key: string }[];
  succeeded: { bucket: string; key: string }[];
}

/** The top-level `manifest.json` of a completion report; undefined when it is not one. */
export function parseReportManifest(text: string): BatchReportManifest | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const results = obj(parsed)?.Results;
  if (!Array.isArray(results)) return undefined;
  const pick = (status: string) =>
    results.flatMap((r) => {
      const o = obj(r);
      const bucket = str(o?.Bucket);
      const key = str(o?.Key);
      return o && bucket && key && str(o.TaskExecutionStatus)?.toLowerCase() === status ? [{ bucket: bucketName(bucket) as string, key }] : [];
    });
  return { failed: pick('failed'), succeeded: pick('succeeded') };
}

/**
 * The failed tasks of a Batch Replication completion report (`Bucket, Key, VersionId, TaskStatus,
 * ErrorCode, HTTPStatusCode, ResultMessage`). The reason is the documented code found in the error
 * code or the message: AWS's own examples do not keep those columns in one order.
 */
export function parseReportCsv(text: string, source: string): FailureEvent[] {
  return csvRecords(text).flatMap((line, i): FailureEvent[] => {
    const [, key, versionId, status, ...rest] = csvFields(line);
    if (!status || status.trim().toLowerCase() !== 'failed') return [];
    const reason = rest.map((f) => reasonInText(f)).find((r): r is FailureReason => r !== undefined);
    const code = reason?.code ?? rest.find((f) => /^[A-Z][A-Za-z]+$/.test(f.trim()))?.trim();
    return [{ key: decodeKey(key), versionId: versionId || undefined, reason: code, from: 'batch', id: `${source}#${i}` }];
  });
}

export interface ReasonCount {
  reason: string;
  count: number;
  /** The table's entry; undefined for a code AWS does not document. */
  info?: FailureReason;
  /** The newest object that failed this way, and when. */
  lastKey?: string;
  lastTime?: number;
}

/** Events per reason, most frequent first (then by code); those without a reason count as `unknown`. */
export function countReasons(events: readonly FailureEvent[]): ReasonCount[] {
  const counts = new Map<string, ReasonCount>();
  for (const e of events) {
    const reason = e.reason ?? 'unknown';
    const c = counts.get(reason) ?? { reason, count: 0, info: failureReason(reason) };
    counts.set(reason, c);
    c.count++;
    if (e.key && (c.lastTime === undefined || (e.time ?? 0) >= c.lastTime)) {
      c.lastKey = e.key;
      c.lastTime = e.time ?? c.lastTime;
    }
  }
  return [...counts.values()].sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
}

/** Distinct events (by id) within the window, newest last. */
export function mergeEvents(...lists: readonly (readonly FailureEvent[])[]): FailureEvent[] {
  const seen = new Set<string>();
  const out: FailureEvent[] = [];
  for (const e of lists.flat()) {
    if (e.id) {
      if (seen.has(e.id)) continue;
      seen.add(e.id);
    }
    out.push(e);
  }
  return out.sort((a, b) => (a.time ?? 0) - (b.time ?? 0));
}

/** The newest event about one object (version), for the object explainer. */
export function eventFor(events: readonly FailureEvent[], key: string, versionId?: string): FailureEvent | undefined {
  let found: FailureEvent | undefined;
  for (const e of events) {
    if (e.key !== key || (versionId && e.versionId && e.versionId !== versionId)) continue;
    if (!found || (e.time ?? 0) >= (found.time ?? 0)) found = e;
  }
  return found;
}
