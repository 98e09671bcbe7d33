/** Object Lock on the source: the destination must have it too, and how the configuration gets applied. */
import { DOCS } from '../../sources';
import { eachRule } from '../config/shape';
import { destinationFacts, liveRule, sourceAnchor, sourceFacts } from './liveShape';

export const objectLockDestination = liveRule({
  id: 'ls-object-lock-destination',
  severity: 'error',
  evidence: 'D',
  summary: 'With Object Lock on the source, every destination needs Object Lock too.',
  docUrl: DOCS.UG_REQ,
  check(ctx) {
    if (sourceFacts(ctx)?.objectLock !== true) return;
    eachRule(ctx, (rule) => {
      const dest = destinationFacts(ctx, rule);
      if (dest?.objectLock !== false) return;
      const advice = 'Enable Object Lock on the destination.';
      ctx.report({
        node: rule.bucketNode,
        message: `The source bucket has Object Lock enabled but destination "${dest.name}" does not: every object fails with \`DstBucketObjectLockConfigMissing\`. ${advice}`,
        change: { bucket: dest.name, want: { objectLock: true }, advice },
      });
    });
  },
});

export const objectLockPutPath = liveRule({
  id: 'ls-object-lock-put-path',
  severity: 'info',
  evidence: 'D',
  summary: 'Replication on an Object Lock bucket is configured through the API or CLI.',
  docUrl: DOCS.UG_OL,
  check(ctx) {
    const source = sourceFacts(ctx);
    // A file that creates the bucket applies the configuration itself, never through the console.
    if (source?.objectLock !== true || source.declared) return;
    ctx.report({
      ...sourceAnchor(ctx.doc),
      message: `"${source.name}" has Object Lock: apply replication with the CLI, API or SDK (not the console); pass the \`x-amz-bucket-object-lock-token\` if AWS Support issued one.`,
    });
  },
});
