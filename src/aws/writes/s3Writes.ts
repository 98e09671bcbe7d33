/**
 * S3 calls of the fix commands: versioning and replication writes, and the object reads behind the
 * replication-status command. Each write returns the request id for the audit line.
 */
import {
  GetBucketLifecycleConfigurationCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutBucketNotificationConfigurationCommand,
  PutBucketPolicyCommand,
  PutBucketReplicationCommand,
  PutBucketVersioningCommand,
  type NotificationConfiguration,
  type ReplicationConfiguration,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { LifecycleRuleSummary, SampledObject } from '../../core/live/statusReport';
import { AwsCallError } from '../errors';
import type { CallScope } from '../scope';

export interface Written {
  requestId?: string;
}

export async function putVersioningEnabled(scope: CallScope, s3: S3Client, region: string, bucket: string): Promise<Written> {
  const out = await scope.call(
    'PutBucketVersioning',
    bucket,
    (abortSignal) => s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }), { abortSignal }),
    region,
  );
  return { requestId: out.$metadata.requestId };
}

/** The configuration as `put-bucket-replication` takes it: the SDK's member names are the same. */
export async function putReplication(scope: CallScope, s3: S3Client, region: string, bucket: string, configuration: Record<string, unknown>): Promise<Written> {
  const out = await scope.call(
    'PutBucketReplication',
    bucket,
    (abortSignal) => s3.send(new PutBucketReplicationCommand({ Bucket: bucket, ReplicationConfiguration: configuration as unknown as ReplicationConfiguration }), { abortSignal }),
    region,
  );
  return { requestId: out.$metadata.requestId };
}

/** The whole notification configuration, as previewed (PutBucketNotificationConfiguration replaces it). */
export async function putNotification(scope: CallScope, s3: S3Client, region: string, bucket: string, configuration: Record<string, unknown>): Promise<Written> {
  const out = await scope.call(
    'PutBucketNotificationConfiguration',
    bucket,
    (abortSignal) => s3.send(new PutBucketNotificationConfigurationCommand({ Bucket: bucket, NotificationConfiguration: configuration as NotificationConfiguration }), { abortSignal }),
    region,
  );
  return { requestId: out.$metadata.requestId };
}

/** The bucket's lifecycle rules (ID, status, what they do); [] without a configuration, undefined when unreadable. */
export async function lifecycleRules(scope: CallScope, s3: S3Client, region: string, bucket: string): Promise<LifecycleRuleSummary[] | undefined> {
  try {
    const out = await scope.call('GetBucketLifecycleConfiguration', bucket, (abortSignal) => s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }), { abortSignal }), region);
    return (out.Rules ?? []).map((r) => ({
      id: r.ID,
      enabled: r.Status === 'Enabled',
      prefix: r.Filter?.Prefix ?? r.Filter?.And?.Prefix ?? r.Prefix ?? '',
      expires: r.Expiration?.Days !== undefined || r.Expiration?.Date !== undefined || r.Expiration?.ExpiredObjectDeleteMarker === true,
      transitions: (r.Transitions ?? []).flatMap((t) => (t.StorageClass ? [t.StorageClass] : [])),
    }));
  } catch (err) {
    if (err instanceof AwsCallError && err.code === 'NoSuchLifecycleConfiguration') return [];
    if (err instanceof AwsCallError && err.kind !== 'cancelled') return undefined;
    throw err;
  }
}

export async function putBucketPolicy(scope: CallScope, s3: S3Client, region: string, bucket: string, policy: string): Promise<Written> {
  const out = await scope.call('PutBucketPolicy', bucket, (abortSignal) => s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: policy }), { abortSignal }), region);
  return { requestId: out.$metadata.requestId };
}

export async function headObject(scope: CallScope, s3: S3Client, region: string, bucket: string, key: string, versionId?: string): Promise<SampledObject> {
  const out = await scope.call('HeadObject', `${bucket}/${key}`, (abortSignal) => s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }), { abortSignal }), region);
  return { key, versionId: out.VersionId, status: out.ReplicationStatus, lastModified: out.LastModified?.toISOString(), storageClass: out.StorageClass, archiveStatus: out.ArchiveStatus };
}

/** The object's tags; undefined when they cannot be read (the explanation then says they were not read). */
export async function objectTags(scope: CallScope, s3: S3Client, region: string, bucket: string, key: string, versionId?: string): Promise<Record<string, string> | undefined> {
  try {
    const out = await scope.call('GetObjectTagging', `${bucket}/${key}`, (abortSignal) => s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: key, VersionId: versionId }), { abortSignal }), region);
    return Object.fromEntries((out.TagSet ?? []).flatMap((t) => (t.Key !== undefined ? [[t.Key, t.Value ?? '']] : [])));
  } catch (err) {
    if (err instanceof AwsCallError && err.kind !== 'cancelled') return undefined;
    throw err;
  }
}

export interface NewestObjects {
  objects: { key: string; lastModified?: string }[];
  /** Keys listed to find them; `complete` when that was the whole bucket. */
  scanned: number;
  complete: boolean;
}

/**
 * The `count` most recently modified objects among the first `maxKeys` keys (S3 lists by key, not by
 * date, so a huge bucket is sampled rather than listed to the end).
 */
export async function newestObjects(scope: CallScope, s3: S3Client, region: string, bucket: string, count: number, maxKeys = 10_000): Promise<NewestObjects> {
  const listed: { key: string; lastModified?: Date }[] = [];
  let token: string | undefined;
  do {
    const out = await scope.call('ListObjectsV2', bucket, (abortSignal) => s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token, MaxKeys: 1000 }), { abortSignal }), region);
    for (const o of out.Contents ?? []) if (o.Key) listed.push({ key: o.Key, lastModified: o.LastModified });
    token = out.IsTruncated ? out.NextContinuationToken : undefined;
  } while (token && listed.length < maxKeys);
  listed.sort((a, b) => (b.lastModified?.getTime() ?? 0) - (a.lastModified?.getTime() ?? 0));
  return { objects: listed.slice(0, count).map((o) => ({ key: o.key, lastModified: o.lastModified?.toISOString() })), scanned: listed.length, complete: token === undefined };
}
