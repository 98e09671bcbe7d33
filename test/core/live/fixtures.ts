/** Shared fixtures for the write-plan tests: the walkthrough's documents and small builders. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WALKTHROUGH_DIR } from '../../../loopback/scenario/walkthrough';

export function walkthrough(name: 'replication-config.json' | 'role-policy.json' | 'trust-policy.json'): string {
  return readFileSync(join(WALKTHROUGH_DIR, name), 'utf8');
}

export type Json = Record<string, unknown>;

export function statements(text: string): Json[] {
  const s = (JSON.parse(text) as Json).Statement;
  return (Array.isArray(s) ? s : [s]) as Json[];
}

export const rule = (ID: string, extra: Json = {}): Json => ({
  ID,
  Status: 'Enabled',
  Priority: 1,
  Filter: {},
  DeleteMarkerReplication: { Status: 'Disabled' },
  Destination: { Bucket: 'arn:aws:s3:::destination-bucket' },
  ...extra,
});

export const ROLE_ARN = 'arn:aws:iam::123456789012:role/s3-replication-role';

export function config(...rules: Json[]): Json {
  return { Role: ROLE_ARN, Rules: rules };
}
