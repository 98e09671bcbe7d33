/**
 * Reads back what each step wrote. S3 and IAM answer a write before every reader sees it, and a
 * proxy or an S3-compatible server may store something else than was sent: a difference is reported,
 * never silently accepted.
 */
import { diffConfigs } from '../../core/live/configDiff';
import { policyLosses } from '../../core/live/policyLoss';
import type { WriteStep } from '../../core/live/writePlan';
import { findCapture } from '../../core/live/capturePlan';
import { attachedPolicyArns, getRole, inlinePolicy, managedPolicy } from '../iamService';
import { bucketNotification, bucketPolicy, bucketReplication, bucketVersioning } from '../s3Service';
import { queueByName } from './sqsWrites';
import { keyPolicy } from '../kmsService';
import type { CallScope } from '../scope';
import type { WriteClients } from './clients';

/** What differs between the step's document and what AWS now returns; undefined when they agree. */
export async function readBack(scope: CallScope, clients: WriteClients, homeRegion: string, step: WriteStep): Promise<string | undefined> {
  const iam = () => clients.iam(homeRegion);
  switch (step.api) {
    case 'PutBucketVersioning': {
      const region = step.region ?? homeRegion;
      const state = await bucketVersioning(scope, clients.s3Reads(region), region, step.bucket);
      return state === 'Enabled' ? undefined : `versioning of ${step.bucket} reads back as ${state}`;
    }
    case 'PutBucketReplication': {
      const region = step.region ?? homeRegion;
      const read = await bucketReplication(scope, clients.s3Reads(region), region, step.bucket);
      if (!read) return `${step.bucket} has no replication configuration when read back`;
      const d = diffConfigs(step.configuration, read);
      // Rules sent without an ID get one from S3: they show as removed and added in equal numbers.
      const unnamed = (step.configuration.Rules as { ID?: unknown }[] | undefined)?.filter((r) => typeof r.ID !== 'string').length ?? 0;
      const off = [...d.changed, ...d.removed.filter((r) => r.id !== undefined)].map((r) => r.id);
      if (off.length > 0 || d.added.length !== unnamed || d.roleChanged) return `the configuration of ${step.bucket} reads back differently (${off.length ? `rules ${off.join(', ')}` : 'rules or role'})`;
      return undefined;
    }
    case 'PutRolePolicy': {
      const read = await inlinePolicy(scope, iam(), step.roleName, step.policyName);
      const lost = policyLosses(step.policy, read.document);
      return lost.length ? `inline policy ${step.policyName} of ${step.roleName} reads back without ${lost.join(', ')}` : undefined;
    }
    case 'CreateRole':
    case 'UpdateAssumeRolePolicy': {
      const role = await getRole(scope, iam(), step.roleName);
      if (!role) return `role ${step.roleName} does not exist when read back`;
      const lost = policyLosses(step.trustPolicy, role.trustPolicy);
      return lost.length ? `the trust policy of ${step.roleName} reads back without ${lost.join(', ')}` : undefined;
    }
    case 'CreatePolicy': {
      const read = await managedPolicy(scope, iam(), step.policyArn);
      const lost = policyLosses(step.policy, read.document);
      return lost.length ? `managed policy ${step.policyName} reads back without ${lost.join(', ')}` : undefined;
    }
    case 'AttachRolePolicy': {
      const attached = await attachedPolicyArns(scope, iam(), step.roleName);
      return attached.includes(step.policyArn) ? undefined : `${step.policyArn} is not attached to role ${step.roleName} when read back`;
    }
    case 'PutBucketPolicy': {
      const region = step.region ?? homeRegion;
      const read = await bucketPolicy(scope, clients.s3Reads(region), region, step.bucket);
      const lost = read === undefined ? ['every statement'] : policyLosses(step.policy, read);
      return lost.length ? `the bucket policy of ${step.bucket} reads back without ${lost.join(', ')}` : undefined;
    }
    case 'PutKeyPolicy': {
      if (!clients.kms) return undefined;
      const lost = policyLosses(step.policy, await keyPolicy(scope, clients.kms(step.region), step.region, step.keyArn));
      return lost.length ? `the key policy of ${step.keyArn} reads back without ${lost.join(', ')}` : undefined;
    }
    case 'CreateJob':
      // The job's own status is what matters; the command follows it with DescribeJob.
      return undefined;
    case 'CreateQueue':
    case 'SetQueueAttributes':
    case 'DeleteQueue': {
      const region = step.region ?? homeRegion;
      const queue = await queueByName(scope, clients.sqs(region), region, step.queueName);
      if (step.api === 'DeleteQueue') return queue ? `queue ${step.queueName} still exists when read back` : undefined;
      if (!queue) return `queue ${step.queueName} does not exist when read back`;
      const sent = step.attributes?.Policy;
      return sent && queue.policy && JSON.stringify(JSON.parse(queue.policy)) !== JSON.stringify(JSON.parse(sent)) ? `the policy of queue ${step.queueName} reads back differently` : undefined;
    }
    case 'PutBucketNotificationConfiguration': {
      const region = step.region ?? homeRegion;
      const read = await bucketNotification(scope, clients.s3Reads(region), region, step.bucket);
      const present = findCapture(read) !== undefined;
      if (present !== (step.capture === 'added')) return `the notification configuration of ${step.bucket} reads back ${present ? 'with' : 'without'} the failure-event queue`;
      const lists = ['TopicConfigurations', 'QueueConfigurations', 'LambdaFunctionConfigurations'] as const;
      const count = (c: Record<string, unknown>, k: string) => (Array.isArray(c[k]) ? (c[k] as unknown[]).length : 0);
      const lost = lists.filter((k) => count(read, k) !== count(step.configuration, k));
      if (lost.length > 0 || (read.EventBridgeConfiguration === undefined) !== (step.configuration.EventBridgeConfiguration === undefined)) {
        return `the notification configuration of ${step.bucket} reads back with other destinations than were written (${lost.join(', ') || 'EventBridge'})`;
      }
      return undefined;
    }
  }
}
