/**
 * S3 reads the explorer needs, as domain values. "Not configured" answers (no replication, no
 * ownership controls, no Object Lock) are states here, not errors. Per-bucket reads go through
 * `BucketReads` (ClientFactory.s3Reads: the lean transport); listing through the SDK client.
 */
import { ListBucketsCommand, type ReplicationConfiguration, type S3Client } from '@aws-sdk/client-s3';
import type { BucketFacts, VersioningState } from '../core/facts';
import { AwsCallError } from './errors';
import type { CallScope } from './scope';
import type { BucketPage } from './types';
import type { BucketReads } from './s3Read/reader';
import { unmodelledElements } from './unmodelled';

export type Ownership = NonNullable<BucketFacts['ownership']>;

/** Codes that mean "this bucket has no such configuration", which is a state. */
async function orAbsent<T>(read: Promise<T>, codes: string[]): Promise<T | undefined> {
  try {
    return await read;
  } catch (err) {
    if (err instanceof AwsCallError && codes.includes(err.code)) return undefined;
    throw err;
  }
}

export async function listBucketsPage(scope: CallScope, s3: S3Client, region: string, continuationToken: string | undefined, pageSize: number): Promise<BucketPage> {
  const out = await scope.call(
    'ListBuckets',
    undefined,
    (abortSignal) => s3.send(new ListBucketsCommand({ MaxBuckets: pageSize, ContinuationToken: continuationToken }), { abortSignal }),
    region,
  );
  return {
    buckets: (out.Buckets ?? [])
      .filter((b) => b.Name)
      .map((b) => ({ name: b.Name as string, region: b.BucketRegion || undefined, creationDate: b.CreationDate?.toISOString() })),
    continuationToken: out.ContinuationToken || undefined,
  };
}

/** GetBucketLocation answers from any region; `EU` and an empty constraint are the legacy names of eu-west-1 and us-east-1. */
export async function bucketRegion(scope: CallScope, s3: BucketReads, bucket: string): Promise<string> {
  const out = await scope.call('GetBucketLocation', bucket, (abortSignal) => s3.location(bucket, abortSignal));
  const constraint = out.LocationConstraint as string | undefined;
  if (!constraint) return 'us-east-1';
  return constraint === 'EU' ? 'eu-west-1' : constraint;
}

export async function bucketVersioning(scope: CallScope, s3: BucketReads, region: string, bucket: string): Promise<VersioningState> {
  const out = await scope.call('GetBucketVersioning', bucket, (abortSignal) => s3.versioning(bucket, abortSignal), region);
  return out.Status === 'Enabled' || out.Status === 'Suspended' ? out.Status : 'Off';
}

export interface ReplicationReadResult {
  configuration: ReplicationConfiguration;
  /** Elements of S3's answer this SDK does not model (dropped from `configuration`), as paths. */
  unmodelled: string[];
}

/**
 * The configuration, or undefined when the bucket has none (`ReplicationConfigurationNotFoundError`),
 * with what S3 sent that the SDK dropped: writing `configuration` back would delete that.
 */
export async function readReplication(scope: CallScope, s3: BucketReads, region: string, bucket: string): Promise<ReplicationReadResult | undefined> {
  const out = await orAbsent(
    scope.call(
      'GetBucketReplication',
      bucket,
      (abortSignal) => s3.replication(bucket, abortSignal),
      region,
    ),
    ['ReplicationConfigurationNotFoundError'],
  );
  if (!out?.configuration) return undefined;
  return { configuration: out.configuration, unmodelled: out.raw ? unmodelledElements(out.raw, out.configuration) : [] };
}

/** The configuration, or undefined when the bucket has none. */
export async function bucketReplication(scope: CallScope, s3: BucketReads, region: string, bucket: string): Promise<ReplicationConfiguration | undefined> {
  return (await readReplication(scope, s3, region, bucket))?.configuration;
}

/** A bucket without ownership controls behaves as `ObjectWriter` (ACLs on, uploaders own their objects). */
export async function bucketOwnership(scope: CallScope, s3: BucketReads, region: string, bucket: string): Promise<Ownership> {
  const out = await orAbsent(
    scope.call('GetBucketOwnershipControls', bucket, (abortSignal) => s3.ownershipControls(bucket, abortSignal), region),
    ['OwnershipControlsNotFoundError'],
  );
  const value = out?.OwnershipControls?.Rules?.[0]?.ObjectOwnership;
  return value === 'BucketOwnerEnforced' || value === 'BucketOwnerPreferred' ? value : 'ObjectWriter';
}

/**
 * The algorithm of the bucket's default encryption (`AES256`, `aws:kms`, `aws:kms:dsse`). Every bucket
 * has one since January 2023 (SSE-S3 unless set); an older answer of "none" reads as undefined.
 */
export async function bucketDefaultEncryption(scope: CallScope, s3: BucketReads, region: string, bucket: string): Promise<string | undefined> {
  const out = await orAbsent(
    scope.call('GetBucketEncryption', bucket, (abortSignal) => s3.encryption(bucket, abortSignal), region),
    ['ServerSideEncryptionConfigurationNotFoundError'],
  );
  return out?.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm;
}

