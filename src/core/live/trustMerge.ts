/**
 * Lets a service principal (`s3.amazonaws.com`, `batchoperations.s3.amazonaws.com`) assume a role by
 * merging into its trust policy, never replacing it: every other principal, statement and condition
 * stays. The principal joins a plain Allow of `sts:AssumeRole` when there is one (it then gains
 * nothing else), otherwise a new statement is added.
 */
import { FormattingOptions } from 'jsonc-parser';
import { parseDocument } from '../document';
import { raw } from '../edit/serialize';
import { Step, applySteps } from '../edit/steps';
import { evaluate } from '../iam/evaluate';
import { policyView, StatementView } from '../iam/policy';
import { trustPolicy, trustStatement } from '../iam/trustPolicy';
import { prettyJson } from './writePlan';

export interface TrustMerge {
  text: string;
  changed: boolean;
  /** Said to the user when the policy is left alone on purpose (conditions), or a conditional Deny stays in it. */
  note?: string;
  /** Set when merging cannot help (an explicit Deny) or the text is not a policy. */
  problem?: string;
}

const ASSUME = 'sts:assumerole';

/** A fresh trust policy for a role that does not exist yet. */
export function newTrustPolicy(service: string): string {
  return prettyJson(trustPolicy(service));
}

function plainAssume(s: StatementView): boolean {
  const actions = s.action?.items ?? [];
  return (
    s.effect === 'Allow' &&
    !s.condition &&
    !s.notPrincipal &&
    !s.notAction &&
    !!s.principal &&
    s.principal.value.type === 'object' &&
    actions.length > 0 &&
    s.action?.invalid.length === 0 &&
    actions.every((a) => a.value.toLowerCase() === ASSUME)
  );
}

export function trustService(text: string, service: string, formatting?: FormattingOptions): TrustMerge {
  if (!text.trim()) return { text: newTrustPolicy(service), changed: true };
  const doc = parseDocument({ uri: 'trust-policy.json', text, kind: 'trust-policy', formatting });
  const view = doc.syntaxErrors.length === 0 ? policyView(doc) : undefined;
  if (!view) return { text, changed: false, problem: 'the trust policy is not a valid JSON policy; fix it first' };
  const decision = evaluate([view], { action: 'sts:AssumeRole', resource: '*', principal: { service } }).decision;
  if (decision === 'allowed') return { text, changed: false };
  if (decision === 'conditional') return { text, changed: false, note: `The trust policy lets ${service} assume the role only under conditions; they are kept as written.` };
  if (decision === 'denied') return { text, changed: false, problem: `an explicit Deny in the trust policy stops ${service} from assuming the role; an Allow cannot override it, so remove or narrow that Deny` };
  const denyNote = decision === 'conditional-deny' ? `A Deny in the trust policy may still stop ${service} from assuming the role when its conditions hold; it is kept as written.` : undefined;

  const steps: Step[] = [];
  const target = view.statements.find(plainAssume);
  if (target?.principal) {
    const path = [...target.path, 'Principal', 'Service'];
    // The last `Service` member, as IAM reads a repeated key.
    const value = [...(target.principal.value.children ?? [])].reverse().find((p) => p.children?.[0]?.value === 'Service')?.children?.[1];
    if (value?.type === 'array') steps.push({ path, value: service, append: true });
    else steps.push({ path, value: value ? [raw(text, value), service] : service });
  } else {
    const statements = view.statementValue;
    const base = [...view.path, 'Statement'];
    const fresh = trustStatement(service);
    if (statements?.type === 'array') steps.push({ path: base, value: fresh, append: true });
    else if (statements) steps.push({ path: base, value: [raw(text, statements)] }, { path: base, value: fresh, append: true });
    else steps.push({ path: base, value: [fresh] });
  }
  const out = applySteps(doc, steps)?.text;
  if (out === undefined || out === text) return { text, changed: false, problem: 'the trust policy could not be edited in place' };
  return { text: out, changed: true, note: denyNote };
}
