/**
 * A bucket's health in one badge and one line, derived from the engine's findings and from what
 * could not be read. Nothing is judged here that a rule does not already say.
 */
import type { Finding } from '../core/findings';
import { sinceText } from '../core/live/telemetry';
import type { AwsFailure, BucketObservations, FailureKind, LiveBucketState } from '../aws/types';

export type HealthLevel = 'ok' | 'warning' | 'error' | 'none' | 'unknown';

export interface Health {
  level: HealthLevel;
  /**
   * ✓ ⚠ ✗ ?, or empty when there is nothing to judge (no replication): for text without the node's
   * codicon (its tooltip). The description leaves it out, the icon beside it says the same.
   */
  badge: string;
  /** e.g. `→ destination-bucket (eu-west-1)`, `versioning off`, `2 problems`, `no replication`. */
  description: string;
  /** Error and warning findings. */
  problems: number;
  /** Objects S3 reported FAILED in the telemetry window (metrics, or a Batch job's report); absent before telemetry is read. */
  failed?: number;
}

const BADGE: Record<HealthLevel, string> = { ok: '✓', warning: '⚠', error: '✗', unknown: '?', none: '' };

const KIND_TEXT: Record<FailureKind, string> = {
  'access-denied': 'access denied',
  throttled: 'throttled',
  'not-found': 'not found',
  credentials: 'credentials rejected',
  'region-disabled': 'Region not enabled',
  network: 'no answer',
  cancelled: 'cancelled',
  service: 'failed',
};

/** What a failed operation was reading, in the words of the tree. */
const READ_NOUN: Record<string, string> = {
  GetBucketLocation: 'region',
  GetBucketVersioning: 'versioning',
  GetBucketReplication: 'replication',
  GetBucketOwnershipControls: 'object ownership',
  GetObjectLockConfiguration: 'Object Lock',
  GetCallerIdentity: 'account',
  GetRole: 'role',
  ListRolePolicies: 'role policies',
  GetRolePolicy: 'role policy',
  ListAttachedRolePolicies: 'role policies',
  GetPolicy: 'managed policy',
  GetPolicyVersion: 'managed policy',
  GetBucketNotificationConfiguration: 'notifications',
  GetMetricData: 'metrics',
  ReceiveMessage: 'failure events',
  GetQueueUrl: 'failure events',
  GetQueueAttributes: 'failure events',
  ListJobs: 'Batch jobs',
  DescribeJob: 'Batch job',
  GetObject: 'Batch report',
};

/** `replication: access denied`: what could not be read, and why, in a few words. */
export function failureText(f: AwsFailure): string {
  return `${READ_NOUN[f.operation] ?? f.operation}: ${KIND_TEXT[f.kind]}`;
}

/** Short labels for the problems people meet most; other rules fall back to their family's label. */
const RULE_LABEL: Record<string, string> = {
  'ls-dest-versioning': 'destination versioning off',
  'ls-dest-exists': 'destination missing',
  'ls-object-lock-destination': 'destination Object Lock off',
  'ls-dest-requester-pays': 'destination Requester Pays',
  'ls-regions-enabled': 'Region not enabled',
  'ls-source-object-ownership': 'source ACLs enabled',
};
const FAMILY_LABEL: [string, string][] = [
  ['iam-', 'role permissions'],
  ['trust-', 'role trust policy'],
  ['bp-', 'bucket policy'],
  ['kms-', 'KMS key policy'],
  ['ls-', 'bucket settings'],
];

function problemLabel(f: Finding, live: LiveBucketState): string {
  if (f.ruleId === 'ls-source-versioning') return `versioning ${(live.versioning.ok ? live.versioning.value : 'Off').toLowerCase()}`;
  return RULE_LABEL[f.ruleId] ?? FAMILY_LABEL.find(([prefix]) => f.ruleId.startsWith(prefix))?.[1] ?? 'configuration problem';
}

function destinationsText(live: LiveBucketState): string {
  const names = [...new Set((live.facts.buckets[live.bucket.name]?.replication ?? []).map((r) => r.destinationBucket))];
  if (names.length > 2) return `→ ${names.length} destinations`;
  if (names.length === 0) return 'configured';
  return '→ ' + names.map((n) => {
    const region = live.destinations.find((d) => d.name === n)?.region;
    return region ? `${n} (${region})` : n;
  }).join(', ');
}

/**
 * What S3 says failed in the window: failed operations by the rules' metrics, and failed tasks of a
 * Batch Replication job that ended in it. Undefined when nothing was read.
 */
export function failedInWindow(o: BucketObservations | undefined): number | undefined {
  if (!o) return undefined;
  const metrics = o.rules.reduce((sum, r) => sum + (r.metrics.failed?.total ?? 0), 0);
  const batchTime = o.batch?.events[0]?.time ?? (o.batch?.createdAt ? Date.parse(o.batch.createdAt) : undefined);
  const batch = o.batch && batchTime !== undefined && batchTime >= o.window.start ? (o.batch.failedTasks ?? o.batch.events.length) : 0;
  return metrics + batch;
}

/**
 * The health of a bucket: its configuration's findings first, then what S3 itself reports. A bucket
 * whose objects fail gets a failing health even when its configuration looks right.
 */
export function summarize(live: LiveBucketState, findings: readonly Finding[], observations?: BucketObservations): Health {
  const health = configHealth(live, findings);
  const failed = failedInWindow(observations);
  if (failed === undefined) return health;
  if (failed === 0) return { ...health, failed };
  const text = health.description;
  const window = observations ? sinceText(observations.window.sinceMs) : '24 h';
  return { ...health, level: 'error', badge: BADGE.error, description: `${text} · ${failed.toLocaleString('en-US')} failed in ${window}`, failed };
}

function configHealth(live: LiveBucketState, findings: readonly Finding[]): Health {
  if (!live.replication.ok) {
    return { level: 'unknown', badge: BADGE.unknown, description: failureText(live.replication.failure), problems: 0 };
  }
  const problems = findings.filter((f) => f.severity === 'error' || f.severity === 'warning');
  if (!live.replication.value.configured && problems.length === 0) return { level: 'none', badge: '', description: 'no replication', problems: 0 };

  if (problems.length > 0) {
    const level: HealthLevel = problems.some((f) => f.severity === 'error') ? 'error' : 'warning';
    const labels = new Set(problems.map((f) => problemLabel(f, live)));
    const text = labels.size === 1 ? [...labels][0] + (problems.length > 1 ? ` (${problems.length})` : '') : `${problems.length} problems`;
    return { level, badge: BADGE[level], description: text, problems: problems.length };
  }
  if (live.failures.length > 0) {
    const more = live.failures.length > 1 ? ` +${live.failures.length - 1}` : '';
    return { level: 'unknown', badge: BADGE.unknown, description: `${destinationsText(live)} · ${failureText(live.failures[0])}${more}`, problems: 0 };
  }
  return { level: 'ok', badge: BADGE.ok, description: destinationsText(live), problems: 0 };
}
