/** Keys IAM does not know, at the policy, statement and principal level: usually a typo such as `Resources`. */
import { Node } from 'jsonc-parser';
import { replaceSpanFix } from '../../fixes';
import { isObject, properties, propertyKey } from '../../json';
import { RuleContext } from '../../rule';
import { DOCS } from '../../sources';
import { closest } from '../../iam/suggest';
import { policyRule, validatorOf } from './common';

const POLICY_KEYS = ['Version', 'Id', 'Statement'];
const STATEMENT_KEYS = ['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'];
const PRINCIPAL_KEYS = ['AWS', 'Service', 'Federated', 'CanonicalUser'];

function checkKeys(ctx: RuleContext, obj: Node, allowed: readonly string[], where: string): void {
  const present = new Set(properties(obj).map(propertyKey));
  for (const prop of properties(obj)) {
    const key = propertyKey(prop);
    const keyNode = prop.children?.[0];
    if (key === undefined || !keyNode || allowed.includes(key)) continue;
    const suggestion = closest(key, allowed);
    // Renaming onto a key that is already there would create a duplicate: say it, do not do it.
    const fixable = suggestion !== undefined && !present.has(suggestion);
    ctx.report({
      node: keyNode,
      message:
        `\`${key}\` is not a ${where} element; ${validatorOf(ctx)} rejects the policy as malformed.` +
        (suggestion ? ` Did you mean \`${suggestion}\`?` : ` Valid elements: ${allowed.map((k) => `\`${k}\``).join(', ')}.`),
      fixes: fixable ? [replaceSpanFix(ctx.doc, keyNode.offset, keyNode.length, JSON.stringify(suggestion), `Rename to "${suggestion}"`, key.toLowerCase() === suggestion.toLowerCase())] : [],
    });
  }
}

export const iamUnknownKey = policyRule({
  id: 'iam-unknown-key',
  severity: 'error',
  evidence: 'D',
  summary: 'A key IAM does not know in the policy, a statement or a principal (e.g. `Resources`).',
  docUrl: DOCS.IAM_GRAMMAR,
  check(ctx, view) {
    checkKeys(ctx, view.node, POLICY_KEYS, 'policy');
    for (const s of view.statements) {
      checkKeys(ctx, s.node, STATEMENT_KEYS, 'statement');
      for (const p of [s.principal, s.notPrincipal]) {
        if (p && isObject(p.value)) checkKeys(ctx, p.value, PRINCIPAL_KEYS, 'principal');
      }
    }
  },
});
