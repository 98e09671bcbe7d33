/** The statement grammar: `Statement`, `Effect`, the action, resource and principal elements per policy kind. */
import { Node } from 'jsonc-parser';
import { removeFix, setValueFix } from '../../fixes';
import { anchorForMissing, elements, isObject } from '../../json';
import { RuleContext } from '../../rule';
import { DOCS } from '../../sources';
import { ValueList } from '../../iam/policy';
import { policyRule, RESOURCE_POLICY_KINDS, statementAnchor } from './common';

const KIND_NAME: Record<string, string> = {
  'permission-policy': 'an identity (permission) policy',
  'trust-policy': 'a role trust policy',
  'bucket-policy': 'a bucket policy',
  'key-policy': 'a KMS key policy',
};

export const iamStatement = policyRule({
  id: 'iam-statement',
  severity: 'error',
  evidence: 'D',
  summary: '`Statement` must be an object or an array of objects.',
  docUrl: DOCS.IAM_GRAMMAR,
  check(ctx, view) {
    const value = view.statementValue;
    if (!value) {
      ctx.report({
        ...anchorForMissing(view.node),
        message: 'The policy has no `Statement`: it grants nothing and IAM rejects it as malformed. Add `"Statement": [ ... ]` with at least one statement.',
      });
      return;
    }
    if (value.type !== 'object' && value.type !== 'array') {
      ctx.report({ node: value, message: '`Statement` must be an object or an array of objects; IAM rejects anything else as a malformed policy.' });
      return;
    }
    if (value.type === 'array' && (value.children?.length ?? 0) === 0) {
      ctx.report({ node: value, severity: 'warning', message: '`Statement` is empty: this policy allows and denies nothing. Add the statements it is meant to hold.' });
    }
    for (const e of value.type === 'array' ? elements(value) : []) {
      if (!isObject(e)) ctx.report({ node: e, message: 'Each entry of `Statement` must be an object with `Effect`, an action and (in most policies) a resource element.' });
    }
  },
});

export const iamEffect = policyRule({
  id: 'iam-effect',
  severity: 'error',
  evidence: 'D',
  summary: '`Effect` is required and must be exactly `Allow` or `Deny`.',
  docUrl: DOCS.IAM_ELEMENTS,
  check(ctx, view) {
    for (const s of view.statements) {
      if (s.effect) continue;
      const path = [...s.path, 'Effect'];
      const node = s.node.children?.find((p) => p.children?.[0]?.value === 'Effect')?.children?.[1];
      const options = ['Allow', 'Deny'].map((v) => setValueFix(ctx.doc, path, v, `Set "Effect": "${v}"`));
      if (!node) {
        ctx.report({ ...statementAnchor(s), message: 'This statement has no `Effect`; IAM rejects the policy. Add `"Effect": "Allow"` (or `"Deny"`).', fixes: options });
        continue;
      }
      const text = node.type === 'string' ? (node.value as string) : undefined;
      const fixed = text && ['allow', 'deny'].includes(text.trim().toLowerCase()) ? (text.trim().toLowerCase() === 'allow' ? 'Allow' : 'Deny') : undefined;
      ctx.report({
        node,
        message: `\`Effect\` is ${text === undefined ? 'not a string' : `"${text}"`}; IAM accepts exactly "Allow" or "Deny" (case-sensitive) and rejects anything else.${fixed ? ` Write "${fixed}".` : ''}`,
        fixes: fixed ? [setValueFix(ctx.doc, path, fixed, `Write "${fixed}"`, true)] : options,
      });
    }
  },
});

/** Reports non-string entries and empty lists of an element such as `Action`. */
function checkList(ctx: RuleContext, list: ValueList | undefined, what: string): void {
  if (!list) return;
  for (const bad of list.invalid) ctx.report({ node: bad, message: `Each \`${what}\` entry must be a string; IAM rejects the policy otherwise.` });
  if (list.value.type === 'array' && list.items.length === 0 && list.invalid.length === 0) {
    ctx.report({ node: list.value, message: `\`${what}\` is an empty list, so this statement matches nothing. Name at least one entry.` });
  }
}

function pairRule(ctx: RuleContext, one: ValueList | undefined, other: ValueList | undefined, names: [string, string]): void {
  if (one && other) {
    ctx.report({
      node: other.key,
      message: `This statement has both \`${names[0]}\` and \`${names[1]}\`; IAM accepts exactly one of them and rejects the policy. Keep the one you mean.`,
      fixes: [removeFix(ctx.doc, other.path, `Remove "${names[1]}"`)],
    });
  }
}

