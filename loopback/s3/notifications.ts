/**
 * Get/PutBucketNotificationConfiguration. A put replaces the whole configuration, checked the way S3
 * checks it: known event types, `prefix`/`suffix` filter rules, no two configurations sharing an event
 * type on overlapping keys, and each queue destination must exist in the bucket's Region and let
 * `s3.amazonaws.com` send it messages (it then receives S3's test event). Topics and Lambda functions
 * are stored without validation: the endpoint plays no SNS or Lambda.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { AwsError, S3_NAMESPACE } from '../protocol/errors';
import { bodyXml, header, malformedXml } from '../protocol/request';
import { emptyResponse, xmlResponse } from '../protocol/responses';
import { child, childrenNamed, childText, documentXml, el, leaf, type XmlNode } from '../protocol/xml';
import type { BucketState, LoopbackState, NotificationState, NotificationTarget } from '../state';
import { bucketOperation } from './common';

/** Event types S3 sends notifications for (SQS, SNS and Lambda destinations). */
export const EVENT_TYPES = [
  's3:TestEvent',
  's3:ObjectCreated:*', 's3:ObjectCreated:Put', 's3:ObjectCreated:Post', 's3:ObjectCreated:Copy', 's3:ObjectCreated:CompleteMultipartUpload',
  's3:ObjectRemoved:*', 's3:ObjectRemoved:Delete', 's3:ObjectRemoved:DeleteMarkerCreated',
  's3:ObjectRestore:*', 's3:ObjectRestore:Post', 's3:ObjectRestore:Completed', 's3:ObjectRestore:Delete',
  's3:ReducedRedundancyLostObject',
  's3:Replication:*', 's3:Replication:OperationFailedReplication', 's3:Replication:OperationMissedThreshold', 's3:Replication:OperationReplicatedAfterThreshold', 's3:Replication:OperationNotTracked',
  's3:LifecycleExpiration:*', 's3:LifecycleExpiration:Delete', 's3:LifecycleExpiration:DeleteMarkerCreated', 's3:LifecycleTransition',
  's3:IntelligentTiering',
  's3:ObjectTagging:*', 's3:ObjectTagging:Put', 's3:ObjectTagging:Delete',
  's3:ObjectAcl:Put',
];
const KNOWN = new Set(EVENT_TYPES);

const KINDS = [
  { element: 'TopicConfiguration', arn: 'Topic', list: 'topics' },
  { element: 'QueueConfiguration', arn: 'Queue', list: 'queues' },
  { element: 'CloudFunctionConfiguration', arn: 'CloudFunction', list: 'lambdas' },
] as const;

const invalid = (message: string, fields: Record<string, string> = {}) => new AwsError('InvalidArgument', message, 400, { fields });

/** Whether one event type covers another (`s3:ObjectCreated:*` covers `s3:ObjectCreated:Put`). */
export function eventCovers(pattern: string, event: string): boolean {
  return pattern === event || (pattern.endsWith(':*') && event.startsWith(pattern.slice(0, -1)));
}

const eventsShare = (a: string[], b: string[]) => a.some((x) => b.some((y) => eventCovers(x, y) || eventCovers(y, x)));

function ruleValue(t: NotificationTarget, name: 'prefix' | 'suffix'): string {
  return t.filterRules.find((r) => r.name.toLowerCase() === name)?.value ?? '';
}

/** Whether some key matches both configurations' filters. */
function keysOverlap(a: NotificationTarget, b: NotificationTarget): boolean {
  const [pa, pb, sa, sb] = [ruleValue(a, 'prefix'), ruleValue(b, 'prefix'), ruleValue(a, 'suffix'), ruleValue(b, 'suffix')];
  return (pa.startsWith(pb) || pb.startsWith(pa)) && (sa.endsWith(sb) || sb.endsWith(sa));
}

/** Whether a configuration's filter lets this key through. */
export function keyMatches(t: NotificationTarget, key: string): boolean {
  return key.startsWith(ruleValue(t, 'prefix')) && key.endsWith(ruleValue(t, 'suffix'));
}

