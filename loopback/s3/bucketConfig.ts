/** Bucket settings the explorer reads: versioning, policy, ownership controls, Object Lock, default encryption. */
import { AwsError, S3_NAMESPACE } from '../protocol/errors';
import { bodyXml, malformedXml } from '../protocol/request';
import { emptyResponse, xmlResponse } from '../protocol/responses';
import { child, childText, documentXml, el, leaf } from '../protocol/xml';
import type { ObjectOwnership, SseAlgorithm } from '../scenario/types';
import { bucketOperation } from './common';

const notFound = (code: string, message: string, bucket: string): AwsError => new AwsError(code, message, 404, { fields: { BucketName: bucket } });
const versioningLocked = (what: string): AwsError => new AwsError('InvalidBucketState', `${what} is present on this bucket, so the versioning state cannot be changed.`, 409);

export const getBucketVersioning = (name: string) =>
  bucketOperation('GetBucketVersioning', name, '', (_ctx, bucket) =>
    xmlResponse(documentXml('VersioningConfiguration', S3_NAMESPACE, bucket.versioning === 'Off' ? undefined : leaf('Status', bucket.versioning))),
  );

export const putBucketVersioning = (name: string) =>
  bucketOperation('PutBucketVersioning', name, '', (ctx, bucket) => {
    const status = childText(bodyXml(ctx.req, 'VersioningConfiguration'), 'Status');
    if (status === undefined) return emptyResponse();
    if (status !== 'Enabled' && status !== 'Suspended') throw malformedXml();
    if (status === 'Suspended' && bucket.objectLock) throw versioningLocked('An Object Lock configuration');
    if (status === 'Suspended' && bucket.replication) throw versioningLocked('A replication configuration');
    bucket.versioning = status;
    return emptyResponse();
  });

export const getBucketPolicy = (name: string) =>
  bucketOperation('GetBucketPolicy', name, '', (_ctx, bucket) => {
    if (bucket.policy === undefined) throw notFound('NoSuchBucketPolicy', 'The bucket policy does not exist', bucket.name);
    return { status: 200, headers: { 'content-type': 'application/json' }, body: bucket.policy };
  });

export const putBucketPolicy = (name: string) =>
  bucketOperation('PutBucketPolicy', name, '', (ctx, bucket) => {
    const text = ctx.req.body.toString('utf8');
    let valid = text.startsWith('{');
    try {
      JSON.parse(text);
    } catch {
      valid = false;
    }
    if (!valid) throw new AwsError('MalformedPolicy', "Policies must be valid JSON and the first byte must be '{'", 400);
    bucket.policy = text;
    return emptyResponse(204);
  });

export const deleteBucketPolicy = (name: string) =>
  bucketOperation('DeleteBucketPolicy', name, '', (_ctx, bucket) => {
    bucket.policy = undefined;
    return emptyResponse(204);
  });

const OWNERSHIP = new Set<ObjectOwnership>(['BucketOwnerEnforced', 'BucketOwnerPreferred', 'ObjectWriter']);

export const getBucketOwnershipControls = (name: string) =>
  bucketOperation('GetBucketOwnershipControls', name, '', (_ctx, bucket) => {
    if (!bucket.ownership) throw notFound('OwnershipControlsNotFoundError', 'The bucket ownership controls were not found', bucket.name);
    return xmlResponse(documentXml('OwnershipControls', S3_NAMESPACE, el('Rule', leaf('ObjectOwnership', bucket.ownership))));
  });

export const putBucketOwnershipControls = (name: string) =>
  bucketOperation('PutBucketOwnershipControls', name, '', (ctx, bucket) => {
    const rule = child(bodyXml(ctx.req, 'OwnershipControls'), 'Rule');
    const ownership = rule && childText(rule, 'ObjectOwnership');
    if (!OWNERSHIP.has(ownership as ObjectOwnership)) throw malformedXml();
    bucket.ownership = ownership as ObjectOwnership;
    return emptyResponse();
  });