/** The default encryption in full: algorithm, KMS key as configured, and S3 Bucket Keys. */
export interface DefaultEncryption {
  algorithm?: string;
  kmsKeyId?: string;
  bucketKey: boolean;
}

export async function bucketEncryption(scope: CallScope, s3: BucketReads, region: string, bucket: string): Promise<DefaultEncryption> {
  const out = await orAbsent(
    scope.call('GetBucketEncryption', bucket, (abortSignal) => s3.encryption(bucket, abortSignal), region),
    ['ServerSideEncryptionConfigurationNotFoundError'],
  );
  const rule = out?.ServerSideEncryptionConfiguration?.Rules?.[0];
  return { algorithm: rule?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm, kmsKeyId: rule?.ApplyServerSideEncryptionByDefault?.KMSMasterKeyID || undefined, bucketKey: rule?.BucketKeyEnabled === true };
}

export async function bucketRequesterPays(scope: CallScope, s3: BucketReads, region: string, bucket: string): Promise<boolean> {
  const out = await scope.call('GetBucketRequestPayment', bucket, (abortSignal) => s3.requestPayment(bucket, abortSignal), region);
  return out.Payer === 'Requester';
}

/** The bucket policy's text, or undefined when the bucket has none (`NoSuchBucketPolicy`). Only the owner account may read it. */
export async function bucketPolicy(scope: CallScope, s3: BucketReads, region: string, bucket: string): Promise<string | undefined> {
  const out = await orAbsent(
    scope.call('GetBucketPolicy', bucket, (abortSignal) => s3.policy(bucket, abortSignal), region),
    ['NoSuchBucketPolicy'],
  );
  return out?.Policy;
}

/**
 * Whether `account` owns the bucket: HeadBucket with ExpectedBucketOwner, which S3 answers 403 when
 * another account owns it. false also when the credentials may not look at the bucket at all.
 */
export async function ownedBy(scope: CallScope, s3: BucketReads, region: string, bucket: string, account: string): Promise<boolean> {
  try {
    await scope.call('HeadBucket', bucket, (abortSignal) => s3.head(bucket, account, abortSignal), region);
    return true;
  } catch (err) {
    if (err instanceof AwsCallError && (err.kind === 'access-denied' || err.code === 'Forbidden' || err.code === '403')) return false;
    throw err;
  }
}

export async function bucketObjectLock(scope: CallScope, s3: BucketReads, region: string, bucket: string): Promise<boolean> {
  const out = await orAbsent(
    scope.call('GetObjectLockConfiguration', bucket, (abortSignal) => s3.objectLock(bucket, abortSignal), region),
    ['ObjectLockConfigurationNotFoundError'],
  );
  return out?.ObjectLockConfiguration?.ObjectLockEnabled === 'Enabled';
}

/**
 * The bucket's notification configuration as plain JSON (`get-bucket-notification-configuration`'s
 * members); `{}` when it has none (S3 answers an empty document, not an error).
 */
export async function bucketNotification(scope: CallScope, s3: BucketReads, region: string, bucket: string): Promise<Record<string, unknown>> {
  const out = await scope.call('GetBucketNotificationConfiguration', bucket, (abortSignal) => s3.notification(bucket, abortSignal), region);
  const { TopicConfigurations, QueueConfigurations, LambdaFunctionConfigurations, EventBridgeConfiguration } = out;
  const doc: Record<string, unknown> = { TopicConfigurations, QueueConfigurations, LambdaFunctionConfigurations, EventBridgeConfiguration };
  return Object.fromEntries(Object.entries(doc).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0)));
}

/** Member order of the S3 API model, which the AWS CLI prints in; the SDK builds its objects in another order. */
const MODEL_ORDER: Record<string, string[]> = {
  ReplicationConfiguration: ['Role', 'Rules'],
  Rules: ['ID', 'Priority', 'Prefix', 'Filter', 'Status', 'SourceSelectionCriteria', 'ExistingObjectReplication', 'Destination', 'DeleteMarkerReplication'],
  Filter: ['Prefix', 'Tag', 'And'],
  And: ['Prefix', 'Tags'],
  SourceSelectionCriteria: ['SseKmsEncryptedObjects', 'ReplicaModifications'],
  Destination: ['Bucket', 'Account', 'StorageClass', 'AccessControlTranslation', 'EncryptionConfiguration', 'ReplicationTime', 'Metrics'],
  ReplicationTime: ['Status', 'Time'],
  Metrics: ['Status', 'EventThreshold'],
};

function inModelOrder(value: unknown, member: string): unknown {
  if (Array.isArray(value)) return value.map((v) => inModelOrder(v, member));
  if (typeof value !== 'object' || value === null) return value;
  const obj = value as Record<string, unknown>;
  const order = MODEL_ORDER[member] ?? [];
  const keys = [...order.filter((k) => k in obj), ...Object.keys(obj).filter((k) => !order.includes(k))];
  return Object.fromEntries(keys.filter((k) => obj[k] !== undefined).map((k) => [k, inModelOrder(obj[k], k)]));
}

/** The configuration as `aws s3api get-bucket-replication` prints it, so the editor shows what the CLI shows. */
export function replicationJson(config: ReplicationConfiguration): string {
  return JSON.stringify({ ReplicationConfiguration: inModelOrder(config, 'ReplicationConfiguration') }, null, 4) + '\n';
}
