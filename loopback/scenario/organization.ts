/**
 * An organization of `accounts` accounts with `bucketsPerAccount` buckets each, for `scan --org` at
 * scale: the management account (the primary one) lists the members and assumes an audit role in each.
 * Half of each account's buckets replicate to the other half of the same account; every tenth pair
 * replicates into the next account instead, with the bucket policy that allows it, so both sides of a
 * cross-account pair are read there too.
 */
import type { Scenario, ScenarioAccount, ScenarioBucket, ScenarioRole } from './types';

export const ORG_AUDIT_ROLE = 'S3ReplicationDoctorAudit';
export const ORG_MANAGEMENT = '100000000000';

const accountId = (i: number): string => String(100000000000 + i);
const TRUST_S3 = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole' }] };

function roles(): ScenarioRole[] {
  return [
    {
      name: 'replication',
      trustPolicy: TRUST_S3,
      inlinePolicies: {
        replication: {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'], Resource: 'arn:aws:s3:::org-*' },
            { Effect: 'Allow', Action: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging', 's3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'], Resource: 'arn:aws:s3:::org-*/*' },
          ],
        },
      },
    },
    { name: ORG_AUDIT_ROLE, trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ORG_MANAGEMENT}:root` }, Action: 'sts:AssumeRole' }] } },
  ];
}

export function generatedOrganization(accounts: number, bucketsPerAccount: number, opts: { latencyMs?: number } = {}): Scenario {
  if (!Number.isInteger(accounts) || accounts < 1) throw new Error(`generatedOrganization: accounts must be a whole number >= 1, got ${accounts}`);
  const buckets: ScenarioBucket[] = [];
  const members: ScenarioAccount[] = [];
  const pairs = Math.floor(bucketsPerAccount / 2);
  for (let a = 0; a < accounts; a++) {
    const id = accountId(a);
    const next = accountId((a + 1) % accounts);
    if (a > 0) members.push({ id, name: `member-${a}`, roles: roles() });
    for (let p = 0; p < pairs; p++) {
      const source = `org-${a}-src-${p}`;
      const crossAccount = accounts > 1 && p % 10 === 0;
      const destination = crossAccount ? `org-${(a + 1) % accounts}-in-${p}` : `org-${a}-dst-${p}`;
      buckets.push({
        name: source,
        account: a === 0 ? undefined : id,
        versioning: 'Enabled',
        replication: {
          Role: `arn:aws:iam::${id}:role/replication`,
          Rules: [{ ID: 'all', Status: 'Enabled', Priority: 1, Filter: {}, DeleteMarkerReplication: { Status: 'Disabled' }, Destination: { Bucket: `arn:aws:s3:::${destination}`, ...(crossAccount ? { Account: next } : {}) } }],
        },
      });
      buckets.push({
        name: destination,
        account: crossAccount ? ((a + 1) % accounts === 0 ? undefined : next) : a === 0 ? undefined : id,
        versioning: 'Enabled',
        ...(crossAccount
          ? { policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${id}:role/replication` }, Action: ['s3:ReplicateObject', 's3:ReplicateDelete'], Resource: `arn:aws:s3:::${destination}/*` }] } }
          : {}),
      });
    }
  }
  return {
    accountId: ORG_MANAGEMENT,
    accounts: members,
    roles: roles(),
    buckets,
    organization: { managementAccount: ORG_MANAGEMENT },
    faults: opts.latencyMs ? [{ operation: '*', latencyMs: opts.latencyMs }] : [],
  };
}
