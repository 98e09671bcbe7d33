/** Shared setup for the loopback endpoint's tests: SDK clients pointed at it, raw requests, polling. */
import { IAMClient } from '@aws-sdk/client-iam';
import { S3Client } from '@aws-sdk/client-s3';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import { STSClient } from '@aws-sdk/client-sts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WALKTHROUGH_DIR } from '../../loopback/scenario/walkthrough';

export const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'loopback-test' };

export interface Clients {
  s3(region?: string, extra?: Partial<ConstructorParameters<typeof S3Client>[0]>): S3Client;
  iam: IAMClient;
  sts: STSClient;
  s3control: S3ControlClient;
}

/** Clients configured the way the extension configures them, with only the endpoint overridden. */
export function clients(url: string): Clients {
  return {
    s3: (region = 'us-east-1', extra = {}) => new S3Client({ region, endpoint: url, forcePathStyle: true, credentials, maxAttempts: 1, ...extra }),
    iam: new IAMClient({ region: 'us-east-1', endpoint: url, credentials, maxAttempts: 1 }),
    sts: new STSClient({ region: 'us-east-1', endpoint: url, credentials, maxAttempts: 1 }),
    // S3 Control puts the account id in front of the endpoint's host ("123456789012.127.0.0.1"), which no
    // resolver knows; pinning the endpoint keeps the request on 127.0.0.1 (see loopback/README.md).
    s3control: new S3ControlClient({ region: 'us-east-1', endpoint: url, disableHostPrefix: true, credentials, maxAttempts: 1, endpointProvider: () => ({ url: new URL(url) }) }),
  };
}

export function walkthroughFile(name: string): string {
  return readFileSync(join(WALKTHROUGH_DIR, name), 'utf8');
}

/** The walkthrough's replication configuration with what S3 demands added (the fix the extension offers). */
export function correctedWalkthroughConfig(): Record<string, unknown> {
  const config = JSON.parse(walkthroughFile('replication-config.json')) as { Rules: Record<string, Record<string, unknown>>[] };
  config.Rules[0].DeleteMarkerReplication = { Status: 'Disabled' };
  config.Rules[0].Destination.Metrics = { Status: 'Enabled', EventThreshold: { Minutes: 15 } };
  return config;
}

/** The AWS error an SDK call rejects with (fails the test when the call succeeds). */
export async function awsError(call: Promise<unknown>): Promise<{ name: string; message: string; status?: number; headers: Record<string, string> }> {
  try {
    await call;
  } catch (err) {
    const e = err as { name: string; message: string; $metadata?: { httpStatusCode?: number }; $response?: { headers?: Record<string, string> } };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode, headers: e.$response?.headers ?? {} };
  }
  throw new Error('expected the call to fail, it succeeded');
}

/** Polls `check` until it returns a value other than undefined. */
export async function pollFor<T>(check: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 5000, intervalMs = 20): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** A raw HTTP request to the endpoint, for what an SDK would not send (unsigned, malformed). */
export async function rawRequest(url: string, path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; headers: Headers; body: string }> {
  const res = await fetch(url + path, { method: init.method ?? 'GET', headers: init.headers, body: init.body });
  return { status: res.status, headers: res.headers, body: await res.text() };
}

/** A syntactically valid SigV4 Authorization header (the endpoint accepts any key pair and signature). */
export function sigv4Headers(service: string, region = 'us-east-1'): Record<string, string> {
  return {
    authorization: `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250101/${region}/${service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`,
    'x-amz-date': '20250101T000000Z',
    'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
  };
}

/** A policy document of exactly `size` characters that IAM counts (white space excluded), padded with a long Sid. */
export function policyOfSize(size: number, indent = 2): string {
  const base = (sid: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: sid, Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::b' }] }, null, indent);
  const counted = (text: string) => text.replace(/[ \t\n\r]/g, '').length;
  const pad = size - counted(base(''));
  if (pad < 0) throw new Error(`no policy this small: ${size}`);
  return base('S'.repeat(pad));
}
