/**
 * Capturing S3's failure reasons, opt-in and reversible: an SQS queue of ours (its policy lets only
 * `s3.amazonaws.com`, on behalf of this bucket and account, send to it), and one queue configuration
 * for `s3:Replication:OperationFailedReplication` merged into the bucket's notification
 * configuration. PutBucketNotificationConfiguration replaces the whole document, so the plan writes
 * the live document with our entry appended (every topic, queue, function and EventBridge setting
 * kept as read), and the removal writes it back with exactly that entry taken out.
 */
import { eventCovers, FAILED_EVENT, NOTIFICATION_LISTS, unwrapNotification } from './notifications';
import { prettyJson, refusedPlan, type NotificationStep, type QueueStep, type WritePlan } from './writePlan';

/** The Id of our queue configuration: how the removal and the view find it again. */
export const CAPTURE_ID = 's3-replication-doctor-failed-replication';
/** SQS keeps messages at most 14 days. */
export const CAPTURE_RETENTION_SECONDS = 1_209_600;

type Json = Record<string, unknown>;

/** `s3rd-failures-<bucket>` (dots become dashes): at most 77 characters, within SQS's 80. */
export function captureQueueName(bucket: string): string {
  return `s3rd-failures-${bucket.replace(/\./g, '-')}`.slice(0, 80);
}

export function queueArn(partition: string, region: string, account: string, name: string): string {
  return `arn:${partition}:sqs:${region}:${account}:${name}`;
}

/** Only S3, sending on behalf of this bucket in this account, may write to the queue. */
export function captureQueuePolicy(arn: string, bucket: string, account: string, partition = 'aws'): string {
  return prettyJson({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'S3ReplicationFailureEvents',
        Effect: 'Allow',
        Principal: { Service: 's3.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: arn,
        Condition: { ArnEquals: { 'aws:SourceArn': `arn:${partition}:s3:::${bucket}` }, StringEquals: { 'aws:SourceAccount': account } },
      },
    ],
  });
}

/** Our entry in a notification configuration, if present. */
export function findCapture(configuration: unknown): { queueArn: string } | undefined {
  const queues = unwrapNotification(configuration)?.QueueConfigurations;
  if (!Array.isArray(queues)) return undefined;
  const ours = queues.find((q): q is Json => !!q && typeof q === 'object' && (q as Json).Id === CAPTURE_ID);
  return ours && typeof ours.QueueArn === 'string' ? { queueArn: ours.QueueArn } : undefined;
}

/** Members in the order `get-bucket-notification-configuration` prints them. */
function inCliOrder(config: Json): Json {
  const out: Json = {};
  for (const key of ['TopicConfigurations', 'QueueConfigurations', 'LambdaFunctionConfigurations', 'EventBridgeConfiguration']) if (config[key] !== undefined) out[key] = config[key];
  for (const [k, v] of Object.entries(config)) if (!(k in out) && v !== undefined) out[k] = v;
  return out;
}

/** The destinations that already receive failure events: S3 refuses a second configuration sharing the event on the same keys. */
function existingFailureTargets(config: Json): string[] {
  const out: string[] = [];
  for (const { list, arn } of NOTIFICATION_LISTS) {
    const items = Array.isArray(config[list]) ? (config[list] as unknown[]) : [];
    for (const item of items) {
      const c = item as Json;
      const events = Array.isArray(c?.Events) ? (c.Events as unknown[]) : [];
      if (c?.Id !== CAPTURE_ID && events.some((e) => typeof e === 'string' && eventCovers(e, FAILED_EVENT))) out.push(String(c[arn] ?? list));
    }
  }
  return out;
}

export interface CaptureRequest {
  bucket: string;
  region: string;
  accountId: string;
  partition?: string;
  /** The live notification configuration; undefined when it could not be read (nothing is planned then). */
  live: Json | undefined;
  /** Why `live` is undefined. */
  unreadable?: string;
  /** The queue as read now: absent, or its attributes. */
  queue: { exists: false } | { exists: true; policy?: string };
  /** Enabled rules and whether each has replication metrics (S3 sends events only for those that do). */
  rules: { id?: string; metrics: boolean }[];
}

