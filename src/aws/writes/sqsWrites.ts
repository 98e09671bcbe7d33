/** SQS calls of the capture commands and the reads behind them: our queue's state, created, given its policy, deleted. */
import { CreateQueueCommand, DeleteQueueCommand, GetQueueAttributesCommand, GetQueueUrlCommand, SetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { AwsCallError } from '../errors';
import type { CallScope } from '../scope';
import type { Written } from './s3Writes';

export interface QueueRead {
  url: string;
  arn?: string;
  policy?: string;
  /** ApproximateNumberOfMessages + ApproximateNumberOfMessagesNotVisible. */
  messages: number;
}

const NOT_FOUND = ['QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue'];

/** The queue by name in a Region; undefined when it does not exist. */
export async function queueByName(scope: CallScope, sqs: SQSClient, region: string, name: string): Promise<QueueRead | undefined> {
  let url: string | undefined;
  try {
    url = (await scope.call('GetQueueUrl', name, (abortSignal) => sqs.send(new GetQueueUrlCommand({ QueueName: name }), { abortSignal }), region)).QueueUrl;
  } catch (err) {
    if (err instanceof AwsCallError && NOT_FOUND.includes(err.code)) return undefined;
    throw err;
  }
  if (!url) return undefined;
  return queueAttributes(scope, sqs, region, url, name);
}

export async function queueAttributes(scope: CallScope, sqs: SQSClient, region: string, url: string, name: string): Promise<QueueRead> {
  const out = await scope.call('GetQueueAttributes', name, (abortSignal) => sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn', 'Policy', 'ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }), { abortSignal }), region);
  const a = out.Attributes ?? {};
  return { url, arn: a.QueueArn, policy: a.Policy, messages: Number(a.ApproximateNumberOfMessages ?? 0) + Number(a.ApproximateNumberOfMessagesNotVisible ?? 0) };
}

export async function createQueue(scope: CallScope, sqs: SQSClient, region: string, name: string, attributes: Record<string, string>): Promise<Written> {
  const out = await scope.call('CreateQueue', name, (abortSignal) => sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }), { abortSignal }), region);
  return { requestId: out.$metadata.requestId };
}

export async function setQueueAttributes(scope: CallScope, sqs: SQSClient, region: string, name: string, attributes: Record<string, string>): Promise<Written> {
  const found = await queueByName(scope, sqs, region, name);
  if (!found) throw new AwsCallError({ operation: 'SetQueueAttributes', target: name, code: 'QueueDoesNotExist', kind: 'not-found', message: `The queue ${name} does not exist in ${region}.` });
  const out = await scope.call('SetQueueAttributes', name, (abortSignal) => sqs.send(new SetQueueAttributesCommand({ QueueUrl: found.url, Attributes: attributes }), { abortSignal }), region);
  return { requestId: out.$metadata.requestId };
}

export async function deleteQueue(scope: CallScope, sqs: SQSClient, region: string, name: string): Promise<Written> {
  const found = await queueByName(scope, sqs, region, name);
  if (!found) return {};
  const out = await scope.call('DeleteQueue', name, (abortSignal) => sqs.send(new DeleteQueueCommand({ QueueUrl: found.url }), { abortSignal }), region);
  return { requestId: out.$metadata.requestId };
}
