/**
 * Action names against AWS's service reference: an unknown service prefix, an action the service
 * does not have (with "did you mean"), a wildcard matching nothing. Such an entry grants nothing:
 * IAM accepts unknown actions silently, which is exactly why it goes unnoticed. A warning (the
 * service reference lags behind new and retired actions, and AWS's own managed policies carry
 * such entries), except in a replication role where the entry was meant to be an action
 * replication needs and does not otherwise get: then replication fails because of it.
 */
import { JsonDocument } from '../../document';
import { replaceSpanFix } from '../../fixes';
import { DOCS } from '../../sources';
import { resolveAction } from '../../iam/actions';
import { blockedReplicationActions } from '../../iam/roleCheck';
import { editDistance } from '../../iam/suggest';
import { PolicyView, StatementView, ValueItem } from '../../iam/policy';
import { RuleContext } from '../../rule';
import { policyRule, validatorOf } from './common';

function eachActionItem(view: PolicyView, visit: (item: ValueItem, element: string, statement: StatementView) => void): void {
  for (const s of view.statements) {
    for (const item of s.action?.items ?? []) visit(item, 'Action', s);
    for (const item of s.notAction?.items ?? []) visit(item, 'NotAction', s);
  }
}

function suggestionFix(doc: JsonDocument, item: ValueItem, suggestion: string, replaceFrom: string) {
  const value = item.value.replace(replaceFrom, suggestion);
  // A one- or two-letter slip is a typo beyond doubt; farther guesses are offered, not applied by --fix.
  const preferred = editDistance(item.value.toLowerCase(), value.toLowerCase()) <= 2;
  return replaceSpanFix(doc, item.node.offset, item.node.length, JSON.stringify(value), `Change to "${value}"`, preferred);
}

/**
 * How bad an unknown action is here: S3 refuses a bucket policy naming one ("Policy has invalid
 * action"); in a replication role, an entry meant as an action replication needs and lacks breaks
 * replication; anywhere else it only grants nothing.
 */
function verdict(ctx: RuleContext, element: string, s: StatementView, meant: string | undefined): { severity?: 'error'; text: string } {
  if (ctx.doc.kind === 'bucket-policy') return { severity: 'error', text: ' S3 rejects the policy with MalformedPolicy "Policy has invalid action".' };
  if (element === 'Action' && s.effect === 'Allow' && meant && blockedReplicationActions(ctx.doc, ctx.workspace).has(meant.toLowerCase())) {
    return { severity: 'error', text: ` Replication needs \`${meant}\` from this role and gets it nowhere else, so it fails.` };
  }
  return { text: '' };
}

/** What happens to the entry: it is stored, and matches nothing. */
function nothing(ctx: RuleContext, element: string, s: StatementView): string {
  const effect = element === 'NotAction' ? 'exempts nothing' : s.effect === 'Deny' ? 'denies nothing' : 'grants nothing';
  return IAM_KINDS.includes(ctx.doc.kind) ? `${effect} (IAM accepts it silently)` : effect;
}

const IAM_KINDS: readonly string[] = ['permission-policy', 'permissions-boundary', 'trust-policy'];

export const iamUnknownService = policyRule({
  id: 'iam-unknown-service',
  severity: 'warning',
  evidence: 'D',
  summary: 'An action names a service prefix AWS does not have (e.g. `s3replication:`): it grants nothing. An error in S3 bucket policies (S3 refuses them) and where a replication role needs the action meant.',
  docUrl: DOCS.SAR_S3,
  check(ctx, view) {
    eachActionItem(view, (item, element, statement) => {
      const r = resolveAction(item.value);
      if (r.kind !== 'unknown-service') return;
      const meant = r.suggestion ? item.value.replace(`${r.service}:`, `${r.suggestion}:`) : undefined;
      const v = verdict(ctx, element, statement, meant);
      ctx.report({
        node: item.node,
        severity: v.severity,
        message: `No AWS service has the prefix \`${r.service}\`, so this \`${element}\` entry ${nothing(ctx, element, statement)}.${r.suggestion ? ` Did you mean \`${r.suggestion}\`?` : ''}${v.text}`,
        fixes: r.suggestion ? [suggestionFix(ctx.doc, item, `${r.suggestion}:`, `${r.service}:`)] : [],
      });
    });
  },
});

export const iamUnknownAction = policyRule({
  id: 'iam-unknown-action',
  severity: 'warning',
  evidence: 'D',
  summary: 'An action its service does not have (a typo such as `s3:GetObjectVersionTaging`), or a wildcard that matches none: it grants nothing. An error without a service prefix, in S3 bucket policies, and where a replication role needs the action meant.',
  docUrl: DOCS.SAR_S3,
  check(ctx, view) {
    eachActionItem(view, (item, element, statement) => {
      const r = resolveAction(item.value);
      if (r.kind === 'no-prefix') {
        ctx.report({
          node: item.node,
          severity: 'error',
          message: `\`${item.value}\` has no service prefix. Actions are written \`service:Action\` (for example \`s3:${item.value || 'GetObject'}\`); ${validatorOf(ctx)} rejects the policy otherwise.`,
        });
        return;
      }
      if (r.kind !== 'unknown-action') return;
      const v = verdict(ctx, element, statement, r.suggestion);
      ctx.report({
        node: item.node,
        severity: v.severity,
        message: r.suggestion
          ? `${r.service} has no action \`${item.value.slice(item.value.indexOf(':') + 1)}\`, so this \`${element}\` entry ${nothing(ctx, element, statement)}. Did you mean \`${r.suggestion}\`?${v.text}`
          : `\`${item.value}\` matches no ${r.service} action, so this \`${element}\` entry ${nothing(ctx, element, statement)}. Check the spelling against the service's action list.${v.text}`,
        fixes: r.suggestion ? [suggestionFix(ctx.doc, item, r.suggestion, item.value)] : [],
      });
    });
  },
});
