/**
 * Enable versioning on a bucket the replication needs it on: from a bucket node, that bucket; from a
 * versioning problem of the view, the bucket it names (a source or one of its destinations); from the
 * palette, a bucket the user picks. Other writes that S3 would refuse for versioning run it first
 * (`enableVersioningOn`) and then continue.
 */
import type { TreeNode } from '../explorer/nodes';
import type { Prerequisite } from '../core/live/prerequisites';
import { prerequisiteText } from '../core/live/prerequisites';
import { VERSIONING_IS_PERMANENT } from '../core/live/versioningPlan';
import type { WritePlan } from '../core/live/writePlan';
import type { FixContext } from './fixContext';
import type { PreviewDocuments } from './preview';
import { runWrite } from './runWrite';

export async function enableVersioning(ctx: FixContext, previews: PreviewDocuments, node?: TreeNode): Promise<void> {
  // A versioning problem names its bucket (a destination's, seen from its source); a bucket node is the bucket itself.
  if (node?.versioning) {
    await enableVersioningOn(ctx, previews, [{ kind: 'enableVersioning', bucket: node.versioning.bucket, side: node.versioning.side }], node.bucket ? [node.bucket] : []);
    return;
  }
  const bucket = await ctx.bucketOf(node, 'Enable versioning');
  if (!bucket) return;
  const plan = async (): Promise<void> => {
    const prepared = await ctx.fixer().planVersioning(bucket, sideOf(ctx, bucket));
    await runWrite(ctx, previews, prepared, { refresh: [bucket], replan: plan });
  };
  await plan();
}

/** "source" for a bucket that replicates (S3 needs its versioning for that), else nothing to say. */
function sideOf(ctx: FixContext, bucket: string): 'source' | undefined {
  const live = ctx.model().entry(bucket)?.report?.live;
  return live?.replication.ok && live.replication.value.configured ? 'source' : undefined;
}

/**
 * Versioning on every bucket listed, as one write (one preview, one confirmation naming each call).
 * True when versioning is on everywhere afterwards (written now, or found on already).
 */
export async function enableVersioningOn(ctx: FixContext, previews: PreviewDocuments, buckets: readonly Prerequisite[], alsoRefresh: readonly string[] = []): Promise<boolean> {
  const plans = await Promise.all(buckets.map(async (p) => (await ctx.fixer().planVersioning(p.bucket, p.side)).plan));
  const refused = plans.find((p) => p.refused);
  if (refused?.refused) throw new Error(refused.refused);
  const identity = await ctx.fixer().identity();
  const plan: WritePlan =
    plans.length === 1
      ? plans[0]
      : {
          title: `Enable versioning on the ${prerequisiteText(buckets)}`,
          steps: plans.flatMap((p) => p.steps),
          warnings: plans.some((p) => p.steps.length > 0) ? [VERSIONING_IS_PERMANENT] : [],
          losses: [],
        };
  const again = () => enableVersioningOn(ctx, previews, buckets, alsoRefresh);
  const result = await runWrite(ctx, previews, { plan, identity }, { refresh: [...buckets.map((p) => p.bucket), ...alsoRefresh], replan: again });
  if (plan.steps.length === 0) return true;
  return result !== undefined && !result.failure && !result.changed;
}