export function planCapture(req: CaptureRequest): WritePlan {
  const title = `Capture replication failure reasons of bucket ${req.bucket}`;
  if (!req.live) return refusedPlan(title, `The notification configuration of ${req.bucket} could not be read, so what a write would replace is unknown: ${req.unreadable ?? 'unknown reason'}.`);
  const partition = req.partition ?? 'aws';
  const name = captureQueueName(req.bucket);
  const arn = queueArn(partition, req.region, req.accountId, name);
  const already = findCapture(req.live);
  const others = existingFailureTargets(req.live);
  if (!already && others.length > 0) {
    return refusedPlan(
      title,
      `${req.bucket} already sends replication failure events to ${others.join(', ')}; S3 refuses a second destination for the same events. Read them there, or remove that destination first.`,
    );
  }
  const policy = captureQueuePolicy(arn, req.bucket, req.accountId, partition);
  const steps: (QueueStep | NotificationStep)[] = [];
  const attributes = { Policy: policy, MessageRetentionPeriod: String(CAPTURE_RETENTION_SECONDS), SqsManagedSseEnabled: 'true' };
  if (!req.queue.exists) {
    steps.push({ api: 'CreateQueue', title: `Create SQS queue ${name}`, queueName: name, region: req.region, attributes, before: '', after: prettyJson({ QueueName: name, Attributes: { ...attributes, Policy: JSON.parse(policy) } }), previewName: 'queue.json' });
  } else if (!req.queue.policy || JSON.stringify(JSON.parse(req.queue.policy)) !== JSON.stringify(JSON.parse(policy))) {
    steps.push({
      api: 'SetQueueAttributes',
      title: `Let S3 send ${req.bucket}'s events to queue ${name}`,
      queueName: name,
      region: req.region,
      attributes: { Policy: policy },
      before: req.queue.policy ? prettyJson(JSON.parse(req.queue.policy)) : '',
      after: policy,
      previewName: 'queue-policy.json',
    });
  }
  if (!already) {
    const before = inCliOrder(req.live);
    const queues = Array.isArray(before.QueueConfigurations) ? (before.QueueConfigurations as unknown[]) : [];
    const after = inCliOrder({ ...before, QueueConfigurations: [...queues, { Id: CAPTURE_ID, QueueArn: arn, Events: [FAILED_EVENT] }] });
    steps.push({
      api: 'PutBucketNotificationConfiguration',
      title: `Send ${req.bucket}'s replication failure events to queue ${name}`,
      bucket: req.bucket,
      region: req.region,
      configuration: after,
      captureId: CAPTURE_ID,
      capture: 'added',
      before: prettyJson(before),
      after: prettyJson(after),
      previewName: 'notification.json',
    });
  } else if (already.queueArn !== arn) {
    return refusedPlan(title, `${req.bucket} already captures failure events, into ${already.queueArn}.`);
  }
  const silent = req.rules.filter((r) => !r.metrics).map((r) => (r.id ? `"${r.id}"` : 'a rule without ID'));
  const warnings = [
    'PutBucketNotificationConfiguration replaces the whole notification configuration: the preview shows it with every existing destination kept and one queue configuration added.',
    `Events stay in the queue for ${CAPTURE_RETENTION_SECONDS / 86_400} days; SQS bills requests (the view reads the queue when it checks the bucket).`,
    ...(silent.length ? [`S3 sends failure events only for rules with replication metrics: ${silent.join(', ')} ${silent.length === 1 ? 'has' : 'have'} none (Enable Replication Metrics on ${silent.length === 1 ? 'it' : 'them'}).`] : []),
  ];
  return { title, steps, warnings, losses: [] };
}

export interface StopCaptureRequest {
  bucket: string;
  region: string;
  live: Json | undefined;
  unreadable?: string;
  /** Our queue, when it exists, and how many messages it still holds. */
  queue?: { name: string; messages?: number };
}

/** Takes out exactly what capture added: our queue configuration (nothing else changes) and our queue. */
export function planStopCapture(req: StopCaptureRequest): WritePlan {
  const title = `Stop capturing replication failure reasons of bucket ${req.bucket}`;
  if (!req.live) return refusedPlan(title, `The notification configuration of ${req.bucket} could not be read, so what a write would replace is unknown: ${req.unreadable ?? 'unknown reason'}.`);
  const steps: (QueueStep | NotificationStep)[] = [];
  const losses: string[] = [];
  if (findCapture(req.live)) {
    const before = inCliOrder(req.live);
    const queues = (before.QueueConfigurations as Json[]).filter((q) => q?.Id !== CAPTURE_ID);
    const after = inCliOrder({ ...before, QueueConfigurations: queues.length ? queues : undefined });
    steps.push({
      api: 'PutBucketNotificationConfiguration',
      title: `Stop sending ${req.bucket}'s replication failure events to our queue`,
      bucket: req.bucket,
      region: req.region,
      configuration: after,
      captureId: CAPTURE_ID,
      capture: 'removed',
      before: prettyJson(before),
      after: prettyJson(after),
      previewName: 'notification.json',
    });
  }
  if (req.queue) {
    steps.push({ api: 'DeleteQueue', title: `Delete SQS queue ${req.queue.name}`, queueName: req.queue.name, region: req.region, before: prettyJson({ QueueName: req.queue.name }), after: '', previewName: 'queue.json' });
    if (req.queue.messages) losses.push(`the ${req.queue.messages} failure event${req.queue.messages === 1 ? '' : 's'} still in queue ${req.queue.name}`);
  }
  return { title, steps, warnings: ['SQS refuses a new queue with the same name for 60 seconds after the deletion.'], losses };
}
