/** SQS over AWS JSON 1.0 (the pinned @aws-sdk/client-sqs) and Query (raw requests; the AWS CLI in awsCli.test.ts). */
import {
  ChangeMessageVisibilityBatchCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { strict as assert } from 'node:assert';
import { startLoopback, type LoopbackServer } from '../../loopback';
import { credentials, rawRequest, sigv4Headers } from './helpers';

describe('loopback: SQS (JSON 1.0 and Query)', () => {
  let lb: LoopbackServer;
  let sqs: SQSClient;

  before(async () => {
    lb = await startLoopback();
    sqs = new SQSClient({ region: 'us-east-1', endpoint: lb.url, credentials, maxAttempts: 1 });
  });
  after(() => lb.close());

  it('creates a queue (again: the same URL), finds it by name, sets and reads its policy and attributes', async () => {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'events', Attributes: { MessageRetentionPeriod: '1209600' } }));
    assert.equal(QueueUrl, `${lb.url}/123456789012/events`);
    assert.equal((await sqs.send(new CreateQueueCommand({ QueueName: 'events', Attributes: { MessageRetentionPeriod: '1209600' } }))).QueueUrl, QueueUrl);
    await assert.rejects(sqs.send(new CreateQueueCommand({ QueueName: 'events', Attributes: { MessageRetentionPeriod: '60' } })), { name: 'QueueNameExists' });
    assert.equal((await sqs.send(new GetQueueUrlCommand({ QueueName: 'events' }))).QueueUrl, QueueUrl);
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:us-east-1:123456789012:events' }] });
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: { Policy: policy } }));
    const attrs = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn', 'Policy', 'MessageRetentionPeriod'] }))).Attributes;
    assert.deepEqual(attrs, { QueueArn: 'arn:aws:sqs:us-east-1:123456789012:events', Policy: policy, MessageRetentionPeriod: '1209600' });
    await assert.rejects(sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: { VisibilityTimeout: '99999' } })), { name: 'InvalidAttributeValue' });
  });

  it('receives with visibility, answers the body MD5 the SDK checks, and deletes by receipt handle', async () => {
    const QueueUrl = `${lb.url}/123456789012/events`;
    for (const body of ['one', 'two', 'three']) await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: body }));
    const first = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 2, VisibilityTimeout: 30, MessageSystemAttributeNames: ['SentTimestamp'] }));
    assert.deepEqual(first.Messages?.map((m) => m.Body), ['one', 'two']);
    assert.ok(Number(first.Messages?.[0].Attributes?.SentTimestamp) > 0);
    const second = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
    assert.deepEqual(second.Messages?.map((m) => m.Body), ['three'], 'received messages stay invisible');
    await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: second.Messages?.[0].ReceiptHandle }));
    const batch = await sqs.send(new DeleteMessageBatchCommand({ QueueUrl, Entries: (first.Messages ?? []).map((m, i) => ({ Id: `e${i}`, ReceiptHandle: m.ReceiptHandle })) }));
    assert.deepEqual(batch.Successful?.map((s) => s.Id), ['e0', 'e1']);
    const attrs = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }))).Attributes ?? {};
    assert.equal(attrs.ApproximateNumberOfMessages, '0');
    assert.equal(attrs.ApproximateNumberOfMessagesNotVisible, '0');
  });

  it('makes received messages visible again with ChangeMessageVisibilityBatch (a read that peeks)', async () => {
    const QueueUrl = `${lb.url}/123456789012/events`;
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'peek' }));
    const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl, VisibilityTimeout: 300 }));
    assert.deepEqual((await sqs.send(new ReceiveMessageCommand({ QueueUrl }))).Messages, undefined, 'hidden while read');
    const out = await sqs.send(new ChangeMessageVisibilityBatchCommand({ QueueUrl, Entries: [{ Id: 'a', ReceiptHandle: got.Messages?.[0].ReceiptHandle, VisibilityTimeout: 0 }, { Id: 'b', ReceiptHandle: 'bogus', VisibilityTimeout: 0 }] }));
    assert.deepEqual([out.Successful?.map((x) => x.Id), out.Failed?.map((x) => [x.Id, x.Code])], [['a'], [['b', 'ReceiptHandleIsInvalid']]]);
    const again = await sqs.send(new ReceiveMessageCommand({ QueueUrl }));
    assert.deepEqual(again.Messages?.map((m) => m.Body), ['peek']);
    await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: again.Messages?.[0].ReceiptHandle }));
  });

  it('waits for a message when long polling', async () => {
    const QueueUrl = `${lb.url}/123456789012/events`;
    setTimeout(() => {
      const queue = lb.state.queues.get('us-east-1', 'events');
      if (queue) lb.state.queues.send(queue, 'late');
    }, 200);
    const started = Date.now();
    const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 5 }));
    assert.deepEqual(out.Messages?.map((m) => m.Body), ['late']);
    assert.ok(Date.now() - started < 4000);
  });

  it('says a queue does not exist (also in another Region), and refuses its name for 60 s after deleting it', async () => {
    await assert.rejects(sqs.send(new GetQueueUrlCommand({ QueueName: 'missing' })), { name: 'QueueDoesNotExist' });
    const west = new SQSClient({ region: 'eu-west-1', endpoint: lb.url, credentials, maxAttempts: 1 });
    await assert.rejects(west.send(new GetQueueUrlCommand({ QueueName: 'events' })), { name: 'QueueDoesNotExist' });
    await sqs.send(new DeleteQueueCommand({ QueueUrl: `${lb.url}/123456789012/events` }));
    await assert.rejects(sqs.send(new CreateQueueCommand({ QueueName: 'events' })), { name: 'QueueDeletedRecently' });
  });

  it('speaks Query: flattened attributes in, XML out, the Query error code', async () => {
    const form = (params: Record<string, string>) =>
      rawRequest(lb.url, '/', { method: 'POST', headers: { ...sigv4Headers('sqs'), 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ Version: '2012-11-05', ...params }).toString() });
    const created = await form({ Action: 'CreateQueue', QueueName: 'query-queue', 'Attribute.1.Name': 'VisibilityTimeout', 'Attribute.1.Value': '45' });
    assert.equal(created.status, 200);
    assert.match(created.body, /<CreateQueueResponse xmlns="http:\/\/queue.amazonaws.com\/doc\/2012-11-05\/"><CreateQueueResult><QueueUrl>http:\/\/127.0.0.1:\d+\/123456789012\/query-queue<\/QueueUrl><\/CreateQueueResult><ResponseMetadata><RequestId>/);
    const url = /<QueueUrl>([^<]+)</.exec(created.body)?.[1] ?? '';
    const attrs = await form({ Action: 'GetQueueAttributes', QueueUrl: url, 'AttributeName.1': 'VisibilityTimeout' });
    assert.match(attrs.body, /<GetQueueAttributesResult><Attribute><Name>VisibilityTimeout<\/Name><Value>45<\/Value><\/Attribute><\/GetQueueAttributesResult>/);
    const missing = await form({ Action: 'GetQueueUrl', QueueName: 'nope' });
    assert.equal(missing.status, 400);
    assert.match(missing.body, /<Code>AWS.SimpleQueueService.NonExistentQueue<\/Code>/);
  });
});
