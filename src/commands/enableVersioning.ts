/**
 * Enable versioning on a bucket the replication needs it on. From a bucket node: the bucket itself
 * or one of its rules' destinations, whichever is not versioned (asked when several are).
 */
import * as vscode from 'vscode';
import type { TreeNode } from '../explorer/nodes';
import type { FixContext } from './fixContext';
import type { PreviewDocuments } from './preview';
import { runWrite } from './runWrite';

interface Candidate {
  bucket: string;
  side: 'source' | 'destination';
  description: string;
}

/** Buckets of this setup without versioning enabled, as the explorer last saw them. */
function candidates(ctx: FixContext, bucket: string): Candidate[] {
  const live = ctx.model().entry(bucket)?.report?.live;
  if (!live) return [];
  const out: Candidate[] = [];
  if (live.versioning.ok && live.versioning.value !== 'Enabled') out.push({ bucket, side: 'source', description: `source, versioning ${live.versioning.value}` });
  for (const d of live.destinations) {
    if (d.exists !== false && d.versioning && d.versioning !== 'Enabled') out.push({ bucket: d.name, side: 'destination', description: `destination${d.region ? ` in ${d.region}` : ''}, versioning ${d.versioning}` });
  }
  return out;
}

export async function enableVersioning(ctx: FixContext, previews: PreviewDocuments, node?: TreeNode): Promise<void> {
  const bucket = await ctx.bucketOf(node, 'Enable versioning');
  if (!bucket) return;
  // A bucket node offers its whole setup; anything else (a destination named by an error) is the target itself.
  const options = node?.kind === 'bucket' ? candidates(ctx, bucket) : [];
  let target: Candidate | undefined = options.length === 1 ? options[0] : undefined;
  if (options.length > 1) {
    const picked = await vscode.window.showQuickPick(options.map((c) => ({ label: c.bucket, description: c.description, c })), { title: 'Enable versioning on' });
    if (!picked) return;
    target = picked.c;
  }
  const prepared = await ctx.fixer().planVersioning(target?.bucket ?? bucket, target?.side);
  await runWrite(ctx, previews, prepared, { refresh: [bucket] });
}
