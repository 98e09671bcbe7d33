/**
 * "Repair the role": make a role trust a service and allow a set of grants, by the fewest and
 * smallest writes. The role is created (with the service's trust policy) when it does not exist;
 * otherwise the trust policy is merged into, and missing grants are merged into one inline policy,
 * keeping every statement and condition. Grants any of the role's policies (attached ones too)
 * already give are not added again. Used for the replication role and the Batch Replication job role.
 */
import { FormattingOptions } from 'jsonc-parser';
import { parseDocument } from '../document';
import { evaluate } from '../iam/evaluate';
import { Grant, mergeGrants } from '../iam/merge';
import { PolicyView, policyView } from '../iam/policy';
import { policyLosses } from './policyLoss';
import { newTrustPolicy, trustService } from './trustMerge';
import { prettyJson, refusedPlan, WritePlan, WriteStep } from './writePlan';

export interface LivePolicy {
  name: string;
  text: string;
}

export interface LiveRole {
  name: string;
  /** Known when the role exists; also used for conditions on the caller's own ARN. */
  arn?: string;
  exists: boolean;
  /** IAM path for a role to be created (`/` by default). */
  path?: string;
  trust?: string;
  inline: LivePolicy[];
  /** Attached managed policies: read for what they already grant, never written. */
  attached: LivePolicy[];
}

export interface RoleRepairRequest {
  title: string;
  role: LiveRole;
  /** The service principal that must be able to assume the role. */
  service: string;
  grants: readonly Grant[];
  /** Name of the inline policy to create when none of the role's inline policies serves the purpose. */
  policyName: string;
  /** Description for a role that is created. */
  description: string;
  /** Needs that cannot be written as grants (e.g. a KMS key the configuration does not name). */
  notes?: readonly string[];
  formatting?: FormattingOptions;
}

const EMPTY_POLICY = prettyJson({ Version: '2012-10-17', Statement: [] });

function view(p: LivePolicy, kind: 'permission-policy' | 'trust-policy' = 'permission-policy'): PolicyView | undefined {
  const doc = parseDocument({ uri: `${p.name}.json`, text: p.text, kind });
  return doc.syntaxErrors.length === 0 ? policyView(doc) : undefined;
}

function context(roleArn: string | undefined): Map<string, string> | undefined {
  const account = roleArn ? /^arn:[^:]+:iam::(\d{12}):/.exec(roleArn)?.[1] : undefined;
  return roleArn && account ? new Map([['aws:principalarn', roleArn], ['aws:principalaccount', account]]) : undefined;
}

/**
 * The inline policy that already grants the most of what is needed, else the one with the name we
 * would create (written by an earlier repair); undefined when there is neither.
 */
function bestInline(role: LiveRole, grants: readonly Grant[], name: string): LivePolicy | undefined {
  let best: { policy: LivePolicy; score: number } | undefined;
  for (const p of role.inline) {
    const v = view(p);
    if (!v) continue;
    const score = grants.filter((g) => evaluate([v], { action: g.action, resource: g.resource }).allows.length > 0).length;
    if (score > 0 && (!best || score > best.score)) best = { policy: p, score };
  }
  return best?.policy ?? role.inline.find((p) => p.name === name);
}

export function planRoleRepair(req: RoleRepairRequest): WritePlan {
  const { role } = req;
  const steps: WriteStep[] = [];
  const warnings: string[] = [...(req.notes ?? [])];

  if (!role.exists) {
    const trust = newTrustPolicy(req.service);
    steps.push({ api: 'CreateRole', title: `Create role ${role.name} trusted by ${req.service}`, roleName: role.name, path: role.path ?? '/', description: req.description, trustPolicy: trust, before: '', after: trust, previewName: 'trust-policy.json' });
  } else {
    const trust = trustService(role.trust ?? '', req.service, req.formatting);
    if (trust.problem) return refusedPlan(req.title, `The trust policy of role ${role.name} cannot be repaired: ${trust.problem}.`);
    if (trust.note) warnings.push(trust.note);
    if (trust.changed) {
      steps.push({ api: 'UpdateAssumeRolePolicy', title: `Let ${req.service} assume role ${role.name}`, roleName: role.name, trustPolicy: trust.text, before: role.trust ?? '', after: trust.text, previewName: 'trust-policy.json' });
    }
  }

  const views = role.exists ? [...role.inline, ...role.attached].flatMap((p) => view(p) ?? []) : [];
  const ctx = context(role.arn);
  const missing: Grant[] = [];
  for (const g of req.grants) {
    const decision = evaluate(views, { action: g.action, resource: g.resource, context: ctx }).decision;
    if (decision === 'denied') warnings.push(`An explicit Deny in the role's policies blocks ${g.action} on ${g.resource}; an Allow cannot override it, so remove or narrow that Deny.`);
    // Allowed under conditions is the author's choice; an unconditional grant beside it would undo it.
    else if (decision !== 'allowed' && decision !== 'conditional') missing.push(g);
  }

  if (missing.length > 0) {
    const target = bestInline(role, req.grants, req.policyName);
    const policyName = target?.name ?? req.policyName;
    const before = target?.text ?? '';
    const merged = mergeGrants(before || EMPTY_POLICY, missing, req.formatting);
    if (merged.problem) return refusedPlan(req.title, `The inline policy ${policyName} of role ${role.name} cannot be merged into: ${merged.problem}.`);
    const actions = [...new Set(merged.added.map((a) => a.action))];
    steps.push({
      api: 'PutRolePolicy',
      title: `${target ? 'Add to' : 'Create'} inline policy ${policyName} of role ${role.name}: ${actions.join(', ')}`,
      roleName: role.name,
      policyName,
      policy: merged.text,
      before,
      after: merged.text,
      previewName: `${policyName}.json`,
    });
  }

  const losses = steps.flatMap((s) => policyLosses(s.before, s.after).map((l) => `${s.title}: ${l}`));
  // The merges keep everything by construction; this is the net under them, never a user choice.
  if (losses.length > 0) return refusedPlan(req.title, `Refusing to write: the new documents would drop ${losses.join('; ')}. Please report this.`);
  return { title: req.title, steps, warnings, losses: [] };
}
