/** Bucket lifecycle and listing: ListBuckets, CreateBucket, DeleteBucket, HeadBucket, GetBucketLocation. */
import { createHash } from 'node:crypto';
import { AwsError, S3_NAMESPACE, type WireResponse } from '../protocol/errors';
import { bodyXml, type HandlerContext } from '../protocol/request';
import { emptyResponse, isoDate, xmlResponse } from '../protocol/responses';
import { childText, documentXml, el, escapeXml, leaf } from '../protocol/xml';
import type { BucketState } from '../state';
import { bucketOperation } from './common';

const MAX_BUCKETS_PAGE = 10_000;

export function canonicalUserId(accountId: string): string {
  return createHash('sha256').update(`canonical:${accountId}`).digest('hex');
}

function continuationToken(afterName: string): string {
  return Buffer.from(`after:${afterName}`).toString('base64url');
}

function tokenStart(token: string, names: readonly string[]): number {
  const decoded = Buffer.from(token, 'base64url').toString();
  if (!decoded.startsWith('after:')) {
    throw new AwsError('InvalidArgument', 'The continuation token provided is incorrect', 400, { fields: { ArgumentName: 'continuation-token', ArgumentValue: token } });
  }
  const after = decoded.slice('after:'.length);
  const index = names.findIndex((n) => n > after);
  return index < 0 ? names.length : index;
}

export function listBuckets(ctx: HandlerContext): WireResponse {
  const q = ctx.req.query;
  const maxRaw = q.get('max-buckets');
  const prefix = q.get('prefix');
  const region = q.get('bucket-region');
  const token = q.get('continuation-token');
  let max = Number.POSITIVE_INFINITY;
  if (maxRaw !== null) {
    max = /^\d+$/.test(maxRaw) ? Number(maxRaw) : NaN;
    if (!(max >= 1 && max <= MAX_BUCKETS_PAGE)) {
      throw new AwsError('InvalidArgument', `Argument max-buckets must be an integer between 1 and ${MAX_BUCKETS_PAGE}`, 400, {
        fields: { ArgumentName: 'max-buckets', ArgumentValue: maxRaw },
      });
    }
  } else if (prefix !== null || region !== null || token !== null) {
    // AWS: any of these parameters without max-buckets gives pages of 10,000.
    max = MAX_BUCKETS_PAGE;
  }
  const own = ctx.caller.account.accountId;
  const names = ctx.state.bucketNames().filter((n) => ctx.state.buckets.get(n)?.owner === own && (prefix === null || n.startsWith(prefix)) && (region === null || ctx.state.buckets.get(n)?.region === region));
  const start = token !== null ? tokenStart(token, names) : 0;
  const page = names.slice(start, start + max);
  const more = start + page.length < names.length;
  const entries = page.map((name) => {
    const b = ctx.state.buckets.get(name) as BucketState;
    return `<Bucket>${leaf('Name', b.name)}${leaf('CreationDate', isoDate(b.creationDate))}${leaf('BucketRegion', b.region)}</Bucket>`;
  });
  return xmlResponse(
    documentXml(
      'ListAllMyBucketsResult',
      S3_NAMESPACE,
      el('Buckets', entries.join('')),
      el('Owner', leaf('ID', canonicalUserId(own))),
      more ? leaf('ContinuationToken', continuationToken(page[page.length - 1])) : undefined,
      prefix !== null ? leaf('Prefix', prefix) : undefined,
    ),
  );
}

export const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
export const BUCKET_NAME = /^(?!xn--|sthree-|.*-s3alias$|.*--ol-s3$|\d+\.\d+\.\d+\.\d+$)(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

function locationConstraint(ctx: HandlerContext): string | undefined {
  if (!ctx.req.body.toString('utf8').trim()) return undefined;
  return childText(bodyXml(ctx.req, 'CreateBucketConfiguration'), 'LocationConstraint') || undefined;
}

export function createBucket(ctx: HandlerContext, name: string): WireResponse {
  if (!BUCKET_NAME.test(name)) throw new AwsError('InvalidBucketName', 'The specified bucket is not valid.', 400, { fields: { BucketName: name } });
  const constraint = locationConstraint(ctx);
  if (constraint !== undefined && (constraint === 'us-east-1' || !REGION.test(constraint))) throw new AwsError('InvalidLocationConstraint', 'The specified location-constraint is not valid', 400, { fields: { LocationConstraint: constraint } });
  // us-east-1 stands for the global endpoint, which creates buckets in any region; a regional endpoint only in its own.
  if (ctx.region !== 'us-east-1' && (constraint ?? 'us-east-1') !== ctx.region) {
    throw new AwsError(
      'IllegalLocationConstraintException',
      `The ${constraint ?? 'unspecified'} location constraint is incompatible for the region specific endpoint this request was sent to.`,
      400,
    );
  }
  const region = constraint ?? 'us-east-1';
  const existing = ctx.state.buckets.get(name);
  if (existing && existing.owner !== ctx.caller.account.accountId) {
    throw new AwsError('BucketAlreadyExists', 'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.', 409, {
      fields: { BucketName: name },
    });
  }
  if (existing) {
    // us-east-1 keeps its legacy answer: creating a bucket you already own there succeeds.
    if (existing.region === 'us-east-1' && region === 'us-east-1') return emptyResponse(200, { location: `/${name}` });
    throw new AwsError('BucketAlreadyOwnedByYou', 'Your previous request to create the named bucket succeeded and you already own it.', 409, { fields: { BucketName: name } });
  }
  const objectLock = String(ctx.req.headers['x-amz-bucket-object-lock-enabled'] ?? '').toLowerCase() === 'true';
  ctx.state.addBucket({
    name,
    region,
    creationDate: new Date(),
    versioning: objectLock ? 'Enabled' : 'Off',
    owner: ctx.caller.account.accountId,
    ownership: 'BucketOwnerEnforced',
    objectLock: objectLock ? {} : undefined,
    encryption: { algorithm: 'AES256' },
    objects: new Map(),
  });
  return emptyResponse(200, { location: `/${name}` });
}

export const deleteBucket = (name: string) =>
  bucketOperation('DeleteBucket', name, '', (ctx, bucket) => {
    if (bucket.objects.size > 0) {
      const message = bucket.versioning === 'Off' ? 'The bucket you tried to delete is not empty' : 'The bucket you tried to delete is not empty. You must delete all versions in the bucket.';
      throw new AwsError('BucketNotEmpty', message, 409, { fields: { BucketName: name } });
    }
    ctx.state.deleteBucket(name);
    return emptyResponse(204);
  });

export const headBucket = (name: string) =>
  bucketOperation('HeadBucket', name, '', (_ctx, bucket) => emptyResponse(200, { 'x-amz-bucket-region': bucket.region, 'x-amz-access-point-alias': 'false' }));

/** Answers from any region: clients call it precisely to learn the bucket's region. */
export const getBucketLocation = (name: string) =>
  bucketOperation('GetBucketLocation', name, '', (_ctx, bucket) => xmlResponse(documentXml('LocationConstraint', S3_NAMESPACE, bucket.region === 'us-east-1' ? undefined : escapeXml(bucket.region))), {
    anyRegion: true,
  });
