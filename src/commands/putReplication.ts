/**
 * Put the replication configuration in the active editor onto a chosen bucket. The engine checks it
 * first (errors: refused, with the problems one click away); live rules the document leaves out are
 * named and kept unless the user chooses to delete them; then preview, confirm, write.
 */
import * as vscode from 'vscode';
import { parseDocument } from '../core/document';
import { ruleById } from '../core/rules';
import { member, stringValue } from '../core/json';
import { ruleName } from '../core/live/configPlan';
import { listSome, SHOWN_ITEMS } from '../core/live/listText';
import type { FixContext } from './fixContext';
import { notify } from './notify';
import type { PreviewDocuments } from './preview';
import { runWrite } from './runWrite';

async function chooseBucket(ctx: FixContext, named: string | undefined): Promise<string | undefined> {
  const model = ctx.model();
  if (model.list.state !== 'loaded') await model.load();
  const names = model.buckets.map((e) => e.bucket.name);
  const items = names.map((n) => ({ label: n, description: n === named ? 'named in the document' : undefined }));
  items.sort((a, b) => Number(Boolean(b.description)) - Number(Boolean(a.description)));
  if (items.length === 0) {
    return vscode.window.showInputBox({ title: 'Put replication configuration on bucket', prompt: 'Source bucket name', value: named, validateInput: (v) => (v.trim() ? undefined : 'A bucket name') });
  }
  return (await vscode.window.showQuickPick(items, { title: 'Put replication configuration on bucket', placeHolder: 'The source bucket' }))?.label;
}

export async function putReplicationFromEditor(ctx: FixContext, previews: PreviewDocuments, resource?: vscode.Uri): Promise<void> {
  const document = resource ? await vscode.workspace.openTextDocument(resource) : vscode.window.activeTextEditor?.document;
  if (!document) throw new Error('Open a replication configuration (JSON) in the editor first.');
  const text = document.getText();
  const parsed = parseDocument({ uri: document.uri.toString(), text });
  if (parsed.kind !== 'replication-config') throw new Error(`${vscode.workspace.asRelativePath(document.uri)} is not a replication configuration (a JSON object with "Role" and "Rules").`);
  const bucket = await chooseBucket(ctx, stringValue(member(parsed.root, 'Bucket')));
  if (!bucket) return;
  await putOnBucket(ctx, previews, bucket, { text, uri: document.uri.toString() });
}

/** Plans (again, after a concurrent change) from the live configuration as it is now, asks about live rules the document leaves out, writes. */
async function putOnBucket(ctx: FixContext, previews: PreviewDocuments, bucket: string, source: { text: string; uri: string }): Promise<void> {
  let prepared = await ctx.fixer().planPutReplication(bucket, source);
  let remove: string[] = [];
  const plan = prepared.plan;
  // Versioning alone is what S3 would refuse: runWrite offers Enable Versioning, then plans this again.
  if (plan.problems.length > 0 && !plan.prerequisites?.length) {
    // Errors from the buckets' state (a live rule) are not in the editor's Problems panel: no button that shows nothing.
    const inEditor = plan.problems.some((f) => ruleById(f.ruleId)?.live !== true);
    const choice = await notify(ctx.log, 'error', plan.refused ?? 'The configuration has errors.', {}, ...(inEditor ? ['Show Problems'] : []));
    if (choice) await vscode.commands.executeCommand('workbench.actions.view.problems');
    return;
  }
  const named = plan.missingLive.filter((r) => r.id !== undefined);
  // Waiting on versioning: the live rules are asked about once the write is planned again after it.
  if (named.length > 0 && !plan.prerequisites?.length) {
    const all = plan.missingLive.map(ruleName);
    if (all.length > SHOWN_ITEMS) ctx.log.info(`[fix] live rules of ${bucket} not in the document (${all.length}): ${all.join(', ')}`);
    const keepable = !plan.refused;
    const detail = `The live configuration of ${bucket} has ${listSome(all)}, which your document does not. PutBucketReplication replaces the whole configuration, so ${keepable ? 'they are kept (added to what is written) unless you delete them' : `${plan.refused}`}.`;
    const buttons = keepable ? ['Keep Them', 'Delete Them'] : ['Delete Them'];
    const choice = await notify(ctx.log, 'warning', `Live rules not in your document: ${listSome(named.map((r) => r.id as string))}`, { modal: true, detail }, ...buttons);
    if (!choice) return;
    if (choice === 'Delete Them') {
      remove = named.flatMap((r) => (r.id ? [r.id] : []));
      prepared = await ctx.fixer().planPutReplication(bucket, source, remove);
    }
  }
  await runWrite(ctx, previews, prepared, { refresh: [bucket], acceptLosses: remove.length > 0, replan: () => putOnBucket(ctx, previews, bucket, source) });
}
