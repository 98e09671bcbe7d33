import { strict as assert } from 'node:assert';
import { CAPTURE_ID, captureQueueName, captureQueuePolicy, findCapture, planCapture, planStopCapture } from '../../../src/core/live/capturePlan';
import { withMetricsEnabled } from '../../../src/core/live/metricsPlan';

const LIVE = {
  TopicConfigurations: [{ Id: 't', TopicArn: 'arn:aws:sns:us-east-1:123456789012:t', Events: ['s3:ObjectCreated:*'] }],
  EventBridgeConfiguration: {},
};
const request = (live: Record<string, unknown> | undefined, queue: { exists: false } | { exists: true; policy?: string } = { exists: false }) =>
  planCapture({ bucket: 'my.bucket', region: 'eu-west-1', accountId: '123456789012', live, queue, rules: [{ id: 'a', metrics: true }] });

describe('capture plan (failure events into an SQS queue of ours)', () => {
  it('names the queue within SQS\'s limits, and lets only S3 for this bucket and account send to it', () => {
    assert.equal(captureQueueName('my.bucket'), 's3rd-failures-my-bucket');
    assert.ok(captureQueueName('x'.repeat(63)).length <= 80);
    const policy = JSON.parse(captureQueuePolicy('arn:aws:sqs:eu-west-1:123456789012:q', 'b', '123456789012')) as { Statement: Record<string, unknown>[] };
    assert.deepEqual(policy.Statement.map((s) => [s.Effect, s.Action, s.Principal]), [['Allow', 'sqs:SendMessage', { Service: 's3.amazonaws.com' }]]);
  });

  it('creates the queue and appends one queue configuration, keeping everything else in place', () => {
    const plan = request(LIVE);
    assert.deepEqual(plan.steps.map((s) => s.api), ['CreateQueue', 'PutBucketNotificationConfiguration']);
    const put = plan.steps[1];
    assert.ok(put.api === 'PutBucketNotificationConfiguration');
    assert.deepEqual(put.configuration, { ...LIVE, QueueConfigurations: [{ Id: CAPTURE_ID, QueueArn: 'arn:aws:sqs:eu-west-1:123456789012:s3rd-failures-my-bucket', Events: ['s3:Replication:OperationFailedReplication'] }], EventBridgeConfiguration: {} });
    assert.deepEqual(Object.keys(put.configuration), ['TopicConfigurations', 'QueueConfigurations', 'EventBridgeConfiguration'], 'in the order the CLI prints them');
    assert.deepEqual(plan.losses, []);
  });

  it('only fixes the policy of an existing queue, and plans nothing when all is in place', () => {
    const withOurs = request(LIVE).steps[1];
    assert.ok(withOurs.api === 'PutBucketNotificationConfiguration');
    const policy = captureQueuePolicy('arn:aws:sqs:eu-west-1:123456789012:s3rd-failures-my-bucket', 'my.bucket', '123456789012');
    assert.deepEqual(request(LIVE, { exists: true }).steps.map((s) => s.api), ['SetQueueAttributes', 'PutBucketNotificationConfiguration']);
    assert.deepEqual(request(withOurs.configuration, { exists: true, policy }).steps, []);
    assert.deepEqual(findCapture({ NotificationConfiguration: withOurs.configuration }), { queueArn: 'arn:aws:sqs:eu-west-1:123456789012:s3rd-failures-my-bucket' });
  });

  it('refuses what S3 would refuse or what it cannot see', () => {
    assert.match(request(undefined).refused ?? '', /could not be read/);
    const taken = { QueueConfigurations: [{ Id: 'ops', QueueArn: 'arn:aws:sqs:eu-west-1:123456789012:ops', Events: ['s3:Replication:*'] }] };
    assert.match(request(taken).refused ?? '', /already sends replication failure events to arn:aws:sqs:eu-west-1:123456789012:ops/);
  });

  it('stops by removing exactly our entry (then the key goes if it was the only one) and our queue, listing the events lost', () => {
    const added = request(LIVE).steps[1];
    assert.ok(added.api === 'PutBucketNotificationConfiguration');
    const stop = planStopCapture({ bucket: 'my.bucket', region: 'eu-west-1', live: added.configuration, queue: { name: 's3rd-failures-my-bucket', messages: 3 } });
    const put = stop.steps[0];
    assert.ok(put.api === 'PutBucketNotificationConfiguration');
    assert.deepEqual(put.configuration, LIVE);
    assert.deepEqual(stop.steps.map((s) => s.api), ['PutBucketNotificationConfiguration', 'DeleteQueue']);
    assert.deepEqual(stop.losses, ['the 3 failure events still in queue s3rd-failures-my-bucket']);
    assert.deepEqual(planStopCapture({ bucket: 'b', region: 'r', live: LIVE }).steps, []);
  });
});

describe('enabling replication metrics on one rule', () => {
  const text = (dest: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    JSON.stringify({ ReplicationConfiguration: { Role: 'arn:aws:iam::1:role/r', Rules: [{ ID: 'a', Priority: 1, Filter: {}, Status: 'Enabled', Destination: { Bucket: 'arn:aws:s3:::d', ...dest }, DeleteMarkerReplication: { Status: 'Disabled' }, ...extra }] } }, null, 4);

  it('adds Metrics, keeping the layout', () => {
    const edit = withMetricsEnabled(text({}), 0);
    const out = JSON.parse(edit.text ?? '{}') as { ReplicationConfiguration: { Rules: { Destination: Record<string, unknown> }[] } };
    assert.deepEqual(out.ReplicationConfiguration.Rules[0].Destination.Metrics, { Status: 'Enabled' });
    assert.match(edit.text ?? '', /\n {20}"Metrics": \{\n {24}"Status": "Enabled"\n {20}\}/, 'four-space indentation, as the CLI prints');
    assert.equal(edit.ruleId, 'a');
  });

  it('drops a disabled RTC (S3 wants both statuses equal), refuses V1 rules and unknown rules, and leaves enabled metrics alone', () => {
    const rtc = withMetricsEnabled(text({ ReplicationTime: { Status: 'Disabled', Time: { Minutes: 15 } }, Metrics: { Status: 'Disabled' } }), 0);
    const dest = (JSON.parse(rtc.text ?? '{}') as { ReplicationConfiguration: { Rules: { Destination: Record<string, unknown> }[] } }).ReplicationConfiguration.Rules[0].Destination;
    assert.deepEqual([dest.ReplicationTime, dest.Metrics], [undefined, { Status: 'Enabled' }]);
    assert.match(rtc.notes[0], /disabled "ReplicationTime" of rule "a" is removed/);
    const v1 = JSON.stringify({ Role: 'arn:aws:iam::1:role/r', Rules: [{ ID: 'v1', Prefix: 'x/', Status: 'Enabled', Destination: { Bucket: 'arn:aws:s3:::d' } }] });
    assert.match(withMetricsEnabled(v1, 0).refused ?? '', /V2 rule/);
    assert.match(withMetricsEnabled(text({}), 3).refused ?? '', /no rule #4/);
    const on = text({ Metrics: { Status: 'Enabled' } });
    assert.equal(withMetricsEnabled(on, 0).text, on);
  });
});
