/** `Priority`: required on V2 rules, an integer, non-negative, unique. */
import { Node } from 'jsonc-parser';
import { setValueFix } from '../../fixes';
import { relatedList } from '../../related';
import { member } from '../../json';
import { DOCS } from '../../sources';
import { priorityNumber, priorityPlan } from './priorities';
import { S3_TEXT } from './s3Text';
import { configRule, eachRule, isV2, propKey, propValue } from './shape';

export const v2PriorityRequired = configRule({
  id: 'rc-v2-priority-required',
  severity: 'error',
  evidence: 'D',
  summary: 'A rule with `Filter` (V2 schema) must have a `Priority`.',
  docUrl: DOCS.API_PBR,
  check(ctx) {
    eachRule(ctx, (rule) => {
      if (!isV2(rule) || rule.r.Priority !== undefined) return;
      const next = priorityPlan(ctx.doc).fresh.get(rule.node) ?? 1;
      ctx.report({
        // Like the delete-marker rule: the Filter is what makes the rule V2 and so what demands Priority.
        node: propKey(rule.r.Filter),
        message:
          `This rule uses \`Filter\` (the V2 schema) but has no \`Priority\`. S3 rejects it with ${S3_TEXT.priorityRequired} (wording as reported by emulators). ` +
          'Add an integer `Priority`; among rules writing to the same bucket, the higher number wins where filters overlap.',
        fixes: () => [setValueFix(ctx.doc, [...rule.path, 'Priority'], next, `Add "Priority": ${next}`, true)],
      });
    });
  },
});

export const priorityType = configRule({
  id: 'rc-priority-type',
  severity: 'error',
  evidence: 'D',
  summary: '`Priority` is an integer (a number, not a string).',
  docUrl: DOCS.API_RULE,
  check(ctx) {
    eachRule(ctx, (rule) => {
      if (!rule.priorityOther) return;
      const p = propValue(rule.r.Priority) as Node;
      const path = [...rule.path, 'Priority'];
      const asNumber = priorityNumber(p);
      const value = asNumber ?? priorityPlan(ctx.doc).fresh.get(rule.node) ?? 1;
      const title = asNumber !== undefined ? `Write ${value} as a number` : `Set "Priority": ${value}`;
      ctx.report({
        node: p,
        message:
          `\`Priority\` must be an integer${p.type === 'string' ? ' number, not a string' : ''}; the AWS CLI and SDKs refuse anything else before sending, ` +
          `and S3 rejects it in XML. Write \`"Priority": ${value}\`.`,
        fixes: () => [setValueFix(ctx.doc, path, value, title, true)],
      });
    }, 'Priority');
  },
});

export const priorityNegative = configRule({
  id: 'rc-priority-negative',
  severity: 'warning',
  evidence: 'U',
  summary: '`Priority` should be 0 or more.',
  docUrl: DOCS.API_RULE,
  check(ctx) {
    eachRule(ctx, (rule) => {
      if (rule.priority === undefined ? !rule.priorityOther : rule.priority >= 0) return;
      const p = propValue(rule.r.Priority);
      const value = priorityNumber(p);
      if (value === undefined || value >= 0) return;
      ctx.report({ node: p, message: `\`Priority\` is ${value}. S3 accepts 0; negative priorities are refused by S3-compatible services and not a documented AWS setup. Use 0 or a positive integer.` });
    }, 'Priority');
  },
});

export const priorityUnique = configRule({
  id: 'rc-priority-unique',
  severity: 'warning',
  evidence: 'U',
  summary: 'Every rule should have a distinct `Priority`.',
  docUrl: DOCS.UG_CFG,
  check(ctx) {
    const plan = priorityPlan(ctx.doc);
    for (const group of plan.duplicates) {
      const nodes = group.map((r) => member(r.node, 'Priority') as Node);
      group.forEach((rule, i) => {
        const fresh = plan.fresh.get(rule.node);
        const fixes = i > 0 && fresh !== undefined
          ? () => [setValueFix(ctx.doc, [...rule.path, 'Priority'], fresh, `Change to ${fresh} (unused)`, true)]
          : undefined;
        ctx.report({
          node: nodes[i],
          message:
            `${group.length} rules have priority ${plan.value.get(rule.node)}. AWS tools require distinct priorities (S3-compatible services answer "Found duplicate priority"), ` +
            'and where their filters overlap S3 cannot tell which rule wins. Give every rule its own integer.',
          related: () => relatedList(nodes, (n) => ({ uri: ctx.doc.uri, offset: n.offset, length: n.length, message: 'same priority' }), { skip: i }),
          fixes,
        });
      });
    }
  },
});
