import { DOCUMENT_KINDS } from '../../classify';
import { removeCommentFix } from '../../fixes';
import { Rule } from '../../rule';
import { pythonJsonMessage } from '../../syntax';
import { policyReader, structureParameter } from './awsReads';

const RELEVANT = DOCUMENT_KINDS.filter((k) => k !== 'unrelated');

/**
 * Comments are fine for the editor (JSONC) but are not JSON. What happens to them depends on the
 * parameter: the AWS CLI parses a replication configuration itself and stops on the comment; it
 * sends a policy's text to the service as written, and the service's JSON parser refuses it.
 */
export const jsonComments: Rule = {
  id: 'json-comments',
  severity: 'error',
  evidence: 'V',
  kinds: RELEVANT,
  summary: 'Comments are not JSON: the AWS CLI refuses a replication configuration that has them, and sends a policy with them to IAM, S3 or KMS, which refuse it.',
  docUrl: 'https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-parameters-file.html',
  check(ctx) {
    const kind = ctx.doc.kind;
    if (kind === 'unrelated' || kind === 'template' || ctx.doc.comments.length === 0) return;
    const start = ctx.doc.root?.offset ?? 0;
    const reader = policyReader(kind);
    for (const c of ctx.doc.comments) {
      let consequence: string;
      if (reader) {
        consequence = `The AWS CLI sends a policy file's text to ${reader.service} as it is, comments included (\`${reader.command} file://…\`), and ${reader.service} parses it as JSON, which has no comments: it answers ${reader.refusal}.`;
      } else if (c.offset < start) {
        // Text that does not start with `{` is not even tried as JSON.
        consequence = `The file does not start with \`{\`, so the AWS CLI reads it as shorthand syntax and refuses it before calling S3: "Error parsing parameter '${structureParameter(kind)}': Expected: '=', received: …".`;
      } else {
        consequence = `The AWS CLI parses this parameter as strict JSON and refuses the file before calling S3: "Error parsing parameter '${structureParameter(kind)}': Invalid JSON: ${pythonJsonMessage(ctx.doc.text, c.offset) ?? '…'}".`;
      }
      ctx.report({
        offset: c.offset,
        length: c.length,
        message: `${c.message === 'block comment' ? 'Block comment' : 'Line comment'}: JSON has no comments. ${consequence} Remove the comment (or keep notes in a \`Sid\` or rule \`ID\`).`,
        fixes: [removeCommentFix(ctx.doc, c.offset, c.length, 'Remove comment', true)],
      });
    }
  },
};
