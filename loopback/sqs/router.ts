/**
 * SQS: CreateQueue, GetQueueUrl, GetQueueAttributes, SetQueueAttributes, SendMessage, ReceiveMessage
 * (long polling included), ChangeMessageVisibility(Batch), DeleteMessage, DeleteMessageBatch, DeleteQueue, in AWS JSON 1.0 (the
 * JavaScript SDK v3) and Query (Debian's AWS CLI 2.9). Queue URLs name the endpoint, the account
 * and the queue; the Region is the request's.
 */
import type { HandlerContext, LoopbackRequest, Operation } from '../protocol/request';
import { listMember, nestQuery, numberMember, objectMember, routeRpc, RpcError, stringMember, type Json, type RpcService } from '../protocol/rpc';
import { el, leaf } from '../protocol/xml';
import { attributeProblem, QUEUE_NAME, type QueueMessage, type QueueState } from './queues';

/** JSON error shapes and the codes the Query protocol (and `x-amzn-query-error`) use for them. */
const QUERY_CODES: Record<string, string> = {
  QueueDoesNotExist: 'AWS.SimpleQueueService.NonExistentQueue',
  QueueNameExists: 'QueueAlreadyExists',
  QueueDeletedRecently: 'AWS.SimpleQueueService.QueueDeletedRecently',
  EmptyBatchRequest: 'AWS.SimpleQueueService.EmptyBatchRequest',
  TooManyEntriesInBatchRequest: 'AWS.SimpleQueueService.TooManyEntriesInBatchRequest',
  BatchEntryIdsNotDistinct: 'AWS.SimpleQueueService.BatchEntryIdsNotDistinct',
};

const DELETED_RECENTLY_MS = 60_000;
const recentlyDeleted = new WeakMap<object, Map<string, number>>();

const sqsError = (shape: string, message: string, status = 400) => new RpcError(QUERY_CODES[shape] ?? shape, message, status, shape);
const missing = (name: string) => sqsError('MissingParameter', `The request must contain the parameter ${name}.`);

function queueUrl(ctx: HandlerContext, queue: QueueState): string {
  return `http://${ctx.endpointHost}/${ctx.state.accountId}/${queue.name}`;
}

function findQueue(ctx: HandlerContext, input: Json): QueueState {
  const url = stringMember(input, 'QueueUrl');
  if (!url) throw missing('QueueUrl');
  const m = /\/(\d{12})\/([\w-]+)\/?$/.exec(url);
  const queue = m && m[1] === ctx.state.accountId ? ctx.state.queues.get(ctx.region, m[2]) : undefined;
  if (!queue) throw sqsError('QueueDoesNotExist', 'The specified queue does not exist.');
  return queue;
}

function attributesIn(input: Json): Record<string, string> {
  const raw = objectMember(input, 'Attributes') ?? {};
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    const text = String(value);
    const problem = attributeProblem(name, text);
    if (problem) throw sqsError(problem.startsWith('Unknown') ? 'InvalidAttributeName' : 'InvalidAttributeValue', problem);
    out[name] = text;
  }
  return out;
}

function createQueue(ctx: HandlerContext, input: Json): Json {
  const name = stringMember(input, 'QueueName');
  if (!name) throw missing('QueueName');
  if (!QUEUE_NAME.test(name)) throw sqsError('InvalidParameterValue', 'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length');
  const attributes = attributesIn(input);
  const existing = ctx.state.queues.get(ctx.region, name);
  if (existing) {
    const differs = Object.entries(attributes).some(([k, v]) => existing.attributes[k] !== v);
    if (differs) throw sqsError('QueueNameExists', 'A queue already exists with the same name and a different value for attribute(s)');
    return { QueueUrl: queueUrl(ctx, existing) };
  }
  const deleted = recentlyDeleted.get(ctx.state)?.get(`${ctx.region}/${name}`);
  if (deleted !== undefined && Date.now() - deleted < DELETED_RECENTLY_MS) {
    throw sqsError('QueueDeletedRecently', 'You must wait 60 seconds after deleting a queue before you can create another queue with the same name.');
  }
  return { QueueUrl: queueUrl(ctx, ctx.state.queues.create(ctx.region, name, attributes)) };
}

