/**
 * An organization in which every member shows the states `scan --org` must tell apart (beside
 * `generatedOrganization`, whose pairs are all healthy, for scale): a management account without
 * buckets and member accounts, each with an audit role the management account may assume and
 * `bucketsPerAccount` buckets of its own in mixed replication states, some pairs crossing into the
 * next account. Deterministic; each bucket's `label` names its
 * state, so tests can count what a scan should find.
 */
import { ORG_AUDIT_ROLE, ORG_MANAGEMENT } from './organization';
import type { FaultSpec, Scenario, ScenarioAccount, ScenarioBucket, ScenarioRole } from './types';

export const ORG_REPLICATION_ROLE = 'org-replication-role';

export const ORG_STATES = ['no-replication', 'healthy', 'destination-versioning-off', 'role-missing-permission', 'cross-account-healthy', 'cross-account-lacks-role'] as const;
export type OrgBucketState = (typeof ORG_STATES)[number];

/** Buckets each state takes (a pair takes two), in the order the generator cycles through them. */
const CYCLE: OrgBucketState[] = ['no-replication', 'healthy', 'no-replication', 'destination-versioning-off', 'role-missing-permission', 'cross-account-healthy', 'no-replication', 'cross-account-lacks-role', 'healthy'];
const REGIONS = ['us-east-1', 'eu-west-1', 'us-west-2'];

export function orgAccountId(i: number): string {
  return String(100000000000 + i);
}

export interface OrganizationOptions {
  latencyMs?: number;
  /** External id the audit roles ask for. */
  externalId?: string;
  /** Member accounts (1-based indexes) whose audit role does not trust the management account. */
  lockedAccounts?: number[];
}

const trustService = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole' }] };

function replicationRole(withReplicate: boolean): ScenarioRole {
  const actions = ['s3:GetReplicationConfiguration', 's3:ListBucket', 's3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'];
  return {
    name: withReplicate ? ORG_REPLICATION_ROLE : `${ORG_REPLICATION_ROLE}-no-replicate`,
    trustPolicy: trustService,
    inlinePolicies: {
      replication: {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: actions.slice(0, 2), Resource: 'arn:aws:s3:::org-*' },
          { Effect: 'Allow', Action: actions.slice(2), Resource: 'arn:aws:s3:::org-*/*' },
          ...(withReplicate ? [{ Effect: 'Allow', Action: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'], Resource: 'arn:aws:s3:::org-*/*' }] : []),
        ],
      },
    },
  };
}

/**
 * `accounts` member accounts (ids 100000000001…) under a management account 100000000000 that holds
 * no buckets; `bucketsPerAccount` buckets in each member.
 */
export function mixedOrganization(accounts: number, bucketsPerAccount: number, o: OrganizationOptions = {}): Scenario {
  const members: ScenarioAccount[] = [];
  const buckets: ScenarioBucket[] = [];
  const locked = new Set(o.lockedAccounts ?? []);
  for (let i = 1; i <= accounts; i++) {
    const id = orgAccountId(i);
    const next = orgAccountId((i % accounts) + 1);
    const auditTrust = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${locked.has(i) ? '999999999999' : ORG_MANAGEMENT}:root` },
          Action: 'sts:AssumeRole',
          ...(o.externalId ? { Condition: { StringEquals: { 'sts:ExternalId': o.externalId } } } : {}),
        },
      ],
    };
    members.push({ id, name: `member-${i}`, roles: [{ name: ORG_AUDIT_ROLE, trustPolicy: auditTrust }, replicationRole(true), replicationRole(false)] });
    let n = 0;
    for (let g = 0; n < bucketsPerAccount; g++) {
      let state = CYCLE[g % CYCLE.length];
      const pair = state !== 'no-replication';
      const cross = state.startsWith('cross-account') && accounts > 1;
      if (state.startsWith('cross-account') && !cross) state = 'healthy';
      if (pair && !cross && bucketsPerAccount - n < 2) state = 'no-replication';
      const name = `org-${i}-${String(g).padStart(4, '0')}`;
      const region = REGIONS[g % REGIONS.length];
      const label = `org: ${state}`;
      if (state === 'no-replication') {
        buckets.push({ name: `${name}-solo`, account: id, region, versioning: g % 2 ? 'Enabled' : 'Off', label });
        n++;
        continue;
      }
      const role = state === 'role-missing-permission' ? `${ORG_REPLICATION_ROLE}-no-replicate` : ORG_REPLICATION_ROLE;
      const roleArn = `arn:aws:iam::${id}:role/${role}`;
      const destination = `${name}-dst`;
      const destinationAccount = state.startsWith('cross-account') ? next : id;
      buckets.push({
        name: `${name}-src`,
        account: id,
        region,
        versioning: 'Enabled',
        label,
        replication: {
          Role: roleArn,
          Rules: [
            {
              ID: 'replicate-all',
              Status: 'Enabled',
              Priority: 1,
              Filter: {},
              DeleteMarkerReplication: { Status: 'Disabled' },
              Destination: { Bucket: `arn:aws:s3:::${destination}`, ...(destinationAccount !== id ? { Account: destinationAccount } : {}) },
            },
          ],
        },
      });
      n++;
      const principal = state === 'cross-account-lacks-role' ? `arn:aws:iam::${id}:role/someone-else` : roleArn;
      buckets.push({
        name: destination,
        account: destinationAccount,
        region: REGIONS[(g + 1) % REGIONS.length],
        versioning: state === 'destination-versioning-off' ? 'Suspended' : 'Enabled',
        label: `${label} (destination)`,
        ...(destinationAccount !== id
          ? { policy: { Version: '2012-10-17', Statement: [{ Sid: 'Replication', Effect: 'Allow', Principal: { AWS: principal }, Action: ['s3:ReplicateObject', 's3:ReplicateDelete'], Resource: `arn:aws:s3:::${destination}/*` }] } }
          : {}),
      });
      // A cross-account destination lives in the next account: it counts there, not here.
      if (destinationAccount === id) n++;
    }
  }
  const faults: FaultSpec[] = o.latencyMs ? [{ operation: '*', latencyMs: o.latencyMs }] : [];
  return {
    accountId: ORG_MANAGEMENT,
    accounts: members,
    buckets,
    organization: { managementAccount: ORG_MANAGEMENT },
    faults,
    replicationDelayMs: 0,
  };
}
