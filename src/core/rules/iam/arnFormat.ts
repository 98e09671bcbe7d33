/** Malformed ARNs in resource elements, and principal values IAM cannot resolve. */
import { DOCS } from '../../sources';
import { arnIssue, arnProblem } from '../../iam/arn';
import { actionApplies } from '../../iam/evaluate';
import { PolicyView, StatementView } from '../../iam/policy';
import { requiredReplicationActions } from '../../iam/roleCheck';
import { listText, policyRule, PRINCIPAL_POLICY_KINDS, validatorOf } from './common';

/**
 * Replication actions a statement alone grants in a replication role (no other Allow statement
 * names them): if its resource matches nothing, replication fails.
 */
function onlyGrantedHere(view: PolicyView, s: StatementView, required: ReadonlySet<string>): string[] {
  if (s.effect !== 'Allow' || required.size === 0) return [];
  const others = view.statements.filter((o) => o !== s && o.effect === 'Allow');
  return [...required].filter((a) => actionApplies(s, a) && !others.some((o) => actionApplies(o, a)));
}

export const iamArnMalformed = policyRule({
  id: 'iam-arn-malformed',
  severity: 'error',
  evidence: 'D',
  summary: 'A `Resource` / `NotResource` entry that is not an ARN (or `*`): an error where the service refuses it or a replication role needs it, a warning where it only matches nothing.',
  docUrl: DOCS.ARN,
  check(ctx, view) {
    // Asked only for an ARN in trouble: the answer reads the whole workspace, and most policies have none.
    let required: ReadonlySet<string> | undefined;
    for (const s of view.statements) {
      for (const list of [s.resource, s.notResource]) {
        for (const item of list?.items ?? []) {
          const issue = arnIssue(item.value);
          if (!issue) continue;
          const needed = issue.rejected || list !== s.resource ? [] : onlyGrantedHere(view, s, (required ??= requiredReplicationActions(ctx.doc, ctx.workspace)));
          const consequence = issue.rejected
            ? `${validatorOf(ctx)} rejects the policy.`
            : `It matches no resource, so this entry ${s.effect === 'Deny' ? 'denies' : 'grants'} nothing` +
              (needed.length > 0 ? `, and replication needs ${listText(needed.map((a) => `\`${a}\``))} from this statement: it fails.` : '.');
          ctx.report({
            node: item.node,
            severity: issue.rejected || needed.length > 0 ? undefined : 'warning',
            message: `\`${item.value}\` is not a valid resource ARN: ${issue.text}. ${consequence}`,
          });
        }
      }
    }
  },
});

const ACCOUNT = /^\d{12}$/;
/** A CloudFront origin access identity, as AWS documents it in bucket policies (the pseudo-account `cloudfront`). */
const CLOUDFRONT_OAI = /^arn:aws[a-z-]*:iam::cloudfront:user\/CloudFront Origin Access Identity [A-Z0-9]+$/;
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
            message: `A principal is \`"*"\` or an object such as \`{"Service": "s3.amazonaws.com"}\` or \`{"AWS": "arn:aws:iam::123456789012:role/name"}\`, not the bare string "${p.value.value as string}"; ${validatorOf(ctx)} rejects the policy.`,
          });
          continue;
        }
        for (const a of p.aws) {
          if (a.value === '*' || ACCOUNT.test(a.value) || CLOUDFRONT_OAI.test(a.value)) continue;
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
