/** Objects: PutObject (which starts live replication), GetObject, HeadObject, GetObjectTagging. */
import { AwsError, S3_NAMESPACE, type WireResponse } from '../protocol/errors';
import { header, type HandlerContext } from '../protocol/request';
import { emptyResponse, httpDate, xmlResponse } from '../protocol/responses';
import { documentXml, el, leaf } from '../protocol/xml';
import type { BucketState, ObjectVersion } from '../state';
import { etagOf } from '../state';
import { bucketOperation } from './common';

const MAX_TAGS = 10;

/** Storage classes PutObject takes (`x-amz-storage-class`). */
export const STORAGE_CLASSES = new Set(['STANDARD', 'REDUCED_REDUNDANCY', 'STANDARD_IA', 'ONEZONE_IA', 'INTELLIGENT_TIERING', 'GLACIER', 'DEEP_ARCHIVE', 'OUTPOSTS', 'GLACIER_IR', 'SNOW', 'EXPRESS_ONEZONE', 'FSX_OPENZFS']);

function parseTagging(value: string | undefined): Record<string, string> {
  if (!value) return {};
  const tags: Record<string, string> = {};
  const params = new URLSearchParams(value);
  for (const [k, v] of params) {
    if (k in tags) throw new AwsError('InvalidTag', 'Cannot provide multiple Tags with the same key', 400);
    tags[k] = v;
  }
  if (Object.keys(tags).length > MAX_TAGS) throw new AwsError('BadRequest', `Object tags cannot be greater than ${MAX_TAGS}`, 400);
  return tags;
}

function versionHeader(bucket: BucketState, version: ObjectVersion): Record<string, string> {
  // A bucket whose versioning was never enabled sends no version id at all.
  return bucket.versioning === 'Off' && version.versionId === 'null' ? {} : { 'x-amz-version-id': version.versionId };
}

export const putObject = (name: string, key: string) =>
  bucketOperation('PutObject', name, key, (ctx, bucket) => {
    if (header(ctx.req, 'x-amz-copy-source')) throw new AwsError('NotImplemented', 'The loopback endpoint does not implement CopyObject', 501);
    const body = ctx.req.body;
    const storageClass = header(ctx.req, 'x-amz-storage-class');
    if (storageClass !== undefined && !STORAGE_CLASSES.has(storageClass)) throw new AwsError('InvalidStorageClass', 'The storage class you specified is not valid', 400, { fields: { StorageClassRequested: storageClass } });
    const encryption = objectEncryption(ctx, bucket);
    const version = ctx.state.storeVersion(bucket, {
      ...encryption,
      key,
      body,
      etag: etagOf(body),
      contentType: header(ctx.req, 'content-type') ?? 'binary/octet-stream',
      lastModified: new Date(),
      tags: parseTagging(header(ctx.req, 'x-amz-tagging')),
      storageClass: storageClass === 'STANDARD' ? undefined : storageClass,
    });
    ctx.state.replication.onWrite(bucket, version);
    return emptyResponse(200, { etag: version.etag, ...sseHeaders(version), ...(bucket.versioning === 'Enabled' ? { 'x-amz-version-id': version.versionId } : {}) });
  });

function sseHeaders(version: ObjectVersion): Record<string, string> {
  const sse = version.sse ?? 'AES256';
  return { 'x-amz-server-side-encryption': sse, ...(sse.startsWith('aws:kms') && version.kmsKeyArn ? { 'x-amz-server-side-encryption-aws-kms-key-id': version.kmsKeyArn } : {}) };
}

/**
 * The request's SSE headers, else the bucket's default encryption. A KMS key is resolved in the bucket's
 * Region for the bucket owner and must be usable, as KMS refuses S3 otherwise; no key means the AWS
 * managed key aws/s3 (not modelled: no key ARN is recorded).
 */
function objectEncryption(ctx: HandlerContext, bucket: BucketState): { sse: string; kmsKeyArn?: string } {
  const sse = header(ctx.req, 'x-amz-server-side-encryption') ?? bucket.encryption.algorithm;
  if (sse !== 'AES256' && sse !== 'aws:kms' && sse !== 'aws:kms:dsse') throw new AwsError('InvalidArgument', 'The encryption method specified is not supported', 400);
  if (sse === 'AES256') return { sse };
  const ref = header(ctx.req, 'x-amz-server-side-encryption-aws-kms-key-id') ?? bucket.encryption.kmsKeyId;
  if (!ref) return { sse };
  const key = ctx.state.findKey(ref, bucket.region, ctx.state.iamAccount(bucket.owner) ?? ctx.state);
  if (!key) throw new AwsError('KMS.NotFoundException', `Invalid keyId ${ref}`, 400);
  if (key.state !== 'Enabled') throw new AwsError('KMS.DisabledException', `${key.arn} is ${key.state === 'Disabled' ? 'disabled' : 'pending deletion'}.`, 400);
  return { sse, kmsKeyArn: key.arn };
}

function findVersion(ctx: HandlerContext, bucket: BucketState, key: string): ObjectVersion {
  const versions = bucket.objects.get(key) ?? [];
  const versionId = ctx.req.query.get('versionId');
  if (versionId === null) {
    if (versions.length === 0) throw new AwsError('NoSuchKey', 'The specified key does not exist.', 404, { fields: { Key: key } });
    return versions[0];
  }
  const version = versions.find((v) => v.versionId === versionId);
  if (!version) throw new AwsError('NoSuchVersion', 'The specified version does not exist.', 404, { fields: { Key: key, VersionId: versionId } });
  return version;
}

function objectHeaders(bucket: BucketState, version: ObjectVersion): Record<string, string> {
  return {
    'content-type': version.contentType,
    'content-length': String(version.body.length),
    etag: version.etag,
    'last-modified': httpDate(version.lastModified),
    'accept-ranges': 'bytes',
    ...sseHeaders(version),
    ...versionHeader(bucket, version),
    // S3 names the storage class only when it is not STANDARD, and the archive tier of Intelligent-Tiering objects.
    ...(version.storageClass ? { 'x-amz-storage-class': version.storageClass } : {}),
    ...(version.archiveStatus ? { 'x-amz-archive-status': version.archiveStatus } : {}),
    ...(version.replicationStatus ? { 'x-amz-replication-status': version.replicationStatus } : {}),
  };
}

export const headObject = (name: string, key: string) =>
  bucketOperation('HeadObject', name, key, (ctx, bucket): WireResponse => {
    const version = findVersion(ctx, bucket, key);
    return { status: 200, headers: objectHeaders(bucket, version) };
  });

export const getObject = (name: string, key: string) =>
  bucketOperation('GetObject', name, key, (ctx, bucket): WireResponse => {
    const version = findVersion(ctx, bucket, key);
    const tagCount = Object.keys(version.tags).length;
    return { status: 200, headers: { ...objectHeaders(bucket, version), ...(tagCount > 0 ? { 'x-amz-tagging-count': String(tagCount) } : {}) }, body: version.body };
  });

export const getObjectTagging = (name: string, key: string) =>
  bucketOperation('GetObjectTagging', name, key, (ctx, bucket): WireResponse => {
    const version = findVersion(ctx, bucket, key);
    const tags = Object.entries(version.tags).map(([k, v]) => el('Tag', leaf('Key', k), leaf('Value', v)));
    return xmlResponse(documentXml('Tagging', S3_NAMESPACE, el('TagSet', tags.join(''))), 200, version.versionId ? { 'x-amz-version-id': version.versionId } : {});
  });
