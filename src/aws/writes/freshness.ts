/**
 * "Never write over a change the user has not seen": S3's and IAM's writes replace whole documents
 * and take no version to compare against, so just before each write the live document is read again
 * and compared with the one the preview was built from (`step.before`). Any difference stops the plan
 * before anything more is sent. What is left is the time between this read and the write itself
 * (milliseconds), which no S3 or IAM API lets a client close.
 */
import { stepTarget, type WriteStep } from '../../core/live/writePlan';
import { AwsCallError } from '../errors';
import { getRole, inlinePolicy, attachedPolicyArns, managedPolicy } from '../iamService';
import { bucketNotification, bucketPolicy, bucketVersioning, readReplication, replicationJson } from '../s3Service';
import { queueByName } from './sqsWrites';
import { keyPolicy } from '../kmsService';
import type { CallScope } from '../scope';
import type { WriteClients } from './clients';

/** A live document that is no longer what the preview showed. */
export interface LiveChange {
  step: WriteStep;
  /** What changed, in a sentence. */
  detail: string;
}

const isMissing = (err: unknown) => err instanceof AwsCallError && (err.code === 'NoSuchEntity' || err.kind === 'not-found');

/** JSON text → a comparable form: members sorted, white space gone. Non-JSON stays as it is. */
function canonical(text: string): string {
  if (!text.trim()) return '';
  try {
    return JSON.stringify(sortKeys(unwrap(JSON.parse(text))));
  } catch {
    return text;
  }
}

function unwrap(value: unknown): unknown {
  const inner = (value as { ReplicationConfiguration?: unknown } | null)?.ReplicationConfiguration;
  return inner && typeof inner === 'object' ? inner : value;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
  );
}

/** The live document a step replaces, read now, in the form `step.before` has; undefined for steps that replace none. */
async function liveNow(scope: CallScope, clients: WriteClients, homeRegion: string, step: WriteStep): Promise<{ text: string; also?: string } | undefined> {
  const iam = () => clients.iam(homeRegion);
  switch (step.api) {
    case 'PutBucketVersioning': {
      const region = step.region ?? homeRegion;
      const state = await bucketVersioning(scope, clients.s3Reads(region), region, step.bucket);
      return { text: JSON.stringify(state === 'Off' ? {} : { Status: state }) };
    }
    case 'PutBucketReplication': {
      const region = step.region ?? homeRegion;
      const read = await readReplication(scope, clients.s3Reads(region), region, step.bucket);
      if (!read) return { text: '' };
      const also = read.unmodelled.length > 0 ? `it now holds ${read.unmodelled.join(', ')}, which this extension's AWS SDK does not know` : undefined;
      return { text: replicationJson(read.configuration), also };
    }
    case 'PutRolePolicy':
      try {
        return { text: (await inlinePolicy(scope, iam(), step.roleName, step.policyName)).document };
      } catch (err) {
        if (isMissing(err)) return { text: '' };
        throw err;
      }
    case 'UpdateAssumeRolePolicy':
      return { text: (await getRole(scope, iam(), step.roleName))?.trustPolicy ?? '' };
    case 'CreateRole':
      return { text: (await getRole(scope, iam(), step.roleName))?.trustPolicy ?? '' };
    case 'CreatePolicy':
      try {
        return { text: (await managedPolicy(scope, iam(), step.policyArn)).document };
      } catch (err) {
        if (isMissing(err)) return { text: '' };
        throw err;
      }
    case 'AttachRolePolicy':
      try {
        return { text: JSON.stringify(await attachedPolicyArns(scope, iam(), step.roleName)) };
      } catch (err) {
        if (isMissing(err)) return { text: '[]' };
        throw err;
      }
    case 'PutBucketPolicy': {
      const region = step.region ?? homeRegion;
      return { text: (await bucketPolicy(scope, clients.s3Reads(region), region, step.bucket)) ?? '' };
    }
    case 'PutKeyPolicy':
      if (!clients.kms) return undefined;
      return { text: await keyPolicy(scope, clients.kms(step.region), step.region, step.keyArn) };
    case 'CreateJob':
      return undefined;
    case 'PutBucketNotificationConfiguration': {
      const region = step.region ?? homeRegion;
      return { text: JSON.stringify(await bucketNotification(scope, clients.s3Reads(region), region, step.bucket)) };
    }
    case 'CreateQueue':
    case 'SetQueueAttributes':
    case 'DeleteQueue': {
      const region = step.region ?? homeRegion;
      const queue = await queueByName(scope, clients.sqs(region), region, step.queueName);
      if (!queue) return { text: '' };
      // Each step's preview shows what it replaces: nothing (create), the policy (set), the queue (delete).
      if (step.api === 'SetQueueAttributes') return { text: queue.policy ?? '' };
      if (step.api === 'DeleteQueue') return { text: step.before };
      return { text: 'the queue exists' };
    }
  }
}

/** Undefined when the live document is still the one the preview showed; else what changed. */
export async function liveChange(scope: CallScope, clients: WriteClients, homeRegion: string, step: WriteStep): Promise<LiveChange | undefined> {
  const now = await liveNow(scope, clients, homeRegion, step);
  if (!now) return undefined;
  const target = stepTarget(step);
  if (now.also) return { step, detail: `The live document of ${target} changed since the preview: ${now.also}.` };
  // IAM returns documents byte for byte as written; S3's configuration is compared member by member.
  // S3 may return a bucket policy in another layout than it was sent: compared member by member too.
  const compared = ['PutBucketReplication', 'PutBucketVersioning', 'AttachRolePolicy', 'PutBucketNotificationConfiguration', 'SetQueueAttributes', 'PutBucketPolicy', 'PutKeyPolicy'];
  const same = compared.includes(step.api) ? canonical(now.text) === canonical(step.before) : now.text === step.before;
  if (same) return undefined;
  if (step.before === '') return { step, detail: `${target} did not exist when the preview was made, and it does now.` };
  if (now.text === '') return { step, detail: `${target} was deleted since the preview.` };
  return { step, detail: `The live document of ${target} changed since the preview.` };
}
