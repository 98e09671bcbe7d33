/**
 * What S3 reports, as tree nodes: per rule its failed operations, pending operations and bytes and
 * latency over the window (with a trend), or why there are none; the failure reasons S3 named, each
 * explained by the engine's table with the command that repairs it; the capture of failure events;
 * and the newest Batch Replication job's report. A read that failed (AccessDenied on GetMetricData,
 * on the queue…) is a node saying so, never a broken tree.
 */
import { countReasons, type FailureEvent, type ReasonCount } from '../core/live/failureEvents';
import { FIX_LABEL, type ReasonFix } from '../core/live/failureReasons';
import { bytesText, secondsText, sinceText, sparkline, type MetricSummary, type NoTelemetry, type RuleTelemetry } from '../core/live/telemetry';
import type { AwsFailure, BucketObservations } from '../aws/types';
import { failureText } from './healthSummary';
import { detail, type NodeIcon, type TreeNode } from './nodes';

const ICON = {
  error: { id: 'error', color: 'error' } as NodeIcon,
  warning: { id: 'warning', color: 'warning' } as NodeIcon,
  info: { id: 'info', color: 'info' } as NodeIcon,
  ok: { id: 'pass', color: 'ok' } as NodeIcon,
  graph: { id: 'graph-line' } as NodeIcon,
};

const NO_TELEMETRY: Record<NoTelemetry, string> = {
  'metrics-off': 'no telemetry: replication metrics are off for this rule',
  'rule-disabled': 'no telemetry: the rule is disabled',
  'no-rule-id': 'no telemetry: the rule has no ID',
  'no-destination': 'no telemetry: the destination is not a bucket ARN',
  'region-unknown': 'no telemetry: the bucket\'s Region is unknown',
};

/** Where a rule's telemetry stands, in a few words for its description. */
export function ruleTelemetryText(t: RuleTelemetry | undefined, observing: boolean): { text: string; failing: boolean } {
  if (!t) return { text: observing ? 'telemetry…' : '', failing: false };
  if (t.none) return { text: t.none === 'metrics-off' ? 'no telemetry' : '', failing: false };
  const failed = t.metrics.failed?.total;
  const pending = t.metrics.pendingOperations?.latest;
  const parts: string[] = [];
  if (failed !== undefined) parts.push(failed > 0 ? `${failed.toLocaleString('en-US')} failed` : 'none failed');
  if (pending) parts.push(`up to ${pending.toLocaleString('en-US')} pending`);
  if (t.problems.length > 0) parts.push(`telemetry: ${failureText(t.problems[0] as AwsFailure)}`);
  return { text: parts.join(' · '), failing: (failed ?? 0) > 0 };
}

function trendRow(label: string, m: MetricSummary | undefined, value: (m: MetricSummary) => string): string | undefined {
  return m ? `| ${label} | ${value(m)} | \`${sparkline(m.points)}\` |` : undefined;
}

/** Markdown for the rule's tooltip: the numbers with a trend, then the reasons. */
export function ruleTelemetryTooltip(t: RuleTelemetry | undefined, reasons: readonly ReasonCount[], window: string): string[] {
  if (!t) return [];
  if (t.none) return [`*${NO_TELEMETRY[t.none]}.*${t.none === 'metrics-off' ? ' Enable Replication Metrics to see failed and pending operations here, and to let S3 send failure events.' : ''}`];
  const rows = [
    trendRow('Failed operations', t.metrics.failed, (m) => m.total.toLocaleString('en-US')),
    trendRow('Pending operations (peak)', t.metrics.pendingOperations, (m) => `${m.latest.toLocaleString('en-US')} in the last period, ${m.max.toLocaleString('en-US')} at most`),
    trendRow('Pending bytes (peak)', t.metrics.pendingBytes, (m) => `${bytesText(m.latest)} in the last period, ${bytesText(m.max)} at most`),
    trendRow('Latency (max)', t.metrics.latency, (m) => (m.samples > 0 ? secondsText(m.max) : '—')),
  ].filter((r): r is string => r !== undefined);
  const out = rows.length ? [`**Last ${window}** (CloudWatch, namespace \`AWS/S3\`)`, ['| Metric | Value | Trend |', '| --- | --- | --- |', ...rows].join('\n')] : [];
  for (const p of t.problems) out.push(`⚠ ${p.message}`);
  if (reasons.length) out.push(`**Failure reasons S3 reported:** ${reasons.map((r) => `\`${r.reason}\` × ${r.count}`).join(', ')}`);
  return out;
}

function failureNode(id: string, label: string, f: AwsFailure): TreeNode {
  return {
    id,
    kind: 'failure',
    label,
    description: failureText(f),
    tooltip: `**${f.operation}** ${f.target ? `on \`${f.target}\` ` : ''}failed: \`${f.code}\`\n\n${f.message}`,
    icon: ICON.warning,
    contextValue: 'failure',
    collapsible: 'none',
  };
}

