/**
 * Scenarios of any size with the replication states the explorer must tell apart. Deterministic for a
 * seed; every bucket's `label` says which state it stands for, so tests can find one of each.
 */
import type { FaultSpec, ReplicationConfiguration, Scenario, ScenarioBucket } from './types';

export const GENERATED_STATES = [
  'no-replication',
  'healthy',
  'source-versioning-off',
  'destination-versioning-off',
  'destination-missing',
  'role-missing-permission',
  'access-denied',
] as const;
export type GeneratedState = (typeof GENERATED_STATES)[number];

/** Relative frequency of each state. */
const WEIGHTS: Record<GeneratedState, number> = {
  'no-replication': 30,
  healthy: 25,
  'source-versioning-off': 10,
  'destination-versioning-off': 10,
  'destination-missing': 8,
  'role-missing-permission': 10,
  'access-denied': 7,
};

const REGIONS = ['us-east-1', 'eu-west-1', 'us-west-2', 'ap-southeast-2'];
const ACCOUNT = '123456789012';
export const GENERATED_ROLE = 'gen-replication-role';
export const GENERATED_ROLE_NO_REPLICATE = 'gen-replication-role-no-replicate';

/** mulberry32: small, fast, good enough to spread states. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick(next: () => number): GeneratedState {
  const total = Object.values(WEIGHTS).reduce((a, b) => a + b, 0);
  let r = next() * total;
  for (const state of GENERATED_STATES) {
    r -= WEIGHTS[state];
    if (r < 0) return state;
  }
  return 'no-replication';
}

function replicationTo(destination: string, role: string): ReplicationConfiguration {
  return {
    Role: `arn:aws:iam::${ACCOUNT}:role/${role}`,
    Rules: [{ ID: 'replicate-all', Status: 'Enabled', Priority: 1, Filter: {}, DeleteMarkerReplication: { Status: 'Disabled' }, Destination: { Bucket: `arn:aws:s3:::${destination}` } }],
  };
}

const statement = (actions: string[], resource: string) => ({ Effect: 'Allow', Action: actions, Resource: resource });
const SOURCE_ACTIONS = ['s3:GetReplicationConfiguration', 's3:ListBucket'];
const OBJECT_ACTIONS = ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'];

export function generatedScenario(n: number, opts: { seed?: number; latencyMs?: number } = {}): Scenario {
  if (!Number.isInteger(n) || n < 0) throw new Error(`generatedScenario: n must be a whole number of buckets, got ${n}`);
  const next = random(opts.seed ?? 1);
  const buckets: ScenarioBucket[] = [];
  const faults: FaultSpec[] = opts.latencyMs ? [{ operation: '*', latencyMs: opts.latencyMs }] : [];
  for (let group = 0; buckets.length < n; group++) {
    let state = pick(next);
    const paired = state !== 'no-replication' && state !== 'source-versioning-off' && state !== 'destination-missing';
    if (paired && n - buckets.length < 2) state = 'no-replication';
    const id = `gen-${String(group).padStart(5, '0')}`;
    const region = REGIONS[group % REGIONS.length];
    const label = `generated: ${state}`;
    const objects = [
      { key: 'before-replication.txt', body: `${id} old`, uploadedBeforeReplication: true },
      { key: 'data/after-replication.txt', body: `${id} new` },
    ];
    if (state === 'no-replication' || state === 'source-versioning-off') {
      const versioning = state === 'source-versioning-off' || group % 2 === 0 ? 'Off' : 'Enabled';
      buckets.push({ name: `${id}-solo`, region, versioning, label, objects: objects.slice(0, 1) });
      continue;
    }
    const source = `${id}-src`;
    const destination = state === 'destination-missing' ? `${id}-gone` : `${id}-dst`;
    const role = state === 'role-missing-permission' ? GENERATED_ROLE_NO_REPLICATE : GENERATED_ROLE;
    buckets.push({ name: source, region, versioning: 'Enabled', label, replication: replicationTo(destination, role), objects });
    if (state !== 'destination-missing') {
      const destinationRegion = REGIONS[(group + 1) % REGIONS.length];
      buckets.push({ name: destination, region: destinationRegion, versioning: state === 'destination-versioning-off' ? 'Suspended' : 'Enabled', label: `${label} (destination)` });
    }
    if (state === 'access-denied') faults.push({ operation: 'GetBucketReplication', bucket: source, error: 'AccessDenied' });
  }
  const trustPolicy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
  const noReplicateArn = `arn:aws:iam::${ACCOUNT}:policy/gen-replication-without-replicate-object`;
  return {
    accountId: ACCOUNT,
    buckets,
    roles: [
      {
        name: GENERATED_ROLE,
        trustPolicy,
        inlinePolicies: {
          replication: {
            Version: '2012-10-17',
            Statement: [statement(SOURCE_ACTIONS, 'arn:aws:s3:::gen-*'), statement(OBJECT_ACTIONS, 'arn:aws:s3:::gen-*/*'), statement(['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'], 'arn:aws:s3:::gen-*/*')],
          },
        },
      },
      { name: GENERATED_ROLE_NO_REPLICATE, trustPolicy, attachedPolicyArns: [noReplicateArn] },
    ],
    managedPolicies: [
      {
        name: 'gen-replication-without-replicate-object',
        arn: noReplicateArn,
        document: { Version: '2012-10-17', Statement: [statement(SOURCE_ACTIONS, 'arn:aws:s3:::gen-*'), statement(OBJECT_ACTIONS, 'arn:aws:s3:::gen-*/*')] },
      },
    ],
    faults,
  };
}
