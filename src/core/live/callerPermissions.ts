/**
 * What the user's own identity needs for each call the fix commands make, so an AccessDenied can
 * name the missing permission instead of "Access Denied". PutBucketReplication and CreateJob pass a
 * role to S3, which needs `iam:PassRole` on that role on top of the S3 permission.
 */

export interface CallerPermission {
  action: string;
  resource: string;
}

export interface CallContext {
  operation: string;
  partition?: string;
  /** The caller's account (for role and job ARNs). */
  account?: string;
  bucket?: string;
  region?: string;
  /** The role the call creates, writes or passes. */
  roleName?: string;
  roleArn?: string;
  /** The customer managed policy the call creates or attaches. */
  policyArn?: string;
  key?: string;
  versionId?: string;
  /** The SQS queue the call creates, reads, writes or deletes. */
  queueName?: string;
}

const S3_BUCKET: Record<string, string> = {
  PutBucketVersioning: 's3:PutBucketVersioning',
  GetBucketVersioning: 's3:GetBucketVersioning',
  PutBucketReplication: 's3:PutReplicationConfiguration',
  GetBucketReplication: 's3:GetReplicationConfiguration',
  ListObjectsV2: 's3:ListBucket',
  ListObjectVersions: 's3:ListBucketVersions',
  GetBucketLocation: 's3:GetBucketLocation',
  PutBucketNotificationConfiguration: 's3:PutBucketNotification',
  GetBucketNotificationConfiguration: 's3:GetBucketNotification',
  GetBucketLifecycleConfiguration: 's3:GetLifecycleConfiguration',
};

const SQS_QUEUE: Record<string, string> = {
  CreateQueue: 'sqs:CreateQueue',
  SetQueueAttributes: 'sqs:SetQueueAttributes',
  GetQueueAttributes: 'sqs:GetQueueAttributes',
  GetQueueUrl: 'sqs:GetQueueUrl',
  DeleteQueue: 'sqs:DeleteQueue',
  ReceiveMessage: 'sqs:ReceiveMessage',
};

const IAM_ROLE: Record<string, string> = {
  CreateRole: 'iam:CreateRole',
  GetRole: 'iam:GetRole',
  PutRolePolicy: 'iam:PutRolePolicy',
  GetRolePolicy: 'iam:GetRolePolicy',
  ListRolePolicies: 'iam:ListRolePolicies',
  ListAttachedRolePolicies: 'iam:ListAttachedRolePolicies',
  UpdateAssumeRolePolicy: 'iam:UpdateAssumeRolePolicy',
  AttachRolePolicy: 'iam:AttachRolePolicy',
};

export function callerPermissions(c: CallContext): CallerPermission[] {
  const p = c.partition ?? 'aws';
  const account = c.account ?? '*';
  const bucketArn = `arn:${p}:s3:::${c.bucket ?? '*'}`;
  const roleArn = c.roleArn ?? `arn:${p}:iam::${account}:role/${c.roleName ?? '*'}`;
  const passRole = { action: 'iam:PassRole', resource: roleArn };
  const s3 = S3_BUCKET[c.operation];
  const iam = IAM_ROLE[c.operation];
  switch (c.operation) {
    case 'PutBucketReplication':
      return c.roleArn || c.roleName ? [{ action: s3, resource: bucketArn }, passRole] : [{ action: s3, resource: bucketArn }];
    case 'HeadObject': {
      const object = `${bucketArn}/${c.key ?? '*'}`;
      return [{ action: 's3:GetObject', resource: object }, ...(c.versionId ? [{ action: 's3:GetObjectVersion', resource: object }] : [])];
    }
    case 'CreateJob':
      return [{ action: 's3:CreateJob', resource: '*' }, passRole];
    case 'CreatePolicy':
    case 'GetPolicy':
      return [{ action: `iam:${c.operation}`, resource: c.policyArn ?? `arn:${p}:iam::${account}:policy/*` }];
    case 'DescribeJob':
      return [{ action: 's3:DescribeJob', resource: `arn:${p}:s3:${c.region ?? '*'}:${account}:job/*` }];
    case 'ListJobs':
      return [{ action: 's3:ListJobs', resource: '*' }];
    case 'GetMetricData':
      return [{ action: 'cloudwatch:GetMetricData', resource: '*' }];
    default:
      if (s3) return [{ action: s3, resource: bucketArn }];
      if (iam) return [{ action: iam, resource: roleArn }];
      if (SQS_QUEUE[c.operation]) return [{ action: SQS_QUEUE[c.operation], resource: `arn:${p}:sqs:${c.region ?? '*'}:${account}:${c.queueName ?? '*'}` }];
      return [];
  }
}
