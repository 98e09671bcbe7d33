/**
 * Per-rule replication telemetry from CloudWatch, decided here and fetched by the AWS layer: which
 * rules have metrics, the GetMetricData queries for a window (batched: at most 500 queries per call,
 * one Region per call), and what the answers say (failed operations, pending operations and bytes,
 * latency, and a trend).
 *
 * S3 publishes replication metrics only for rules with `Destination.Metrics` enabled, in namespace
 * `AWS/S3` with the dimensions `SourceBucket`, `DestinationBucket` and `RuleId`: the failed
 * operations in the source bucket's Region, the others in the destination's.
 */

export const NAMESPACE = 'AWS/S3';
/** GetMetricData takes at most 500 queries per call. */
export const MAX_QUERIES_PER_CALL = 500;

export type MetricKind = 'failed' | 'pendingOperations' | 'pendingBytes' | 'latency';

export interface MetricSpec {
  name: string;
  /** Sum for counts, Maximum for gauges and latency. */
  stat: 'Sum' | 'Maximum';
  /** Which bucket's Region CloudWatch holds it in. */
  side: 'source' | 'destination';
}

export const REPLICATION_METRICS: Record<MetricKind, MetricSpec> = {
  failed: { name: 'OperationsFailedReplication', stat: 'Sum', side: 'source' },
  pendingOperations: { name: 'OperationsPendingReplication', stat: 'Maximum', side: 'destination' },
  pendingBytes: { name: 'BytesPendingReplication', stat: 'Maximum', side: 'destination' },
  latency: { name: 'ReplicationLatency', stat: 'Maximum', side: 'destination' },
};

export const METRIC_KINDS = Object.keys(REPLICATION_METRICS) as MetricKind[];

/** A rule of a live configuration, as telemetry sees it. */
export interface TelemetryRule {
  /** Position in the configuration's `Rules`. */
  index: number;
  ruleId?: string;
  enabled: boolean;
  sourceBucket: string;
  sourceRegion?: string;
  destinationBucket?: string;
  /** Undefined when the destination could not be read (another account, AccessDenied). */
  destinationRegion?: string;
  /** `Destination.Metrics.Status` is Enabled: S3 publishes metrics (and sends failure events) for it. */
  metrics: boolean;
}

export interface TelemetryWindow {
  /** Epoch milliseconds. */
  start: number;
  end: number;
  periodSeconds: number;
  /** The length asked for (the start is rounded down to a period, so the window may be a little longer). */
  sinceMs: number;
}

/** Periods CloudWatch keeps at these resolutions for long enough; about 24 points per window. */
const PERIODS = [60, 300, 900, 3600, 6 * 3600, 86_400];

/**
 * The window ending now (rounded up to the minute) and a period giving about 24 points. Its start is
 * rounded down to a period boundary: CloudWatch answers each period at its start (hourly periods on
 * the hour), so an unaligned start would drop the oldest period's data points.
 */
export function telemetryWindow(now: number, sinceMs: number): TelemetryWindow {
  const end = Math.ceil(now / 60_000) * 60_000;
  const wanted = sinceMs / 1000 / 24;
  // The period nearest on a log scale: 24 h gives hourly points, 7 d six-hourly ones.
  const periodSeconds = PERIODS.reduce((best, p) => (Math.abs(Math.log(p / wanted)) < Math.abs(Math.log(best / wanted)) ? p : best));
  const period = periodSeconds * 1000;
  return { start: Math.floor((end - sinceMs) / period) * period, end, periodSeconds, sinceMs };
}

/** `24h`, `90m`, `7d`, `3600s` → milliseconds; undefined for anything else (or beyond CloudWatch's 15 months). */
export function parseSince(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*(s|m|h|d|w)$/i.exec(text.trim());
  if (!m) return undefined;
  const unit = { s: 1e3, m: 60e3, h: 3600e3, d: 86_400e3, w: 7 * 86_400e3 }[m[2].toLowerCase() as 's' | 'm' | 'h' | 'd' | 'w'];
  const ms = Number(m[1]) * unit;
  return ms >= 60_000 && ms <= 455 * 86_400e3 ? ms : undefined;
}

export function sinceText(ms: number): string {
  if (ms % 86_400e3 === 0 && ms > 2 * 86_400e3) return `${ms / 86_400e3} d`;
  if (ms % 3600e3 === 0) return `${ms / 3600e3} h`;
  return `${Math.round(ms / 60e3)} min`;
}

