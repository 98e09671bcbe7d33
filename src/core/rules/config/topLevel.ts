/** Top-level members of the configuration: Role, Rules, overall size, and the schema mix. */
import { Node } from 'jsonc-parser';
import { JsonDocument } from '../../document';
import { Fix } from '../../findings';
import { multiFix, wrapValueFix } from '../../fixes';
import { anchorForMissing, elements, keyNode, member } from '../../json';
import { DOCS } from '../../sources';
import { convertToV2Fix } from './convert';
import { S3_TEXT } from './s3Text';
import { misspelledAs } from './members';
import { configRule, configRules, isV2, keyOf, propKey, rulesWith } from './shape';

const MAX_RULES = 1000;
const MAX_BYTES = 2 * 1024 * 1024;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/(?:[\x21-\x7e]+\/)*[\w+=,.@-]{1,64}$/;

function configAnchor(doc: JsonDocument): { offset: number; length: number } {
  return doc.config ? anchorForMissing(doc.config) : { offset: 0, length: 1 };
}

export const roleRequired = configRule({
  id: 'rc-role-required',
  severity: 'error',
  evidence: 'D',
  summary: '`Role` (the replication IAM role ARN) is required and must not be empty.',
  docUrl: DOCS.API_PBR,
  check(ctx) {
    const role = member(ctx.doc.config, 'Role');
    if (role === undefined && keyNode(ctx.doc.config, 'Role') === undefined) {
      if (misspelledAs(ctx.doc, ctx.doc.config, 'ReplicationConfiguration', 'Role')) return;
      ctx.report({
        ...configAnchor(ctx.doc),
        message: 'The configuration has no `Role`: S3 rejects it, because replication runs as that IAM role. Add `"Role": "arn:aws:iam::<account>:role/<name>"`.',
      });
    } else if (role && role.type === 'string' && (role.value as string).trim() === '') {
      ctx.report({ node: role, message: '`Role` is empty: S3 rejects the configuration. Set it to the ARN of the replication IAM role.' });
    }
  },
});

function roleProblem(value: string): string {
  if (!value.startsWith('arn:')) return 'is a role name, not an ARN';
  if (/:sts::[^:]*:assumed-role\//.test(value)) return 'is an assumed-role session ARN, not the role ARN';
  if (!/:iam::/.test(value)) return 'is not an IAM ARN';
  if (!/:iam::\d{12}:/.test(value)) return 'does not carry a 12-digit account id';
  if (!/:role\//.test(value)) return 'names an IAM entity that is not a role';
  return 'is not a well-formed role ARN';
}

export const roleArnFormat = configRule({
  id: 'rc-role-arn-format',
  severity: 'warning',
  evidence: 'U',
  summary: '`Role` must be a full IAM role ARN (`arn:aws:iam::<account>:role/<path/><name>`).',
  docUrl: DOCS.UG_PERM,
  check(ctx) {
    const role = member(ctx.doc.config, 'Role');
    if (!role) return;
    // Any other type is rc-member-type's: the CLI refuses it before sending.
    if (role.type !== 'string') return;
    const value = role.value as string;
    if (value.trim() === '' || ROLE_ARN.test(value)) return;
    ctx.report({
      node: role,
      message:
        `\`Role\` ${roleProblem(value)}. Use the full role ARN, including any path (console-created roles live under \`role/service-role/\`). ` +
        'S3 may refuse the configuration; if it stores it, every object fails with `AssumeRoleNotPermitted`.',
    });
  },
});

export const rulesRequired = configRule({
  id: 'rc-rules-required',
  severity: 'error',
  evidence: 'V',
  summary: '`Rules` must be a non-empty list.',
  docUrl: DOCS.API_PBR,
  check(ctx) {
    const rules = member(ctx.doc.config, 'Rules');
    if (rules === undefined) {
      if (keyNode(ctx.doc.config, 'Rules')) return; // still being typed: the syntax error says more
      if (misspelledAs(ctx.doc, ctx.doc.config, 'ReplicationConfiguration', 'Rules')) return;
      ctx.report({ ...configAnchor(ctx.doc), message: `The configuration has no \`Rules\`. S3 answers ${S3_TEXT.malformedXml}. Add at least one rule.` });
    } else if (rules.type !== 'array') {
      const fixes = rules.type === 'object' ? [wrapInListFix(ctx.doc, rules)] : undefined;
      ctx.report({ node: rules, message: `\`Rules\` must be a list of rules (\`[...]\`). S3 answers ${S3_TEXT.malformedXml}.`, fixes });
    } else if (elements(rules).length === 0) {
      ctx.report({ node: rules, message: `\`Rules\` is empty. S3 answers ${S3_TEXT.malformedXml}. Add at least one rule.` });
    }
  },
});

/** A single rule object written where the list belongs: `[...]` hugging it, so its text and comments stay as written. */
function wrapInListFix(doc: JsonDocument, rules: Node): Fix | undefined {
  return wrapValueFix(doc, rules, 'Wrap the rule in a list', true);
}

export const rulesMax = configRule({
  id: 'rc-rules-max',
  severity: 'error',
  evidence: 'D',
  summary: 'At most 1,000 rules per configuration.',
  docUrl: DOCS.API_PBR,
  check(ctx) {
    const rules = member(ctx.doc.config, 'Rules');
    const count = rules?.type === 'array' ? elements(rules).length : 0;
    if (count <= MAX_RULES) return;
    ctx.report({
      node: keyOf(rules as Node),
      message: `This configuration has ${count} rules; S3 accepts at most ${MAX_RULES}. Merge rules (one rule can cover a prefix or a tag set) or split the data across buckets.`,
    });
  },
});

/** UTF-8 size of the configuration's JSON without insignificant whitespace: close to what the CLI sends. */
function compactBytes(text: string, from: number, to: number): number {
  let bytes = 0;
  let inString = false;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) {
        bytes++;
        i++;
      } else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 32 || c === 9 || c === 10 || c === 13) continue;
    // Surrogate halves count 2 each: 4 bytes per astral character.
    bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdfff ? 2 : 3;
  }
  return bytes;
}

