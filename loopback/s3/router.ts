/** S3 REST routing: bucket and key from the path (path style) or the Host (virtual-host style), then method + subresource. */
import { AwsError } from '../protocol/errors';
import type { LoopbackRequest, Operation } from '../protocol/request';
import { createBucket, deleteBucket, getBucketLocation, headBucket, listBuckets } from './buckets';
import {
  deleteBucketLifecycle,
  deleteBucketPolicy,
  getBucketLifecycleConfiguration,
  putBucketLifecycleConfiguration,
  getBucketEncryption,
  getBucketOwnershipControls,
  getBucketPolicy,
  getBucketRequestPayment,
  getBucketVersioning,
  getObjectLockConfiguration,
  putBucketEncryption,
  putBucketOwnershipControls,
  putBucketPolicy,
  putBucketRequestPayment,
  putBucketVersioning,
} from './bucketConfig';
import { listObjectsV2, listObjectVersions } from './listings';
import { getBucketNotificationConfiguration, putBucketNotificationConfiguration } from './notifications';
import { getObject, getObjectTagging, headObject, putObject } from './objects';
import { deleteBucketReplication, getBucketReplication, putBucketReplication } from './replication';

/** Hosts under which `<bucket>.<host>` addresses a bucket (virtual-host style on the loopback interface). */
const VIRTUAL_HOST_SUFFIXES = ['.localhost', '.127.0.0.1'];

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new AwsError('InvalidURI', "Couldn't parse the specified URI.", 400);
  }
}

export function addressOf(req: LoopbackRequest): { bucket: string; key: string } {
  const suffix = VIRTUAL_HOST_SUFFIXES.find((s) => req.hostname.endsWith(s) && req.hostname.length > s.length);
  const path = req.rawPath.replace(/^\//, '');
  if (suffix) return { bucket: req.hostname.slice(0, -suffix.length), key: decode(path) };
  const slash = path.indexOf('/');
  if (slash < 0) return { bucket: decode(path), key: '' };
  return { bucket: decode(path.slice(0, slash)), key: decode(path.slice(slash + 1)) };
}

type BucketRoute = (bucket: string) => Operation;

/** Bucket subresources per method; '' is the bare bucket. */
const BUCKET_ROUTES: Record<string, Record<string, BucketRoute>> = {
  GET: {
    location: getBucketLocation,
    versioning: getBucketVersioning,
    replication: getBucketReplication,
    policy: getBucketPolicy,
    ownershipControls: getBucketOwnershipControls,
    'object-lock': getObjectLockConfiguration,
    encryption: getBucketEncryption,
    notification: getBucketNotificationConfiguration,
    lifecycle: getBucketLifecycleConfiguration,
    requestPayment: getBucketRequestPayment,
    versions: listObjectVersions,
    '': listObjectsV2,
  },
  PUT: {
    versioning: putBucketVersioning,
    replication: putBucketReplication,
    policy: putBucketPolicy,
    ownershipControls: putBucketOwnershipControls,
    encryption: putBucketEncryption,
    notification: putBucketNotificationConfiguration,
    lifecycle: putBucketLifecycleConfiguration,
    requestPayment: putBucketRequestPayment,
    '': (bucket) => ({ service: 's3', name: 'CreateBucket', bucket, run: (ctx) => createBucket(ctx, bucket) }),
  },
  DELETE: { replication: deleteBucketReplication, policy: deleteBucketPolicy, lifecycle: deleteBucketLifecycle, '': deleteBucket },
  HEAD: { '': headBucket },
};

const OBJECT_ROUTES: Record<string, (bucket: string, key: string) => Operation> = { PUT: putObject, GET: getObject, HEAD: headObject };

/** Query parameters that are not subresources (they refine an operation instead of naming one). */
const PARAMETERS = new Set(['x-id', 'list-type', 'prefix', 'delimiter', 'max-keys', 'continuation-token', 'start-after', 'encoding-type', 'key-marker', 'version-id-marker', 'fetch-owner', 'versionId']);

function unsupported(method: string, what: string, bucket?: string): Operation {
  return {
    service: 's3',
    name: 'Unsupported',
    bucket,
    run: () => {
      throw new AwsError('NotImplemented', `The loopback endpoint does not implement ${method} ${what}`, 501);
    },
  };
}

export function routeS3(req: LoopbackRequest): Operation {
  const { bucket, key } = addressOf(req);
  if (!bucket) return req.method === 'GET' ? { service: 's3', name: 'ListBuckets', run: listBuckets } : unsupported(req.method, 'on the service');
  if (key) {
    if (req.query.has('tagging')) return req.method === 'GET' ? getObjectTagging(bucket, key) : unsupported(req.method, '?tagging on objects', bucket);
    const route = OBJECT_ROUTES[req.method];
    return route ? route(bucket, key) : unsupported(req.method, 'on objects', bucket);
  }
  // Presigned URLs carry their signature as X-Amz-* parameters.
  const subresources = [...req.query.keys()].filter((k) => !PARAMETERS.has(k) && !k.toLowerCase().startsWith('x-amz-'));
  if (subresources.length > 1) return unsupported(req.method, `?${subresources.join('&')}`, bucket);
  if (req.method === 'GET' && subresources.length === 0 && req.query.get('list-type') !== '2') return unsupported('GET', 'ListObjects (version 1; use ListObjectsV2)', bucket);
  const route = BUCKET_ROUTES[req.method]?.[subresources[0] ?? ''];
  return route ? route(bucket) : unsupported(req.method, subresources.length ? `?${subresources[0]}` : 'on buckets', bucket);
}