export interface Dimension {
  Name: string;
  Value: string;
}

export interface MetricQuery {
  /** Unique within its call: `^[a-z][a-zA-Z0-9_]*$`. */
  id: string;
  region: string;
  kind: MetricKind;
  /** The rule's index in the input list. */
  rule: number;
  metricName: string;
  dimensions: Dimension[];
  stat: MetricSpec['stat'];
  periodSeconds: number;
}

export interface QueryBatch {
  region: string;
  queries: MetricQuery[];
}

/** Why a rule has no metric queries: it is the answer the tree shows instead of numbers. */
export type NoTelemetry = 'metrics-off' | 'rule-disabled' | 'no-rule-id' | 'no-destination' | 'region-unknown';

export function noTelemetryReason(rule: TelemetryRule): NoTelemetry | undefined {
  if (!rule.enabled) return 'rule-disabled';
  if (!rule.metrics) return 'metrics-off';
  if (!rule.ruleId) return 'no-rule-id';
  if (!rule.destinationBucket) return 'no-destination';
  if (!rule.sourceRegion) return 'region-unknown';
  return undefined;
}

/**
 * The queries for every rule that has metrics, grouped by Region and cut into calls of at most 500:
 * a thousand rules in two Regions cost `ceil(n / 500)` calls per Region, not one per rule.
 */
export function planMetricQueries(rules: readonly TelemetryRule[], window: TelemetryWindow): QueryBatch[] {
  const byRegion = new Map<string, MetricQuery[]>();
  rules.forEach((rule, index) => {
    if (noTelemetryReason(rule)) return;
    const dimensions: Dimension[] = [
      { Name: 'SourceBucket', Value: rule.sourceBucket },
      { Name: 'DestinationBucket', Value: rule.destinationBucket as string },
      { Name: 'RuleId', Value: rule.ruleId as string },
    ];
    for (const kind of METRIC_KINDS) {
      const spec = REPLICATION_METRICS[kind];
      const region = spec.side === 'source' ? rule.sourceRegion : rule.destinationRegion;
      if (!region) continue;
      const list = byRegion.get(region) ?? [];
      byRegion.set(region, list);
      list.push({ id: '', region, kind, rule: index, metricName: spec.name, dimensions, stat: spec.stat, periodSeconds: window.periodSeconds });
    }
  });
  const batches: QueryBatch[] = [];
  for (const [region, queries] of [...byRegion].sort(([a], [b]) => a.localeCompare(b))) {
    for (let i = 0; i < queries.length; i += MAX_QUERIES_PER_CALL) {
      const chunk = queries.slice(i, i + MAX_QUERIES_PER_CALL).map((q, j) => ({ ...q, id: `m${j}` }));
      batches.push({ region, queries: chunk });
    }
  }
  return batches;
}

/** One query's answer, as GetMetricData returns it (any order of timestamps). */
export interface MetricAnswer {
  timestamps: number[];
  values: number[];
  /** `Complete`, `PartialData` (more pages were not read), `Forbidden`, `InternalError`. */
  status?: string;
}

export interface MetricSummary {
  /** Per period, oldest first, zero where S3 published nothing. */
  points: number[];
  /** Sum over the window (counts). */
  total: number;
  max: number;
  /** The newest period's value. */
  latest: number;
  /** Data points CloudWatch answered in the window (0: S3 published nothing, e.g. no latency without replicas). */
  samples: number;
  partial: boolean;
}

/** The answer laid out on the window's periods (CloudWatch sends only periods that have data). */
export function summarizeMetric(answer: MetricAnswer | undefined, window: TelemetryWindow, stat: MetricSpec['stat'] = 'Sum'): MetricSummary {
  const period = window.periodSeconds * 1000;
  const slots = Math.max(1, Math.ceil((window.end - window.start) / period));
  const points = new Array<number>(slots).fill(0);
  const add = (i: number, v: number) => (points[i] = stat === 'Sum' ? points[i] + v : Math.max(points[i], v));
  const values = answer?.values ?? [];
  let samples = 0;
  (answer?.timestamps ?? []).forEach((t, i) => {
    const slot = Math.floor((t - window.start) / period);
    if (slot >= 0 && slot < slots && Number.isFinite(values[i])) {
      add(slot, values[i]);
      samples++;
    }
  });
  return {
    points,
    total: points.reduce((a, b) => a + b, 0),
    max: points.reduce((a, b) => Math.max(a, b), 0),
    latest: points[points.length - 1],
    samples,
    partial: answer?.status !== undefined && answer.status !== 'Complete',
  };
}

