/**
 * Replicating the objects live replication never will (older than the configuration, or FAILED): an
 * S3 Batch Replication job over a manifest S3 generates from the bucket, filtered by replication
 * status. The job runs as its own role, trusted by `batchoperations.s3.amazonaws.com`; that role is
 * created or repaired (merged into, like the replication role) in the same plan.
 */
import { s3BucketArn, s3ObjectArn } from '../iam/arn';
import { Grant } from '../iam/merge';
import { LiveRole, planRoleRepair } from './rolePlan';
import { BatchStatus, prettyJson, refusedPlan, WritePlan } from './writePlan';

export const BATCH_SERVICE = 'batchoperations.s3.amazonaws.com';

export interface BatchRequest {
  accountId: string;
  bucket: string;
  region?: string;
  partition?: string;
  /** The bucket has a replication configuration: Batch Replication copies with it and its role. */
  configured: boolean;
  /** Which objects: `NONE` (never replicated, e.g. older than the rule) and/or `FAILED`. */
  statuses: readonly BatchStatus[];
  /** The job role as read now (`exists: false` to create it). */
  jobRole: LiveRole;
  /** Where the completion report goes (failed tasks only); none when undefined. */
  report?: { bucket: string; prefix: string };
  clientRequestToken: string;
}

/** Whether a Batch Operations job status is final (the job changes no more). */
export function jobFinished(status: string): boolean {
  return status === 'Complete' || status === 'Failed' || status === 'Cancelled';
}

/** IAM role names are at most 64 characters. */
export function batchRoleName(bucket: string): string {
  return `s3-batch-replication-${bucket}`.slice(0, 64);
}

/** What the job role needs: start replication of the bucket's objects, generate the manifest, write the report. */
export function batchGrants(partition: string, bucket: string, report?: { bucket: string; prefix: string }): Grant[] {
  const grants: Grant[] = [
    { action: 's3:InitiateReplication', resource: s3ObjectArn(partition, bucket) },
    { action: 's3:GetReplicationConfiguration', resource: s3BucketArn(partition, bucket) },
    { action: 's3:PutInventoryConfiguration', resource: s3BucketArn(partition, bucket) },
  ];
  if (report) grants.push({ action: 's3:PutObject', resource: s3ObjectArn(partition, report.bucket, report.prefix) });
  return grants;
}

export function planBatchReplication(req: BatchRequest): WritePlan {
  const title = `Replicate existing objects of bucket ${req.bucket} (S3 Batch Replication)`;
  if (!req.configured) {
    return refusedPlan(title, `${req.bucket} has no replication configuration; Batch Replication copies with it, and the job would fail with SrcBucketReplicationConfigMissing. Put a configuration first.`);
  }
  if (req.statuses.length === 0) return refusedPlan(title, 'Choose which objects to replicate: those with no replication status, FAILED ones, or both.');
  const partition = req.partition ?? 'aws';
  const role = req.jobRole;
  const rolePlan = planRoleRepair({
    title,
    role,
    service: BATCH_SERVICE,
    grants: batchGrants(partition, req.bucket, req.report),
    policyName: 'batch-replication',
    description: `S3 Batch Replication jobs for ${req.bucket} (created by S3 Replication Doctor)`,
  });
  if (rolePlan.refused) return rolePlan;
  const roleArn = role.arn ?? `arn:${partition}:iam::${req.accountId}:role${role.path ?? '/'}${role.name}`;
  const request = {
    AccountId: req.accountId,
    ConfirmationRequired: false,
    Operation: { S3ReplicateObject: {} },
    Priority: 10,
    RoleArn: roleArn,
    Description: `Replicate ${req.statuses.join(' and ')} objects of ${req.bucket}`,
    ManifestGenerator: {
      S3JobManifestGenerator: {
        ExpectedBucketOwner: req.accountId,
        SourceBucket: s3BucketArn(partition, req.bucket),
        EnableManifestOutput: false,
        Filter: { EligibleForReplication: true, ObjectReplicationStatuses: [...req.statuses] },
      },
    },
    Report: req.report
      ? { Enabled: true, Bucket: s3BucketArn(partition, req.report.bucket), Prefix: req.report.prefix || undefined, Format: 'Report_CSV_20180820', ReportScope: 'FailedTasksOnly' }
      : { Enabled: false },
  };
  const warnings = [
    ...rolePlan.warnings,
    'The copies are made by the replication configuration and its role, so they must be healthy first (repair them before starting the job).',
    'S3 Batch Operations bills per job and per object processed.',
    ...(req.report ? [] : ['No completion report is written: failed objects show only as a count in the job.']),
  ];
  return {
    title,
    steps: [
      ...rolePlan.steps,
      { api: 'CreateJob', title, accountId: req.accountId, region: req.region, bucket: req.bucket, roleArn, request, clientRequestToken: req.clientRequestToken, before: '', after: prettyJson(request), previewName: 'batch-job.json' },
    ],
    warnings,
    losses: [],
  };
}
