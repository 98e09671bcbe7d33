/**
 * `s3-replication-doctor status --bucket NAME`: what S3 reports about one live bucket's replication,
 * for scripts and cron jobs. The AWS SDK is loaded only for this command (from `aws.js` beside the
 * CLI bundle), so `check` starts as fast as before.
 */
import { parse } from 'jsonc-parser';
import * as path from 'node:path';
import type * as Aws from '../aws';
import type { AwsFailure, BucketObservations, LiveBucketState } from '../aws/types';
import { analyze } from '../core/analyze';
import { countReasons, type FailureEvent, type ReasonCount } from '../core/live/failureEvents';
import { FIX_LABEL } from '../core/live/failureReasons';
import { bytesText, secondsText, telemetryRules, type RuleTelemetry } from '../core/live/telemetry';
import type { StatusOptions } from './args';
import { plainText } from '../core/text';
import { CliError } from './files';
import type { CliIO } from './io';

export type AwsLoader = () => Pick<typeof Aws, 'readBucketStatus'>;

/** `dist/aws.js`, beside `dist/cli.js`. A computed path keeps esbuild from bundling the SDK into the CLI. */
export const loadAwsBundle: AwsLoader = () => {
  const file = path.join(__dirname, 'aws.js');
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- run-time load of the separate SDK bundle
    return require(file) as typeof Aws;
  } catch (err) {
    throw new CliError(`cannot load the AWS layer (${file}): ${err instanceof Error ? err.message : String(err)}. Reinstall the package.`);
  }
};

interface ReasonJson {
  reason: string;
  count: number;
  fix?: string;
  meaning?: string;
  remedy?: string;
  benign?: boolean;
  lastKey?: string;
}

export interface RuleJson {
  id?: string;
  destination?: string;
  enabled: boolean;
  metrics: boolean;
  /** `ok`, or why there are no numbers (`metrics-off`, `rule-disabled`…). */
  telemetry: string;
  failed?: number;
  pendingOperationsPeak?: number;
  pendingBytesPeak?: number;
  maxLatencySeconds?: number;
  reasons: ReasonJson[];
  problems: string[];
}

export interface StatusJson {
  bucket: string;
  region?: string;
  since: string;
  window?: { start: string; end: string };
  configured: boolean;
  /** False when the replication configuration could not be read (the bucket does not exist, AccessDenied): `configured` then says nothing. */
  replicationRead: boolean;
  rules: RuleJson[];
  capture?: { queueArn: string; events: number; waiting?: number; reasons: ReasonJson[]; problem?: string };
  batch?: { jobId: string; status: string; createdAt?: string; failedTasks?: number; reasons: ReasonJson[]; noReport?: boolean; problem?: string };
  configuration: { errors: number; warnings: number; findings: { ruleId: string; severity: string; message: string }[] };
  /** Reads that failed: the answer is incomplete. */
  problems: string[];
  failed: number;
}

function reasonJson(r: ReasonCount): ReasonJson {
  const text = (t: string | undefined) => (t === undefined ? undefined : plainText(t));
  return { reason: r.reason, count: r.count, fix: r.info?.fix, meaning: text(r.info?.meaning), remedy: text(r.info?.remedy), benign: r.info?.benign, lastKey: r.lastKey };
}

/** `GetBucketLocation: <message>`, unless the message names the operation already. */
const problemText = (f: AwsFailure) => (f.message.startsWith(f.operation) ? f.message : `${f.operation}: ${f.message}`);

export function ruleJson(t: RuleTelemetry, events: readonly FailureEvent[]): RuleJson {
  const m = t.metrics;
  const mine = t.rule.ruleId ? events.filter((e) => e.ruleId === t.rule.ruleId) : [];
  return {
    id: t.rule.ruleId,
    destination: t.rule.destinationBucket,
    enabled: t.rule.enabled,
    metrics: t.rule.metrics,
    telemetry: t.none ?? 'ok',
    failed: m.failed?.total,
    pendingOperationsPeak: m.pendingOperations?.max,
    pendingBytesPeak: m.pendingBytes?.max,
    maxLatencySeconds: m.latency && m.latency.samples > 0 ? m.latency.max : undefined,
    reasons: countReasons(mine).map(reasonJson),
    problems: t.problems.map((p) => problemText(p as AwsFailure)),
  };
}

