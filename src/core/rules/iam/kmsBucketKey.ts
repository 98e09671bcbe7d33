/**
 * `iam-kms-context-bucket-key`: S3 passes the object's ARN as `kms:EncryptionContext:aws:s3:arn`, but
 * the bucket's ARN when S3 Bucket Keys are enabled on the bucket. A replication role's KMS grant whose
 * context condition names objects of a Bucket Key bucket (or the bare bucket of one without) never
 * matches, and KMS refuses every call. Needs the live Bucket Key setting of each bucket.
 */
import { JsonDocument } from '../../document';
import { Rule, Workspace } from '../../rule';
import { DOCS } from '../../sources';
import { configsForPermissionPolicy } from '../../iam/associate';
import { parseOperator } from '../../iam/conditions';
import { actionApplies } from '../../iam/evaluate';
import { s3Parts } from '../../iam/arn';
import { policyView } from '../../iam/policy';
import { FamilyMeta, familyRules, PendingFinding, perAnalysis } from './common';

const CONTEXT_KEY = 'kms:encryptioncontext:aws:s3:arn';
const POSITIVE = new Set(['StringEquals', 'StringLike', 'StringEqualsIgnoreCase', 'ArnEquals', 'ArnLike']);

const compute = perAnalysis((doc: JsonDocument, ws: Workspace): PendingFinding[] => {
  const view = policyView(doc);
  const facts = ws.facts;
  if (!view || !facts) return [];
  // Bucket → the action whose context names it, for the buckets whose Bucket Key setting is known.
  const sides = new Map<string, { action: string; bucketKey: boolean }>();
  for (const config of configsForPermissionPolicy(doc, ws)) {
    if (!config.rules.some((r) => r.sseKms)) continue;
    const source = config.sourceBucket ? facts.buckets[config.sourceBucket] : undefined;
    if (source?.bucketKeyEnabled !== undefined) sides.set(source.name, { action: 'kms:Decrypt', bucketKey: source.bucketKeyEnabled });
    for (const r of config.rules) {
      const dest = r.destination ? facts.buckets[r.destination.bucket] : undefined;
      if (r.sseKms && dest?.bucketKeyEnabled !== undefined) sides.set(dest.name, { action: 'kms:Encrypt', bucketKey: dest.bucketKeyEnabled });
    }
  }
  if (sides.size === 0) return [];
  const out: PendingFinding[] = [];
  for (const s of view.statements) {
    if (s.effect !== 'Allow') continue;
    for (const entry of s.conditions) {
      const op = parseOperator(entry.operator);
      if (entry.key.toLowerCase() !== CONTEXT_KEY || !op || !POSITIVE.has(op.base) || op.set !== undefined) continue;
      for (const [bucket, side] of sides) {
        if (!actionApplies(s, side.action)) continue;
        const mine = entry.values.map((v) => s3Parts(v)).filter((p) => p && p.bucket === bucket);
        if (mine.length === 0) continue;
        const objects = mine.every((p) => p?.object !== undefined);
        const bare = mine.every((p) => p?.object === undefined);
        if (side.bucketKey && objects) {
          out.push({
            ruleId: 'iam-kms-context-bucket-key',
            severity: 'error',
            offset: entry.valueNode.offset,
            length: entry.valueNode.length,
            message: `S3 Bucket Keys are enabled on "${bucket}", so S3 calls \`${side.action}\` with the bucket's ARN (\`arn:aws:s3:::${bucket}\`) as encryption context, not an object ARN: this condition never matches and KMS refuses replication. Use the bucket ARN.`,
          });
        } else if (!side.bucketKey && bare) {
          out.push({
            ruleId: 'iam-kms-context-bucket-key',
            severity: 'error',
            offset: entry.valueNode.offset,
            length: entry.valueNode.length,
            message: `"${bucket}" does not use S3 Bucket Keys, so S3 calls \`${side.action}\` with each object's ARN as encryption context: this condition (the bucket's ARN) never matches and KMS refuses replication. Use \`arn:aws:s3:::${bucket}/*\`.`,
          });
        }
      }
    }
  }
  return out;
});

const META: FamilyMeta[] = [
  {
    id: 'iam-kms-context-bucket-key',
    severity: 'error',
    summary: 'A `kms:EncryptionContext:aws:s3:arn` condition must name the bucket ARN when S3 Bucket Keys are on, object ARNs when they are off.',
    docUrl: DOCS.UG_KMS,
    live: true,
  },
];

export const KMS_BUCKET_KEY_RULES: readonly Rule[] = familyRules(META, ['permission-policy'], compute);
