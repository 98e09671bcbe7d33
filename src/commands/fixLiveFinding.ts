/**
 * Fix a finding of the Replication view in AWS: the engine's own fix, applied to the document as it
 * is live now, written back with the API that owns it (same preview and confirmation as any write).
 */
import * as vscode from 'vscode';
import type { TreeNode } from '../explorer/nodes';
import type { FixContext } from './fixContext';
import type { PreviewDocuments } from './preview';
import { runWrite } from './runWrite';

export async function fixLiveFinding(ctx: FixContext, previews: PreviewDocuments, node?: TreeNode): Promise<void> {
  if (!node) throw new Error('Run this from a problem in the Replication view.');
  const located = ctx.findingOf(node);
  if (!located) throw new Error('This problem is no longer in the bucket\'s report; refresh the bucket and try again.');
  const { bucket, finding } = located;
  const fixes = [...(finding.fixes ?? [])].sort((a, b) => Number(Boolean(b.preferred)) - Number(Boolean(a.preferred)));
  if (fixes.length === 0) throw new Error(`${finding.ruleId} has no automatic fix.`);
  let title = fixes[0].title;
  if (fixes.length > 1) {
    const picked = await vscode.window.showQuickPick(
      fixes.map((f) => ({ label: f.title, description: f.preferred ? 'recommended' : undefined })),
      { title: `Fix ${finding.ruleId} in AWS`, placeHolder: 'Which fix' },
    );
    if (!picked) return;
    title = picked.label;
  }
  const plan = async (): Promise<void> => {
    const prepared = await ctx.fixer().planLiveFix(bucket, finding, title);
    await runWrite(ctx, previews, prepared, { refresh: [bucket], replan: plan });
  };
  await plan();
}