function getQueueUrl(ctx: HandlerContext, input: Json): Json {
  const name = stringMember(input, 'QueueName');
  if (!name) throw missing('QueueName');
  const owner = stringMember(input, 'QueueOwnerAWSAccountId');
  const queue = owner && owner !== ctx.state.accountId ? undefined : ctx.state.queues.get(ctx.region, name);
  if (!queue) throw sqsError('QueueDoesNotExist', 'The specified queue does not exist.');
  return { QueueUrl: queueUrl(ctx, queue) };
}

function allAttributes(ctx: HandlerContext, queue: QueueState): Record<string, string> {
  ctx.state.queues.expire(queue);
  const now = Date.now();
  return {
    QueueArn: queue.arn,
    ApproximateNumberOfMessages: String(queue.messages.filter((m) => m.visibleAt <= now).length),
    ApproximateNumberOfMessagesNotVisible: String(queue.messages.filter((m) => m.visibleAt > now && m.receiveCount > 0).length),
    ApproximateNumberOfMessagesDelayed: String(queue.messages.filter((m) => m.visibleAt > now && m.receiveCount === 0).length),
    CreatedTimestamp: String(Math.floor(queue.createdAt / 1000)),
    LastModifiedTimestamp: String(Math.floor(queue.modifiedAt / 1000)),
    ...queue.attributes,
  };
}

function getQueueAttributes(ctx: HandlerContext, input: Json): Json {
  const queue = findQueue(ctx, input);
  const names = listMember(input, 'AttributeNames').map(String);
  const all = allAttributes(ctx, queue);
  const unknown = names.find((n) => n !== 'All' && !(n in all) && !['Policy', 'RedrivePolicy', 'RedriveAllowPolicy', 'KmsMasterKeyId', 'KmsDataKeyReusePeriodSeconds', 'FifoQueue', 'ContentBasedDeduplication'].includes(n));
  if (unknown) throw sqsError('InvalidAttributeName', `Unknown Attribute ${unknown}.`);
  const wanted = names.includes('All') ? Object.keys(all) : names;
  const picked = Object.fromEntries(wanted.filter((n) => n in all).map((n) => [n, all[n]]));
  return { Attributes: Object.keys(picked).length ? picked : undefined };
}

function setQueueAttributes(ctx: HandlerContext, input: Json): Json {
  const queue = findQueue(ctx, input);
  const attributes = attributesIn(input);
  if (Object.keys(attributes).length === 0) throw missing('Attributes');
  for (const [k, v] of Object.entries(attributes)) {
    if (k === 'Policy' && v === '') delete queue.attributes.Policy;
    else queue.attributes[k] = v;
  }
  queue.modifiedAt = Date.now();
  return {};
}

function sendMessage(ctx: HandlerContext, input: Json): Json {
  const queue = findQueue(ctx, input);
  const body = stringMember(input, 'MessageBody');
  if (!body) throw missing('MessageBody');
  const m = ctx.state.queues.send(queue, body);
  return { MD5OfMessageBody: m.md5, MessageId: m.id };
}

function messageAttributes(m: QueueMessage, names: string[]): Record<string, string> | undefined {
  if (names.length === 0) return undefined;
  const all: Record<string, string> = {
    SenderId: 'AIDAIT2UOQQY3AUEKVGXU',
    SentTimestamp: String(m.sentAt),
    ApproximateReceiveCount: String(m.receiveCount),
    ApproximateFirstReceiveTimestamp: String(m.firstReceivedAt ?? m.sentAt),
  };
  return names.includes('All') ? all : Object.fromEntries(names.filter((n) => n in all).map((n) => [n, all[n]]));
}

async function receiveMessage(ctx: HandlerContext, input: Json): Promise<Json> {
  const queue = findQueue(ctx, input);
  const max = numberMember(input, 'MaxNumberOfMessages') ?? 1;
  if (!Number.isInteger(max) || max < 1 || max > 10) throw sqsError('InvalidParameterValue', `Value ${max} for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.`);
  const visibility = numberMember(input, 'VisibilityTimeout') ?? Number(queue.attributes.VisibilityTimeout);
  const wait = numberMember(input, 'WaitTimeSeconds') ?? Number(queue.attributes.ReceiveMessageWaitTimeSeconds);
  if (wait < 0 || wait > 20) throw sqsError('InvalidParameterValue', `Value ${wait} for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20, if provided.`);
  const names = [...listMember(input, 'AttributeNames'), ...listMember(input, 'MessageSystemAttributeNames')].map(String);
  const deadline = Date.now() + wait * 1000;
  let messages = ctx.state.queues.receive(queue, max, visibility);
  // Long polling: wait for a message (or the deadline) instead of answering empty at once.
  while (messages.length === 0 && Date.now() < deadline && ctx.state.queues.get(queue.region, queue.name) === queue) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(100, deadline - Date.now())));
    ctx.state.replication.settle();
    messages = ctx.state.queues.receive(queue, max, visibility);
  }
  return {
    Messages: messages.length
      ? messages.map((m) => ({ MessageId: m.id, ReceiptHandle: m.receipt, MD5OfBody: m.md5, Body: m.body, Attributes: messageAttributes(m, names) }))
      : undefined,
  };
}

