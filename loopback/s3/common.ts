/** What every S3 bucket operation shares: finding the bucket and answering requests sent to the wrong region. */
import { AwsError } from '../protocol/errors';
import type { HandlerContext, Operation } from '../protocol/request';
import type { WireResponse } from '../protocol/errors';
import type { BucketState } from '../state';
import { authorize } from './access';

export function noSuchBucket(name: string): AwsError {
  return new AwsError('NoSuchBucket', 'The specified bucket does not exist', 404, { fields: { BucketName: name } });
}

/**
 * A request signed for another region than the bucket's. A regional endpoint answers 301 PermanentRedirect
 * (the SDK v3 follows it when `followRegionRedirects` is on; the AWS CLI always does); the global endpoint
 * answers 400 AuthorizationHeaderMalformed. Both carry `x-amz-bucket-region`.
 */
export function wrongRegion(ctx: HandlerContext, bucket: BucketState): AwsError {
  const headers = { 'x-amz-bucket-region': bucket.region };
  if (ctx.state.wrongRegion === 'AuthorizationHeaderMalformed') {
    return new AwsError('AuthorizationHeaderMalformed', `The authorization header is malformed; the region '${ctx.region}' is wrong; expecting '${bucket.region}'`, 400, {
      fields: { Region: bucket.region },
      headers,
    });
  }
  return new AwsError('PermanentRedirect', 'The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.', 301, {
    // The real answer names the bucket's regional AWS host; a client must not leave 127.0.0.1, so this names ours.
    fields: { Endpoint: ctx.endpointHost, Bucket: bucket.name },
    headers,
  });
}

export type BucketHandler = (ctx: HandlerContext, bucket: BucketState, key: string) => WireResponse;

/** An operation on an existing bucket, answered only when the request was signed for the bucket's region. */
export function bucketOperation(name: string, bucketName: string, key: string, handler: BucketHandler, opts: { anyRegion?: boolean } = {}): Operation {
  return {
    service: 's3',
    name,
    bucket: bucketName,
    run(ctx) {
      const bucket = ctx.state.buckets.get(bucketName);
      if (!bucket) throw noSuchBucket(bucketName);
      const expectedOwner = ctx.req.headers['x-amz-expected-bucket-owner'];
      if (expectedOwner !== undefined && expectedOwner !== bucket.owner) throw new AwsError('AccessDenied', 'Access Denied', 403);
      if (!opts.anyRegion && ctx.region !== bucket.region) throw wrongRegion(ctx, bucket);
      authorize(ctx, name, bucket, key);
      return handler(ctx, bucket, key);
    },
  };
}

export function bucketArn(name: string): string {
  return `arn:aws:s3:::${name}`;
}
