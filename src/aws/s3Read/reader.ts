/**
 * The per-bucket S3 reads (GetBucketVersioning, GetBucketReplication, GetBucketPolicy…) behind one
 * interface, answered in the SDK's output shapes. `LeanBucketReads` sends them through the lean
 * transport (signing, XML and retries of our own: a fraction of the SDK's CPU per call, which is what
 * bounds a scan of thousands of buckets); `SdkBucketReads` sends them through the SDK client, for the
 * addresses the lean path does not serve (endpoint.ts) and as the reference the tests compare with.
 */
import {
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketNotificationConfigurationCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketReplicationCommand,
  GetBucketRequestPaymentCommand,
  GetBucketVersioningCommand,
  GetObjectLockConfigurationCommand,
  HeadBucketCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { keepRawBody } from '../unmodelled';
import type { BucketEndpoints } from './endpoint';
import {
  ENCRYPTION,
  NOTIFICATION,
  OBJECT_LOCK,
  OWNERSHIP_CONTROLS,
  readStruct,
  REPLICATION_CONFIGURATION,
  REQUEST_PAYMENT,
  VERSIONING,
  type EncryptionOutput,
  type NotificationConfiguration,
  type ObjectLockOutput,
  type OwnershipOutput,
  type ReplicationConfiguration,
  type RequestPaymentOutput,
  type StructShape,
  type VersioningOutput,
} from './shapes';
import type { S3ReadTransport, SdkShapedError } from './transport';
import { parseXml } from './xml';

export interface ReplicationOutput {
  configuration?: ReplicationConfiguration;
  /** S3's answer as sent, for what the model does not carry (unmodelled.ts). */
  raw?: string;
}

export interface BucketReads {
  location(bucket: string, signal: AbortSignal): Promise<{ LocationConstraint?: string }>;
  versioning(bucket: string, signal: AbortSignal): Promise<VersioningOutput>;
  replication(bucket: string, signal: AbortSignal): Promise<ReplicationOutput>;
  ownershipControls(bucket: string, signal: AbortSignal): Promise<OwnershipOutput>;
  encryption(bucket: string, signal: AbortSignal): Promise<EncryptionOutput>;
  requestPayment(bucket: string, signal: AbortSignal): Promise<RequestPaymentOutput>;
  policy(bucket: string, signal: AbortSignal): Promise<{ Policy?: string }>;
  objectLock(bucket: string, signal: AbortSignal): Promise<ObjectLockOutput>;
  notification(bucket: string, signal: AbortSignal): Promise<NotificationConfiguration>;
  /** Resolves when the bucket exists and (with `expectedOwner`) that account owns it; throws S3's error otherwise. */
  head(bucket: string, expectedOwner: string | undefined, signal: AbortSignal): Promise<void>;
}

const metadataFree = <T extends object>(out: T): Omit<T, '$metadata'> => {
  const { $metadata: _, ...rest } = out as T & { $metadata?: unknown };
  return rest;
};

export class SdkBucketReads implements BucketReads {
  constructor(private readonly s3: S3Client) {}

  async location(bucket: string, abortSignal: AbortSignal) {
    return metadataFree(await this.s3.send(new GetBucketLocationCommand({ Bucket: bucket }), { abortSignal }));
  }
  async versioning(bucket: string, abortSignal: AbortSignal) {
    return metadataFree(await this.s3.send(new GetBucketVersioningCommand({ Bucket: bucket }), { abortSignal }));
  }
  async replication(bucket: string, abortSignal: AbortSignal): Promise<ReplicationOutput> {
    const command = new GetBucketReplicationCommand({ Bucket: bucket });
    const raw = keepRawBody(command);
    const out = await this.s3.send(command, { abortSignal });
    return { configuration: out.ReplicationConfiguration, raw: raw.text };
  }
  async ownershipControls(bucket: string, abortSignal: AbortSignal) {
    return metadataFree(await this.s3.send(new GetBucketOwnershipControlsCommand({ Bucket: bucket }), { abortSignal }));
  }
  async encryption(bucket: string, abortSignal: AbortSignal) {
    return metadataFree(await this.s3.send(new GetBucketEncryptionCommand({ Bucket: bucket }), { abortSignal }));
  }
  async requestPayment(bucket: string, abortSignal: AbortSignal) {
    return metadataFree(await this.s3.send(new GetBucketRequestPaymentCommand({ Bucket: bucket }), { abortSignal }));
  }
  async policy(bucket: string, abortSignal: AbortSignal) {
    return metadataFree(await this.s3.send(new GetBucketPolicyCommand({ Bucket: bucket }), { abortSignal }));
  }
  async objectLock(bucket: string, abortSignal: AbortSignal) {
    return metadataFree(await this.s3.send(new GetObjectLockConfigurationCommand({ Bucket: bucket }), { abortSignal }));
  }
  async notification(bucket: string, abortSignal: AbortSignal): Promise<NotificationConfiguration> {
    return metadataFree(await this.s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: bucket }), { abortSignal }));
  }
  async head(bucket: string, expectedOwner: string | undefined, abortSignal: AbortSignal): Promise<void> {
    await this.s3.send(new HeadBucketCommand({ Bucket: bucket, ExpectedBucketOwner: expectedOwner }), { abortSignal });
  }
}

