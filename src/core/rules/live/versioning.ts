/** Versioning and existence of the buckets a configuration names: what S3 checks before storing it. */
import { BucketFacts } from '../../facts';
import { DOCS } from '../../sources';
import { eachRule, propValue } from '../config/shape';
import { S3_TEXT } from '../config/s3Text';
import { destinationFacts, liveRule, sourceAnchor, sourceFacts } from './liveShape';

function versioningWord(facts: BucketFacts): string {
  return facts.versioning === 'Suspended' ? 'suspended' : 'never enabled';
}

function enableCommand(bucket: string): string {
  return `aws s3api put-bucket-versioning --bucket ${bucket} --versioning-configuration Status=Enabled`;
}

/** The destination problem S3 reports even for a disabled rule, if any. */
function destinationProblem(facts: BucketFacts | undefined): 'missing' | 'unversioned' | undefined {
  if (!facts) return undefined;
  if (facts.exists === false) return 'missing';
  if (facts.versioning !== undefined && facts.versioning !== 'Enabled') return 'unversioned';
  return undefined;
}

export const sourceVersioning = liveRule({
  id: 'ls-source-versioning',
  severity: 'error',
  evidence: 'V',
  summary: 'The source bucket must have versioning enabled.',
  docUrl: DOCS.UG_REQ,
  check(ctx) {
    const source = sourceFacts(ctx);
    if (!source?.versioning || source.versioning === 'Enabled') return;
    ctx.report({
      ...sourceAnchor(ctx.doc),
      message:
        `Versioning on source bucket "${source.name}" is ${versioningWord(source)}: S3 refuses this configuration with ${S3_TEXT.sourceVersioning} (400). ` +
        `Enable versioning first: \`${enableCommand(source.name)}\`.`,
    });
  },
});

export const destVersioning = liveRule({
  id: 'ls-dest-versioning',
  severity: 'error',
  evidence: 'V',
  summary: 'Every destination bucket must have versioning enabled.',
  docUrl: DOCS.UG_REQ,
  check(ctx) {
    eachRule(ctx, (rule) => {
      const dest = destinationFacts(ctx, rule);
      if (!dest || destinationProblem(dest) !== 'unversioned') return;
      // A declared bucket (a Terraform module) can be changed where it is declared.
      const source = ctx.doc.embedded?.fileUri;
      const change = source !== undefined ? dest.enableVersioning?.(source) : undefined;
      ctx.report({
        node: rule.bucketNode,
        fixes: change ? [{ title: change.title, preferred: true, inSource: true, edits: () => change.edits() }] : undefined,
        message:
          `Versioning on destination bucket "${dest.name}" is ${versioningWord(dest)}: S3 refuses the configuration with ${S3_TEXT.destVersioning} (400); ` +
          `if it is suspended later, objects fail with \`DstBucketUnversioned\`. Enable it: \`${enableCommand(dest.name)}\`.`,
      });
    });
  },
});

export const destExists = liveRule({
  id: 'ls-dest-exists',
  severity: 'error',
  evidence: 'V',
  summary: 'Every destination bucket must exist.',
  docUrl: DOCS.UG_REQ,
  check(ctx) {
    eachRule(ctx, (rule) => {
      const dest = destinationFacts(ctx, rule);
      if (!dest || destinationProblem(dest) !== 'missing') return;
      ctx.report({
        node: rule.bucketNode,
        message:
          `Destination bucket "${dest.name}" does not exist. S3 refuses the configuration with ${S3_TEXT.destVersioning} (as recorded against AWS) or ${S3_TEXT.destMissing}; ` +
          'if the bucket is deleted later, objects fail with `DstBucketNotFound`. Create the bucket, with versioning enabled, before applying the configuration.',
      });
    });
  },
});

export const checkedEvenIfDisabled = liveRule({
  id: 'ls-checked-even-if-disabled',
  severity: 'info',
  evidence: 'V',
  summary: 'S3 validates the destination of a disabled rule too.',
  docUrl: DOCS.UG_REQ,
  check(ctx) {
    eachRule(ctx, (rule) => {
      if (rule.status !== 'Disabled') return;
      const problem = destinationProblem(destinationFacts(ctx, rule));
      if (!problem) return;
      ctx.report({
        node: propValue(rule.r.Status),
        message: `This rule is Disabled, but S3 still checks its destination and rejects the whole configuration: the bucket ${problem === 'missing' ? 'does not exist' : 'is not versioned'}.`,
      });
    });
  },
});

export const sourceVersioningLocked = liveRule({
  id: 'ls-source-versioning-locked',
  severity: 'info',
  evidence: 'D',
  summary: 'While replication is configured, S3 refuses to suspend versioning on the source.',
  docUrl: DOCS.UG_REQ,
  check(ctx) {
    const source = sourceFacts(ctx);
    if (source?.versioning !== 'Enabled') return;
    ctx.report({ ...sourceAnchor(ctx.doc), message: `While this configuration exists, S3 refuses to suspend versioning on "${source.name}"; delete the replication configuration first.` });
  },
});
