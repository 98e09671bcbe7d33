import { DOCUMENT_KINDS } from '../../classify';
import { replaceSpanFix } from '../../fixes';
import { Rule } from '../../rule';
import { notJsonConsequence } from './awsReads';

// Templates too: CloudFormation refuses a JSON template that does not parse.
const RELEVANT = [...DOCUMENT_KINDS.filter((k) => k !== 'unrelated'), 'template' as const];

/** Python's `json` message for a trailing comma, which the AWS CLI prints for a configuration. */
const PYTHON_TRAILING_COMMA = {
  object: 'Expecting property name enclosed in double quotes',
  array: 'Expecting value',
} as const;

/**
 * Syntax errors, reported only for documents we recognised (unrelated JSON is not ours to judge):
 * each trailing comma, and the first other error, as the AWS CLI's parser stops at the first.
 */
export const jsonSyntax: Rule = {
  id: 'json-syntax',
  severity: 'error',
  evidence: 'V',
  kinds: RELEVANT,
  anyText: true,
  summary: 'The document is not valid JSON: the AWS CLI refuses a replication configuration before calling S3, IAM, S3 and KMS refuse such a policy, CloudFormation such a template.',
  docUrl: 'https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-parameters-file.html',
  check(ctx) {
    const kind = ctx.doc.kind;
    if (kind === 'unrelated') return;
    // On a document broken otherwise, what looks like a trailing comma may be the damage's doing: no fix there.
    const removable = (e: { offset: number; length: number }) => (ctx.doc.broken ? undefined : [replaceSpanFix(ctx.doc, e.offset, e.length, '', 'Remove the trailing comma', true)]);
    for (const e of ctx.doc.syntaxErrors) {
      if (kind === 'template') {
        ctx.report({
          offset: e.offset,
          length: e.length,
          message: `${e.message}. CloudFormation refuses a template that is not valid JSON ("Template format error").`,
          fixes: e.kind === 'trailing-comma' ? removable(e) : undefined,
        });
      } else if (e.kind === 'trailing-comma') {
        ctx.report({
          offset: e.offset,
          length: e.length,
          message: `${e.message}. ${notJsonConsequence(kind, PYTHON_TRAILING_COMMA[e.container ?? 'object'])}`,
          fixes: removable(e),
        });
      } else {
        ctx.report({ offset: e.offset, length: e.length, message: `${e.message}. ${notJsonConsequence(kind, e.python)}` });
      }
    }
  },
};