export const getObjectLockConfiguration = (name: string) =>
  bucketOperation('GetObjectLockConfiguration', name, '', (_ctx, bucket) => {
    const lock = bucket.objectLock;
    if (!lock) throw notFound('ObjectLockConfigurationNotFoundError', 'Object Lock configuration does not exist for this bucket', bucket.name);
    const retention = lock.mode ? el('Rule', el('DefaultRetention', leaf('Mode', lock.mode), leaf('Days', lock.days), leaf('Years', lock.years))) : undefined;
    return xmlResponse(documentXml('ObjectLockConfiguration', S3_NAMESPACE, leaf('ObjectLockEnabled', 'Enabled'), retention));
  });

const SSE_ALGORITHMS = new Set<SseAlgorithm>(['AES256', 'aws:kms', 'aws:kms:dsse']);

export const getBucketEncryption = (name: string) =>
  bucketOperation('GetBucketEncryption', name, '', (_ctx, bucket) => {
    const { algorithm, kmsKeyId } = bucket.encryption;
    const byDefault = el('ApplyServerSideEncryptionByDefault', leaf('SSEAlgorithm', algorithm), kmsKeyId === undefined ? undefined : leaf('KMSMasterKeyID', kmsKeyId));
    return xmlResponse(documentXml('ServerSideEncryptionConfiguration', S3_NAMESPACE, el('Rule', byDefault, leaf('BucketKeyEnabled', 'false'))));
  });

export const putBucketEncryption = (name: string) =>
  bucketOperation('PutBucketEncryption', name, '', (ctx, bucket) => {
    const rule = child(bodyXml(ctx.req, 'ServerSideEncryptionConfiguration'), 'Rule');
    const byDefault = rule && child(rule, 'ApplyServerSideEncryptionByDefault');
    const algorithm = byDefault && childText(byDefault, 'SSEAlgorithm');
    if (!byDefault || !SSE_ALGORITHMS.has(algorithm as SseAlgorithm)) throw malformedXml();
    const kmsKeyId = childText(byDefault, 'KMSMasterKeyID');
    if (kmsKeyId !== undefined && algorithm === 'AES256') throw new AwsError('InvalidArgument', 'a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms or aws:kms:dsse.', 400);
    bucket.encryption = { algorithm: algorithm as SseAlgorithm, kmsKeyId };
    return emptyResponse();
  });

export const getBucketLifecycleConfiguration = (name: string) =>
  bucketOperation('GetBucketLifecycleConfiguration', name, '', (_ctx, bucket) => {
    if (!bucket.lifecycle) throw notFound('NoSuchLifecycleConfiguration', 'The lifecycle configuration does not exist', bucket.name);
    return xmlResponse(bucket.lifecycle);
  });

/** Stored as sent (after a well-formedness check): the endpoint runs no lifecycle actions. */
export const putBucketLifecycleConfiguration = (name: string) =>
  bucketOperation('PutBucketLifecycleConfiguration', name, '', (ctx, bucket) => {
    const body = bodyXml(ctx.req, 'LifecycleConfiguration');
    if (body.children.length === 0 || body.children.some((c) => c.name !== 'Rule')) throw malformedXml();
    bucket.lifecycle = ctx.req.body.toString('utf8');
    return emptyResponse();
  });

export const deleteBucketLifecycle = (name: string) =>
  bucketOperation('DeleteBucketLifecycle', name, '', (_ctx, bucket) => {
    bucket.lifecycle = undefined;
    return emptyResponse(204);
  });

export const getBucketRequestPayment = (name: string) =>
  bucketOperation('GetBucketRequestPayment', name, '', (_ctx, bucket) =>
    xmlResponse(documentXml('RequestPaymentConfiguration', S3_NAMESPACE, leaf('Payer', bucket.requesterPays ? 'Requester' : 'BucketOwner'))),
  );

export const putBucketRequestPayment = (name: string) =>
  bucketOperation('PutBucketRequestPayment', name, '', (ctx, bucket) => {
    const payer = childText(bodyXml(ctx.req, 'RequestPaymentConfiguration'), 'Payer');
    if (payer !== 'Requester' && payer !== 'BucketOwner') throw malformedXml();
    bucket.requesterPays = payer === 'Requester';
    return emptyResponse();
  });