function deleteMessage(ctx: HandlerContext, input: Json): Json {
  const queue = findQueue(ctx, input);
  const receipt = stringMember(input, 'ReceiptHandle');
  if (!receipt) throw missing('ReceiptHandle');
  if (!ctx.state.queues.deleteByReceipt(queue, receipt) && !/^[\w-]+\.[\w-]+$/.test(receipt)) throw sqsError('ReceiptHandleIsInvalid', `The input receipt handle "${receipt}" is not a valid receipt handle.`);
  return {};
}

function deleteMessageBatch(ctx: HandlerContext, input: Json): Json {
  const queue = findQueue(ctx, input);
  const entries = listMember(input, 'Entries').map((e) => (e ?? {}) as Json);
  if (entries.length === 0) throw sqsError('EmptyBatchRequest', 'There should be at least one DeleteMessageBatchRequestEntry in the request.');
  if (entries.length > 10) throw sqsError('TooManyEntriesInBatchRequest', `Maximum number of entries per request are 10. You have sent ${entries.length}.`);
  const ids = entries.map((e) => String(e.Id ?? ''));
  if (new Set(ids).size !== ids.length) throw sqsError('BatchEntryIdsNotDistinct', 'Id values must be unique within a batch request.');
  const successful: Json[] = [];
  const failed: Json[] = [];
  for (const e of entries) {
    const receipt = String(e.ReceiptHandle ?? '');
    if (ctx.state.queues.deleteByReceipt(queue, receipt) || /^[\w-]+\.[\w-]+$/.test(receipt)) successful.push({ Id: e.Id });
    else failed.push({ Id: e.Id, Code: 'ReceiptHandleIsInvalid', Message: 'The input receipt handle is invalid.', SenderFault: true });
  }
  return { Successful: successful, Failed: failed };
}

function visibilityOf(input: Json): number {
  const seconds = numberMember(input, 'VisibilityTimeout');
  if (seconds === undefined) throw missing('VisibilityTimeout');
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > 43_200) throw sqsError('InvalidParameterValue', `Value ${seconds} for parameter VisibilityTimeout is invalid. Reason: Must be between 0 and 43200.`);
  return seconds;
}

function changeMessageVisibility(ctx: HandlerContext, input: Json): Json {
  const queue = findQueue(ctx, input);
  const receipt = stringMember(input, 'ReceiptHandle');
  if (!receipt) throw missing('ReceiptHandle');
  if (!ctx.state.queues.changeVisibility(queue, receipt, visibilityOf(input))) throw sqsError('ReceiptHandleIsInvalid', `The input receipt handle "${receipt}" is not a valid receipt handle.`);
  return {};
}

function changeMessageVisibilityBatch(ctx: HandlerContext, input: Json): Json {
  const queue = findQueue(ctx, input);
  const entries = listMember(input, 'Entries').map((e) => (e ?? {}) as Json);
  if (entries.length === 0) throw sqsError('EmptyBatchRequest', 'There should be at least one ChangeMessageVisibilityBatchRequestEntry in the request.');
  if (entries.length > 10) throw sqsError('TooManyEntriesInBatchRequest', `Maximum number of entries per request are 10. You have sent ${entries.length}.`);
  const successful: Json[] = [];
  const failed: Json[] = [];
  for (const e of entries) {
    if (ctx.state.queues.changeVisibility(queue, String(e.ReceiptHandle ?? ''), visibilityOf(e))) successful.push({ Id: e.Id });
    else failed.push({ Id: e.Id, Code: 'ReceiptHandleIsInvalid', Message: 'The input receipt handle is invalid.', SenderFault: true });
  }
  return { Successful: successful, Failed: failed };
}

