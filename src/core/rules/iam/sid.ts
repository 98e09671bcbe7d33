/** Statement IDs: unique within a policy, and alphanumeric in IAM (identity and trust) policies. */
import { setValueFix } from '../../fixes';
import { DOCS } from '../../sources';
import { grammarOf } from '../../kinds';
import { relatedList } from '../../related';
import { policyRule, related } from './common';

export const iamSidUnique = policyRule({
  id: 'iam-sid-unique',
  severity: 'error',
  evidence: 'D',
  summary: 'Two statements of one policy share a `Sid` (IAM and S3 reject it; other services may not).',
  docUrl: DOCS.IAM_ELEMENTS,
  check(ctx, view) {
    const bySid = new Map<string, typeof view.statements>();
    for (const s of view.statements) {
      if (!s.sid) continue;
      const list = bySid.get(s.sid.value);
      if (list) list.push(s);
      else bySid.set(s.sid.value, [s]);
    }
    const grammar = grammarOf(ctx.doc.kind);
    for (const [sid, list] of bySid) {
      if (list.length < 2) continue;
      list.forEach((s, i) => {
        ctx.report({
          node: s.sid?.node,
          severity: grammar.uniqueSid ? undefined : 'warning',
          message: grammar.uniqueSid
            ? `${list.length} statements share the Sid "${sid}". A Sid must be unique within the policy; ${grammar.validator} rejects duplicates. Rename all but one.`
            : `${list.length} statements share the Sid "${sid}". IAM and S3 require unique Sids and most services expect them; rename all but one so each statement can be told apart.`,
          related: relatedList(list, (o) => related(ctx.doc, o.sid?.node ?? o.node, 'same Sid'), { skip: i }),
        });
      });
    }
  },
});

const ALPHANUMERIC = /^[A-Za-z0-9]*$/;

export const iamSidFormat = policyRule({
  id: 'iam-sid-format',
  severity: 'error',
  evidence: 'D',
  kinds: ['permission-policy', 'permissions-boundary', 'trust-policy'],
  summary: 'In IAM policies a `Sid` may hold only ASCII letters and digits.',
  docUrl: DOCS.IAM_ELEMENTS,
  check(ctx, view) {
    const taken = new Set(view.statements.flatMap((s) => (s.sid ? [s.sid.value] : [])));
    for (const s of view.statements) {
      if (!s.sid || ALPHANUMERIC.test(s.sid.value)) continue;
      const cleaned = s.sid.value.replace(/[^A-Za-z0-9]/g, '');
      const usable = cleaned !== '' && !taken.has(cleaned);
      ctx.report({
        node: s.sid.node,
        message: `The Sid "${s.sid.value}" has characters other than ASCII letters and digits; IAM accepts only A-Z, a-z and 0-9 in the policies it stores (identity policies, boundaries, trust policies) and rejects the policy.${usable ? ` Use "${cleaned}".` : ''}`,
        fixes: usable ? [setValueFix(ctx.doc, [...s.path, 'Sid'], cleaned, `Use "${cleaned}"`, true)] : [],
      });
    }
  },
});
