/** The statement grammar: `Statement`, `Effect`, the action, resource and principal elements per policy kind. */
import { Node } from 'jsonc-parser';
import { removeFix, setValueFix } from '../../fixes';
import { anchorForMissing, elements, isObject } from '../../json';
import { RuleContext } from '../../rule';
import { DOCS } from '../../sources';
import { ValueList } from '../../iam/policy';
import { grammarOf } from '../../kinds';
import { policyRule, PRINCIPAL_POLICY_KINDS, statementAnchor, validatorOf } from './common';

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

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
        message: `The policy has no \`Statement\`: it grants nothing and ${validatorOf(ctx)} rejects it as malformed. Add \`"Statement": [ ... ]\` with at least one statement.`,
      });
      return;
    }
    if (value.type !== 'object' && value.type !== 'array') {
      ctx.report({ node: value, message: `\`Statement\` must be an object or an array of objects; ${validatorOf(ctx)} rejects anything else as a malformed policy.` });
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
        ctx.report({ ...statementAnchor(s), message: `This statement has no \`Effect\`; ${validatorOf(ctx)} rejects the policy. Add \`"Effect": "Allow"\` (or \`"Deny"\`).`, fixes: options });
        continue;
      }
      const text = node.type === 'string' ? (node.value as string) : undefined;
      const fixed = text && ['allow', 'deny'].includes(text.trim().toLowerCase()) ? (text.trim().toLowerCase() === 'allow' ? 'Allow' : 'Deny') : undefined;
      ctx.report({
        node,
        message: `\`Effect\` is ${text === undefined ? 'not a string' : `"${text}"`}; ${validatorOf(ctx)} accepts exactly "Allow" or "Deny" (case-sensitive) and rejects anything else.${fixed ? ` Write "${fixed}".` : ''}`,
        fixes: fixed ? [setValueFix(ctx.doc, path, fixed, `Write "${fixed}"`, true)] : options,
      });
    }
  },
});

/** Reports non-string entries and empty lists of an element such as `Action`. */
function checkList(ctx: RuleContext, list: ValueList | undefined, what: string): void {
  if (!list) return;
  for (const bad of list.invalid) ctx.report({ node: bad, message: `Each \`${what}\` entry must be a string; ${validatorOf(ctx)} rejects the policy otherwise.` });
  if (list.value.type === 'array' && list.items.length === 0 && list.invalid.length === 0) {
    ctx.report({ node: list.value, severity: 'warning', message: `\`${what}\` is an empty list, so this statement matches nothing. Name at least one entry.` });
  }
}

function pairRule(ctx: RuleContext, one: ValueList | undefined, other: ValueList | undefined, names: [string, string]): void {
  if (one && other) {
    ctx.report({
      node: other.key,
      message: `This statement has both \`${names[0]}\` and \`${names[1]}\`; ${validatorOf(ctx)} accepts exactly one of them and rejects the policy. Keep the one you mean.`,
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
        ctx.report({
          ...statementAnchor(s),
          message: `This statement has neither \`Action\` nor \`NotAction\`, so it matches no request and ${validatorOf(ctx)} rejects the policy. Add the actions it is for.`,
        });
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
  summary: 'Statements need exactly one of `Resource` / `NotResource` where the policy kind requires it (identity, bucket and key policies); trust policies have none.',
  docUrl: DOCS.IAM_GRAMMAR,
  check(ctx, view) {
    const grammar = grammarOf(ctx.doc.kind);
    for (const s of view.statements) {
      if (grammar.resource === 'forbidden') {
        for (const list of [s.resource, s.notResource]) {
          if (!list) continue;
          ctx.report({
            node: list.key,
            message: `${capital(grammar.label)} has no resource element (the role itself is the resource); ${grammar.validator} rejects \`${list.key.value as string}\` here with MalformedPolicyDocument. Remove it.`,
            fixes: [removeFix(ctx.doc, list.path, `Remove "${list.key.value as string}"`, true)],
          });
        }
        continue;
      }
      if (!s.resource && !s.notResource && grammar.resource === 'required') {
        ctx.report({
          ...statementAnchor(s),
          message: `This statement has neither \`Resource\` nor \`NotResource\`; in ${grammar.label} ${grammar.validator} requires one and rejects the policy. Add the ARNs it applies to.`,
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
  summary: 'Identity policies, permissions boundaries and SCPs cannot name a `Principal`; trust policies and RCPs cannot use `NotPrincipal`.',
  docUrl: DOCS.IAM_PRINCIPAL,
  check(ctx, view) {
    const grammar = grammarOf(ctx.doc.kind);
    const identity = grammar.principal === 'forbidden';
    for (const s of view.statements) {
      const offending: [Node | undefined, string][] = [
        [identity ? s.principal?.key : undefined, 'Principal'],
        [identity || !grammar.notPrincipal ? s.notPrincipal?.key : undefined, 'NotPrincipal'],
      ];
      for (const [key, name] of offending) {
        if (!key) continue;
        const message = identity
          ? `${capital(grammar.label)} applies to the users and roles it is attached to, so it cannot name a \`${name}\`; ${grammar.validator} rejects the policy. Remove \`${name}\`, or treat this file as a resource-based policy (a bucket, key or trust policy).`
          : `${capital(grammar.label)} does not support \`NotPrincipal\`; ${grammar.validator} rejects the policy. Name the principals with \`Principal\` (or a condition on \`aws:PrincipalArn\`).`;
        ctx.report({ node: key, message, fixes: identity ? [removeFix(ctx.doc, [...s.path, name], `Remove "${name}"`)] : [] });
      }
    }
  },
});

export const iamPrincipalRequired = policyRule({
  id: 'iam-principal-required',
  severity: 'error',
  evidence: 'D',
  kinds: PRINCIPAL_POLICY_KINDS,
  summary: 'Statements of resource-based policies (trust, bucket, key, RCP, VPC endpoint, ...) must name a `Principal` (or `NotPrincipal`).',
  docUrl: DOCS.IAM_PRINCIPAL,
  check(ctx, view) {
    const grammar = grammarOf(ctx.doc.kind);
    if (grammar.principal !== 'required') return;
    for (const s of view.statements) {
      if (s.principal || s.notPrincipal) continue;
      ctx.report({
        ...statementAnchor(s),
        message: `This statement names no \`Principal\`; in ${grammar.label} every statement must say whom it applies to, and ${grammar.validator} rejects the policy without it. Add \`"Principal": {...}\`.`,
      });
    }
  },
});
