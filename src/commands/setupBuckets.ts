/**
 * Which buckets a fix concerns, from the explorer's last reports: the buckets whose reports a write
 * makes stale. No `vscode`: tested directly.
 */
import type { LiveBucketState } from '../aws/types';
import type { WriteStep } from '../core/live/writePlan';

interface Reported {
  bucket: { name: string };
  report?: { live: Pick<LiveBucketState, 'destinations' | 'role'> };
}

/**
 * The buckets to check again after `steps` were written, besides `also`: the buckets written, every
 * bucket that replicates to one of them (its report judges its destinations' versioning and
 * existence), and every bucket whose configuration names a role that was written (roles are shared).
 */
export function staleBuckets(entries: Iterable<Reported>, steps: readonly WriteStep[], also: readonly string[] = []): string[] {
  const buckets = new Set([...also, ...steps.flatMap((s) => ('bucket' in s ? [s.bucket] : []))]);
  const roles = new Set(steps.flatMap((s) => ('roleName' in s ? [s.roleName] : [])));
  const out = new Set(buckets);
  for (const { bucket, report } of entries) {
    const live = report?.live;
    if (live && (live.destinations.some((d) => buckets.has(d.name)) || (live.role !== undefined && roles.has(live.role.name)))) out.add(bucket.name);
  }
  return [...out];
}
