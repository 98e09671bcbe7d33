/**
 * Repair the replication role a bucket's configuration names: create it when missing, let S3 assume
 * it, and merge the least-privilege permissions the configuration needs into its inline policy (or,
 * when the role's inline policies would pass IAM's 10,240-character quota, into a managed policy
 * attached to it, which the confirmation says before anything is written).
 */
import type { TreeNode } from '../explorer/nodes';
import type { FixContext } from './fixContext';
import type { PreviewDocuments } from './preview';
import { runWrite } from './runWrite';

export async function repairRole(ctx: FixContext, previews: PreviewDocuments, node?: TreeNode): Promise<void> {
  const bucket = await ctx.bucketOf(node, 'Repair the replication role of');
  if (!bucket) return;
  await repairRoleOf(ctx, previews, bucket);
}

async function repairRoleOf(ctx: FixContext, previews: PreviewDocuments, bucket: string): Promise<void> {
  const prepared = await ctx.fixer().planRoleRepair(bucket);
  await runWrite(ctx, previews, prepared, { refresh: [bucket], replan: () => repairRoleOf(ctx, previews, bucket) });
}