function deleteQueue(ctx: HandlerContext, input: Json): Json {
  const queue = findQueue(ctx, input);
  ctx.state.queues.delete(queue);
  let deleted = recentlyDeleted.get(ctx.state);
  if (!deleted) recentlyDeleted.set(ctx.state, (deleted = new Map()));
  deleted.set(`${queue.region}/${queue.name}`, Date.now());
  return {};
}

/** Query's flattened `Attribute.N.Name/Value` pairs and `AttributeName.N` lists, as the JSON protocol names them. */
function fromQuery(params: URLSearchParams): Json {
  const raw = nestQuery(params);
  const out: Json = { ...raw };
  if (Array.isArray(raw.Attribute)) {
    out.Attributes = Object.fromEntries((raw.Attribute as Json[]).map((a) => [String(a.Name), String(a.Value ?? '')]));
    delete out.Attribute;
  }
  if (Array.isArray(raw.AttributeName)) {
    out.AttributeNames = raw.AttributeName;
    delete out.AttributeName;
  }
  if (Array.isArray(raw.MessageSystemAttributeName)) {
    out.MessageSystemAttributeNames = raw.MessageSystemAttributeName;
    delete out.MessageSystemAttributeName;
  }
  for (const list of ['DeleteMessageBatchRequestEntry', 'ChangeMessageVisibilityBatchRequestEntry']) {
    if (!Array.isArray(raw[list])) continue;
    out.Entries = raw[list];
    delete out[list];
  }
  return out;
}

const attributeXml = (attrs: unknown) => Object.entries((attrs as Record<string, string>) ?? {}).map(([k, v]) => el('Attribute', leaf('Name', k), leaf('Value', v))).join('');

export const SQS: RpcService = {
  service: 'sqs',
  target: 'AmazonSQS',
  namespace: 'com.amazonaws.sqs',
  xmlNamespace: 'http://queue.amazonaws.com/doc/2012-11-05/',
  cbor: false,
  queryCode: (shape) => QUERY_CODES[shape] ?? shape,
  operations: {
    CreateQueue: { run: createQueue, fromQuery, toQuery: (o) => leaf('QueueUrl', o.QueueUrl as string) ?? '' },
    GetQueueUrl: { run: getQueueUrl, fromQuery, toQuery: (o) => leaf('QueueUrl', o.QueueUrl as string) ?? '' },
    GetQueueAttributes: { run: getQueueAttributes, fromQuery, toQuery: (o) => attributeXml(o.Attributes) },
    SetQueueAttributes: { run: setQueueAttributes, fromQuery },
    SendMessage: { run: sendMessage, fromQuery, toQuery: (o) => `${leaf('MD5OfMessageBody', o.MD5OfMessageBody as string)}${leaf('MessageId', o.MessageId as string)}` },
    ReceiveMessage: {
      run: receiveMessage,
      fromQuery,
      toQuery: (o) =>
        ((o.Messages as Json[] | undefined) ?? [])
          .map((m) => el('Message', leaf('MessageId', m.MessageId as string), leaf('ReceiptHandle', m.ReceiptHandle as string), leaf('MD5OfBody', m.MD5OfBody as string), leaf('Body', m.Body as string), attributeXml(m.Attributes)))
          .join(''),
    },
    DeleteMessage: { run: deleteMessage, fromQuery },
    DeleteMessageBatch: {
      run: deleteMessageBatch,
      fromQuery,
      toQuery: batchResultXml('DeleteMessageBatchResultEntry'),
    },
    ChangeMessageVisibility: { run: changeMessageVisibility, fromQuery },
    ChangeMessageVisibilityBatch: {
      run: changeMessageVisibilityBatch,
      fromQuery,
      toQuery: batchResultXml('ChangeMessageVisibilityBatchResultEntry'),
    },
    DeleteQueue: { run: deleteQueue, fromQuery },
  },
};

/** A batch call's Query answer: an entry per success, a `BatchResultErrorEntry` per failure. */
function batchResultXml(entry: string): (o: Json) => string {
  return (o) =>
    (o.Successful as Json[]).map((s) => el(entry, leaf('Id', s.Id as string))).join('') +
    (o.Failed as Json[]).map((f) => el('BatchResultErrorEntry', leaf('Id', f.Id as string), leaf('Code', f.Code as string), leaf('Message', f.Message as string), leaf('SenderFault', f.SenderFault as boolean))).join('');
}

export function routeSqs(req: LoopbackRequest): Operation {
  return routeRpc(SQS, req);
}
