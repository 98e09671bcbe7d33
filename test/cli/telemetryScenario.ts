/**
 * The telemetry scenario `status` and `scan --telemetry` read: bucket `orders` replicates two rules
 * to `orders-dr` (invoices/ with metrics, logs/ without), through a role that may not write replicas,
 * so objects under `invoices/` fail with DstPutObjectNotPermitted; `quiet` does not replicate.
 */
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startLoopback, type LoopbackServer, type Scenario } from '../../loopback';
import { Fixer } from '../../src/aws/writes/fixer';

const TRUST = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole' }] };

export function telemetryScenario(): Scenario {
  const rule = (id: string, prefix: string, metrics: boolean, priority: number) => ({
    ID: id,
    Status: 'Enabled',
    Priority: priority,
    Filter: { Prefix: prefix },
    DeleteMarkerReplication: { Status: 'Disabled' },
    Destination: { Bucket: 'arn:aws:s3:::orders-dr', ...(metrics ? { Metrics: { Status: 'Enabled' } } : {}) },
  });
  return {
    replicationDelayMs: 0,
    buckets: [
      { name: 'orders', versioning: 'Enabled', replication: { Role: 'arn:aws:iam::123456789012:role/r', Rules: [rule('invoices', 'invoices/', true, 2), rule('logs', 'logs/', false, 1)] } },
      { name: 'orders-dr', region: 'us-west-2', versioning: 'Enabled' },
      { name: 'quiet', versioning: 'Enabled' },
    ],
    roles: [{ name: 'r', trustPolicy: TRUST, inlinePolicies: { p: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:Get*', 's3:ListBucket'], Resource: ['arn:aws:s3:::orders', 'arn:aws:s3:::orders/*'] }] } } }],
  };
}

/** The scenario served, failure capture set up on `orders`, three objects uploaded and replicated (two fail). */
export async function startTelemetryLoopback(credentials: { accessKeyId: string; secretAccessKey: string }): Promise<LoopbackServer> {
  const lb = await startLoopback({ scenario: telemetryScenario() });
  const fixer = new Fixer({ region: 'us-east-1', endpoint: lb.url, credentials, maxAttempts: 1 });
  await fixer.apply(await fixer.planCapture('orders'));
  fixer.dispose();
  const s3 = new S3Client({ region: 'us-east-1', endpoint: lb.url, forcePathStyle: true, credentials, maxAttempts: 1 });
  for (const key of ['invoices/1.pdf', 'invoices/2.pdf', 'logs/a.log']) await s3.send(new PutObjectCommand({ Bucket: 'orders', Key: key, Body: key }));
  lb.state.replication.completeAll();
  return lb;
}