export const iamActionElement = policyRule({
  id: 'iam-action-element',
  severity: 'error',
  evidence: 'D',
  summary: 'Each statement needs exactly one of `Action` / `NotAction`, holding strings.',
  docUrl: DOCS.IAM_GRAMMAR,
  check(ctx, view) {
    for (const s of view.statements) {
      if (!s.action && !s.notAction) {
        ctx.report({ ...statementAnchor(s), message: 'This statement has neither `Action` nor `NotAction`, so it matches no request and IAM rejects the policy. Add the actions it is for.' });
      }
      pairRule(ctx, s.action, s.notAction, ['Action', 'NotAction']);
      checkList(ctx, s.action, 'Action');
      checkList(ctx, s.notAction, 'NotAction');
    }
  },
});

export const iamResourceElement = policyRule({
  id: 'iam-resource-element',
  severity: 'error',
  evidence: 'D',
  summary: 'Permission, bucket and key policy statements need exactly one of `Resource` / `NotResource`; trust policies have none.',
  docUrl: DOCS.IAM_GRAMMAR,
  check(ctx, view) {
    for (const s of view.statements) {
      if (ctx.doc.kind === 'trust-policy') {
        for (const list of [s.resource, s.notResource]) {
          if (!list) continue;
          ctx.report({
            node: list.key,
            message: `A role trust policy has no resource element (the role itself is the resource); IAM rejects \`${list.key.value as string}\` here with MalformedPolicyDocument. Remove it.`,
            fixes: [removeFix(ctx.doc, list.path, `Remove "${list.key.value as string}"`, true)],
          });
        }
        continue;
      }
      if (!s.resource && !s.notResource) {
        ctx.report({
          ...statementAnchor(s),
          message: `This statement has neither \`Resource\` nor \`NotResource\`; in ${KIND_NAME[ctx.doc.kind]} IAM requires one and rejects the policy. Add the ARNs it applies to.`,
        });
      }
      pairRule(ctx, s.resource, s.notResource, ['Resource', 'NotResource']);
      checkList(ctx, s.resource, 'Resource');
      checkList(ctx, s.notResource, 'NotResource');
    }
  },
});

export const iamPrincipalNotAllowed = policyRule({
  id: 'iam-principal-not-allowed',
  severity: 'error',
  evidence: 'D',
  kinds: ['permission-policy', 'trust-policy'],
  summary: 'Identity policies cannot name a `Principal`; trust policies cannot use `NotPrincipal`.',
  docUrl: DOCS.IAM_PRINCIPAL,
  check(ctx, view) {
    for (const s of view.statements) {
      const offending: [Node | undefined, string][] =
        ctx.doc.kind === 'permission-policy'
          ? [
              [s.principal?.key, 'Principal'],
              [s.notPrincipal?.key, 'NotPrincipal'],
            ]
          : [[s.notPrincipal?.key, 'NotPrincipal']];
      for (const [key, name] of offending) {
        if (!key) continue;
        const message =
          ctx.doc.kind === 'permission-policy'
            ? `An identity policy applies to the user or role it is attached to, so it cannot name a \`${name}\`; IAM rejects the policy. Remove \`${name}\`, or treat this file as a bucket or trust policy.`
            : 'Role trust policies do not support `NotPrincipal`; IAM rejects the policy. Name the trusted principals with `Principal`.';
        ctx.report({ node: key, message, fixes: ctx.doc.kind === 'permission-policy' ? [removeFix(ctx.doc, [...s.path, name], `Remove "${name}"`)] : [] });
      }
    }
  },
});

export const iamPrincipalRequired = policyRule({
  id: 'iam-principal-required',
  severity: 'error',
  evidence: 'D',
  kinds: ['trust-policy', ...RESOURCE_POLICY_KINDS.filter((k) => k !== 'permission-policy')],
  summary: 'Trust, bucket and key policy statements must name a `Principal` (or `NotPrincipal`).',
  docUrl: DOCS.IAM_PRINCIPAL,
  check(ctx, view) {
    for (const s of view.statements) {
      if (s.principal || s.notPrincipal) continue;
      ctx.report({
        ...statementAnchor(s),
        message: `This statement names no \`Principal\`; in ${KIND_NAME[ctx.doc.kind]} every statement must say whom it applies to, and the policy is rejected without it. Add \`"Principal": {...}\`.`,
      });
    }
  },
});
