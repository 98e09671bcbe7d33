/**
 * Which buckets a fix concerns, from the explorer's last reports: the unversioned buckets of a
 * bucket's replication setup, and the buckets whose reports a write makes stale. No `vscode`: tested
 * directly.
 */
import type { LiveBucketState } from '../aws/types';
import type { WriteStep } from '../core/live/writePlan';

export interface VersioningCandidate {
  bucket: string;
  /** Why replication needs it; absent for a bucket that is no source here (e.g. a destination's own node). */
  side?: 'source' | 'destination';
  description: string;
}

/** The bucket itself and its rules' destinations that are not versioned, as the explorer last saw them. */
export function versioningCandidates(bucket: string, live: Pick<LiveBucketState, 'versioning' | 'replication' | 'destinations'> | undefined): VersioningCandidate[] {
  if (!live) return [];
  const out: VersioningCandidate[] = [];
  if (live.versioning.ok && live.versioning.value !== 'Enabled') {
    const state = `versioning ${live.versioning.value}`;
    const replicates = live.replication.ok && live.replication.value.configured;
    out.push(replicates ? { bucket, side: 'source', description: `source, ${state}` } : { bucket, description: state });
  }
  for (const d of live.destinations) {
    if (d.exists !== false && d.versioning && d.versioning !== 'Enabled') out.push({ bucket: d.name, side: 'destination', description: `destination${d.region ? ` in ${d.region}` : ''}, versioning ${d.versioning}` });
  }
  return out;
}

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
