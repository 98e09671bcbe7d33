/**
 * Action names against AWS's service reference: an unknown service prefix, an action the service
 * does not have (with "did you mean"), a wildcard matching nothing. Such an entry grants nothing:
 * IAM accepts unknown actions silently, which is exactly why it goes unnoticed.
 */
import { replaceSpanFix } from '../../fixes';
import { DOCS } from '../../sources';
import { resolveAction } from '../../iam/actions';
import { editDistance } from '../../iam/suggest';
import { PolicyView, ValueItem } from '../../iam/policy';
import { policyRule, validatorOf } from './common';

function eachActionItem(view: PolicyView, visit: (item: ValueItem, element: string) => void): void {
  for (const s of view.statements) {
    for (const item of s.action?.items ?? []) visit(item, 'Action');
    for (const item of s.notAction?.items ?? []) visit(item, 'NotAction');
  }
}

function suggestionFix(item: ValueItem, suggestion: string, replaceFrom: string) {
  const value = item.value.replace(replaceFrom, suggestion);
  // A one- or two-letter slip is a typo beyond doubt; farther guesses are offered, not applied by --fix.
  const preferred = editDistance(item.value.toLowerCase(), value.toLowerCase()) <= 2;
  return replaceSpanFix(item.node.offset, item.node.length, JSON.stringify(value), `Change to "${value}"`, preferred);
}

export const iamUnknownService = policyRule({
  id: 'iam-unknown-service',
  severity: 'error',
  evidence: 'D',
  summary: 'An action names a service prefix AWS does not have (e.g. `s3replication:`).',
  docUrl: DOCS.SAR_S3,
  check(ctx, view) {
    eachActionItem(view, (item, element) => {
      const r = resolveAction(item.value);
      if (r.kind !== 'unknown-service') return;
      ctx.report({
        node: item.node,
        message: `No AWS service has the prefix \`${r.service}\`, so this \`${element}\` entry matches nothing (IAM accepts it silently and grants nothing).${r.suggestion ? ` Did you mean \`${r.suggestion}\`?` : ''}`,
        fixes: r.suggestion ? [suggestionFix(item, `${r.suggestion}:`, `${r.service}:`)] : [],
      });
    });
  },
});

export const iamUnknownAction = policyRule({
  id: 'iam-unknown-action',
  severity: 'error',
  evidence: 'D',
  summary: 'An action its service does not have (a typo such as `s3:GetObjectVersionTaging`), or a wildcard that matches none.',
  docUrl: DOCS.SAR_S3,
  check(ctx, view) {
    eachActionItem(view, (item, element) => {
      const r = resolveAction(item.value);
      if (r.kind === 'no-prefix') {
        ctx.report({
          node: item.node,
          message: `\`${item.value}\` has no service prefix. Actions are written \`service:Action\` (for example \`s3:${item.value || 'GetObject'}\`); ${validatorOf(ctx)} rejects the policy otherwise.`,
        });
        return;
      }
      if (r.kind !== 'unknown-action') return;
      if (!r.suggestion) {
        ctx.report({
          node: item.node,
          message: `\`${item.value}\` matches no ${r.service} action, so this \`${element}\` entry grants nothing (IAM accepts it silently). Check the spelling against the service's action list.`,
        });
        return;
      }
      ctx.report({
        node: item.node,
        message: `${r.service} has no action \`${item.value.slice(item.value.indexOf(':') + 1)}\`, so this \`${element}\` entry grants nothing (IAM accepts it silently). Did you mean \`${r.suggestion}\`?`,
        fixes: [suggestionFix(item, r.suggestion, item.value)],
      });
    });
  },
});