const BLOCKS = '▁▂▃▄▅▆▇█';

/** A trend in eight block characters per value, scaled to the largest; all-zero stays flat. */
export function sparkline(points: readonly number[]): string {
  const max = points.reduce((a, b) => Math.max(a, b), 0);
  return points.map((v) => (max <= 0 || v <= 0 ? BLOCKS[0] : BLOCKS[Math.min(7, Math.max(1, Math.round((v / max) * 7)))])).join('');
}

/** `1.2 MiB`, `512 B`. */
export function bytesText(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${u === 0 ? Math.round(v) : v.toFixed(v >= 10 ? 0 : 1)} ${units[u]}`;
}

/** `45 s`, `12 min`, `2.5 h`. */
export function secondsText(s: number): string {
  if (s < 120) return `${Math.round(s)} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

/** A read that failed, in the terms the AWS layer reports it (its `AwsFailure` fits). */
export interface ReadProblem {
  operation: string;
  code: string;
  kind: string;
  message: string;
  target?: string;
}

export type RuleMetrics = { [K in MetricKind]?: MetricSummary };

/** What telemetry says of one rule: its numbers, or why there are none. */
export interface RuleTelemetry {
  rule: TelemetryRule;
  none?: NoTelemetry;
  metrics: RuleMetrics;
  /** Calls that failed for this rule's metrics (AccessDenied on GetMetricData, a throttled Region). */
  problems: ReadProblem[];
}

export interface BatchAnswer {
  batch: QueryBatch;
  answers?: Map<string, MetricAnswer>;
  problem?: ReadProblem;
}

/** The per-rule picture from the calls' answers. */
export function ruleTelemetry(rules: readonly TelemetryRule[], window: TelemetryWindow, results: readonly BatchAnswer[]): RuleTelemetry[] {
  const out: RuleTelemetry[] = rules.map((rule) => ({ rule, none: noTelemetryReason(rule), metrics: {}, problems: [] }));
  for (const { batch, answers, problem } of results) {
    for (const q of batch.queries) {
      const target = out[q.rule];
      if (problem) {
        if (!target.problems.includes(problem)) target.problems.push(problem);
        continue;
      }
      target.metrics[q.kind] = summarizeMetric(answers?.get(q.id), window, q.stat);
    }
  }
  return out;
}

/** Failed operations in the window; undefined when unknown (no metrics, or the read failed). */
export function failedCount(t: RuleTelemetry): number | undefined {
  return t.metrics.failed?.total;
}

type Json = Record<string, unknown>;
const isJson = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);

/** The rules of a live configuration (`GetBucketReplication` output, wrapped or not), as telemetry sees them. */
export function telemetryRules(config: unknown, source: { bucket: string; region?: string }, destinationRegion: (bucket: string) => string | undefined): TelemetryRule[] {
  const root = isJson(config) ? ((isJson(config.ReplicationConfiguration) ? config.ReplicationConfiguration : config) as Json) : undefined;
  const rules = Array.isArray(root?.Rules) ? root.Rules : [];
  return rules.map((raw, index): TelemetryRule => {
    const rule = isJson(raw) ? raw : {};
    const destination = isJson(rule.Destination) ? rule.Destination : {};
    const arn = typeof destination.Bucket === 'string' ? /^arn:[\w-]+:s3:::([^/]+)$/.exec(destination.Bucket) : null;
    const metrics = isJson(destination.Metrics) && destination.Metrics.Status === 'Enabled';
    const destinationBucket = arn ? arn[1] : undefined;
    return {
      index,
      ruleId: typeof rule.ID === 'string' && rule.ID ? rule.ID : undefined,
      enabled: rule.Status === 'Enabled',
      sourceBucket: source.bucket,
      sourceRegion: source.region,
      destinationBucket,
      destinationRegion: destinationBucket ? destinationRegion(destinationBucket) : undefined,
      metrics,
    };
  });
}
