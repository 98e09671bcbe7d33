/**
 * Bucket notification configurations and what S3 sends through them: the failure events of
 * replication (rules with Metrics only, with the documented reason), archived objects that S3 does not
 * replicate, and Batch Replication completion reports.
 */
import {
  GetBucketNotificationConfigurationCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutBucketNotificationConfigurationCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  type NotificationConfiguration,
} from '@aws-sdk/client-s3';
import { CreateJobCommand } from '@aws-sdk/client-s3-control';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { strict as assert } from 'node:assert';
import { startLoopback, type LoopbackServer, type Scenario } from '../../loopback';
import { awsError, clients, credentials } from './helpers';

const TRUST = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: ['s3.amazonaws.com', 'batchoperations.s3.amazonaws.com'] }, Action: 'sts:AssumeRole' }] };
const QUEUE_ARN = 'arn:aws:sqs:us-east-1:123456789012:failures';
const queuePolicy = (principal: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: principal }, Action: 'sqs:SendMessage', Resource: QUEUE_ARN }] });

const EXISTING: NotificationConfiguration = {
  TopicConfigurations: [{ Id: 'uploads-topic', TopicArn: 'arn:aws:sns:us-east-1:123456789012:uploads', Events: ['s3:ObjectCreated:*'], Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'incoming/' }] } } }],
  LambdaFunctionConfigurations: [{ Id: 'thumbnails', LambdaFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:thumbs', Events: ['s3:ObjectCreated:Put'], Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'images/' }, { Name: 'suffix', Value: '.png' }] } } }],
  EventBridgeConfiguration: {},
};

function scenario(): Scenario {
  return {
    replicationDelayMs: 0,
    queues: [
      { name: 'failures', region: 'us-east-1', policy: queuePolicy('s3.amazonaws.com') },
      { name: 'closed', region: 'us-east-1' },
    ],
    buckets: [
      {
        name: 'src',
        versioning: 'Enabled',
        replication: {
          Role: 'arn:aws:iam::123456789012:role/r',
          Rules: [
            { ID: 'metrics', Status: 'Enabled', Priority: 2, Filter: { Prefix: 'm/' }, DeleteMarkerReplication: { Status: 'Disabled' }, Destination: { Bucket: 'arn:aws:s3:::dst', Metrics: { Status: 'Enabled' } } },
            { ID: 'plain', Status: 'Enabled', Priority: 1, Filter: { Prefix: 'p/' }, DeleteMarkerReplication: { Status: 'Disabled' }, Destination: { Bucket: 'arn:aws:s3:::dst' } },
          ],
        },
      },
      { name: 'dst', region: 'us-east-1', versioning: 'Enabled' },
      { name: 'reports', region: 'us-east-1' },
    ],
    roles: [
      {
        name: 'r',
        trustPolicy: TRUST,
        inlinePolicies: {
          p: {
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'], Resource: 'arn:aws:s3:::src' },
              { Effect: 'Allow', Action: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:InitiateReplication'], Resource: 'arn:aws:s3:::src/*' },
            ],
          },
        },
      },
    ],
  };
}

describe('loopback: notifications, failure events, archived objects and Batch reports', () => {
  let lb: LoopbackServer;
  let s3: ReturnType<ReturnType<typeof clients>['s3']>;
  let sqs: SQSClient;

  before(async () => {
    lb = await startLoopback({ scenario: scenario() });
    s3 = clients(lb.url).s3('us-east-1');
    sqs = new SQSClient({ region: 'us-east-1', endpoint: lb.url, credentials, maxAttempts: 1 });
  });
  after(() => lb.close());

  const read = async () => (await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: 'src' })));
  const drain = async () => {
    const bodies: string[] = [];
    for (;;) {
      const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: `${lb.url}/123456789012/failures`, MaxNumberOfMessages: 10, VisibilityTimeout: 300 }));
      if (!out.Messages?.length) return bodies;
      bodies.push(...out.Messages.map((m) => m.Body ?? ''));
    }
  };

  it('answers an empty configuration, stores every kind of destination as sent, and sends a test event to a new queue', async () => {
    const empty = await read();
    assert.deepEqual([empty.TopicConfigurations, empty.QueueConfigurations, empty.LambdaFunctionConfigurations, empty.EventBridgeConfiguration], [undefined, undefined, undefined, undefined]);
    const queue = { Id: 'capture', QueueArn: QUEUE_ARN, Events: ['s3:Replication:OperationFailedReplication' as const] };
    await s3.send(new PutBucketNotificationConfigurationCommand({ Bucket: 'src', NotificationConfiguration: { ...EXISTING, QueueConfigurations: [queue] } }));
    const back = await read();
    assert.deepEqual(back.TopicConfigurations, EXISTING.TopicConfigurations);
    assert.deepEqual(back.LambdaFunctionConfigurations, EXISTING.LambdaFunctionConfigurations);
    assert.deepEqual(back.QueueConfigurations, [queue]);
    assert.deepEqual(back.EventBridgeConfiguration, {});
    const [test] = await drain();
    assert.equal(JSON.parse(test).Event, 's3:TestEvent');
  });

  it('refuses unknown events, overlapping configurations and queues S3 may not send to', async () => {
    const put = (n: NotificationConfiguration) => awsError(s3.send(new PutBucketNotificationConfigurationCommand({ Bucket: 'src', NotificationConfiguration: n })));
    const unknown = await put({ QueueConfigurations: [{ QueueArn: QUEUE_ARN, Events: ['s3:Replication:Everything' as never] }] });
    assert.deepEqual([unknown.name, unknown.message], ['InvalidArgument', 'The event is not supported for notifications']);
    const overlap = await put({ ...EXISTING, QueueConfigurations: [{ QueueArn: QUEUE_ARN, Events: ['s3:ObjectCreated:Put'], Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'incoming/a' }] } } }] });
    assert.match(overlap.message, /Configurations overlap/);
    const closed = await put({ QueueConfigurations: [{ QueueArn: 'arn:aws:sqs:us-east-1:123456789012:closed', Events: ['s3:Replication:*'] }] });
    assert.equal(closed.message, 'Unable to validate the following destination configurations');
    const elsewhere = await put({ QueueConfigurations: [{ QueueArn: 'arn:aws:sqs:eu-west-1:123456789012:failures', Events: ['s3:Replication:*'] }] });
    assert.equal(elsewhere.name, 'InvalidArgument');
    assert.equal((await read()).QueueConfigurations?.[0].Id, 'capture', 'a refused put changes nothing');
  });

  it('sends a failure event with the documented reason, only for rules with Metrics, and never for what replicates', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'src', Key: 'm/a b.csv', Body: 'abc' }));
    await s3.send(new PutObjectCommand({ Bucket: 'src', Key: 'p/no-metrics.csv', Body: 'abc' }));
    lb.state.replication.completeAll();
    const events = (await drain()).map((b) => JSON.parse(b) as { Records: { eventName: string; s3: { object: { key: string } }; replicationEventData: Record<string, string> }[] });
    assert.equal(events.length, 1, 'the rule without Metrics sends no event');
    const [record] = events[0].Records;
    assert.equal(record.eventName, 'Replication:OperationFailedReplication');
    assert.equal(record.s3.object.key, 'm/a+b.csv');
    assert.deepEqual(
      { rule: record.replicationEventData.replicationRuleId, dst: record.replicationEventData.destinationBucket, reason: record.replicationEventData.failureReason },
      { rule: 'metrics', dst: 'arn:aws:s3:::dst', reason: 'DstPutObjectNotPermitted' },
    );
  });

  it('does not replicate archived objects (SrcObjectNotEligible), and says their storage class', async () => {
    lb.state.roles.get('r')?.inlinePolicies.set('replicate', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ReplicateObject', Resource: 'arn:aws:s3:::dst/*' }] }));
    await s3.send(new PutObjectCommand({ Bucket: 'src', Key: 'm/cold.csv', Body: 'abc', StorageClass: 'DEEP_ARCHIVE' }));
    await s3.send(new PutObjectCommand({ Bucket: 'src', Key: 'm/warm.csv', Body: 'abc' }));
    lb.state.replication.completeAll();
    const cold = await s3.send(new HeadObjectCommand({ Bucket: 'src', Key: 'm/cold.csv' }));
    assert.deepEqual([cold.ReplicationStatus, cold.StorageClass], ['FAILED', 'DEEP_ARCHIVE']);
    assert.equal((await s3.send(new HeadObjectCommand({ Bucket: 'src', Key: 'm/warm.csv' }))).ReplicationStatus, 'COMPLETED');
    const reasons = (await drain()).map((b) => (JSON.parse(b) as { Records: { replicationEventData: { failureReason: string } }[] }).Records[0].replicationEventData.failureReason);
    assert.deepEqual(reasons, ['SrcObjectNotEligible']);
    await assert.rejects(s3.send(new PutObjectCommand({ Bucket: 'src', Key: 'x', Body: 'x', StorageClass: 'COLD' as never })), { name: 'InvalidStorageClass' });
  });

  it('writes a Batch Replication completion report: a manifest naming a CSV of the failed tasks with their reasons', async () => {
    await s3.send(new PutBucketVersioningCommand({ Bucket: 'dst', VersioningConfiguration: { Status: 'Suspended' } }));
    const control = clients(lb.url).s3control;
    const { JobId } = await control.send(
      new CreateJobCommand({
        AccountId: '123456789012',
        ConfirmationRequired: false,
        Operation: { S3ReplicateObject: {} },
        Priority: 1,
        RoleArn: 'arn:aws:iam::123456789012:role/r',
        ManifestGenerator: { S3JobManifestGenerator: { SourceBucket: 'arn:aws:s3:::src', EnableManifestOutput: false, Filter: { EligibleForReplication: true, ObjectReplicationStatuses: ['FAILED'] } } },
        Report: { Enabled: true, Bucket: 'arn:aws:s3:::reports', Prefix: 'batch', Format: 'Report_CSV_20180820', ReportScope: 'FailedTasksOnly' },
      }),
    );
    const text = async (key: string) => (await s3.send(new GetObjectCommand({ Bucket: 'reports', Key: key }))).Body?.transformToString() ?? '';
    const manifest = JSON.parse(await text(`batch/job-${JobId}/manifest.json`)) as { Results: { TaskExecutionStatus: string; Key: string }[]; ReportSchema: string };
    assert.equal(manifest.ReportSchema, 'Bucket, Key, VersionId, TaskStatus, ErrorCode, HTTPStatusCode, ResultMessage');
    assert.deepEqual(manifest.Results.map((r) => r.TaskExecutionStatus), ['failed']);
    const rows = (await text(manifest.Results[0].Key)).trim().split('\n').map((l) => l.split(','));
    const byKey = Object.fromEntries(rows.map((r) => [decodeURIComponent(r[1]), [r[3], r[4], r[5]]]));
    assert.deepEqual(byKey['m%2Fa%20b.csv'.replace(/%2F/g, '/').replace(/%20/g, ' ')], ['failed', 'DstBucketUnversioned', '400']);
    assert.deepEqual(byKey['m/cold.csv'], ['failed', 'SrcObjectNotEligible', '400']);
  });
});
