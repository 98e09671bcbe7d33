/** Get/Put/DeleteBucketReplication. */
import { randomUUID } from 'node:crypto';
import { AwsError, S3_NAMESPACE } from '../protocol/errors';
import { bodyXml, malformedXml } from '../protocol/request';
import { emptyResponse, xmlResponse } from '../protocol/responses';
import { documentXml } from '../protocol/xml';
import { bucketOperation } from './common';
import { configurationFromXml, configurationXmlContent, ShapeError } from './replicationShape';
import { validateReplication } from './replicationValidation';

export const getBucketReplication = (name: string) =>
  bucketOperation('GetBucketReplication', name, '', (_ctx, bucket) => {
    if (!bucket.replication) {
      throw new AwsError('ReplicationConfigurationNotFoundError', 'The replication configuration was not found', 404, { fields: { BucketName: bucket.name } });
    }
    return xmlResponse(documentXml('ReplicationConfiguration', S3_NAMESPACE, configurationXmlContent(bucket.replication, bucket.replicationExtraXml)));
  });

export const putBucketReplication = (name: string) =>
  bucketOperation('PutBucketReplication', name, '', (ctx, bucket) => {
    let raw: Record<string, unknown>;
    try {
      raw = configurationFromXml(bodyXml(ctx.req, 'ReplicationConfiguration'));
    } catch (err) {
      if (err instanceof ShapeError) throw malformedXml();
      throw err;
    }
    const config = validateReplication(raw, bucket, ctx.state);
    // S3 names the rules that have no ID; GetBucketReplication returns the generated ones.
    for (const rule of config.Rules) rule.ID ??= Buffer.from(randomUUID()).toString('base64');
    bucket.replication = config;
    bucket.replicationExtraXml = undefined;
    return emptyResponse();
  });

export const deleteBucketReplication = (name: string) =>
  bucketOperation('DeleteBucketReplication', name, '', (_ctx, bucket) => {
    bucket.replication = undefined;
    bucket.replicationExtraXml = undefined;
    return emptyResponse(204);
  });
