/** S3 Control calls for Batch Replication: start the planned job, read its progress, find one already running. */
import { CreateJobCommand, DescribeJobCommand, ListJobsCommand, type CreateJobCommandInput, type JobDescriptor, type JobStatus, type S3ControlClient } from '@aws-sdk/client-s3-control';
import type { CreateJobStep } from '../../core/live/writePlan';
import type { CallScope } from '../scope';
import type { Written } from './s3Writes';

export interface JobProgress {
  jobId: string;
  /** `New`, `Preparing`, `Active`, `Complete`, `Failed`, `Suspended`… as S3 Control reports it. */
  status: string;
  total?: number;
  succeeded?: number;
  failed?: number;
  statusUpdateReason?: string;
  failureReasons: { code?: string; reason?: string }[];
}

export async function createJob(scope: CallScope, control: S3ControlClient, region: string, step: CreateJobStep): Promise<Written & { jobId: string }> {
  const input = { ...step.request, ClientRequestToken: step.clientRequestToken } as unknown as CreateJobCommandInput;
  const out = await scope.call('CreateJob', step.bucket, (abortSignal) => control.send(new CreateJobCommand(input), { abortSignal }), region);
  return { requestId: out.$metadata.requestId, jobId: out.JobId ?? '' };
}

export async function describeJob(scope: CallScope, control: S3ControlClient, region: string, accountId: string, jobId: string): Promise<JobProgress> {
  return progressOf(jobId, await readJob(scope, control, region, accountId, jobId));
}

async function readJob(scope: CallScope, control: S3ControlClient, region: string, accountId: string, jobId: string): Promise<JobDescriptor | undefined> {
  const out = await scope.call('DescribeJob', jobId, (abortSignal) => control.send(new DescribeJobCommand({ AccountId: accountId, JobId: jobId }), { abortSignal }), region);
  return out.Job;
}

function progressOf(jobId: string, job: JobDescriptor | undefined): JobProgress {
  const p = job?.ProgressSummary;
  return {
    jobId,
    status: job?.Status ?? 'unknown',
    total: p?.TotalNumberOfTasks,
    succeeded: p?.NumberOfTasksSucceeded,
    failed: p?.NumberOfTasksFailed,
    statusUpdateReason: job?.StatusUpdateReason,
    failureReasons: (job?.FailureReasons ?? []).map((f) => ({ code: f.FailureCode, reason: f.FailureReason })),
  };
}

/** Statuses of a job that may still replicate objects (awaiting confirmation included). */
const UNFINISHED: JobStatus[] = ['New', 'Preparing', 'Ready', 'Suspended', 'Active', 'Pausing', 'Paused', 'Completing'];

/**
 * Batch Replication jobs of this account and Region that are not finished and replicate `bucket`
 * (their generated manifest's source), newest first: a second job would replicate the same objects again.
 */
export async function unfinishedReplicationJobs(scope: CallScope, control: S3ControlClient, region: string, accountId: string, bucket: string): Promise<JobProgress[]> {
  const list = await scope.call('ListJobs', bucket, (abortSignal) => control.send(new ListJobsCommand({ AccountId: accountId, JobStatuses: UNFINISHED }), { abortSignal }), region);
  const candidates = (list.Jobs ?? []).filter((j) => j.Operation === 'S3ReplicateObject' && j.JobId);
  const jobs = await Promise.all(candidates.map((j) => readJob(scope, control, region, accountId, j.JobId as string)));
  return jobs.flatMap((job, i) => {
    const source = job?.ManifestGenerator?.S3JobManifestGenerator?.SourceBucket;
    return source && source.endsWith(`:::${bucket}`) ? [progressOf(candidates[i].JobId as string, job)] : [];
  });
}
