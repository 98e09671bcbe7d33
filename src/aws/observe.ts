/**
 * Reads what S3 reports about replication, for many buckets at once: CloudWatch metrics per rule
 * (the engine plans the queries: one GetMetricData call per Region per 500 metrics, whatever the
 * number of buckets), the failure events in our capture queues, and the newest Batch Replication
 * job's completion report. Nothing here judges; the engine's tables explain what was read.
 *
 * Captured events are read without deleting them (the queue keeps them 14 days, so the CLI and other
 * windows see them too): a read receives what is visible, hiding what it received until it is done
 * (so no message is received twice in one read), then makes it all visible again at once. What was
 * read before is kept here, by message id, so a read that samples fewer messages loses nothing.
 */
import { GetMetricDataCommand, type CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { DescribeJobCommand, ListJobsCommand, type JobDescriptor, type S3ControlClient } from '@aws-sdk/client-s3-control';
import { ChangeMessageVisibilityBatchCommand, GetQueueAttributesCommand, GetQueueUrlCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { parse } from 'jsonc-parser';
import { mergeEvents, parseEventMessage, parseReportCsv, parseReportManifest, type FailureEvent } from '../core/live/failureEvents';
import { planMetricQueries, ruleTelemetry, telemetryRules, telemetryWindow, type BatchAnswer, type MetricAnswer, type QueryBatch, type TelemetryRule, type TelemetryWindow } from '../core/live/telemetry';
import { AwsCallError } from './errors';
import type { CallScope } from './scope';
import type { AwsFailure, BatchReportRead, BucketObservations, CapturedEvents, LiveBucketState, ObserveOptions } from './types';

export interface ObserveClients {
  cloudWatch(region: string): CloudWatchClient;
  sqs(region: string): SQSClient;
  s3control(region: string): S3ControlClient;
  s3(region: string): S3Client;
}

const DAY = 86_400_000;
/** Receives per queue and read: 10 messages each. */
const MAX_RECEIVES = 10;
/** How long a received message stays hidden while the read goes on; it is made visible again right after. */
const PEEK_SECONDS = 30;

function failureOf(err: unknown): AwsFailure {
  if (err instanceof AwsCallError) {
    if (err.kind === 'cancelled') throw err;
    return err.toFailure();
  }
  throw err;
}

/** `arn:aws:sqs:us-east-1:123456789012:name` → Region and name. */
function queueOf(arn: string): { region: string; name: string } | undefined {
  const m = /^arn:[\w-]+:sqs:([a-z0-9-]+):\d{12}:([\w-]+)$/.exec(arn);
  return m ? { region: m[1], name: m[2] } : undefined;
}

function bucketOfArn(arn: string | undefined): string | undefined {
  const m = arn ? /^arn:[\w-]+:s3:::([^/]+)$/.exec(arn) : null;
  return m ? m[1] : undefined;
}

export class Observer {
  /** Failure events seen per capture queue, by message id. */
  private readonly events = new Map<string, Map<string, FailureEvent>>();
  private readonly queueUrls = new Map<string, string>();
  /** Finished jobs never change: their descriptions and reports are read once. */
  private readonly jobs = new Map<string, JobDescriptor>();
  private readonly reports = new Map<string, FailureEvent[]>();
  private readonly listings = new Map<string, { at: number; value: Promise<string[]> }>();

  constructor(
    private readonly clients: ObserveClients,
    private readonly ttlMs = 60_000,
  ) {}

  forget(): void {
    this.listings.clear();
  }

  async observe(scope: CallScope, states: readonly LiveBucketState[], options: ObserveOptions = {}): Promise<Map<string, BucketObservations>> {
    const now = options.now ?? Date.now();
    const window = telemetryWindow(now, options.sinceMs ?? DAY);
    const configured = states.filter((s) => s.replication.ok && s.replication.value.configured);
    const perBucket = configured.map((s) => ({ state: s, rules: this.rulesOf(s) }));
    const all = perBucket.flatMap((b) => b.rules);
    const batches = planMetricQueries(all, window);
    const [answers, captures, reports] = await Promise.all([
      Promise.all(batches.map((b) => this.metricData(scope, b, window))),
      Promise.all(configured.map((s) => this.captured(scope, s, window))),
      this.batchReports(scope, configured),
    ]);
    const telemetry = ruleTelemetry(all, window, answers);
    const out = new Map<string, BucketObservations>();
    let offset = 0;
    perBucket.forEach(({ state, rules }, i) => {
      const batch = reports.byBucket.get(state.bucket.name);
      out.set(state.bucket.name, {
        window,
        at: now,
        rules: telemetry.slice(offset, offset + rules.length),
        capture: captures[i],
        batch,
        failures: reports.failures.get(state.bucket.region ?? '') ?? [],
      });
      offset += rules.length;
    });
    return out;
  }

  private rulesOf(state: LiveBucketState): TelemetryRule[] {
    if (!state.replication.ok || !state.replication.value.configured) return [];
    const regions = new Map(state.destinations.map((d) => [d.name, d.region]));
    return telemetryRules(parse(state.replication.value.document.text), { bucket: state.bucket.name, region: state.bucket.region }, (b) => (b === state.bucket.name ? state.bucket.region : regions.get(b)));
  }

  private async metricData(scope: CallScope, batch: QueryBatch, window: TelemetryWindow): Promise<BatchAnswer> {
    const cw = this.clients.cloudWatch(batch.region);
    const answers = new Map<string, MetricAnswer>();
    const input = {
      StartTime: new Date(window.start),
      EndTime: new Date(window.end),
      ScanBy: 'TimestampAscending' as const,
      MetricDataQueries: batch.queries.map((q) => ({ Id: q.id, MetricStat: { Metric: { Namespace: 'AWS/S3', MetricName: q.metricName, Dimensions: q.dimensions }, Period: q.periodSeconds, Stat: q.stat }, ReturnData: true })),
    };
    try {
      let token: string | undefined;
      do {
        const out = await scope.call('GetMetricData', `${batch.queries.length} metrics`, (abortSignal) => cw.send(new GetMetricDataCommand({ ...input, NextToken: token }), { abortSignal }), batch.region);
        for (const r of out.MetricDataResults ?? []) {
          if (!r.Id) continue;
          const a = answers.get(r.Id) ?? { timestamps: [], values: [] };
          a.timestamps.push(...(r.Timestamps ?? []).map((t) => t.getTime()));
          a.values.push(...(r.Values ?? []));
          a.status = r.StatusCode;
          answers.set(r.Id, a);
        }
        token = out.NextToken;
      } while (token);
      return { batch, answers };
    } catch (err) {
      return { batch, problem: failureOf(err) };
    }
  }

  /** Reads the bucket's capture queue, when capture is on; the events seen so far stay known. */
  private async captured(scope: CallScope, state: LiveBucketState, window: TelemetryWindow): Promise<CapturedEvents | undefined> {
    const capture = state.notification?.ok ? state.notification.value.capture : undefined;
    if (!capture) return undefined;
    const queue = queueOf(capture.queueArn);
    const known = this.events.get(capture.queueArn) ?? new Map<string, FailureEvent>();
    this.events.set(capture.queueArn, known);
    const result = (extra: Partial<CapturedEvents> = {}): CapturedEvents => ({
      queueArn: capture.queueArn,
      events: mergeEvents([...known.values()].filter((e) => e.time === undefined || e.time >= window.start)),
      ...extra,
    });
    if (!queue) return result();
    const sqs = this.clients.sqs(queue.region);
    try {
      let url = this.queueUrls.get(capture.queueArn);
      if (!url) {
        url = (await scope.call('GetQueueUrl', queue.name, (abortSignal) => sqs.send(new GetQueueUrlCommand({ QueueName: queue.name }), { abortSignal }), queue.region)).QueueUrl ?? '';
        this.queueUrls.set(capture.queueArn, url);
      }
      const receipts: string[] = [];
      try {
        for (let i = 0; i < MAX_RECEIVES; i++) {
          const out = await scope.call('ReceiveMessage', queue.name, (abortSignal) => sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, VisibilityTimeout: PEEK_SECONDS, WaitTimeSeconds: 0 }), { abortSignal }), queue.region);
          const messages = out.Messages ?? [];
          for (const m of messages) {
            if (m.ReceiptHandle) receipts.push(m.ReceiptHandle);
            for (const e of parseEventMessage(m.Body ?? '', m.MessageId)) known.set(e.id ?? `${known.size}`, e);
          }
          if (messages.length < 10) break;
        }
      } finally {
        // Visible again for every other reader (another window, a cron job's `status`) right away.
        for (let i = 0; i < receipts.length; i += 10) {
          const entries = receipts.slice(i, i + 10).map((r, j) => ({ Id: `m${j}`, ReceiptHandle: r, VisibilityTimeout: 0 }));
          await scope.call('ChangeMessageVisibilityBatch', queue.name, (abortSignal) => sqs.send(new ChangeMessageVisibilityBatchCommand({ QueueUrl: url, Entries: entries }), { abortSignal }), queue.region).catch(() => undefined);
        }
      }
      const attrs = await scope.call('GetQueueAttributes', queue.name, (abortSignal) => sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }), { abortSignal }), queue.region);
      const a = attrs.Attributes ?? {};
      return result({ waiting: Number(a.ApproximateNumberOfMessages ?? 0) + Number(a.ApproximateNumberOfMessagesNotVisible ?? 0) });
    } catch (err) {
      this.queueUrls.delete(capture.queueArn);
      return result({ failure: failureOf(err) });
    }
  }

  /** The S3ReplicateObject jobs of a Region, newest first (one ListJobs per Region and TTL). */
  private jobIds(scope: CallScope, region: string, accountId: string): Promise<string[]> {
    const hit = this.listings.get(region);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.value;
    const control = this.clients.s3control(region);
    const value = (async () => {
      const ids: string[] = [];
      let token: string | undefined;
      do {
        const out = await scope.call('ListJobs', region, (abortSignal) => control.send(new ListJobsCommand({ AccountId: accountId, NextToken: token }), { abortSignal }), region);
        for (const j of out.Jobs ?? []) if (j.Operation === 'S3ReplicateObject' && j.JobId) ids.push(j.JobId);
        token = out.NextToken;
      } while (token && ids.length < 1000);
      return ids;
    })();
    const entry = { at: Date.now(), value };
    this.listings.set(region, entry);
    value.catch(() => this.listings.get(region) === entry && this.listings.delete(region));
    return value;
  }

  private async job(scope: CallScope, region: string, accountId: string, jobId: string): Promise<JobDescriptor | undefined> {
    const known = this.jobs.get(jobId);
    if (known) return known;
    const out = await scope.call('DescribeJob', jobId, (abortSignal) => this.clients.s3control(region).send(new DescribeJobCommand({ AccountId: accountId, JobId: jobId }), { abortSignal }), region);
    const job = out.Job;
    if (job && ['Complete', 'Failed', 'Cancelled'].includes(job.Status ?? '')) this.jobs.set(jobId, job);
    return job;
  }

  /** Per Region: its jobs (newest first), then for each bucket the newest job replicating it, and that job's report. */
  private async batchReports(scope: CallScope, states: readonly LiveBucketState[]): Promise<{ byBucket: Map<string, BatchReportRead>; failures: Map<string, AwsFailure[]> }> {
    const byBucket = new Map<string, BatchReportRead>();
    const failures = new Map<string, AwsFailure[]>();
    const accountId = states.find((s) => s.facts.accountId)?.facts.accountId;
    if (!accountId) return { byBucket, failures };
    const regions = [...new Set(states.map((s) => s.bucket.region).filter((r): r is string => !!r))];
    await Promise.all(
      regions.map(async (region) => {
        let ids: string[];
        try {
          ids = await this.jobIds(scope, region, accountId);
        } catch (err) {
          failures.set(region, [failureOf(err)]);
          return;
        }
        const wanted = new Set(states.filter((s) => s.bucket.region === region).map((s) => s.bucket.name));
        for (const id of ids) {
          if (wanted.size === 0) break;
          let job: JobDescriptor | undefined;
          try {
            job = await this.job(scope, region, accountId, id);
          } catch (err) {
            failures.set(region, [...(failures.get(region) ?? []), failureOf(err)]);
            continue;
          }
          const bucket = bucketOfArn(job?.ManifestGenerator?.S3JobManifestGenerator?.SourceBucket);
          if (!job || !bucket || !wanted.has(bucket)) continue;
          wanted.delete(bucket);
          byBucket.set(bucket, await this.report(scope, region, job));
        }
      }),
    );
    return { byBucket, failures };
  }

  private async report(scope: CallScope, region: string, job: JobDescriptor): Promise<BatchReportRead> {
    const jobId = job.JobId ?? '';
    const base: BatchReportRead = { jobId, status: job.Status ?? 'unknown', region, createdAt: job.CreationTime?.toISOString(), failedTasks: job.ProgressSummary?.NumberOfTasksFailed, events: [] };
    const report = job.Report;
    const bucket = bucketOfArn(report?.Bucket);
    if (!report?.Enabled || !bucket) return { ...base, noReport: true };
    if (!['Complete', 'Failed', 'Cancelled'].includes(base.status)) return base;
    const cached = this.reports.get(jobId);
    if (cached) return { ...base, events: cached };
    const s3 = this.clients.s3(region);
    const text = async (key: string) => {
      const out = await scope.call('GetObject', `${bucket}/${key}`, (abortSignal) => s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }), { abortSignal }), region);
      return (await out.Body?.transformToString()) ?? '';
    };
    try {
      const prefix = (report.Prefix ?? '').replace(/\/+$/, '');
      const manifest = parseReportManifest(await text(`${prefix ? `${prefix}/` : ''}job-${jobId}/manifest.json`));
      const events: FailureEvent[] = [];
      for (const file of manifest?.failed ?? []) events.push(...parseReportCsv(await text(file.key), `${jobId}/${file.key}`));
      const time = job.TerminationDate?.getTime() ?? job.CreationTime?.getTime();
      const dated = events.map((e) => ({ ...e, time }));
      this.reports.set(jobId, dated);
      return { ...base, events: dated };
    } catch (err) {
      return { ...base, failure: failureOf(err) };
    }
  }
}
