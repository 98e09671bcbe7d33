/**
 * Enable versioning on a bucket the replication needs it on. From a bucket node: the bucket itself
 * or one of its rules' destinations, whichever is not versioned (asked when several are).
 */
import * as vscode from 'vscode';
import type { TreeNode } from '../explorer/nodes';
import type { FixContext } from './fixContext';
import type { PreviewDocuments } from './preview';
import { runWrite } from './runWrite';
import { versioningCandidates, type VersioningCandidate } from './setupBuckets';

export async function enableVersioning(ctx: FixContext, previews: PreviewDocuments, node?: TreeNode): Promise<void> {
  const bucket = await ctx.bucketOf(node, 'Enable versioning');
  if (!bucket) return;
  // A bucket node offers its whole setup; anything else (a destination named by an error) is the target itself.
  const options = node?.kind === 'bucket' ? versioningCandidates(bucket, ctx.model().entry(bucket)?.report?.live) : [];
  let target: VersioningCandidate | undefined = options.length === 1 ? options[0] : undefined;
  if (options.length > 1) {
    const picked = await vscode.window.showQuickPick(options.map((c) => ({ label: c.bucket, description: c.description, c })), { title: 'Enable versioning on' });
    if (!picked) return;
    target = picked.c;
  }
  const plan = async (): Promise<void> => {
    const prepared = await ctx.fixer().planVersioning(target?.bucket ?? bucket, target?.side);
    await runWrite(ctx, previews, prepared, { refresh: [bucket], replan: plan });
  };
  await plan();
}
