/**
 * The sandbox's second story, beside the walkthrough: a bucket whose configuration looks right but
 * whose objects fail, with the telemetry that tells why. `orders-bucket` replicates to `orders-dr`
 * with a role that grants `s3:PutObject` instead of `s3:ReplicateObject` (the classic mistake), so
 * every upload of the last day failed with DstPutObjectNotPermitted; one archived object failed with
 * SrcObjectNotEligible. Its main rule has replication metrics and failure reasons are captured (the
 * queue and the notification entry the Capture command creates), next to the team's own topic; a
 * second rule has no metrics, so it shows "no telemetry".
 */
import type { Scenario, ScenarioObject } from './types';

export const DEMO = {
  source: 'orders-bucket',
  destination: 'orders-dr',
  role: 'orders-replication-role',
  queue: 's3rd-failures-orders-bucket',
} as const;

const ACCOUNT = '123456789012';
const QUEUE_ARN = `arn:aws:sqs:us-east-1:${ACCOUNT}:${DEMO.queue}`;

/** Uploads spread over the last day (hours ago), so the failed-operations trend has a shape. */
const HOURS_AGO = [23, 21, 20, 17, 14, 13, 12, 12, 9, 7, 5, 4, 3, 2, 1];

function objects(): ScenarioObject[] {
  const orders = HOURS_AGO.map((h, i) => ({ key: `orders/2026/${String(1000 + i)}.json`, body: `{"order":${1000 + i}}`, contentType: 'application/json', ageMinutes: h * 60 + 7 }));
  return [
    { key: 'orders/2019/archive.json', body: '{"archived":true}', storageClass: 'GLACIER', ageMinutes: 6 * 60 },
    ...orders,
    { key: 'logs/app.log', body: 'started', ageMinutes: 90 },
  ];
}

/** Adds the failing bucket, its destination, role and capture queue to a scenario (the walkthrough's, in the sandbox). */
export function withFailingBucket(scenario: Scenario): Scenario {
  const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
  return {
    ...scenario,
    replicationDelayMs: scenario.replicationDelayMs,
    queues: [
      ...(scenario.queues ?? []),
      {
        name: DEMO.queue,
        region: 'us-east-1',
        attributes: { MessageRetentionPeriod: 1_209_600 },
        policy: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'S3ReplicationFailureEvents',
              Effect: 'Allow',
              Principal: { Service: 's3.amazonaws.com' },
              Action: 'sqs:SendMessage',
              Resource: QUEUE_ARN,
              Condition: { ArnEquals: { 'aws:SourceArn': `arn:aws:s3:::${DEMO.source}` }, StringEquals: { 'aws:SourceAccount': ACCOUNT } },
            },
          ],
        },
      },
    ],
    buckets: [
      ...(scenario.buckets ?? []),
      {
        name: DEMO.source,
        region: 'us-east-1',
        versioning: 'Enabled',
        label: 'demo: replication configured right, role without s3:ReplicateObject: every upload FAILED (DstPutObjectNotPermitted), one archived object (SrcObjectNotEligible)',
        replication: {
          Role: `arn:aws:iam::${ACCOUNT}:role/${DEMO.role}`,
          Rules: [
            { ID: 'orders-to-dr', Status: 'Enabled', Priority: 2, Filter: { Prefix: 'orders/' }, DeleteMarkerReplication: { Status: 'Disabled' }, Destination: { Bucket: `arn:aws:s3:::${DEMO.destination}`, Metrics: { Status: 'Enabled' } } },
            { ID: 'logs-to-dr', Status: 'Enabled', Priority: 1, Filter: { Prefix: 'logs/' }, DeleteMarkerReplication: { Status: 'Disabled' }, Destination: { Bucket: `arn:aws:s3:::${DEMO.destination}` } },
          ],
        },
        notification: {
          TopicConfigurations: [{ Id: 'new-orders', TopicArn: `arn:aws:sns:us-east-1:${ACCOUNT}:new-orders`, Events: ['s3:ObjectCreated:*'], Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'incoming/' }] } } }],
          QueueConfigurations: [{ Id: 's3-replication-doctor-failed-replication', QueueArn: QUEUE_ARN, Events: ['s3:Replication:OperationFailedReplication'] }],
        },
        objects: objects(),
      },
      { name: DEMO.destination, region: 'us-west-2', versioning: 'Enabled', label: 'demo: destination of orders-bucket' },
    ],
    roles: [
      ...(scenario.roles ?? []),
      {
        name: DEMO.role,
        trustPolicy: trust,
        inlinePolicies: {
          'orders-replication': {
            Version: '2012-10-17',
            Statement: [
              { Sid: 'ReadSource', Effect: 'Allow', Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'], Resource: `arn:aws:s3:::${DEMO.source}` },
              { Sid: 'ReadObjects', Effect: 'Allow', Action: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'], Resource: `arn:aws:s3:::${DEMO.source}/*` },
              { Sid: 'WriteReplicas', Effect: 'Allow', Action: ['s3:PutObject', 's3:ReplicateDelete'], Resource: `arn:aws:s3:::${DEMO.destination}/*` },
            ],
          },
        },
      },
    ],
  };
}
