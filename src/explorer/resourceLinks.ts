/**
 * What Copy Name, Copy ARN and Open in AWS Console act on for a bucket or role node, as the AWS
 * Toolkit offers them: the name, the ARN in the Region's partition, and the console page (a bucket's
 * Management tab, where its replication rules are; a role's details). No `vscode`: tested directly.
 */
import { s3BucketArn } from '../core/iam/arn';

export interface ResourceLinks {
  kind: 'bucket' | 'role';
  name: string;
  arn: string;
  consoleUrl: string;
}

/** The partition a Region belongs to (`aws` when unknown: an ARN copied for a bucket whose Region was not read). */
export function partitionOf(region: string | undefined): 'aws' | 'aws-cn' | 'aws-us-gov' {
  if (region?.startsWith('cn-')) return 'aws-cn';
  if (region?.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

const CONSOLE: Record<ReturnType<typeof partitionOf>, string> = {
  aws: 'https://console.aws.amazon.com',
  'aws-cn': 'https://console.amazonaws.cn',
  'aws-us-gov': 'https://console.amazonaws-us-gov.com',
};

export function bucketLinks(name: string, region: string | undefined): ResourceLinks {
  const partition = partitionOf(region);
  const query = `${region ? `region=${encodeURIComponent(region)}&` : ''}tab=management`;
  const host = partition === 'aws' ? 'https://s3.console.aws.amazon.com' : CONSOLE[partition];
  return { kind: 'bucket', name, arn: s3BucketArn(partition, name), consoleUrl: `${host}/s3/buckets/${encodeURIComponent(name)}?${query}` };
}

/** `arn` as IAM answered it (it holds the role's path and account); the console finds a role by name. */
export function roleLinks(name: string, arn: string): ResourceLinks {
  const partition = /^arn:(aws-cn|aws-us-gov):/.exec(arn)?.[1] as ReturnType<typeof partitionOf> | undefined;
  return { kind: 'role', name, arn, consoleUrl: `${CONSOLE[partition ?? 'aws']}/iam/home#/roles/details/${encodeURIComponent(name)}` };
}