/** A 2xx answer whose body is not the XML it should be: the SDK fails such a call too (a deserialization error). */
function malformed(operation: string, err: unknown): SdkShapedError {
  return Object.assign(new Error(`${operation}: S3's answer could not be read (${err instanceof Error ? err.message : String(err)})`), {
    name: 'DeserializationError',
    $metadata: {},
  }) as SdkShapedError;
}

export class LeanBucketReads implements BucketReads {
  constructor(
    private readonly transport: S3ReadTransport,
    private readonly endpoints: BucketEndpoints,
    /** For the buckets the lean path cannot address. */
    private readonly sdk: BucketReads,
  ) {}

  /** The answer's body to a GET of `?subresource`, or undefined when the SDK must send it. */
  private async get(bucket: string, subresource: string, signal: AbortSignal): Promise<string | undefined> {
    const address = await this.endpoints.address(bucket);
    if (!address) return undefined;
    return (await this.transport.send(address, 'GET', [[subresource, '']], {}, signal)).body;
  }

  /** The payload structure of a GET whose answer's root element is the structure itself. */
  private async struct<T>(operation: string, bucket: string, subresource: string, shape: StructShape, signal: AbortSignal): Promise<T | undefined | 'sdk'> {
    const body = await this.get(bucket, subresource, signal);
    if (body === undefined) return 'sdk';
    if (!body.trim()) return undefined;
    try {
      return readStruct(parseXml(body), shape) as T;
    } catch (err) {
      throw malformed(operation, err);
    }
  }

  async location(bucket: string, signal: AbortSignal) {
    const body = await this.get(bucket, 'location', signal);
    if (body === undefined) return this.sdk.location(bucket, signal);
    try {
      // `<LocationConstraint>eu-west-1</LocationConstraint>`; empty (us-east-1) has no member, as in the SDK's output.
      const root = body.trim() ? parseXml(body) : undefined;
      const text = root && !(root.text.trim() === '' && root.text.includes('\n')) ? root.text : '';
      return text ? { LocationConstraint: text } : {};
    } catch (err) {
      throw malformed('GetBucketLocation', err);
    }
  }

  async versioning(bucket: string, signal: AbortSignal) {
    const out = await this.struct<VersioningOutput>('GetBucketVersioning', bucket, 'versioning', VERSIONING, signal);
    return out === 'sdk' ? this.sdk.versioning(bucket, signal) : (out ?? {});
  }

  async replication(bucket: string, signal: AbortSignal): Promise<ReplicationOutput> {
    const body = await this.get(bucket, 'replication', signal);
    if (body === undefined) return this.sdk.replication(bucket, signal);
    if (!body.trim()) return { raw: body };
    try {
      return { configuration: readStruct(parseXml(body), REPLICATION_CONFIGURATION) as unknown as ReplicationConfiguration, raw: body };
    } catch (err) {
      throw malformed('GetBucketReplication', err);
    }
  }

  async ownershipControls(bucket: string, signal: AbortSignal) {
    const out = await this.struct<NonNullable<OwnershipOutput['OwnershipControls']>>('GetBucketOwnershipControls', bucket, 'ownershipControls', OWNERSHIP_CONTROLS, signal);
    return out === 'sdk' ? this.sdk.ownershipControls(bucket, signal) : { OwnershipControls: out };
  }

  async encryption(bucket: string, signal: AbortSignal) {
    const out = await this.struct<NonNullable<EncryptionOutput['ServerSideEncryptionConfiguration']>>('GetBucketEncryption', bucket, 'encryption', ENCRYPTION, signal);
    return out === 'sdk' ? this.sdk.encryption(bucket, signal) : { ServerSideEncryptionConfiguration: out };
  }

  async requestPayment(bucket: string, signal: AbortSignal) {
    const out = await this.struct<RequestPaymentOutput>('GetBucketRequestPayment', bucket, 'requestPayment', REQUEST_PAYMENT, signal);
    return out === 'sdk' ? this.sdk.requestPayment(bucket, signal) : (out ?? {});
  }

  async policy(bucket: string, signal: AbortSignal) {
    const body = await this.get(bucket, 'policy', signal);
    // The payload is the policy's text itself.
    return body === undefined ? this.sdk.policy(bucket, signal) : { Policy: body };
  }

  async objectLock(bucket: string, signal: AbortSignal) {
    const out = await this.struct<NonNullable<ObjectLockOutput['ObjectLockConfiguration']>>('GetObjectLockConfiguration', bucket, 'object-lock', OBJECT_LOCK, signal);
    return out === 'sdk' ? this.sdk.objectLock(bucket, signal) : { ObjectLockConfiguration: out };
  }

  async notification(bucket: string, signal: AbortSignal): Promise<NotificationConfiguration> {
    const out = await this.struct<NotificationConfiguration>('GetBucketNotificationConfiguration', bucket, 'notification', NOTIFICATION, signal);
    return out === 'sdk' ? this.sdk.notification(bucket, signal) : (out ?? {});
  }

  async head(bucket: string, expectedOwner: string | undefined, signal: AbortSignal): Promise<void> {
    const address = await this.endpoints.address(bucket, true);
    if (!address) return this.sdk.head(bucket, expectedOwner, signal);
    await this.transport.send(address, 'HEAD', [], expectedOwner ? { 'x-amz-expected-bucket-owner': expectedOwner } : {}, signal);
  }
}
