/**
 * Runs a confirmed plan: first every document the plan replaces is read again and compared with the
 * one its preview showed (any change stops the plan before anything is sent); then its steps in
 * order, each one checked again just before it is sent and audited (what, where, request id; never a
 * credential or a policy body), stopping at the first failure with an actionable reason; then reads
 * back what was written.
 */
import { stepTarget, type WritePlan, type WriteStep } from '../../core/live/writePlan';
import type { CallScope } from '../scope';
import { createJob } from './batchJobs';
import type { WriteClients } from './clients';
import { liveChange, type LiveChange } from './freshness';
import { attachRolePolicy, createPolicy, createRole, putRolePolicy, updateTrustPolicy, type Identity } from './iamWrites';
import { putBucketPolicy, putNotification, putReplication, putVersioningEnabled } from './s3Writes';
import { createQueue, deleteQueue, setQueueAttributes } from './sqsWrites';
import { putKeyPolicy } from './kmsWrites';
import { readBack } from './verify';
import { explainWriteError, type ErrorContext, type WriteFailure } from './writeErrors';

export interface AuditEntry {
  api: WriteStep['api'];
  target: string;
  account: string;
  region: string;
  requestId?: string;
  outcome: 'ok' | 'failed';
  /** The AWS error code of a failed call. */
  code?: string;
}

export interface ExecuteResult {
  audit: AuditEntry[];
  failure?: WriteFailure;
  /** The Batch Replication job started, if the plan had one. */
  job?: { id: string; region: string; accountId: string };
  /** Steps whose document reads back differently from what was sent. */
  mismatches: string[];
  /**
   * Set when a live document is no longer the one the preview showed (someone else wrote it): the plan
   * stopped there, and nothing from that step on was sent.
   */
  changed?: LiveChange;
}

export interface ExecuteEnv {
  scope: CallScope;
  clients: WriteClients;
  homeRegion: string;
  identity: Identity;
  /** Clients for a step of another account (`step.account`): its profile or the organization role. */
  accountClients?: (account: string) => Promise<WriteClients>;
}

/** The clients a step runs with: the view's own, or the other account's. */
async function clientsFor(step: WriteStep, env: ExecuteEnv): Promise<WriteClients> {
  if (!step.account || step.account === env.identity.account) return env.clients;
  if (!env.accountClients) throw new Error(`${stepTarget(step)} belongs to account ${step.account}, and no profile reaches it (accountProfiles or organizationRole).`);
  return env.accountClients(step.account);
}

export interface ExecuteOptions {
  /** The user confirmed each of the plan's losses (e.g. live rules they chose to delete). */
  acceptLosses?: boolean;
  onStep?: (step: WriteStep, index: number) => void;
}

function regionOf(step: WriteStep, home: string): string {
  return ('region' in step && step.region) || home;
}

function errorContext(step: WriteStep, env: ExecuteEnv): ErrorContext {
  const common = { operation: step.api, account: step.account ?? env.identity.account, identity: step.account ? undefined : env.identity.arn || undefined, region: regionOf(step, env.homeRegion) };
  switch (step.api) {
    case 'PutBucketVersioning':
    case 'PutBucketPolicy':
      return { ...common, bucket: step.bucket };
    case 'PutKeyPolicy':
      return { ...common, policyArn: step.keyArn };
    case 'PutBucketReplication': {
      const rules = (step.configuration.Rules ?? []) as { Destination?: { Bucket?: string } }[];
      const destinations = [...new Set(rules.map((r) => /^arn:[^:]+:s3:::([^/]+)$/.exec(r.Destination?.Bucket ?? '')?.[1]).filter((b): b is string => !!b))];
      return { ...common, bucket: step.bucket, source: step.bucket, roleArn: step.roleArn, destinations };
    }
    case 'CreateJob':
      return { ...common, bucket: step.bucket, roleArn: step.roleArn };
    case 'CreatePolicy':
      return { ...common, policyArn: step.policyArn };
    case 'AttachRolePolicy':
      return { ...common, roleName: step.roleName, policyArn: step.policyArn };
    case 'PutBucketNotificationConfiguration':
      return { ...common, bucket: step.bucket };
    case 'CreateQueue':
    case 'SetQueueAttributes':
    case 'DeleteQueue':
      return { ...common, queueName: step.queueName };
    default:
      return { ...common, roleName: step.roleName };
  }
}

