/** `Condition`: an object of known operators, each an object of condition keys. */
import { replaceSpanFix } from '../../fixes';
import { isObject, properties, propertyKey } from '../../json';
import { DOCS } from '../../sources';
import { operatorSpellings, parseOperator } from '../../iam/conditions';
import { closest } from '../../iam/suggest';
import { policyRule, validatorOf } from './common';

export const iamConditionOperator = policyRule({
  id: 'iam-condition-operator',
  severity: 'error',
  evidence: 'D',
  summary: 'A `Condition` operator IAM does not know (e.g. `StringEqual`), or a `Condition` that is not an object of operators.',
  docUrl: DOCS.IAM_CONDITIONS,
  check(ctx, view) {
    for (const s of view.statements) {
      const condition = s.node.children?.find((p) => p.children?.[0]?.value === 'Condition')?.children?.[1];
      if (!condition) continue;
      if (!isObject(condition)) {
        ctx.report({ node: condition, message: `\`Condition\` must be an object such as \`{"StringEquals": {"aws:SourceAccount": "123456789012"}}\`; ${validatorOf(ctx)} rejects anything else.` });
        continue;
      }
      for (const prop of properties(condition)) {
        const name = propertyKey(prop);
        const keyNode = prop.children?.[0];
        const block = prop.children?.[1];
        if (name === undefined || !keyNode) continue;
        if (!parseOperator(name)) {
          const qualifier = /^(ForAllValues|ForAnyValue):/.exec(name)?.[0] ?? '';
          const guess = closest(name.slice(qualifier.length), operatorSpellings());
          const suggestion = guess && parseOperator(`${qualifier}${guess}`) ? `${qualifier}${guess}` : undefined;
          const caseOnly = suggestion?.toLowerCase() === name.toLowerCase();
          ctx.report({
            node: keyNode,
            severity: caseOnly ? 'warning' : undefined,
            message: caseOnly
              ? `Condition operators are written \`${suggestion}\`; write it exactly so, as AWS documents it.`
              : `\`${name}\` is not an IAM condition operator; ${validatorOf(ctx)} rejects the policy.${suggestion ? ` Did you mean \`${suggestion}\`?` : ' See the list of condition operators.'}`,
            fixes: suggestion ? [replaceSpanFix(ctx.doc, keyNode.offset, keyNode.length, JSON.stringify(suggestion), `Use "${suggestion}"`, caseOnly)] : [],
          });
        }
        if (block && !isObject(block)) {
          ctx.report({ node: block, message: `The value of \`${name}\` must be an object of condition keys and values, e.g. \`{"aws:SourceAccount": "123456789012"}\`.` });
        }
      }
    }
  },
});
