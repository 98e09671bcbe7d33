/**
 * Turning on versioning, which replication needs on the source and on every destination. It is a
 * one-way door, and the confirmation says so: versioning can be suspended, never turned off, and
 * every overwritten or deleted object is kept (and billed) as a noncurrent version.
 */
import { VersioningState } from '../facts';
import { prettyJson, WritePlan } from './writePlan';

export interface VersioningRequest {
  bucket: string;
  region?: string;
  /** As read just before planning; undefined when it could not be read. */
  current?: VersioningState;
  /** Why it is needed, for the title. */
  side?: 'source' | 'destination';
}

export const VERSIONING_IS_PERMANENT =
  'Versioning cannot be turned off again once it is enabled, only suspended (and a bucket that replicates cannot even be suspended). ' +
  'From now on every overwrite and delete keeps the previous version as a noncurrent version, billed as storage until it is deleted: ' +
  'add a lifecycle rule that expires noncurrent versions to bound that cost.';

/** The document `get-bucket-versioning` prints for a state. */
function versioningText(state: VersioningState | undefined): string {
  return prettyJson(state === 'Enabled' || state === 'Suspended' ? { Status: state } : {});
}

export function planEnableVersioning(req: VersioningRequest): WritePlan {
  const title = `Enable versioning on ${req.side ? `${req.side} ` : ''}bucket ${req.bucket}`;
  if (req.current === 'Enabled') return { title, steps: [], warnings: [], losses: [] };
  return {
    title,
    steps: [
      {
        api: 'PutBucketVersioning',
        title,
        bucket: req.bucket,
        region: req.region,
        before: versioningText(req.current),
        after: versioningText('Enabled'),
        previewName: 'versioning.json',
      },
    ],
    warnings: [VERSIONING_IS_PERMANENT],
    losses: [],
  };
}
