import { DOCUMENT_KINDS } from '../../classify';
import { Rule } from '../../rule';
import { policyReader, structureParameter } from './awsReads';

const RELEVANT = DOCUMENT_KINDS.filter((k) => k !== 'unrelated');

const SAVE_AS = 'Save the file as UTF-8 without a byte order mark (VS Code: the encoding in the status bar → Save with Encoding → UTF-8).';

/**
 * The file's encoding, which the text alone does not show: the CLI and VS Code strip a byte order
 * mark before anything else sees the text. Observed with the AWS CLI: it keeps a UTF-8 BOM as the
 * first character of the parameter, and cannot decode UTF-16 at all under a UTF-8 locale.
 */
export const jsonEncoding: Rule = {
  id: 'json-encoding',
  severity: 'error',
  evidence: 'V',
  kinds: RELEVANT,
  anyText: true,
  summary: 'A byte order mark or UTF-16: the AWS CLI cannot read UTF-16, refuses a replication configuration with a byte order mark, and passes the mark on to IAM, S3 or KMS in a policy.',
  docUrl: 'https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-parameters-file.html',
  check(ctx) {
    const { kind, encoding } = ctx.doc;
    if (kind === 'unrelated' || kind === 'template' || (encoding ?? 'utf8') === 'utf8') return;
    if (encoding === 'utf16le' || encoding === 'utf16be') {
      ctx.report({
        offset: 0,
        length: 1,
        message:
          `This file is UTF-16 (${encoding === 'utf16le' ? 'little' : 'big'}-endian; Windows PowerShell 5 writes it by default). ` +
          'The AWS CLI reads `file://` parameters in the system encoding, UTF-8 on Linux and macOS, and stops before calling AWS: ' +
          '"Unable to load paramfile (…), text contents could not be decoded". ' +
          SAVE_AS,
      });
      return;
    }
    const reader = policyReader(kind);
    if (!reader) {
      ctx.report({
        offset: 0,
        length: 1,
        message:
          'This file starts with a UTF-8 byte order mark. The AWS CLI keeps the mark as the first character of the parameter, so the text does not start with `{` ' +
          `and is read as shorthand syntax: it refuses the file before calling S3 with "Error parsing parameter '${structureParameter(kind)}': Expected: '=', received: '\uFEFF'" (the mark is invisible). ` +
          SAVE_AS,
      });
      return;
    }
    if (kind === 'bucket-policy') {
      ctx.report({
        offset: 0,
        length: 1,
        message: `This file starts with a UTF-8 byte order mark. The AWS CLI sends it to S3 as the first character of the policy, and S3 refuses the policy: ${reader.refusal}. ${SAVE_AS}`,
      });
      return;
    }
    // IAM's and KMS's answer to a leading mark has not been observed; JSON forbids writing one.
    ctx.report({
      offset: 0,
      length: 1,
      severity: 'warning',
      message:
        `This file starts with a UTF-8 byte order mark. The AWS CLI sends it to ${reader.service} as the first character of the policy text, ` +
        `and JSON texts must not begin with one (RFC 8259, section 8.1): a strict parser refuses the policy (${reader.refusal}). ${SAVE_AS}`,
    });
  },
};
