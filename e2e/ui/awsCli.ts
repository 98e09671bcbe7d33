/** The tier's loopback endpoint read with Debian's AWS CLI: a client that shares nothing with the extension (no SDK, no settings). */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { AWS_CLI } from '../harness/paths';
import { withoutAwsVariables } from '../harness/profile';
import { ui, UI_TIMEOUT_MS } from './workbench';

const run = promisify(execFile);

/** Runs `aws <args>` against the endpoint with the workbench's profile and credentials files; parses its JSON output ({} when it prints nothing). */
export async function awsCli(args: string[]): Promise<unknown> {
  const { endpoint, awsEnv } = ui();
  if (!endpoint) throw new Error('the loopback endpoint of the UI tier did not start');
  const { stdout } = await run(AWS_CLI, ['--endpoint-url', endpoint, '--output', 'json', ...args], {
    env: { ...withoutAwsVariables(process.env), ...awsEnv, AWS_PAGER: '' },
    timeout: UI_TIMEOUT_MS,
  });
  return stdout.trim() ? JSON.parse(stdout) : {};
}

export type Json = Record<string, unknown>;

export interface ReplicationConfiguration {
  Role: string;
  Rules: (Json & { Destination: Json })[];
}

export async function bucketReplication(bucket: string): Promise<ReplicationConfiguration> {
  const out = (await awsCli(['s3api', 'get-bucket-replication', '--bucket', bucket])) as { ReplicationConfiguration?: ReplicationConfiguration };
  if (!out.ReplicationConfiguration) throw new Error(`get-bucket-replication on ${bucket} printed no ReplicationConfiguration: ${JSON.stringify(out)}`);
  return out.ReplicationConfiguration;
}

/** `Enabled`, `Suspended`, or undefined for a bucket whose versioning was never enabled (the CLI prints nothing). */
export async function bucketVersioning(bucket: string, region: string): Promise<string | undefined> {
  return ((await awsCli(['s3api', 'get-bucket-versioning', '--bucket', bucket, '--region', region])) as { Status?: string }).Status;
}
