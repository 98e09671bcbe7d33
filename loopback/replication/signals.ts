/**
 * What S3 tells about replication besides the objects' status: the replication metrics it publishes
 * to CloudWatch for rules with `Metrics` enabled (failed operations in the source bucket's Region;
 * pending operations and bytes, and latency, in the destination's), and the replication failure
 * events it sends to the bucket's notification destinations (again only for rules with metrics).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { eventCovers, keyMatches } from '../s3/notifications';
import type { ReplicationRule } from '../scenario/types';
import type { BucketState, LoopbackState, ObjectVersion } from '../state';

const NAMESPACE = 'AWS/S3';
export const FAILED_EVENT = 's3:Replication:OperationFailedReplication';

export interface SignalTarget {
  destination: string;
  rule: ReplicationRule;
}

function metricsOn(rule: ReplicationRule): boolean {
  return rule.Destination.Metrics?.Status === 'Enabled' && typeof rule.ID === 'string' && rule.ID !== '';
}

/** Keys in S3 event messages are URL-encoded, spaces as `+`, slashes kept. */
function eventKey(key: string): string {
  return encodeURIComponent(key).replace(/%2F/g, '/').replace(/%20/g, '+');
}

export class ReplicationSignals {
  /** Pending operations and bytes per source, destination and rule. */
  private readonly pending = new Map<string, { ops: number; bytes: number }>();
  private sequence = 0;

  constructor(private readonly state: LoopbackState) {}

  clear(): void {
    this.pending.clear();
  }

  private dimensions(source: string, t: SignalTarget) {
    return [
      { Name: 'SourceBucket', Value: source },
      { Name: 'DestinationBucket', Value: t.destination },
      { Name: 'RuleId', Value: t.rule.ID as string },
    ];
  }

  private destinationRegion(source: BucketState, t: SignalTarget): string {
    return this.state.buckets.get(t.destination)?.region ?? source.region;
  }

  private gauge(source: BucketState, t: SignalTarget, deltaOps: number, deltaBytes: number, time: number): void {
    const key = `${source.name}\u0000${t.destination}\u0000${t.rule.ID}`;
    const p = this.pending.get(key) ?? { ops: 0, bytes: 0 };
    p.ops = Math.max(0, p.ops + deltaOps);
    p.bytes = Math.max(0, p.bytes + deltaBytes);
    this.pending.set(key, p);
    const region = this.destinationRegion(source, t);
    const dims = this.dimensions(source.name, t);
    this.state.metrics.put(region, NAMESPACE, 'OperationsPendingReplication', dims, time, p.ops);
    this.state.metrics.put(region, NAMESPACE, 'BytesPendingReplication', dims, time, p.bytes);
  }

  /** A write became PENDING for these targets. */
  started(source: BucketState, version: ObjectVersion, targets: readonly SignalTarget[], time: number): void {
    for (const t of targets) if (metricsOn(t.rule)) this.gauge(source, t, 1, version.body.length, time);
  }

  /** A target settled: COMPLETED (latency) or FAILED (a failed operation, and the failure event). */
  settled(source: BucketState, version: ObjectVersion, t: SignalTarget, outcome: { reason?: string } | undefined, writtenAt: number, time: number, wasPending: boolean): void {
    if (!metricsOn(t.rule)) return;
    if (wasPending) this.gauge(source, t, -1, -version.body.length, time);
    const dims = this.dimensions(source.name, t);
    if (!outcome) {
      this.state.metrics.put(this.destinationRegion(source, t), NAMESPACE, 'ReplicationLatency', dims, time, Math.max(0, (time - writtenAt) / 1000));
      return;
    }
    this.state.metrics.put(source.region, NAMESPACE, 'OperationsFailedReplication', dims, time, 1);
    this.sendFailureEvent(source, version, t, outcome.reason, time);
  }

  /** To every queue of the bucket's notification configuration that subscribes to failure events for this key. */
  private sendFailureEvent(source: BucketState, version: ObjectVersion, t: SignalTarget, reason: string | undefined, time: number): void {
    const targets = source.notification?.queues.filter((q) => q.events.some((e) => eventCovers(e, FAILED_EVENT)) && keyMatches(q, version.key)) ?? [];
    for (const target of targets) {
      const queue = this.state.queues.byArn(target.arn);
      // S3 drops what it may not deliver, as it does when the queue's policy changed after the configuration was written.
      if (!queue || !this.state.queues.allowsService(queue, 's3.amazonaws.com')) continue;
      const when = new Date(time).toISOString();
      const record = {
        eventVersion: '2.2',
        eventSource: 'aws:s3',
        awsRegion: source.region,
        eventTime: when,
        eventName: 'Replication:OperationFailedReplication',
        userIdentity: { principalId: 's3.amazonaws.com' },
        requestParameters: { sourceIPAddress: 's3.amazonaws.com' },
        responseElements: { 'x-amz-request-id': randomBytes(8).toString('hex').toUpperCase(), 'x-amz-id-2': randomBytes(48).toString('base64') },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: target.id,
          bucket: { name: source.name, ownerIdentity: { principalId: this.state.accountId }, arn: `arn:aws:s3:::${source.name}` },
          object: { key: eventKey(version.key), size: version.body.length, eTag: version.etag.replace(/"/g, ''), versionId: version.versionId, sequencer: (++this.sequence).toString(16).toUpperCase().padStart(18, '0') },
        },
        replicationEventData: {
          replicationRuleId: t.rule.ID,
          destinationBucket: `arn:aws:s3:::${t.destination}`,
          s3Operation: 'OBJECT_PUT',
          requestTime: new Date(time).toISOString(),
          ...(reason ? { failureReason: reason } : {}),
        },
      };
      this.state.queues.send(queue, JSON.stringify({ Records: [record] }), Math.max(time, Date.now() - 1));
    }
  }
}

export const newMessageId = (): string => randomUUID();