function readTarget(node: XmlNode, arnElement: string): NotificationTarget {
  const arn = childText(node, arnElement);
  const events = childrenNamed(node, 'Event').map((e) => e.text.trim());
  if (!arn || events.length === 0) throw malformedXml();
  for (const event of events) if (!KNOWN.has(event)) throw invalid('The event is not supported for notifications', { ArgumentName: 'Event', ArgumentValue: event });
  const key = child(node, 'Filter') && child(child(node, 'Filter') as XmlNode, 'S3Key');
  const filterRules = key
    ? childrenNamed(key, 'FilterRule').map((r) => {
        const name = childText(r, 'Name') ?? '';
        if (!/^(prefix|suffix)$/i.test(name)) throw invalid('filter rule name must be either prefix or suffix', { ArgumentName: 'FilterRule.Name', ArgumentValue: name });
        return { name, value: childText(r, 'Value') ?? '' };
      })
    : [];
  const names = filterRules.map((r) => r.name.toLowerCase());
  if (new Set(names).size !== names.length) throw invalid(`Cannot specify more than one ${names.find((n, i) => names.indexOf(n) !== i)} rule in a filter.`, { ArgumentName: 'FilterRule.Name' });
  // S3 names configurations sent without an Id.
  return { id: childText(node, 'Id') || Buffer.from(randomUUID()).toString('base64').replace(/=+$/, ''), arn, events, filterRules };
}

export function notificationFromXml(body: XmlNode): NotificationState {
  const known = new Set([...KINDS.map((k) => k.element), 'EventBridgeConfiguration']);
  if (body.children.some((c) => !known.has(c.name))) throw malformedXml();
  const state: NotificationState = { topics: [], queues: [], lambdas: [], eventBridge: child(body, 'EventBridgeConfiguration') !== undefined };
  for (const kind of KINDS) state[kind.list] = childrenNamed(body, kind.element).map((n) => readTarget(n, kind.arn));
  return state;
}

function checkOverlaps(state: NotificationState): void {
  const all = [...state.topics, ...state.queues, ...state.lambdas];
  for (let i = 0; i < all.length; i++) {
    for (let j = i + 1; j < all.length; j++) {
      if (eventsShare(all[i].events, all[j].events) && keysOverlap(all[i], all[j])) {
        throw invalid('Configurations overlap. Configurations on the same bucket cannot share a common event type.', { ArgumentName: 'Event', ArgumentValue: all[j].events.join(', ') });
      }
    }
  }
}

/** S3 checks each queue destination before it stores the configuration. */
function checkQueues(state: LoopbackState, bucket: BucketState, targets: NotificationTarget[]): void {
  for (const t of targets) {
    const queue = state.queues.byArn(t.arn);
    let problem: string | undefined;
    if (!queue || queue.region !== bucket.region) problem = 'The destination queue does not exist';
    else if (!state.queues.allowsService(queue, 's3.amazonaws.com')) problem = 'Permissions on the destination queue do not allow S3 to publish notifications from this bucket';
    if (problem) throw invalid('Unable to validate the following destination configurations', { ArgumentName1: t.arn, ArgumentValue1: problem });
  }
}

export function testEvent(bucket: string): string {
  return JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent', Time: new Date().toISOString(), Bucket: bucket, RequestId: randomBytes(8).toString('hex').toUpperCase(), HostId: randomBytes(24).toString('base64') });
}

function targetXml(t: NotificationTarget, element: string, arnElement: string): string {
  const filter = t.filterRules.length ? el('Filter', el('S3Key', t.filterRules.map((r) => el('FilterRule', leaf('Name', r.name), leaf('Value', r.value))).join(''))) : undefined;
  return el(element, leaf('Id', t.id), leaf(arnElement, t.arn), t.events.map((e) => leaf('Event', e)).join(''), filter);
}

export function notificationXml(state: NotificationState | undefined): string {
  const parts = state ? KINDS.flatMap((k) => state[k.list].map((t) => targetXml(t, k.element, k.arn))) : [];
  if (state?.eventBridge) parts.push('<EventBridgeConfiguration/>');
  return documentXml('NotificationConfiguration', S3_NAMESPACE, parts.join(''));
}

export const getBucketNotificationConfiguration = (name: string) =>
  bucketOperation('GetBucketNotificationConfiguration', name, '', (_ctx, bucket) => xmlResponse(notificationXml(bucket.notification)));

export const putBucketNotificationConfiguration = (name: string) =>
  bucketOperation('PutBucketNotificationConfiguration', name, '', (ctx, bucket) => {
    const next = notificationFromXml(bodyXml(ctx.req, 'NotificationConfiguration'));
    checkOverlaps(next);
    const before = new Set(bucket.notification?.queues.map((q) => q.arn) ?? []);
    const added = next.queues.filter((q) => !before.has(q.arn));
    if (header(ctx.req, 'x-amz-skip-destination-validation') !== 'true') checkQueues(ctx.state, bucket, next.queues);
    bucket.notification = next;
    for (const t of added) {
      const queue = ctx.state.queues.byArn(t.arn);
      if (queue) ctx.state.queues.send(queue, testEvent(bucket.name));
    }
    return emptyResponse();
  });
