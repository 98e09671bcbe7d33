/**
 * The telemetry scenario `status` and `scan --telemetry` read: bucket `orders` replicates two rules
 * to `orders-dr` (invoices/ with metrics, logs/ without), through a role that may not write replicas,
 * so objects under `invoices/` fail with DstPutObjectNotPermitted; `quiet` does not replicate.
 */
import type { Scenario } from '../../loopback';

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
