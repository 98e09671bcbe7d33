/**
 * Capturing failure reasons is opt-in and reversible: PutBucketNotificationConfiguration replaces the
 * whole document, so capture must keep every existing notification (topic, queue, Lambda function,
 * EventBridge), and stopping must give back the original document exactly, against the loopback.
 */
import { GetBucketNotificationConfigurationCommand, PutBucketNotificationConfigurationCommand, S3Client, type NotificationConfiguration } from '@aws-sdk/client-s3';
import { GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { strict as assert } from 'node:assert';
import { startLoopback, type LoopbackServer, type Scenario } from '../../loopback';
import { CAPTURE_ID } from '../../src/core/live/capturePlan';
import { Fixer } from '../../src/aws/writes/fixer';
import { credentials } from '../aws/helpers';

const OTHER_QUEUE = 'arn:aws:sqs:eu-west-1:123456789012:uploads';
/** Someone else's notifications, one of each kind, with filters: all must survive capture, and be all that is left after. */
const ORIGINAL: NotificationConfiguration = {
  TopicConfigurations: [{ Id: 'new-invoices', TopicArn: 'arn:aws:sns:eu-west-1:123456789012:invoices', Events: ['s3:ObjectCreated:*'], Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'invoices/' }] } } }],
  QueueConfigurations: [{ Id: 'uploads', QueueArn: OTHER_QUEUE, Events: ['s3:ObjectCreated:Put', 's3:ObjectRemoved:*'], Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'uploads/' }, { Name: 'suffix', Value: '.csv' }] } } }],
  LambdaFunctionConfigurations: [{ Id: 'thumbs', LambdaFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:thumbs', Events: ['s3:ObjectCreated:Put'], Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'images/' }, { Name: 'suffix', Value: '.png' }] } } }],
  EventBridgeConfiguration: {},
};

function scenario(): Scenario {
  const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
  return {
    queues: [{ name: 'uploads', region: 'eu-west-1', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: OTHER_QUEUE }] } }],
    buckets: [
      {
        name: 'ledger',
        region: 'eu-west-1',
        versioning: 'Enabled',
        replication: {
          Role: 'arn:aws:iam::123456789012:role/r',
          Rules: [
            { ID: 'with-metrics', Status: 'Enabled', Priority: 2, Filter: { Prefix: 'a/' }, DeleteMarkerReplication: { Status: 'Disabled' }, Destination: { Bucket: 'arn:aws:s3:::ledger-dr', Metrics: { Status: 'Enabled' } } },
            { ID: 'plain', Status: 'Enabled', Priority: 1, Filter: { Prefix: 'b/' }, DeleteMarkerReplication: { Status: 'Disabled' }, Destination: { Bucket: 'arn:aws:s3:::ledger-dr' } },
          ],
        },
      },
      { name: 'ledger-dr', region: 'eu-central-1', versioning: 'Enabled' },
    ],
    roles: [{ name: 'r', trustPolicy: trust }],
  };
}

