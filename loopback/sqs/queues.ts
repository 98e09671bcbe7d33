/**
 * SQS queues as the endpoint holds them: attributes, and messages with their visibility, receipt
 * handles and retention. Standard queues only (no FIFO), one account.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { isAllowedFor } from '../replication/permissions';

export interface QueueMessage {
  id: string;
  body: string;
  md5: string;
  sentAt: number;
  /** Invisible until then (received and not deleted). */
  visibleAt: number;
  receiveCount: number;
  firstReceivedAt?: number;
  /** The handle of the latest receive; earlier handles stop working. */
  receipt?: string;
}

export interface QueueState {
  name: string;
  region: string;
  arn: string;
  createdAt: number;
  modifiedAt: number;
  /** Attribute values as SQS returns them (strings). */
  attributes: Record<string, string>;
  messages: QueueMessage[];
}

/** Attributes CreateQueue and SetQueueAttributes accept, with SQS's defaults. */
export const QUEUE_DEFAULTS: Record<string, string> = {
  DelaySeconds: '0',
  MaximumMessageSize: '262144',
  MessageRetentionPeriod: '345600',
  ReceiveMessageWaitTimeSeconds: '0',
  VisibilityTimeout: '30',
  SqsManagedSseEnabled: 'true',
};
export const SETTABLE = new Set([...Object.keys(QUEUE_DEFAULTS), 'Policy', 'RedrivePolicy', 'RedriveAllowPolicy', 'KmsMasterKeyId', 'KmsDataKeyReusePeriodSeconds']);

const RANGES: Record<string, [number, number]> = {
  DelaySeconds: [0, 900],
  MaximumMessageSize: [1024, 262144],
  MessageRetentionPeriod: [60, 1_209_600],
  ReceiveMessageWaitTimeSeconds: [0, 20],
  VisibilityTimeout: [0, 43_200],
};

/** Why an attribute value is refused, or undefined when SQS would take it. */
export function attributeProblem(name: string, value: string): string | undefined {
  if (!SETTABLE.has(name)) return `Unknown Attribute ${name}.`;
  const range = RANGES[name];
  if (range) {
    const n = Number(value);
    if (!Number.isInteger(n) || n < range[0] || n > range[1]) return `Invalid value for the parameter ${name}.`;
  }
  if (name === 'Policy' && value !== '') {
    try {
      const parsed: unknown = JSON.parse(value);
      if (!parsed || typeof parsed !== 'object') return 'Invalid value for the parameter Policy.';
    } catch {
      return 'Invalid value for the parameter Policy.';
    }
  }
  return undefined;
}

export const QUEUE_NAME = /^[A-Za-z0-9_-]{1,80}$/;

export function md5(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

export class QueueStore {
  private readonly queues = new Map<string, QueueState>();

  constructor(private readonly account: () => string) {}

  clear(): void {
    this.queues.clear();
  }

  private key(region: string, name: string): string {
    return `${region}/${name}`;
  }

  arnOf(region: string, name: string): string {
    return `arn:aws:sqs:${region}:${this.account()}:${name}`;
  }

  get(region: string, name: string): QueueState | undefined {
    return this.queues.get(this.key(region, name));
  }

  byArn(arn: string): QueueState | undefined {
    const m = /^arn:aws:sqs:([a-z0-9-]+):(\d{12}):([\w-]+)$/.exec(arn);
    if (!m || m[2] !== this.account()) return undefined;
    return this.get(m[1], m[3]);
  }

  all(): QueueState[] {
    return [...this.queues.values()];
  }

  create(region: string, name: string, attributes: Record<string, string>, now = Date.now()): QueueState {
    const queue: QueueState = { name, region, arn: this.arnOf(region, name), createdAt: now, modifiedAt: now, attributes: { ...QUEUE_DEFAULTS, ...attributes }, messages: [] };
    this.queues.set(this.key(region, name), queue);
    return queue;
  }

  delete(queue: QueueState): void {
    this.queues.delete(this.key(queue.region, queue.name));
  }

  /** Drops messages older than the queue's retention period. */
  expire(queue: QueueState, now = Date.now()): void {
    const retention = Number(queue.attributes.MessageRetentionPeriod) * 1000;
    if (queue.messages.length && queue.messages[0].sentAt + retention <= now) queue.messages = queue.messages.filter((m) => m.sentAt + retention > now);
  }

  send(queue: QueueState, body: string, now = Date.now()): QueueMessage {
    const message: QueueMessage = { id: randomUUID(), body, md5: md5(body), sentAt: now, visibleAt: now + Number(queue.attributes.DelaySeconds) * 1000, receiveCount: 0 };
    queue.messages.push(message);
    return message;
  }

  receive(queue: QueueState, max: number, visibilitySeconds: number, now = Date.now()): QueueMessage[] {
    this.expire(queue, now);
    const out: QueueMessage[] = [];
    for (const m of queue.messages) {
      if (out.length >= max) break;
      if (m.visibleAt > now) continue;
      m.visibleAt = now + visibilitySeconds * 1000;
      m.receiveCount++;
      m.firstReceivedAt ??= now;
      m.receipt = `${Buffer.from(m.id).toString('base64url')}.${randomBytes(18).toString('base64url')}`;
      out.push(m);
    }
    return out;
  }

  /** Makes the message a receipt handle names visible again after `seconds`; false when no message has that handle. */
  changeVisibility(queue: QueueState, receipt: string, seconds: number, now = Date.now()): boolean {
    const m = queue.messages.find((x) => x.receipt === receipt);
    if (!m) return false;
    m.visibleAt = now + seconds * 1000;
    return true;
  }

  /** Deletes the message a receipt handle names; false when no message has that handle (any more). */
  deleteByReceipt(queue: QueueState, receipt: string): boolean {
    const i = queue.messages.findIndex((m) => m.receipt === receipt);
    if (i < 0) return false;
    queue.messages.splice(i, 1);
    return true;
  }

  /** Whether the queue's policy lets `service` (e.g. s3.amazonaws.com) send it messages. */
  allowsService(queue: QueueState, service: string): boolean {
    const policy = queue.attributes.Policy;
    return policy ? isAllowedFor(policy, { Service: service }, 'sqs:SendMessage', queue.arn) : false;
  }
}
