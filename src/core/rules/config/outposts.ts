/**
 * S3 on Outposts replication (`aws s3control put-bucket-replication`): the same configuration
 * shape as S3's, with what the S3 Control API reference says Outposts buckets do not support, and
 * the rule-level source `Bucket` its model requires.
 */
import { Node } from 'jsonc-parser';
import { anchorForMissing, elements, keyNode, member } from '../../json';
import { DOCS } from '../../sources';
import { isOutpostsConfig } from './model';
import { configRule, ConfigRule, eachRule, propKey, propValue } from './shape';

const MAX_OUTPOSTS_RULES = 100;

/** What an Outposts rule uses that S3 on Outposts does not support, each where it is written. */
function unsupported(rule: ConfigRule): { node: Node | undefined; what: string }[] {
  const out: { node: Node | undefined; what: string }[] = [];
  const storageClass = propValue(rule.d.StorageClass);
  if (storageClass && storageClass.value !== 'OUTPOSTS') {
    out.push({ node: storageClass, what: 'S3 on Outposts stores every object, replicas included, in the `OUTPOSTS` storage class; other values are not supported. Use "OUTPOSTS" or leave `StorageClass` out' });
  }
  if (rule.d.ReplicationTime) out.push({ node: propKey(rule.d.ReplicationTime), what: 'S3 Replication Time Control (`ReplicationTime`) is not supported by S3 on Outposts buckets' });
  if (rule.m.EventThreshold) out.push({ node: propKey(rule.m.EventThreshold), what: 'the metrics `EventThreshold` is not supported by S3 on Outposts buckets' });
  if (rule.d.EncryptionConfiguration) out.push({ node: propKey(rule.d.EncryptionConfiguration), what: '`EncryptionConfiguration` (a replica KMS key) is not supported by S3 on Outposts buckets' });
  const sse = keyNode(rule.criteria, 'SseKmsEncryptedObjects');
  if (sse) out.push({ node: sse, what: 'replicating SSE-KMS objects (`SseKmsEncryptedObjects`) is not supported by S3 on Outposts buckets' });
  return out;
}

export const outpostsUnsupported = configRule({
  id: 'rc-outposts-unsupported',
  severity: 'error',
  evidence: 'D',
  summary: 'S3 on Outposts replication: storage class `OUTPOSTS` only, no RTC, no event threshold, no SSE-KMS replication, at most 100 rules.',
  docUrl: DOCS.API_OUTPOSTS_RULE,
  check(ctx) {
    if (!isOutpostsConfig(ctx.doc.config)) return;
    const rules = member(ctx.doc.config, 'Rules');
    const count = elements(rules).length;
    if (rules?.type === 'array' && count > MAX_OUTPOSTS_RULES) {
      ctx.report({
        ...anchorForMissing(rules),
        message: `This S3 on Outposts configuration has ${count} rules; S3 on Outposts accepts at most ${MAX_OUTPOSTS_RULES}. Merge rules or split the data across buckets.`,
      });
    }
    eachRule(ctx, (rule) => {
      for (const u of unsupported(rule)) ctx.report({ node: u.node, message: `This is an S3 on Outposts configuration (its destination is an Outposts access point): ${u.what}.` });
    });
  },
});

export const outpostsRuleBucket = configRule({
  id: 'rc-outposts-rule-bucket',
  severity: 'warning',
  evidence: 'V',
  summary: 'An S3 on Outposts rule names its source in `Bucket` (the source Outposts access point ARN).',
  docUrl: DOCS.API_OUTPOSTS_RULE,
  check(ctx) {
    if (!isOutpostsConfig(ctx.doc.config)) return;
    eachRule(ctx, (rule) => {
      if (keyNode(rule.node, 'Bucket')) return;
      // A warning, not an error, only because AWS's own example disagrees with its model.
      ctx.report({
        ...anchorForMissing(rule.node),
        message:
          'The S3 Control model requires every S3 on Outposts rule to name its source: `"Bucket": "arn:aws:s3-outposts:<region>:<account>:outpost/<outpost-id>/accesspoint/<source-access-point>"`. ' +
          `The AWS CLI refuses the rule without it: Missing required parameter in ReplicationConfiguration.Rules[${rule.index}]: "Bucket". (An S3 User Guide example leaves it out.)`,
      });
    });
  },
});
