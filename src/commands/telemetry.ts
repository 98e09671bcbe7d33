/**
 * The commands around what S3 reports: capture its failure reasons (an SQS queue of ours, merged
 * into the bucket's notification configuration) and stop capturing (exactly what capture added),
 * enable replication metrics on a rule (through the put-configuration plan), and replicate FAILED
 * objects (S3 never retries them). Every write goes through runWrite's preview and confirmation.
 */
import * as vscode from 'vscode';
import type { TreeNode } from '../explorer/nodes';
import type { FixContext } from './fixContext';
import type { PreviewDocuments } from './preview';
import { replicateExisting } from './replicateExisting';
import { runWrite } from './runWrite';
import { ruleIndexOf } from './telemetryNodeIds';


export async function captureFailureReasons(ctx: FixContext, previews: PreviewDocuments, node?: TreeNode): Promise<void> {
  const bucket = await ctx.bucketOf(node, 'Capture replication failure reasons of');
  if (!bucket) return;
  const prepared = await ctx.fixer().planCapture(bucket);
  const result = await runWrite(ctx, previews, prepared, { refresh: [bucket] });
  if (result && !result.failure) {
    void vscode.window.showInformationMessage(`Capturing the failure reasons of ${bucket}: S3 names the reason of each object that fails from now on, and the Replication view shows them under each rule.`);
  }
}

export async function stopCapturing(ctx: FixContext, previews: PreviewDocuments, node?: TreeNode): Promise<void> {
  const bucket = await ctx.bucketOf(node, 'Stop capturing replication failure reasons of');
  if (!bucket) return;
  const prepared = await ctx.fixer().planStopCapture(bucket);
  // The confirmation lists the events still in the queue as what the deletion loses ("Apply and Delete").
  await runWrite(ctx, previews, prepared, { refresh: [bucket], acceptLosses: true });
}

export async function enableReplicationMetrics(ctx: FixContext, previews: PreviewDocuments, node?: TreeNode): Promise<void> {
  const bucket = await ctx.bucketOf(node, 'Enable replication metrics on a rule of');
  if (!bucket) return;
  let index = ruleIndexOf(node);
  if (index === undefined) {
    const report = ctx.model().entry(bucket)?.report;
    const rules = report?.observations?.rules.filter((r) => r.none === 'metrics-off') ?? [];
    if (rules.length === 0) throw new Error(`No rule of ${bucket} is known to lack metrics; expand the bucket in the Replication view first.`);
    const picked = rules.length === 1 ? rules[0] : (await vscode.window.showQuickPick(rules.map((r) => ({ label: r.rule.ruleId ?? `Rule ${r.rule.index + 1}`, description: r.rule.destinationBucket, r })), { title: 'Enable replication metrics on' }))?.r;
    if (!picked) return;
    index = picked.rule.index;
  }
  const prepared = await ctx.fixer().planEnableMetrics(bucket, index);
  if (prepared.plan.problems.length > 0) throw new Error(`${prepared.plan.refused ?? 'The live configuration has errors'} Fix them first (Open Replication Configuration shows them).`);
  await runWrite(ctx, previews, prepared, { refresh: [bucket] });
}

export function replicateFailedObjects(ctx: FixContext, previews: PreviewDocuments, node?: TreeNode): Promise<void> {
  return replicateExisting(ctx, previews, node, ['FAILED']);
}