/** The report as data: what `--format json` prints, and what the text is written from. */
export function statusJson(options: StatusOptions, live: LiveBucketState, o: BucketObservations | undefined): StatusJson {
  const configured = live.replication.ok && live.replication.value.configured;
  const problems: string[] = [];
  if (!live.replication.ok) problems.push(problemText(live.replication.failure));
  if (live.notification && !live.notification.ok) problems.push(problemText(live.notification.failure));
  const findings = analyze(live.documents, { facts: live.facts }).findings.filter((f) => f.severity !== 'info');
  const events = o?.capture?.events ?? [];
  const rules: RuleJson[] = o
    ? o.rules.map((t) => ruleJson(t, events))
    : configured && live.replication.ok && live.replication.value.configured
      ? telemetryRules(parse(live.replication.value.document.text), { bucket: live.bucket.name, region: live.bucket.region }, () => undefined).map((r) => ({ id: r.ruleId, destination: r.destinationBucket, enabled: r.enabled, metrics: r.metrics, telemetry: 'not read', reasons: [], problems: [] }))
      : [];
  for (const r of rules) problems.push(...r.problems);
  if (o?.capture?.failure) problems.push(problemText(o.capture.failure));
  if (o?.batch?.failure) problems.push(problemText(o.batch.failure));
  problems.push(...(o?.failures ?? []).map(problemText));
  const ruleIds = new Set(rules.map((r) => r.id));
  const orphanEvents = events.filter((e) => !e.ruleId || !ruleIds.has(e.ruleId));
  const batch = o?.batch;
  const batchInWindow = batch && o && Date.parse(batch.createdAt ?? '') >= o.window.start ? (batch.failedTasks ?? batch.events.length) : 0;
  return {
    bucket: live.bucket.name,
    region: live.bucket.region,
    since: options.since,
    window: o ? { start: new Date(o.window.start).toISOString(), end: new Date(o.window.end).toISOString() } : undefined,
    configured,
    replicationRead: live.replication.ok,
    rules,
    capture: o?.capture ? { queueArn: o.capture.queueArn, events: events.length, waiting: o.capture.waiting, reasons: countReasons(orphanEvents).map(reasonJson), problem: o.capture.failure?.message } : undefined,
    batch: batch ? { jobId: batch.jobId, status: batch.status, createdAt: batch.createdAt, failedTasks: batch.failedTasks, reasons: countReasons(batch.events).map(reasonJson), noReport: batch.noReport, problem: batch.failure?.message } : undefined,
    configuration: {
      errors: findings.filter((f) => f.severity === 'error').length,
      warnings: findings.filter((f) => f.severity === 'warning').length,
      findings: findings.map((f) => ({ ruleId: f.ruleId, severity: f.severity, message: plainText(f.message) })),
    },
    problems: [...new Set(problems)],
    failed: rules.reduce((sum, r) => sum + (r.failed ?? 0), 0) + batchInWindow,
  };
}

const TELEMETRY_TEXT: Record<string, string> = {
  'metrics-off': 'no telemetry (replication metrics are off: S3 publishes no counts and sends no failure events for it)',
  'rule-disabled': 'disabled',
  'no-rule-id': 'no telemetry (the rule has no ID)',
  'no-destination': 'no telemetry (the destination is not a bucket ARN)',
  'region-unknown': 'no telemetry (Region unknown)',
  'not read': 'telemetry not read',
};

function reasonLines(reasons: readonly ReasonJson[], indent: string): string[] {
  return reasons.map((r) => {
    const fix = r.fix && r.fix !== 'manual' && r.fix !== 'none' ? ` Fix: ${FIX_LABEL[r.fix as keyof typeof FIX_LABEL]}.` : '';
    const what = r.meaning ? ` ${r.meaning}${r.benign ? ' (benign)' : ''} ${r.remedy ?? ''}${fix}` : ' (a reason AWS does not document)';
    return `${indent}${r.reason} × ${r.count}:${what}${r.lastKey ? ` Latest: ${r.lastKey}` : ''}`;
  });
}

