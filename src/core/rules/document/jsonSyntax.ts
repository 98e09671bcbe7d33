import { DOCUMENT_KINDS } from '../../classify';
import { Rule } from '../../rule';

// Templates too: CloudFormation refuses a JSON template that does not parse.
const RELEVANT = [...DOCUMENT_KINDS.filter((k) => k !== 'unrelated'), 'template' as const];

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
        message:
          ctx.doc.kind === 'template'
            ? `${e.message}. CloudFormation refuses a template that is not valid JSON ("Template format error").`
            : `${e.message}. The AWS CLI rejects invalid JSON ("Error parsing parameter ... Invalid JSON") before calling AWS.`,
      });
    }
  },
};