async function send(step: WriteStep, env: ExecuteEnv): Promise<{ requestId?: string; jobId?: string }> {
  const region = regionOf(step, env.homeRegion);
  const { scope } = env;
  const clients = await clientsFor(step, env);
  switch (step.api) {
    case 'PutBucketPolicy':
      return putBucketPolicy(scope, clients.s3(region), region, step.bucket, step.policy);
    case 'PutKeyPolicy':
      if (!clients.kms) throw new Error('No KMS client for this account.');
      return putKeyPolicy(scope, clients.kms(region), region, step.keyArn, step.policy);
    case 'PutBucketVersioning':
      return putVersioningEnabled(scope, clients.s3(region), region, step.bucket);
    case 'PutBucketReplication':
      return putReplication(scope, clients.s3(region), region, step.bucket, step.configuration);
    case 'CreateRole':
      return createRole(scope, clients.iam(env.homeRegion), step);
    case 'UpdateAssumeRolePolicy':
      return updateTrustPolicy(scope, clients.iam(env.homeRegion), step.roleName, step.trustPolicy);
    case 'PutRolePolicy':
      return putRolePolicy(scope, clients.iam(env.homeRegion), step.roleName, step.policyName, step.policy);
    case 'CreatePolicy':
      return createPolicy(scope, clients.iam(env.homeRegion), step);
    case 'AttachRolePolicy':
      return attachRolePolicy(scope, clients.iam(env.homeRegion), step.roleName, step.policyArn);
    case 'CreateJob':
      return createJob(scope, clients.s3control(region), region, step);
    case 'CreateQueue':
      return createQueue(scope, clients.sqs(region), region, step.queueName, step.attributes ?? {});
    case 'SetQueueAttributes':
      return setQueueAttributes(scope, clients.sqs(region), region, step.queueName, step.attributes ?? {});
    case 'DeleteQueue':
      return deleteQueue(scope, clients.sqs(region), region, step.queueName);
    case 'PutBucketNotificationConfiguration':
      return putNotification(scope, clients.s3(region), region, step.bucket, step.configuration);
  }
}

export async function executePlan(plan: WritePlan, env: ExecuteEnv, options: ExecuteOptions = {}): Promise<ExecuteResult> {
  if (plan.refused) throw new Error(plan.refused);
  if (plan.losses.length > 0 && !options.acceptLosses) throw new Error(`Not written: the plan would delete ${plan.losses.join(', ')}, and that was not confirmed.`);
  const result: ExecuteResult = { audit: [], mismatches: [] };
  const check = async (step: WriteStep): Promise<boolean> => {
    try {
      result.changed = await liveChange(env.scope, await clientsFor(step, env), env.homeRegion, step);
    } catch (err) {
      // Never write over a document that could not be read again: what it holds now is unknown.
      const failure = explainWriteError(err, errorContext(step, env));
      result.failure = { ...failure, message: `Nothing more was written: ${stepTarget(step)} could not be read again just before writing, so whether someone changed it since the preview is unknown. ${failure.message}` };
      return false;
    }
    return result.changed === undefined;
  };
  // Every document first, so that a change to the last one stops the plan before the first write.
  for (const step of plan.steps) if (!(await check(step))) return result;
  for (const [index, step] of plan.steps.entries()) {
    options.onStep?.(step, index);
    const entry = { api: step.api, target: stepTarget(step), account: step.account ?? env.identity.account, region: regionOf(step, env.homeRegion) };
    // The first step was just checked; later ones again, right before they are sent.
    if (index > 0 && !(await check(step))) return result;
    try {
      const out = await send(step, env);
      result.audit.push({ ...entry, requestId: out.requestId, outcome: 'ok' });
      if (out.jobId && step.api === 'CreateJob') result.job = { id: out.jobId, region: entry.region, accountId: step.accountId };
    } catch (err) {
      const failure = explainWriteError(err, errorContext(step, env));
      result.audit.push({ ...entry, requestId: failure.requestId, outcome: 'failed', code: failure.code });
      result.failure = failure;
      return result;
    }
  }
  for (const step of plan.steps) {
    try {
      const difference = await readBack(env.scope, await clientsFor(step, env), env.homeRegion, step);
      if (difference) result.mismatches.push(difference);
    } catch (err) {
      result.mismatches.push(`${stepTarget(step)} could not be read back: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return result;
}