/** One rule's telemetry: a line with its numbers (or why there are none), then its failure reasons. */
export function ruleLines(r: RuleJson, indent: string): string[] {
  const head = `${indent}rule ${r.id ?? '(no ID)'} → ${r.destination ?? '?'}: `;
  if (r.telemetry !== 'ok') return [head + (TELEMETRY_TEXT[r.telemetry] ?? r.telemetry)];
  const parts = [r.failed !== undefined ? `${r.failed.toLocaleString('en-US')} failed` : 'failed count unknown'];
  if (r.pendingOperationsPeak) parts.push(`up to ${r.pendingOperationsPeak} pending (${bytesText(r.pendingBytesPeak ?? 0)})`);
  if (r.maxLatencySeconds !== undefined) parts.push(`max latency ${secondsText(r.maxLatencySeconds)}`);
  return [head + parts.join(', '), ...reasonLines(r.reasons, `${indent}  `), ...r.problems.map((p) => `${indent}  could not read: ${p}`)];
}

export function statusText(s: StatusJson): string {
  const lines = [`${s.bucket}${s.region ? ` (${s.region})` : ''}, last ${s.since}: ${s.failed > 0 ? `${s.failed.toLocaleString('en-US')} failed` : s.configured ? 'nothing failed' : s.replicationRead ? 'no replication configuration' : 'replication configuration not read'}`];
  for (const r of s.rules) lines.push(...ruleLines(r, '  '));
  if (s.capture) {
    lines.push(`Failure events: captured in ${s.capture.queueArn}, ${s.capture.events} in the window${s.capture.waiting !== undefined ? `, ${s.capture.waiting} in the queue` : ''}`);
    lines.push(...reasonLines(s.capture.reasons, '  '));
  } else if (s.configured) lines.push('Failure events: not captured (the Replication view\'s "Capture Replication Failure Reasons…" sets it up)');
  if (s.batch) {
    lines.push(`Last Batch Replication job ${s.batch.jobId}: ${s.batch.status}${s.batch.createdAt ? `, ${s.batch.createdAt}` : ''}, ${s.batch.failedTasks ?? 0} failed${s.batch.noReport ? ' (no completion report)' : ''}`);
    lines.push(...reasonLines(s.batch.reasons, '  '));
  }
  const c = s.configuration;
  if (c.errors + c.warnings > 0) {
    lines.push(`Configuration: ${c.errors} error${c.errors === 1 ? '' : 's'}, ${c.warnings} warning${c.warnings === 1 ? '' : 's'}`);
    for (const f of c.findings) lines.push(`  ${f.severity.padEnd(7)} ${f.ruleId}: ${f.message}`);
  }
  if (s.problems.length) {
    lines.push('Could not read (the answer is incomplete):');
    for (const p of s.problems) lines.push(`  ${p}`);
  }
  return `${lines.join('\n')}\n`;
}

export async function runStatus(options: StatusOptions, io: CliIO, loadAws: AwsLoader = loadAwsBundle, extra: Record<string, unknown> = {}): Promise<number> {
  const aws = loadAws();
  const read = await aws.readBucketStatus({ bucket: options.bucket, sinceMs: options.sinceMs, profile: options.profile, region: options.region, endpoint: options.endpoint, env: io.env as NodeJS.ProcessEnv, ...extra });
  const failure = read.live.replication.ok ? undefined : read.live.replication.failure;
  // No credentials, no network: one line, like any other I/O error (exit 2).
  if (failure && (failure.kind === 'credentials' || failure.kind === 'network')) throw new CliError(failure.message);
  const s = statusJson(options, read.live, read.observations);
  io.stdout(options.format === 'json' ? `${JSON.stringify(s, null, 2)}\n` : statusText(s));
  if (s.failed > 0 || s.configuration.errors > 0) return 1;
  return s.problems.length > 0 ? 2 : 0;
}
