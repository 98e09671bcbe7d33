/**
 * Which destinations of a bucket notification configuration receive replication events, and how a
 * configuration gains or loses our capture queue. Plain JSON in and out (the CLI's and the SDK's
 * member names are the same), so files, live documents and the write planner share it.
 */
import type { ReplicationEventTargets } from '../facts';

export const FAILED_EVENT = 's3:Replication:OperationFailedReplication';
export const THRESHOLD_EVENTS = ['s3:Replication:OperationMissedThreshold', 's3:Replication:OperationReplicatedAfterThreshold'];

type Json = Record<string, unknown>;
const isJson = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);

export const NOTIFICATION_LISTS = [
  { list: 'TopicConfigurations', arn: 'TopicArn' },
  { list: 'QueueConfigurations', arn: 'QueueArn' },
  { list: 'LambdaFunctionConfigurations', arn: 'LambdaFunctionArn' },
] as const;

/** Whether an event type in a configuration covers `event` (`s3:Replication:*` covers every replication event). */
export function eventCovers(pattern: string, event: string): boolean {
  return pattern === event || (pattern.endsWith(':*') && event.startsWith(pattern.slice(0, -1)));
}

/** The configuration object inside a `{"NotificationConfiguration": …}` wrapper (CLI input files), or itself. */
export function unwrapNotification(value: unknown): Json | undefined {
  if (!isJson(value)) return undefined;
  return isJson(value.NotificationConfiguration) ? value.NotificationConfiguration : value;
}

export function replicationEventTargets(value: unknown): ReplicationEventTargets {
  const config = unwrapNotification(value) ?? {};
  const out: ReplicationEventTargets = { failed: [], threshold: [] };
  for (const { list, arn } of NOTIFICATION_LISTS) {
    const items = Array.isArray(config[list]) ? (config[list] as unknown[]) : [];
    for (const item of items) {
      if (!isJson(item)) continue;
      const events = Array.isArray(item.Events) ? item.Events.filter((e): e is string => typeof e === 'string') : [];
      const target = typeof item[arn] === 'string' ? (item[arn] as string) : list;
      if (events.some((e) => eventCovers(e, FAILED_EVENT))) out.failed.push(target);
      if (events.some((e) => THRESHOLD_EVENTS.some((t) => eventCovers(e, t)))) out.threshold.push(target);
    }
  }
  // EventBridge receives every S3 event of the bucket, replication events included.
  if (isJson(config.EventBridgeConfiguration)) {
    out.failed.push('EventBridge');
    out.threshold.push('EventBridge');
  }
  return out;
}
