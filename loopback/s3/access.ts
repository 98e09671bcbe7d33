/**
 * Requests from another account than the bucket owner's: S3 answers them only when the bucket policy
 * allows the caller the action (the caller's own account is assumed to allow it, as for an
 * administrator). The bucket owner's own requests are never refused here.
 */
import { AwsError } from '../protocol/errors';
import type { HandlerContext } from '../protocol/request';
import { resourcePolicyDecision } from '../replication/permissions';
import type { BucketState } from '../state';

/** Operation → IAM action S3 authorizes it with; bucket-level unless `object`. */
const ACTIONS: Record<string, { action: string; object?: boolean; ownerOnly?: boolean }> = {
  GetBucketLocation: { action: 's3:GetBucketLocation' },
  HeadBucket: { action: 's3:ListBucket' },
  GetBucketVersioning: { action: 's3:GetBucketVersioning' },
  PutBucketVersioning: { action: 's3:PutBucketVersioning' },
  GetBucketReplication: { action: 's3:GetReplicationConfiguration' },
  PutBucketReplication: { action: 's3:PutReplicationConfiguration' },
  DeleteBucketReplication: { action: 's3:PutReplicationConfiguration' },
  // Only identities of the owner account may read or change a bucket policy (S3 says 405 to others).
  GetBucketPolicy: { action: 's3:GetBucketPolicy', ownerOnly: true },
  PutBucketPolicy: { action: 's3:PutBucketPolicy', ownerOnly: true },
  DeleteBucketPolicy: { action: 's3:DeleteBucketPolicy', ownerOnly: true },
  GetBucketOwnershipControls: { action: 's3:GetBucketOwnershipControls' },
  PutBucketOwnershipControls: { action: 's3:PutBucketOwnershipControls' },
  GetObjectLockConfiguration: { action: 's3:GetBucketObjectLockConfiguration' },
  GetBucketEncryption: { action: 's3:GetEncryptionConfiguration' },
  PutBucketEncryption: { action: 's3:PutEncryptionConfiguration' },
  GetBucketRequestPayment: { action: 's3:GetBucketRequestPayment' },
  PutBucketRequestPayment: { action: 's3:PutBucketRequestPayment' },
  ListObjectsV2: { action: 's3:ListBucket' },
  ListObjectVersions: { action: 's3:ListBucketVersions' },
  DeleteBucket: { action: 's3:DeleteBucket', ownerOnly: true },
  PutObject: { action: 's3:PutObject', object: true },
  GetObject: { action: 's3:GetObject', object: true },
  HeadObject: { action: 's3:GetObject', object: true },
  GetObjectTagging: { action: 's3:GetObjectTagging', object: true },
};

export function authorize(ctx: HandlerContext, operation: string, bucket: BucketState, key: string): void {
  const caller = ctx.caller;
  if (bucket.owner === caller.account.accountId) return;
  const rule = ACTIONS[operation];
  if (rule?.ownerOnly && operation !== 'DeleteBucket') {
    throw new AwsError('MethodNotAllowed', 'The specified method is not allowed against this resource.', 405, { fields: { Method: ctx.req.method, ResourceType: 'BUCKETPOLICY' } });
  }
  const resource = `arn:aws:s3:::${bucket.name}${rule?.object ? `/${key}` : ''}`;
  const who = { account: caller.account.accountId, arn: caller.roleArn ?? caller.arn };
  if (!rule || rule.ownerOnly || resourcePolicyDecision(bucket.policy, who, rule.action, resource) !== 'allow') throw new AwsError('AccessDenied', 'Access Denied', 403);
}