describe('flow: capturing failure reasons keeps every notification, and stopping restores the original exactly', function () {
  this.timeout(60_000);
  let lb: LoopbackServer;
  let fixer: Fixer;
  let s3: S3Client;

  before(async () => {
    lb = await startLoopback({ scenario: scenario() });
    fixer = new Fixer({ region: 'us-east-1', endpoint: lb.url, credentials, maxAttempts: 1 });
    s3 = new S3Client({ region: 'eu-west-1', endpoint: lb.url, forcePathStyle: true, credentials, maxAttempts: 1 });
    await s3.send(new PutBucketNotificationConfigurationCommand({ Bucket: 'ledger', NotificationConfiguration: ORIGINAL }));
  });
  after(async () => {
    fixer.dispose();
    await lb.close();
  });

  const read = async () => {
    const { $metadata: _, ...doc } = await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: 'ledger' }));
    return doc;
  };

  it('previews the whole document with every existing notification kept and ours added, and names the rules without metrics', async () => {
    const original = await read();
    const prepared = await fixer.planCapture('ledger');
    const steps = prepared.plan.steps;
    assert.deepEqual(steps.map((s) => s.api), ['CreateQueue', 'PutBucketNotificationConfiguration']);
    const put = steps[1];
    assert.ok(put.api === 'PutBucketNotificationConfiguration');
    assert.deepEqual(JSON.parse(put.before), original);
    const after = JSON.parse(put.after) as NotificationConfiguration;
    assert.deepEqual(after.TopicConfigurations, original.TopicConfigurations);
    assert.deepEqual(after.LambdaFunctionConfigurations, original.LambdaFunctionConfigurations);
    assert.deepEqual(after.EventBridgeConfiguration, {});
    assert.deepEqual(after.QueueConfigurations?.[0], original.QueueConfigurations?.[0]);
    assert.deepEqual(after.QueueConfigurations?.[1], { Id: CAPTURE_ID, QueueArn: 'arn:aws:sqs:eu-west-1:123456789012:s3rd-failures-ledger', Events: ['s3:Replication:OperationFailedReplication'] });
    const create = steps[0];
    assert.ok(create.api === 'CreateQueue');
    const policy = JSON.parse(create.attributes?.Policy ?? '{}') as { Statement: Record<string, unknown>[] };
    assert.deepEqual(policy.Statement[0].Principal, { Service: 's3.amazonaws.com' });
    assert.deepEqual(policy.Statement[0].Condition, { ArnEquals: { 'aws:SourceArn': 'arn:aws:s3:::ledger' }, StringEquals: { 'aws:SourceAccount': '123456789012' } });
    assert.ok(prepared.plan.warnings.some((w) => /"plain" has none/.test(w)), prepared.plan.warnings.join(' | '));
    assert.deepEqual(prepared.plan.losses, []);
  });

  it('captures: every existing notification survives the write, ours is added, the queue exists in the bucket\'s Region', async () => {
    const original = await read();
    const result = await fixer.apply(await fixer.planCapture('ledger'));
    assert.equal(result.failure, undefined, result.failure?.message);
    assert.deepEqual(result.mismatches, []);
    const now = await read();
    assert.deepEqual(now.TopicConfigurations, original.TopicConfigurations);
    assert.deepEqual(now.LambdaFunctionConfigurations, original.LambdaFunctionConfigurations);
    assert.deepEqual(now.EventBridgeConfiguration, original.EventBridgeConfiguration);
    assert.deepEqual(now.QueueConfigurations?.slice(0, 1), original.QueueConfigurations);
    assert.equal(now.QueueConfigurations?.[1].Id, CAPTURE_ID);
    assert.ok(lb.state.queues.get('eu-west-1', 's3rd-failures-ledger'));
    assert.deepEqual((await fixer.planCapture('ledger')).plan.steps, [], 'a second run plans nothing');
  });

  it('stops: exactly what capture added goes, and the document reads back as it was', async () => {
    const prepared = await fixer.planStopCapture('ledger');
    assert.deepEqual(prepared.plan.steps.map((s) => s.api), ['PutBucketNotificationConfiguration', 'DeleteQueue']);
    assert.deepEqual(prepared.plan.losses, ['the 1 failure event still in queue s3rd-failures-ledger'], 'the test event S3 sent is still there');
    await assert.rejects(fixer.apply(prepared), /Not written: the plan would delete/);
    const result = await fixer.apply(prepared, { acceptLosses: true });
    assert.equal(result.failure, undefined, result.failure?.message);
    assert.deepEqual(result.mismatches, []);
    assert.deepEqual(await read(), ORIGINAL);
    const sqs = new SQSClient({ region: 'eu-west-1', endpoint: lb.url, credentials, maxAttempts: 1 });
    await assert.rejects(sqs.send(new GetQueueUrlCommand({ QueueName: 's3rd-failures-ledger' })), { name: 'QueueDoesNotExist' });
    assert.deepEqual((await fixer.planStopCapture('ledger')).plan.steps, [], 'a second run plans nothing');
  });

  it('refuses to capture when another destination already receives failure events (S3 would refuse the overlap)', async () => {
    await s3.send(new PutBucketNotificationConfigurationCommand({ Bucket: 'ledger', NotificationConfiguration: { ...ORIGINAL, QueueConfigurations: [{ Id: 'ops', QueueArn: OTHER_QUEUE, Events: ['s3:Replication:*'] }] } }));
    const prepared = await fixer.planCapture('ledger');
    assert.match(prepared.plan.refused ?? '', /already sends replication failure events to arn:aws:sqs:eu-west-1:123456789012:uploads/);
  });
});
