import { DOCUMENT_KINDS } from '../../classify';
import { Rule } from '../../rule';

const RELEVANT = DOCUMENT_KINDS.filter((k) => k !== 'unrelated');

/** Syntax errors, reported only for documents we recognised (unrelated JSON is not ours to judge). */
export const jsonSyntax: Rule = {
  id: 'json-syntax',
  severity: 'error',
  evidence: 'V',
  kinds: RELEVANT,
  summary: 'The document is not valid JSON; the AWS CLI refuses it before anything reaches AWS.',
  docUrl: 'https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-parameters-file.html',
  check(ctx) {
    for (const e of ctx.doc.syntaxErrors) {
      ctx.report({
        offset: e.offset,
        length: e.length,
        message: `${e.message}. The AWS CLI rejects invalid JSON ("Error parsing parameter ... Invalid JSON") before calling AWS.`,
      });
    }
  },
};
