/**
 * Replicate existing objects: an S3 Batch Replication job over the objects with no replication
 * status and/or FAILED ones, its role created or repaired when needed, then its progress followed.
 */
import * as vscode from 'vscode';
import type { UnfinishedJobs } from '../aws/writes/fixer';
import { jobFinished } from '../core/live/batchPlan';
import type { BatchStatus } from '../core/live/writePlan';
import type { TreeNode } from '../explorer/nodes';
import type { FixContext } from './fixContext';
import { notify } from './notify';
import type { PreviewDocuments } from './preview';
import { runWrite } from './runWrite';

const POLL_MS = 2_000;
const FOLLOW_MS = 10 * 60_000;
const REPORT_PREFIX = 'batch-replication-reports/';

async function chooseStatuses(): Promise<BatchStatus[] | undefined> {
  const items = [
    { label: 'Objects with no replication status', description: 'e.g. uploaded before the rule existed', status: 'NONE' as const, picked: true },
    { label: 'FAILED objects', description: 'live replication does not retry them', status: 'FAILED' as const, picked: true },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: 'Replicate which objects', canPickMany: true });
  return picked?.map((p) => p.status);
}

async function chooseReport(ctx: FixContext, bucket: string): Promise<{ bucket: string; prefix: string } | null | undefined> {
  const others = ctx.model().buckets.map((e) => e.bucket.name).filter((n) => n !== bucket);
  const items = [{ label: 'No completion report', name: '' }, ...others.map((n) => ({ label: n, description: `report of failed objects under ${REPORT_PREFIX}`, name: n }))];
  const picked = await vscode.window.showQuickPick(items, { title: 'Completion report' });
  if (!picked) return undefined;
  return picked.name ? { bucket: picked.name, prefix: REPORT_PREFIX } : null;
}

async function follow(ctx: FixContext, job: { id: string; region: string; accountId: string }): Promise<void> {
  const progress = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Batch Replication job ${job.id}`, cancellable: true }, async (report, token) => {
    const deadline = Date.now() + FOLLOW_MS;
    for (;;) {
      const p = await ctx.fixer().jobProgress(job.region, job.accountId, job.id);
      report.report({ message: `${p.status}${p.total !== undefined ? `: ${p.succeeded ?? 0} of ${p.total} replicated` : ''}` });
      if (jobFinished(p.status) || token.isCancellationRequested || Date.now() > deadline) return p;
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  });
  ctx.log.info(`[fix] Batch Replication job ${job.id}: ${progress.status}, ${progress.succeeded ?? 0} succeeded, ${progress.failed ?? 0} failed of ${progress.total ?? '?'}`);
  const reasons = progress.failureReasons.map((f) => `${f.code ?? ''} ${f.reason ?? ''}`.trim()).join('; ');
  const counts = progress.total !== undefined ? `${progress.succeeded ?? 0} of ${progress.total} objects replicated, ${progress.failed ?? 0} failed` : 'no counts yet';
  const text = `Batch Replication job ${job.id}: ${progress.status} (${counts})${reasons ? `. ${reasons}` : ''}.`;
  if (progress.status === 'Failed' || (progress.failed ?? 0) > 0) void notify(ctx.log, 'error', text);
  else void notify(ctx.log, 'info', jobFinished(progress.status) ? text : `${text} It is still running; S3 Batch Operations in the AWS console shows its progress.`);
}

/**
 * Running the command twice must not start a second job over the same objects (S3 would replicate
 * and bill them twice): an unfinished job of the bucket is offered instead. True when the user
 * followed it or gave up; false to go on and plan a job.
 */
async function followedRunningJob(ctx: FixContext, bucket: string): Promise<boolean> {
  let running: UnfinishedJobs;
  try {
    running = await ctx.fixer().unfinishedJobs(bucket);
  } catch (err) {
    ctx.log.warn(`[fix] Could not list the Batch Operations jobs of ${bucket} (${err instanceof Error ? err.message : String(err)}): a job already running for it would not be noticed.`);
    return false;
  }
  const job = running.jobs[0];
  if (!job) return false;
  const counts = job.total !== undefined ? `, ${job.succeeded ?? 0} of ${job.total} objects replicated` : '';
  const choice = await vscode.window.showWarningMessage(
    `A Batch Replication job for ${bucket} is already ${job.status} (job ${job.jobId}${counts}).`,
    { modal: true, detail: 'Another job would replicate the same objects again, and S3 Batch Operations would bill them again.' },
    'Follow It',
    'Create Another Job',
  );
  if (choice === 'Follow It') await follow(ctx, { id: job.jobId, region: running.region, accountId: running.accountId });
  return choice !== 'Create Another Job';
}

/** `statuses`: which objects, when the caller already knows (Replicate FAILED Objects); asked otherwise. */
export async function replicateExisting(ctx: FixContext, previews: PreviewDocuments, node?: TreeNode, preset?: BatchStatus[]): Promise<void> {
  const bucket = await ctx.bucketOf(node, preset ? 'Replicate FAILED objects of' : 'Replicate existing objects of');
  if (!bucket) return;
  if (await followedRunningJob(ctx, bucket)) return;
  const statuses = preset ?? (await chooseStatuses());
  if (!statuses || statuses.length === 0) return;
  const report = await chooseReport(ctx, bucket);
  if (report === undefined) return;
  const plan = async (): Promise<void> => {
    const prepared = await ctx.fixer().planBatch(bucket, { statuses, report: report ?? undefined });
    const result = await runWrite(ctx, previews, prepared, { refresh: [bucket], replan: plan });
    if (result?.job && !result.failure) await follow(ctx, result.job);
  };
  await plan();
}
