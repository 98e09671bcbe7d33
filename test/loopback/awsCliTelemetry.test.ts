/**
 * Proof with an independent client: Debian's AWS CLI 2.9 (/usr/bin/aws), which speaks the Query
 * protocol to CloudWatch and SQS (the JavaScript SDK speaks JSON 1.0 or CBOR), reads the replication
 * metrics, the failure events in the queue, and the bucket's notification configuration.
 */
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { startLoopback, type LoopbackServer, type Scenario } from '../../loopback';
import { awsCli, awsCliAvailable, AWS_CLI, type AwsCli } from './awsCliRunner';

const QUEUE_ARN = 'arn:aws:sqs:us-east-1:123456789012:failures';

function scenario(): Scenario {
  const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
  return {
    replicationDelayMs: 0,
    queues: [{ name: 'failures', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: QUEUE_ARN }] } }],
    buckets: [
      {
        name: 'orders',
        versioning: 'Enabled',
        replication: {
          Role: 'arn:aws:iam::123456789012:role/no-replicate',
          Rules: [{ ID: 'to-dr', Status: 'Enabled', Priority: 1, Filter: {}, DeleteMarkerReplication: { Status: 'Disabled' }, Destination: { Bucket: 'arn:aws:s3:::orders-dr', Metrics: { Status: 'Enabled' } } }],
        },
      },
      { name: 'orders-dr', region: 'us-west-2', versioning: 'Enabled' },
    ],
    roles: [{ name: 'no-replicate', trustPolicy: trust, inlinePolicies: { p: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:Get*', Resource: '*' }] } } }],
  };
}

describe('loopback: telemetry through the AWS CLI (/usr/bin/aws, Query protocol)', function () {
  this.timeout(60_000);
  let lb: LoopbackServer;
  let cli: AwsCli | undefined;

  before(async function () {
    if (!awsCliAvailable()) {
      console.warn(`      skipped: ${AWS_CLI} is absent. Install Debian's AWS CLI (apt-get install -y awscli, or scripts/setup-tools.sh); CI runs this suite.`);
      this.skip();
    }
    lb = await startLoopback({ scenario: scenario() });
    cli = awsCli(lb.url);
  });
  after(async () => {
    await lb?.close();
    cli?.dispose();
  });

  it('puts and reads the notification configuration that captures failure events', async () => {
    const c = cli as AwsCli;
    const config = { QueueConfigurations: [{ Id: 'capture', QueueArn: QUEUE_ARN, Events: ['s3:Replication:OperationFailedReplication'] }] };
    const file = join(c.home, 'notification.json');
    writeFileSync(file, JSON.stringify(config));
    await c.ok('s3api', 'put-bucket-notification-configuration', '--bucket', 'orders', '--notification-configuration', `file://${file}`);
    assert.deepEqual(await c.ok('s3api', 'get-bucket-notification-configuration', '--bucket', 'orders'), config);
  });

  it('reads failure events from the queue with sqs receive-message', async () => {
    const c = cli as AwsCli;
    // Independent commands run side by side: each CLI start costs seconds on a loaded machine.
    const [, found] = await Promise.all([c.ok('s3api', 'put-object', '--bucket', 'orders', '--key', 'invoices/1.pdf', '--body', __filename), c.ok('sqs', 'get-queue-url', '--queue-name', 'failures')]);
    lb.state.replication.completeAll();
    const url = found.QueueUrl as string;
    assert.equal(url, `${lb.url}/123456789012/failures`);
    const attrs = (await c.ok('sqs', 'get-queue-attributes', '--queue-url', url, '--attribute-names', 'All')).Attributes as Record<string, string>;
    assert.equal(attrs.ApproximateNumberOfMessages, '2', 'the test event and one failure');
    const out = (await c.ok('sqs', 'receive-message', '--queue-url', url, '--max-number-of-messages', '10')) as { Messages: { Body: string; ReceiptHandle: string }[] };
    const failure = out.Messages.map((m) => JSON.parse(m.Body) as { Records?: { replicationEventData: { failureReason: string; replicationRuleId: string } }[] }).find((b) => b.Records);
    assert.deepEqual(failure?.Records?.[0].replicationEventData.failureReason, 'DstPutObjectNotPermitted');
    assert.deepEqual(failure?.Records?.[0].replicationEventData.replicationRuleId, 'to-dr');
    await c.ok('sqs', 'delete-message', '--queue-url', url, '--receipt-handle', out.Messages[0].ReceiptHandle);
  });

  it('reads the failed operations with cloudwatch get-metric-data and list-metrics', async () => {
    const c = cli as AwsCli;
    const dims = [{ Name: 'SourceBucket', Value: 'orders' }, { Name: 'DestinationBucket', Value: 'orders-dr' }, { Name: 'RuleId', Value: 'to-dr' }];
    const queries = [{ Id: 'failed', MetricStat: { Metric: { Namespace: 'AWS/S3', MetricName: 'OperationsFailedReplication', Dimensions: dims }, Period: 3600, Stat: 'Sum' } }];
    const file = join(c.home, 'queries.json');
    writeFileSync(file, JSON.stringify(queries));
    const start = new Date(Date.now() - 86_400e3).toISOString();
    const end = new Date(Date.now() + 60e3).toISOString();
    const [data, list] = await Promise.all([
      c.ok('cloudwatch', 'get-metric-data', '--metric-data-queries', `file://${file}`, '--start-time', start, '--end-time', end),
      c.ok('cloudwatch', 'list-metrics', '--namespace', 'AWS/S3', '--region', 'us-west-2'),
    ]);
    const out = data as { MetricDataResults: { Id: string; Values: number[]; StatusCode: string }[] };
    assert.deepEqual(out.MetricDataResults.map((r) => [r.Id, r.Values, r.StatusCode]), [['failed', [1], 'Complete']]);
    const listed = list as { Metrics: { MetricName: string }[] };
    assert.deepEqual([...new Set(listed.Metrics.map((m) => m.MetricName))].sort(), ['BytesPendingReplication', 'OperationsPendingReplication']);
  });
});