/** Commands a reason node offers (menus match `failureReason:<fix>`). */
const REASON_CONTEXT: Record<ReasonFix, string> = {
  repairRole: 'failureReason:repairRole',
  enableVersioning: 'failureReason:enableVersioning',
  replicateFailed: 'failureReason:replicateFailed',
  manual: 'failureReason',
  none: 'failureReason',
};

export function reasonNode(id: string, r: ReasonCount, where: { bucket: string; destination?: string }): TreeNode {
  const info = r.info;
  const fix = info?.fix ?? 'manual';
  const lines = [`**${r.reason}** × ${r.count}`];
  if (info) {
    lines.push(info.meaning, info.remedy);
    if (info.rules.length) lines.push(`Predicted by: ${info.rules.map((x) => `\`${x}\``).join(', ')}`);
    if (info.benign) lines.push('*Benign: a race with another change, nothing to repair.*');
  } else lines.push('AWS does not document this reason.');
  if (r.lastKey) lines.push(`Latest object: \`${r.lastKey}\`${r.lastTime ? ` at ${new Date(r.lastTime).toISOString()}` : ''}`);
  const action = info && fix !== 'manual' && fix !== 'none' ? FIX_LABEL[fix] : info?.benign ? 'benign' : 'manual fix';
  return {
    id,
    kind: 'detail',
    label: r.reason,
    description: `${r.count.toLocaleString('en-US')} · ${action}`,
    tooltip: lines.join('\n\n'),
    icon: info?.benign ? ICON.info : ICON.error,
    contextValue: REASON_CONTEXT[fix],
    collapsible: 'none',
    // Enable Versioning acts on the node's bucket: for this reason that is the destination.
    bucket: fix === 'enableVersioning' && where.destination ? where.destination : where.bucket,
  };
}

/** The children a rule gains: its numbers, or the offer to turn metrics on; read failures; the reasons of its failures. */
export function ruleTelemetryChildren(base: string, bucket: string, t: RuleTelemetry | undefined, reasons: readonly ReasonCount[], window: string): TreeNode[] {
  if (!t) return [];
  const out: TreeNode[] = [];
  if (t.none === 'metrics-off') {
    out.push(
      detail(`${base}/telemetry`, 'No telemetry', 'metrics are off: no failure counts, no failure events', ICON.warning, {
        tooltip: 'S3 publishes per-rule replication metrics (failed and pending operations, pending bytes, latency) and sends failure events only for rules with `Metrics` enabled. **Enable Replication Metrics…** adds `"Metrics": {"Status": "Enabled"}` to this rule through the usual preview and confirmation. CloudWatch bills replication metrics as custom metrics.',
        contextValue: 'ruleWithoutMetrics',
        bucket,
      }),
    );
  } else if (t.none) {
    out.push(detail(`${base}/telemetry`, 'No telemetry', NO_TELEMETRY[t.none].replace(/^no telemetry: /, ''), { id: 'circle-slash' }));
  } else {
    const m = t.metrics;
    const children: TreeNode[] = [];
    if (m.failed) children.push(detail(`${base}/telemetry/failed`, 'Failed operations', `${m.failed.total.toLocaleString('en-US')}  ${sparkline(m.failed.points)}`, m.failed.total > 0 ? ICON.error : ICON.ok));
    if (m.pendingOperations || m.pendingBytes) {
      // CloudWatch answers the peak per period: what was waiting at worst, not a live count.
      const n = m.pendingOperations?.max ?? 0;
      const ops = m.pendingOperations ? `${n.toLocaleString('en-US')} operation${n === 1 ? '' : 's'}` : '';
      const bytes = m.pendingBytes ? bytesText(m.pendingBytes.max) : '';
      children.push(
        detail(`${base}/telemetry/pending`, 'Pending (peak)', [ops, bytes].filter(Boolean).join(' · ') + (m.pendingOperations ? `  ${sparkline(m.pendingOperations.points)}` : ''), { id: 'clock' }, {
          tooltip: `The most operations and bytes waiting for replication in any ${window === '24 h' ? 'hour' : 'period'} of the last ${window}.`,
        }),
      );
    }
    if (m.latency) children.push(detail(`${base}/telemetry/latency`, 'Max latency', m.latency.samples > 0 ? `${secondsText(m.latency.max)}  ${sparkline(m.latency.points)}` : 'nothing replicated', { id: 'dashboard' }));
    t.problems.forEach((p, i) => children.push(failureNode(`${base}/telemetry/problem:${i}`, 'Metrics', p as AwsFailure)));
    const failed = (m.failed?.total ?? 0) > 0;
    out.push({
      id: `${base}/telemetry`,
      kind: 'detail',
      label: `Telemetry (${window})`,
      description: ruleTelemetryText(t, false).text,
      icon: t.problems.length ? ICON.warning : failed ? ICON.error : ICON.graph,
      contextValue: failed ? 'ruleFailing' : 'telemetry',
      collapsible: 'expanded',
      bucket,
      children,
    });
  }
  if (reasons.length) {
    out.push({
      id: `${base}/reasons`,
      kind: 'detail',
      label: 'Failure reasons',
      description: reasons.map((r) => `${r.reason} × ${r.count}`).join(', '),
      icon: ICON.error,
      contextValue: 'failureReasons',
      collapsible: 'expanded',
      bucket,
      children: reasons.map((r, i) => reasonNode(`${base}/reasons/${i}`, r, { bucket, destination: t.rule.destinationBucket })),
    });
  }
  return out;
}

