/** Malformed ARNs in resource elements, and principal values IAM cannot resolve. */
import { DOCS } from '../../sources';
import { arnProblem } from '../../iam/arn';
import { policyRule, PRINCIPAL_POLICY_KINDS } from './common';

export const iamArnMalformed = policyRule({
  id: 'iam-arn-malformed',
  severity: 'error',
  evidence: 'D',
  summary: 'A `Resource` / `NotResource` entry that is not a well-formed ARN (or `*`).',
  docUrl: DOCS.ARN,
  check(ctx, view) {
    for (const s of view.statements) {
      for (const list of [s.resource, s.notResource]) {
        for (const item of list?.items ?? []) {
          const problem = arnProblem(item.value);
          if (!problem) continue;
          ctx.report({
            node: item.node,
            message: `\`${item.value}\` is not a valid resource ARN: ${problem}. IAM rejects the policy or the entry matches nothing.`,
          });
        }
      }
    }
  },
});

const ACCOUNT = /^\d{12}$/;
/** Service principals are DNS-like names, e.g. `s3.amazonaws.com`. */
const SERVICE = /^[a-z0-9][a-z0-9.-]*\.[a-z]{2,}$/;

export const iamPrincipalFormat = policyRule({
  id: 'iam-principal-format',
  severity: 'error',
  evidence: 'D',
  kinds: PRINCIPAL_POLICY_KINDS,
  summary: 'A `Principal` that is neither `*` nor an object of `AWS` / `Service` / `Federated` / `CanonicalUser` values IAM can resolve.',
  docUrl: DOCS.IAM_PRINCIPAL,
  check(ctx, view) {
    for (const s of view.statements) {
      for (const p of [s.principal, s.notPrincipal]) {
        if (!p) continue;
        if (p.value.type === 'string' && p.value.value !== '*') {
          ctx.report({
            node: p.value,
            message: `A principal is \`"*"\` or an object such as \`{"Service": "s3.amazonaws.com"}\` or \`{"AWS": "arn:aws:iam::123456789012:role/name"}\`, not the bare string "${p.value.value as string}"; the policy is rejected.`,
          });
          continue;
        }
        for (const a of p.aws) {
          if (a.value === '*' || ACCOUNT.test(a.value)) continue;
          const problem = a.value.startsWith('arn:') ? arnProblem(a.value) : 'it is neither an ARN nor a 12-digit account ID';
          if (!problem && /^arn:[^:]+:(iam|sts)::/.test(a.value)) continue;
          ctx.report({
            node: a.node,
            message: `\`${a.value}\` is not a valid AWS principal: ${problem ?? 'AWS principals are IAM or STS ARNs'}. Use a role or user ARN, an account ID, or \`*\`.`,
          });
        }
        for (const svc of p.service) {
          if (SERVICE.test(svc.value)) continue;
          ctx.report({ node: svc.node, message: `\`${svc.value}\` is not a service principal; service principals look like \`s3.amazonaws.com\`.` });
        }
      }
    }
  },
});
