/**
 * CloudWatch over its three wire protocols: AWS JSON 1.0 (what the pinned @aws-sdk/client-cloudwatch
 * sends), Smithy RPC v2 CBOR (an SDK client configured with the CBOR protocol, and bytes written by
 * hand from RFC 8949 so that the codec is not only checked against itself) and Query (raw requests;
 * the AWS CLI in awsCli.test.ts). The metrics are the ones the endpoint's replication publishes.
 */
import { CloudWatchClient, GetMetricDataCommand, ListMetricsCommand, type GetMetricDataCommandInput } from '@aws-sdk/client-cloudwatch';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { SmithyRpcV2CborProtocol, cbor } from '@smithy/core/cbor';
import { strict as assert } from 'node:assert';
import { startLoopback, type LoopbackServer, type Scenario } from '../../loopback';
import { clients, credentials, rawRequest, sigv4Headers } from './helpers';

const TRUST = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
const ROLE_POLICY = (replicate: boolean) => ({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'], Resource: 'arn:aws:s3:::src' },
    { Effect: 'Allow', Action: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'], Resource: 'arn:aws:s3:::src/*' },
    ...(replicate ? [{ Effect: 'Allow', Action: 's3:ReplicateObject', Resource: 'arn:aws:s3:::dst/*' }] : []),
  ],
});

function rule(id: string, prefix: string, metrics: boolean) {
  return { ID: id, Status: 'Enabled', Priority: id === 'with-metrics' ? 2 : 1, Filter: { Prefix: prefix }, DeleteMarkerReplication: { Status: 'Disabled' }, Destination: { Bucket: 'arn:aws:s3:::dst', ...(metrics ? { Metrics: { Status: 'Enabled' } } : {}) } };
}

const scenario = (replicate: boolean): Scenario => ({
  replicationDelayMs: 0,
  buckets: [
    { name: 'src', region: 'us-east-1', versioning: 'Enabled', replication: { Role: 'arn:aws:iam::123456789012:role/r', Rules: [rule('with-metrics', 'm/', true), rule('without', 'n/', false)] } },
    { name: 'dst', region: 'eu-west-1', versioning: 'Enabled' },
  ],
  roles: [{ name: 'r', trustPolicy: TRUST, inlinePolicies: { p: ROLE_POLICY(replicate) } }],
});

const dims = (ruleId: string) => [{ Name: 'SourceBucket', Value: 'src' }, { Name: 'DestinationBucket', Value: 'dst' }, { Name: 'RuleId', Value: ruleId }];

function query(metric: string, ruleId = 'with-metrics', stat = 'Sum'): GetMetricDataCommandInput {
  return {
    StartTime: new Date(Date.now() - 3600e3),
    EndTime: new Date(Date.now() + 60e3),
    MetricDataQueries: [{ Id: 'm0', MetricStat: { Metric: { Namespace: 'AWS/S3', MetricName: metric, Dimensions: dims(ruleId) }, Period: 60, Stat: stat } }],
  };
}

describe('loopback: CloudWatch (replication metrics over JSON 1.0, RPC v2 CBOR and Query)', () => {
  let lb: LoopbackServer;
  const cw = (region: string) => new CloudWatchClient({ region, endpoint: lb.url, credentials, maxAttempts: 1 });
  /** The SDK's own CBOR protocol, as newer clients select it: same commands, CBOR on the wire. */
  const cwCbor = (region: string) => {
    const json = cw(region);
    const settings = (json.config as unknown as { protocolSettings: ConstructorParameters<typeof SmithyRpcV2CborProtocol>[0] }).protocolSettings;
    return new CloudWatchClient({ region, endpoint: lb.url, credentials, maxAttempts: 1, protocol: new SmithyRpcV2CborProtocol(settings) });
  };

  before(async () => {
    lb = await startLoopback();
  });
  after(() => lb.close());

  async function upload(keys: string[]): Promise<void> {
    const s3 = clients(lb.url).s3('us-east-1');
    for (const key of keys) await s3.send(new PutObjectCommand({ Bucket: 'src', Key: key, Body: 'abc' }));
    lb.state.replication.completeAll();
  }

  it('publishes failed operations in the source Region, for rules with Metrics only, and answers JSON 1.0', async () => {
    lb.loadScenario(scenario(false));
    await upload(['m/1.csv', 'm/2.csv', 'n/3.csv']);
    const out = await cw('us-east-1').send(new GetMetricDataCommand(query('OperationsFailedReplication')));
    assert.equal(out.MetricDataResults?.[0].StatusCode, 'Complete');
    assert.equal(out.MetricDataResults?.[0].Values?.reduce((a, b) => a + b, 0), 2);
    assert.ok(out.MetricDataResults?.[0].Timestamps?.[0] instanceof Date);
    const without = await cw('us-east-1').send(new GetMetricDataCommand(query('OperationsFailedReplication', 'without')));
    assert.deepEqual(without.MetricDataResults?.[0].Values, [], 'a rule without Metrics publishes nothing');
    const elsewhere = await cw('eu-west-1').send(new GetMetricDataCommand(query('OperationsFailedReplication')));
    assert.deepEqual(elsewhere.MetricDataResults?.[0].Values, [], 'failed counts live in the source Region');
  });

  it('publishes latency and pending operations and bytes in the destination Region, and answers RPC v2 CBOR', async () => {
    lb.loadScenario(scenario(true));
    const s3 = clients(lb.url).s3('us-east-1');
    lb.state.replicationDelayMs = 60_000;
    await s3.send(new PutObjectCommand({ Bucket: 'src', Key: 'm/a.csv', Body: 'hello' }));
    const client = cwCbor('eu-west-1');
    const pending = await client.send(new GetMetricDataCommand(query('BytesPendingReplication', 'with-metrics', 'Maximum')));
    assert.deepEqual(pending.MetricDataResults?.[0].Values, [5]);
    lb.state.replication.completeAll();
    const ops = await client.send(new GetMetricDataCommand({ ...query('OperationsPendingReplication', 'with-metrics', 'Minimum'), ScanBy: 'TimestampAscending' }));
    assert.deepEqual(ops.MetricDataResults?.[0].Values, [0], 'back to nothing pending');
    const latency = await client.send(new GetMetricDataCommand(query('ReplicationLatency', 'with-metrics', 'Maximum')));
    assert.equal(latency.MetricDataResults?.[0].Values?.length, 1);
    assert.ok((latency.MetricDataResults?.[0].Values?.[0] ?? -1) >= 0);
  });

  it('decodes CBOR written by hand and answers with the rpc-v2-cbor headers and a CBOR body', async () => {
    // {"Namespace": "AWS/S3"} per RFC 8949: a1 (map of 1), 69 "Namespace", 66 "AWS/S3".
    const body = Buffer.from('a1694e616d657370616365664157532f5333', 'hex');
    const res = await fetch(`${lb.url}/service/GraniteServiceVersion20100801/operation/ListMetrics`, {
      method: 'POST',
      headers: { ...sigv4Headers('monitoring', 'eu-west-1'), 'smithy-protocol': 'rpc-v2-cbor', 'content-type': 'application/cbor', accept: 'application/cbor' },
      body,
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('smithy-protocol'), 'rpc-v2-cbor');
    assert.equal(res.headers.get('content-type'), 'application/cbor');
    const bytes = new Uint8Array(await res.arrayBuffer());
    assert.equal(bytes[0] >> 5, 5, 'a CBOR map');
    const decoded = cbor.deserialize(bytes) as { Metrics: { MetricName: string }[] };
    assert.deepEqual([...new Set(decoded.Metrics.map((m) => m.MetricName))].sort(), ['BytesPendingReplication', 'OperationsPendingReplication', 'ReplicationLatency'], 'what S3 publishes in the destination Region');
  });

  it('answers the Query protocol with XML, and lists metrics by dimension', async () => {
    const params = new URLSearchParams({ Action: 'ListMetrics', Version: '2010-08-01', Namespace: 'AWS/S3', 'Dimensions.member.1.Name': 'RuleId', 'Dimensions.member.1.Value': 'with-metrics' });
    const res = await rawRequest(lb.url, '/', { method: 'POST', headers: { ...sigv4Headers('monitoring', 'eu-west-1'), 'content-type': 'application/x-www-form-urlencoded' }, body: params.toString() });
    assert.equal(res.status, 200);
    assert.match(res.body, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<ListMetricsResponse xmlns="http:\/\/monitoring.amazonaws.com\/doc\/2010-08-01\/"><ListMetricsResult><Metrics><member><Namespace>AWS\/S3<\/Namespace>/);
    assert.match(res.body, /<Name>RuleId<\/Name><Value>with-metrics<\/Value>/);
    const sdk = await cw('eu-west-1').send(new ListMetricsCommand({ Namespace: 'AWS/S3', Dimensions: [{ Name: 'RuleId', Value: 'without' }] }));
    assert.deepEqual(sdk.Metrics, []);
  });

  it('refuses what CloudWatch refuses, in each protocol\'s error shape', async () => {
    const bad = { ...query('OperationsFailedReplication'), MetricDataQueries: [{ Id: 'Upper', MetricStat: query('x').MetricDataQueries?.[0].MetricStat }] };
    for (const client of [cw('us-east-1'), cwCbor('us-east-1')]) {
      const err = await client.send(new GetMetricDataCommand(bad)).then(() => undefined, (e: { name: string; $metadata: { httpStatusCode: number } }) => e);
      assert.equal(err?.name, 'InvalidParameterValueException');
      assert.equal(err?.$metadata.httpStatusCode, 400);
    }
    const tooMany = { ...query('x'), MetricDataQueries: Array.from({ length: 501 }, (_, i) => ({ ...query('x').MetricDataQueries?.[0], Id: `m${i}` })) };
    await assert.rejects(cw('us-east-1').send(new GetMetricDataCommand(tooMany)), /less than or equal to 500/);
    const reversed = { ...query('x'), StartTime: new Date(), EndTime: new Date(Date.now() - 1000) };
    await assert.rejects(cw('us-east-1').send(new GetMetricDataCommand(reversed)), /StartTime must be less than/);
    const raw = await rawRequest(lb.url, '/', { method: 'POST', headers: { ...sigv4Headers('monitoring'), 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=PutMetricAlarm&Version=2010-08-01' });
    assert.equal(raw.status, 400);
    assert.match(raw.body, /<ErrorResponse xmlns="http:\/\/monitoring.amazonaws.com\/doc\/2010-08-01\/"><Error><Type>Sender<\/Type><Code>InvalidAction<\/Code>/);
  });

  it('says AccessDenied the way IAM words it, and pages results past MaxDatapoints', async () => {
    lb.faults.add({ operation: 'GetMetricData', error: 'AccessDenied', times: 1 });
    const err = await cw('us-east-1').send(new GetMetricDataCommand(query('OperationsFailedReplication'))).then(() => undefined, (e: Error) => e);
    assert.equal(err?.name, 'AccessDenied');
    assert.match(err?.message ?? '', /not authorized to perform: cloudwatch:GetMetricData/);
    lb.loadScenario(scenario(false));
    const now = Date.now();
    for (let i = 0; i < 5; i++) lb.state.metrics.put('us-east-1', 'AWS/S3', 'OperationsFailedReplication', dims('with-metrics'), now - i * 60_000 - 1, 1);
    const first = await cw('us-east-1').send(new GetMetricDataCommand({ ...query('OperationsFailedReplication'), MaxDatapoints: 3 }));
    assert.equal(first.MetricDataResults?.[0].StatusCode, 'PartialData');
    assert.equal(first.MetricDataResults?.[0].Values?.length, 3);
    const second = await cw('us-east-1').send(new GetMetricDataCommand({ ...query('OperationsFailedReplication'), MaxDatapoints: 3, NextToken: first.NextToken }));
    assert.equal(second.MetricDataResults?.[0].Values?.length, 2);
    assert.equal(second.NextToken, undefined);
  });
});
