import { Node } from 'jsonc-parser';
import { insertFirstEdits } from '../../edit/jsonEdits';
import { editable, setValueFix, stepFix } from '../../fixes';
import { anchorForMissing, member, stringValue } from '../../json';
import { DOCS } from '../../sources';
import { policyRule, validatorOf } from './common';

const VERSIONS = ['2012-10-17', '2008-10-17'];

/**
 * `${aws:username}`, `${aws:PrincipalTag/team}` and friends: a prefix, one colon, a key. Not the
 * escapes `${*}`, `${?}` and `${$}`, nor CloudFormation's `${AWS::Region}` in an `Fn::Sub`.
 */
function usesVariables(text: string, policy: Node): boolean {
  return /\$\{[A-Za-z0-9-]+:[^:}][^}]*\}/.test(text.slice(policy.offset, policy.offset + policy.length));
}

/** `Version`: the policy language version, not a date. Missing means the old grammar. */
export const iamVersion = policyRule({
  id: 'iam-version',
  severity: 'error',
  evidence: 'D',
  summary: '`Version` must be `2012-10-17` (or the old `2008-10-17`); without it the old grammar applies, and policy variables stay literal text.',
  docUrl: DOCS.IAM_ELEMENTS,
  check(ctx, view) {
    const node = member(view.node, 'Version');
    const path = [...view.path, 'Version'];
    if (!node) {
      // Without policy variables the old grammar reads the policy the same: advice, not a defect.
      const variables = usesVariables(ctx.doc.text, view.node);
      ctx.report({
        ...anchorForMissing(view.node),
        severity: variables ? 'warning' : 'info',
        message: variables
          ? 'The policy has no `Version`, so it is read with the 2008-10-17 grammar: its policy variables (`${...}`) stay literal text and match nothing. Add `"Version": "2012-10-17"` as the first member.'
          : 'The policy has no `Version`, so it is read with the 2008-10-17 grammar; that changes nothing here (it uses no policy variables), but AWS recommends `"Version": "2012-10-17"` as the first member.',
        // First member, where every AWS example has it.
        fixes: [stepFix(ctx.doc, 'Add "Version": "2012-10-17"', true, () => insertFirstEdits(editable(ctx.doc), view.path, 'Version', '2012-10-17'), view.node)],
      });
      return;
    }
    const value = stringValue(node);
    if (value === undefined || !VERSIONS.includes(value)) {
      ctx.report({
        node,
        message: `\`Version\` is ${value === undefined ? 'not a string' : `"${value}"`}. It names the policy language version, and ${validatorOf(ctx)} accepts only "2012-10-17" or "2008-10-17" (it is not the date you wrote the policy); anything else is rejected as a malformed policy. Use "2012-10-17".`,
        fixes: [setValueFix(ctx.doc, path, '2012-10-17', 'Use "2012-10-17"', true)],
      });
      return;
    }
    if (value === '2008-10-17' && usesVariables(ctx.doc.text, view.node)) {
      ctx.report({
        node,
        severity: 'warning',
        message: 'This policy uses policy variables (`${...}`), but with `Version` "2008-10-17" IAM treats them as literal text, so they match nothing. Use "2012-10-17".',
        fixes: [setValueFix(ctx.doc, path, '2012-10-17', 'Use "2012-10-17"', true)],
      });
    }
  },
});
