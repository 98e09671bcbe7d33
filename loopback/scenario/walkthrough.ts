/**
 * The walkthrough our users copy (shared/examples/seed-walkthrough), as live state before they follow its
 * steps: both buckets without versioning, the role with the post's trust and permission policies, and
 * objects that were uploaded before any replication rule existed. The policy files are read at run time,
 * verbatim, so the endpoint always serves exactly what the walkthrough contains.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Scenario } from './types';

export const WALKTHROUGH_DIR = resolve(__dirname, '..', '..', '..', 'shared', 'examples', 'seed-walkthrough');

export const WALKTHROUGH = {
  source: 'source-bucket',
  destination: 'destination-bucket',
  role: 's3-replication-role',
  rolePolicy: 's3-replication-policy',
} as const;

function readText(dir: string, name: string): string {
  try {
    return readFileSync(join(dir, name), 'utf8');
  } catch (err) {
    throw new Error(`The walkthrough file ${join(dir, name)} cannot be read (${(err as Error).message}); the sandbox scenario is built from it.`);
  }
}

export function walkthroughScenario(dir = WALKTHROUGH_DIR): Scenario {
  return {
    accountId: '123456789012',
    buckets: [
      {
        name: WALKTHROUGH.source,
        region: 'us-east-1',
        versioning: 'Off',
        label: 'walkthrough source: versioning never enabled, objects uploaded before any replication rule',
        objects: [
          { key: 'reports/2024-q1.csv', body: 'quarter,revenue\nq1,100\n', contentType: 'text/csv', uploadedBeforeReplication: true },
          { key: 'reports/2024-q2.csv', body: 'quarter,revenue\nq2,120\n', contentType: 'text/csv', uploadedBeforeReplication: true },
          { key: 'images/logo.png', body: 'not really a png', contentType: 'image/png', tags: { team: 'brand' }, uploadedBeforeReplication: true },
        ],
      },
      { name: WALKTHROUGH.destination, region: 'eu-west-1', versioning: 'Off', label: 'walkthrough destination: versioning never enabled' },
    ],
    roles: [
      {
        name: WALKTHROUGH.role,
        trustPolicy: readText(dir, 'trust-policy.json'),
        inlinePolicies: { [WALKTHROUGH.rolePolicy]: readText(dir, 'role-policy.json') },
      },
    ],
  };
}
