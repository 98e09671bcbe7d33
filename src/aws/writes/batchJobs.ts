/** S3 Control calls for Batch Replication: start the planned job, and read its progress. */
import { CreateJobCommand, DescribeJobCommand, type CreateJobCommandInput, type S3ControlClient } from '@aws-sdk/client-s3-control';
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
  const out = await scope.call('DescribeJob', jobId, (abortSignal) => control.send(new DescribeJobCommand({ AccountId: accountId, JobId: jobId }), { abortSignal }), region);
  const job = out.Job;
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
