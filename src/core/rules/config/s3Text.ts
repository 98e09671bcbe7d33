/**
 * S3's literal error texts for PutBucketReplication, verbatim from the catalogue, so messages quote
 * exactly what the user will see (and can search for).
 */
import { S3_DEV_GUIDE_SENTENCE } from '../../sources';

const SCHEMA_VERSION = 'for this version of Cross Region Replication configuration schema.';

export const S3_TEXT = {
  malformedXml: 'MalformedXML: "The XML you provided was not well-formed or did not validate against our published schema"',
  priorityRequired: `InvalidRequest: "Priority must be specified ${SCHEMA_VERSION} ${S3_DEV_GUIDE_SENTENCE}"`,
  priorityForbidden: `InvalidRequest: "Priority cannot be used ${SCHEMA_VERSION} ${S3_DEV_GUIDE_SENTENCE}"`,
  deleteMarkerForbidden: `InvalidRequest: "DeleteMarkerReplication cannot be used ${SCHEMA_VERSION} ${S3_DEV_GUIDE_SENTENCE}"`,
  singleDestination: '"Number of distinct destination bucket ARNs cannot exceed 1"',
  invalidBucketArn: 'InvalidArgument: "Invalid bucket ARN"',
  sseKmsRequired: 'InvalidRequest: "SseKmsEncryptedObjects must be specified if EncryptionConfiguration is present."',
  replicaKeyRequired: 'InvalidRequest: "ReplicaKmsKeyID must be specified if SseKmsEncryptedObjects tag is present."',
  tagNoDeleteMarkers: `InvalidRequest: "Delete marker replication is not supported if any Tag filter is specified. ${S3_DEV_GUIDE_SENTENCE}"`,
  sourceVersioning: `InvalidRequest: "Versioning must be 'Enabled' on the bucket to apply a replication configuration"`,
  destVersioning: 'InvalidRequest: "Destination bucket must have versioning enabled."',
  destMissing: 'InvalidRequest: "Destination bucket must exist."',
} as const;
