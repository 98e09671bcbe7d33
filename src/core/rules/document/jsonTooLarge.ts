import { DOCUMENT_KINDS, isPolicyKind } from '../../classify';
import { Rule } from '../../rule';

const RELEVANT = DOCUMENT_KINDS.filter((k) => k !== 'unrelated');

function size(n: number, unit: 'characters' | 'bytes'): string {
  const mb = n / (1024 * 1024);
  return `${mb >= 10 ? mb.toFixed(0) : mb.toFixed(1)} MB (${n.toLocaleString('en-US')} ${unit})`;
}

/**
 * A document too large to analyse gets this one finding instead of every other rule: the engine's
 * time and memory stay bounded, and AWS accepts no document of this size anyway.
 */
export const jsonTooLarge: Rule = {
  id: 'json-too-large',
  severity: 'error',
  evidence: 'D',
  kinds: RELEVANT,
  anyText: true,
  summary: 'The document is larger than any AWS accepts of its kind, so it is not analysed.',
  docUrl: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketReplication.html',
  check(ctx) {
    const t = ctx.doc.tooLarge;
    if (!t) return;
    const limit = `${(t.limit / (1024 * 1024)).toFixed(0)} Mi characters`;
    const message = isPolicyKind(ctx.doc.kind)
      ? `This policy is ${size(t.size, t.unit)}, far over every policy size AWS accepts (IAM: 10,240 characters for a role's inline policies, 6,144 for a managed policy; S3 bucket policies: 20 KB; KMS key policies: 32 KB). ` +
        `It was not analysed: policies over ${limit} are not checked.`
      : `This replication configuration is ${size(t.size, t.unit)}; S3 accepts at most 2 MB. It was not analysed: documents over ${limit} are not checked.`;
    ctx.report({ offset: 0, length: 1, message });
  },
};
