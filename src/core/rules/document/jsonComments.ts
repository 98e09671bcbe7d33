import { DOCUMENT_KINDS } from '../../classify';
import { replaceSpanFix } from '../../fixes';
import { Rule } from '../../rule';

const RELEVANT = DOCUMENT_KINDS.filter((k) => k !== 'unrelated');

/** Comments are fine for the editor (JSONC) but not for `file://` parameters of the AWS CLI. */
export const jsonComments: Rule = {
  id: 'json-comments',
  severity: 'warning',
  evidence: 'D',
  kinds: RELEVANT,
  summary: 'Comments are not JSON: `aws ... file://` and the AWS APIs reject a document that has them.',
  docUrl: 'https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-parameters-file.html',
  check(ctx) {
    for (const c of ctx.doc.comments) {
      ctx.report({
        offset: c.offset,
        length: c.length,
        message: 'Comment in a JSON document. The AWS CLI and the AWS APIs accept strict JSON only, so this file fails as written (Invalid JSON / MalformedPolicyDocument). Remove the comment before using the file.',
        fixes: [replaceSpanFix(c.offset, c.length, '', 'Remove comment', true)],
      });
    }
  },
};
