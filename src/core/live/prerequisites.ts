/**
 * What a write to AWS waits on that is not in the document being written: a bucket's state that S3
 * checks before it stores a replication configuration. Versioning is the one the extension can set
 * itself (Enable Versioning), so a refusal for it comes with that step to run first, after which the
 * original write is planned again; a missing bucket or anything else stays a plain refusal.
 */
import { s3BucketName } from '../iam/arn';
import { Finding } from '../findings';

export interface VersioningPrerequisite {
  kind: 'enableVersioning';
  bucket: string;
  side: 'source' | 'destination';
}

export type Prerequisite = VersioningPrerequisite;

/** Rules about a bucket's versioning, and which side of the replication the bucket is. */
const VERSIONING_RULES: Record<string, 'source' | 'destination'> = {
  'ls-source-versioning': 'source',
  'ls-dest-versioning': 'destination',
};

/**
 * The prerequisite a finding on a live configuration stands for, if any. The source is the bucket the
 * configuration is written to; a destination finding sits on its `Destination.Bucket` value, whose ARN
 * names the bucket.
 */
export function prerequisiteOf(f: Pick<Finding, 'ruleId' | 'offset' | 'length'>, text: string, sourceBucket: string): Prerequisite | undefined {
  const side = VERSIONING_RULES[f.ruleId];
  if (!side) return undefined;
  if (side === 'source') return { kind: 'enableVersioning', bucket: sourceBucket, side };
  const value = text.slice(f.offset, f.offset + f.length);
  let arn: unknown;
  try {
    arn = JSON.parse(value);
  } catch {
    return undefined;
  }
  const bucket = typeof arn === 'string' ? s3BucketName(arn) : undefined;
  return bucket ? { kind: 'enableVersioning', bucket, side } : undefined;
}

/** Each bucket once, sources first. */
export function uniquePrerequisites(list: readonly Prerequisite[]): Prerequisite[] {
  const seen = new Set<string>();
  const out: Prerequisite[] = [];
  for (const p of [...list].sort((a, b) => (a.side === b.side ? 0 : a.side === 'source' ? -1 : 1))) {
    if (seen.has(p.bucket)) continue;
    seen.add(p.bucket);
    out.push(p);
  }
  return out;
}

/** `destination bucket destination-bucket`, `source bucket a and destination bucket b`. */
export function prerequisiteText(list: readonly Prerequisite[]): string {
  const names = list.map((p) => `${p.side} bucket ${p.bucket}`);
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
