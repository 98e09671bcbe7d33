/**
 * The replication status of one object or of the bucket's newest objects (HeadObject), summarised,
 * with the reason for every object that is not replicated, in a Markdown report.
 */
import * as vscode from 'vscode';
import { countsText, statusReportMarkdown } from '../core/live/statusReport';
import type { TreeNode } from '../explorer/nodes';
import type { FixContext } from './fixContext';
import { FIX_COMMANDS } from './ids';

const SAMPLES = [20, 100];

async function chooseTarget(bucket: string): Promise<{ key: string; versionId?: string } | { newest: number } | undefined> {
  const items = [...SAMPLES.map((n) => ({ label: `Newest ${n} objects`, n })), { label: 'One object…', n: 0 }];
  const picked = await vscode.window.showQuickPick(items, { title: `Replication status in ${bucket}` });
  if (!picked) return undefined;
  if (picked.n > 0) return { newest: picked.n };
  const key = await vscode.window.showInputBox({ title: `Object in ${bucket}`, prompt: 'Object key', validateInput: (v) => (v ? undefined : 'An object key') });
  if (!key) return undefined;
  const versionId = await vscode.window.showInputBox({ title: `Object ${key}`, prompt: 'Version id (empty: the current version)' });
  if (versionId === undefined) return undefined;
  return { key, versionId: versionId.trim() || undefined };
}

export async function objectStatus(ctx: FixContext, node?: TreeNode): Promise<void> {
  const bucket = await ctx.bucketOf(node, 'Object replication status in');
  if (!bucket) return;
  const target = await chooseTarget(bucket);
  if (!target) return;
  // S3's own reasons, as the view last read them: captured failure events and the newest Batch report.
  const observations = ctx.model().entry(bucket)?.report?.observations;
  const events = [...(observations?.capture?.events ?? []), ...(observations?.batch?.events ?? [])];
  const { report, scope } = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Reading replication status in ${bucket}…` }, () =>
    ctx.fixer().objectStatus(bucket, target, { events }),
  );
  const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: statusReportMarkdown(report, scope) });
  await vscode.window.showTextDocument(doc, { preview: true });
  // S3 never retries a FAILED object: Batch Replication of the FAILED ones is the way out once the cause is fixed.
  const failed = report.lines.some((l) => l.explanation.status === 'FAILED');
  const none = report.lines.some((l) => l.explanation.status === 'NONE' && l.explanation.needsBatchReplication);
  const actions = [...(failed ? ['Replicate FAILED Objects'] : []), ...(none ? ['Replicate Existing Objects'] : [])];
  const choice = await vscode.window.showInformationMessage(`${bucket}: ${countsText(report)}.`, ...actions);
  const bucketNode = { id: `bucket:${bucket}`, bucket };
  if (choice === 'Replicate FAILED Objects') await vscode.commands.executeCommand(FIX_COMMANDS.replicateFailed, bucketNode);
  else if (choice) await vscode.commands.executeCommand(FIX_COMMANDS.replicateExisting, bucketNode);
}
