/** The trust policy that lets AWS services (S3 replication, S3 Batch Operations) assume a role. */

export function trustStatement(service: string | readonly string[]): Record<string, unknown> {
  return { Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' };
}

export function trustPolicy(service: string | readonly string[]): Record<string, unknown> {
  return { Version: '2012-10-17', Statement: [trustStatement(service)] };
}