/** Events of one rule (by its ID). */
export function eventsOfRule(events: readonly FailureEvent[] | undefined, ruleId: string | undefined): FailureEvent[] {
  return ruleId ? (events ?? []).filter((e) => e.ruleId === ruleId) : [];
}

/** Bucket-level nodes: failure-event capture, the Batch report, and reads that failed. */
export function bucketTelemetryNodes(base: string, bucket: string, o: BucketObservations | undefined, notification: { ok: boolean; capture?: { queueArn: string }; failure?: AwsFailure } | undefined, ruleIds: readonly (string | undefined)[]): TreeNode[] {
  const out: TreeNode[] = [];
  const window = o ? sinceText(o.window.sinceMs) : '24 h';
  if (notification && !notification.ok && notification.failure) {
    out.push(failureNode(`${base}/capture`, 'Failure events', notification.failure));
  } else if (notification?.capture) {
    const capture = o?.capture;
    const events = capture?.events ?? [];
    const orphans = events.filter((e) => !e.ruleId || !ruleIds.includes(e.ruleId));
    const children = [
      ...(capture?.failure ? [failureNode(`${base}/capture/failure`, 'Reading the queue', capture.failure)] : []),
      ...countReasons(orphans).map((r, i) => reasonNode(`${base}/capture/reason:${i}`, r, { bucket })),
    ];
    out.push({
      id: `${base}/capture`,
      kind: 'detail',
      label: 'Failure events captured',
      description: capture ? `${events.length.toLocaleString('en-US')} in ${window}${capture.waiting !== undefined ? ` · ${capture.waiting.toLocaleString('en-US')} in the queue` : ''}${capture.failure ? ` · ${failureText(capture.failure)}` : ''}` : 'reading…',
      tooltip: `S3 sends this bucket's \`s3:Replication:OperationFailedReplication\` events to \`${notification.capture.queueArn}\`; the reasons show under each rule. **Stop Capturing Failure Reasons…** removes exactly the queue and the notification entry that capture added.`,
      icon: capture?.failure ? ICON.warning : events.length ? ICON.error : ICON.ok,
      contextValue: 'captureOn',
      collapsible: children.length ? 'expanded' : 'none',
      bucket,
      children,
    });
  } else if (notification?.ok) {
    out.push(
      detail(`${base}/capture`, 'Failure reasons', 'not captured', { id: 'eye-closed' }, {
        tooltip: 'S3 names the reason of every failed object in replication failure events. **Capture Failure Reasons…** creates an SQS queue only S3 may write to and adds it to the bucket\'s notification configuration (every existing notification is kept); the view then shows the reasons under each rule.',
        contextValue: 'captureOff',
        bucket,
      }),
    );
  }
  const batch = o?.batch;
  if (batch) {
    const reasons = countReasons(batch.events);
    const when = batch.createdAt ? batch.createdAt.slice(0, 16).replace('T', ' ') : '';
    const failed = batch.failedTasks ?? batch.events.length;
    out.push({
      id: `${base}/batch`,
      kind: 'detail',
      label: 'Last Batch Replication job',
      description: [batch.status, when, failed ? `${failed.toLocaleString('en-US')} failed` : 'none failed', batch.noReport ? 'no completion report' : '', batch.failure ? failureText(batch.failure) : ''].filter(Boolean).join(' · '),
      tooltip: `Job \`${batch.jobId}\` in ${batch.region}.${batch.noReport ? ' It was created without a completion report, so the reasons of its failures are unknown.' : ''}`,
      icon: batch.failure ? ICON.warning : failed ? ICON.error : ICON.ok,
      contextValue: 'batchReport',
      collapsible: reasons.length || batch.failure ? 'expanded' : 'none',
      bucket,
      children: [
        ...(batch.failure ? [failureNode(`${base}/batch/failure`, 'Reading the report', batch.failure)] : []),
        ...reasons.map((r, i) => reasonNode(`${base}/batch/reason:${i}`, r, { bucket })),
      ],
    });
  }
  (o?.failures ?? []).forEach((f, i) => out.push(failureNode(`${base}/telemetry-failure:${i}`, 'Telemetry', f)));
  return out;
}