export const configSizeMax = configRule({
  id: 'rc-config-size-max',
  severity: 'error',
  evidence: 'D',
  summary: 'The configuration must stay under 2 MB.',
  docUrl: DOCS.API_PBR,
  check(ctx) {
    const config = ctx.doc.config;
    // No UTF-16 unit takes more than 3 UTF-8 bytes, so small documents need no count.
    if (!config || config.length * 3 <= MAX_BYTES) return;
    const bytes = compactBytes(ctx.doc.text, config.offset, config.offset + config.length);
    if (bytes <= MAX_BYTES) return;
    const mb = (bytes / (1024 * 1024)).toFixed(2);
    ctx.report({
      ...configAnchor(ctx.doc),
      message: `This configuration is about ${mb} MB even without whitespace; S3 accepts at most 2 MB (and sends it as XML, which is larger still). Reduce the number of rules or the tag lists.`,
    });
  },
});

export const allRulesDisabled = configRule({
  id: 'rc-all-rules-disabled',
  severity: 'warning',
  evidence: 'D',
  summary: 'Every rule is `Disabled`: nothing is replicated.',
  docUrl: DOCS.UG_CFG,
  check(ctx) {
    const rules = configRules(ctx.doc);
    if (rules.length === 0 || !rules.every((r) => r.status === 'Disabled')) return;
    const title = rules.length === 1 ? 'Enable the rule' : `Enable all ${rules.length} rules`;
    ctx.report({
      node: keyNode(ctx.doc.config, 'Rules'),
      message: 'Every rule has `"Status": "Disabled"`: S3 stores the configuration but replicates nothing. Enable at least one rule, or delete the configuration.',
      fixes: [multiFix(ctx.doc, rules.map((r) => ({ path: [...r.path, 'Status'], value: 'Enabled' })), title)],
    });
  },
});

export const schemaMixedV1V2 = configRule({
  id: 'rc-schema-mixed-v1-v2',
  severity: 'warning',
  evidence: 'U',
  summary: 'Do not mix V1 rules (rule-level `Prefix`) with V2 rules (`Filter`) in one configuration.',
  docUrl: DOCS.UG_CFG,
  check(ctx) {
    const firstV2 = configRules(ctx.doc).find((r) => isV2(r));
    if (!firstV2) return;
    const v2Key = keyNode(firstV2.node, 'Filter') as Node;
    const v1 = rulesWith(ctx.doc, 'V1');
    for (let i = 0; i < v1.length; i++) {
      const rule = v1[i];
      ctx.report({
        node: propKey(rule.r.Prefix),
        message:
          'This rule uses the V1 schema (rule-level `Prefix`) while other rules use V2 (`Filter`). S3 treats the two schemas as exclusive ' +
          '(V2-only elements are refused in V1 rules); a mixed document is not a supported setup. Convert this rule to V2.',
        related: [{ uri: ctx.doc.uri, offset: v2Key.offset, length: v2Key.length, message: 'a V2 rule' }],
        fixes: [convertToV2Fix(ctx.doc, [rule], true)],
      });
    }
  },
});
