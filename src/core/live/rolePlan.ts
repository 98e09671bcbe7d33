/**
 * "Repair the role": make a role trust a service and allow a set of grants, by the fewest and
 * smallest writes. The role is created (with the service's trust policy) when it does not exist;
 * otherwise the trust policy is merged into, and missing grants are merged into one inline policy,
 * keeping every statement and condition. Grants any of the role's policies (attached ones too)
 * already give are not added again. Used for the replication role and the Batch Replication job role.
 *
 * IAM caps a role's inline policies at 10,240 characters together (white space not counted). When
 * the merge would pass that, nothing inline is written: the plan says so and, given a name for it,
 * puts the missing grants into a new customer managed policy attached to the role instead (never a
 * truncated policy, never one IAM would refuse halfway through the plan).
 */
import { FormattingOptions } from 'jsonc-parser';
import { parseDocument } from '../document';
import { evaluate } from '../iam/evaluate';
import { Grant, mergeGrants } from '../iam/merge';
import { PolicyView, policyView } from '../iam/policy';
import { ATTACHED_POLICIES_PER_ROLE, DEFAULT_TRUST_POLICY_QUOTA, iamPolicySize, MANAGED_POLICY_QUOTA, ROLE_INLINE_POLICIES_QUOTA } from '../iam/policySize';
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
  /** ARNs of the attached managed policies, when known (the attachment preview lists them). */
  attachedArns?: string[];
}

/** Where grants that no longer fit inline go: a customer managed policy the Fixer found free. */
export interface ManagedPolicyChoice {
  name: string;
  path: string;
  arn: string;
  /**
   * The document of a policy of that name that exists already and is not attached to the role: one an
   * interrupted repair created. When it is exactly the document planned, it is attached, not created.
   */
  existing?: string;
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
  /** For grants that would take the role's inline policies over IAM's quota; without it such a plan is refused. */
  managedPolicy?: ManagedPolicyChoice;
}

export interface RoleRepairPlan extends WritePlan {
  /**
   * Set when the grants do not fit in the role's inline policies: their size with the merge, in the
   * characters IAM counts, and the managed policy document that would hold the grants instead.
   */
  overInlineQuota?: { total: number; document: string };
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

export function planRoleRepair(req: RoleRepairRequest): RoleRepairPlan {
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
    if (decision === 'conditional-deny') warnings.push(`A Deny in the role's policies may block ${g.action} on ${g.resource} when its conditions hold; the Allow added here cannot override it, so check that Deny.`);
  }

  if (missing.length > 0) {
    const target = bestInline(role, req.grants, req.policyName);
    const policyName = target?.name ?? req.policyName;
    const before = target?.text ?? '';
    const merged = mergeGrants(before || EMPTY_POLICY, missing, req.formatting);
    if (merged.problem) return refusedPlan(req.title, `The inline policy ${policyName} of role ${role.name} cannot be merged into: ${merged.problem}.`);
    const actions = [...new Set(merged.added.map((a) => a.action))];
    const total = inlineTotal(role.inline, policyName, merged.text);
    if (total <= ROLE_INLINE_POLICIES_QUOTA) {
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
    } else {
      const overflow = managedSteps(req, missing, total);
      if ('refused' in overflow) return overflow;
      steps.push(...overflow.steps);
      warnings.push(...overflow.warnings);
    }
  }

  if (steps.some((s) => s.api === 'UpdateAssumeRolePolicy' || s.api === 'CreateRole')) {
    const trust = steps.find((s) => s.api === 'UpdateAssumeRolePolicy' || s.api === 'CreateRole')?.after ?? '';
    const size = iamPolicySize(trust);
    if (size > DEFAULT_TRUST_POLICY_QUOTA) {
      warnings.push(`The trust policy of role ${role.name} would be ${size.toLocaleString('en-US')} characters (white space not counted). IAM refuses trust policies over ${DEFAULT_TRUST_POLICY_QUOTA.toLocaleString('en-US')} characters unless your account's quota was raised; if it refuses, nothing after it is written.`);
    }
  }

  const losses = steps.flatMap((s) => policyLosses(s.before, s.after).map((l) => `${s.title}: ${l}`));
  // The merges keep everything by construction; this is the net under them, never a user choice.
  if (losses.length > 0) return refusedPlan(req.title, `Refusing to write: the new documents would drop ${losses.join('; ')}. Please report this.`);
  return { title: req.title, steps, warnings, losses: [] };
}

const chars = (n: number) => n.toLocaleString('en-US');

/** What IAM counts against a role's inline quota once `name` holds `text`. */
export function inlineTotal(inline: readonly LivePolicy[], name: string, text: string): number {
  return inline.reduce((sum, p) => sum + (p.name === name ? 0 : iamPolicySize(p.text)), iamPolicySize(text));
}

/** Why IAM would refuse `name` = `text` on the role (its inline policies together over the quota); undefined when it fits. */
export function inlineQuotaProblem(roleName: string, inline: readonly LivePolicy[], name: string, text: string): string | undefined {
  const total = inlineTotal(inline, name, text);
  if (total <= ROLE_INLINE_POLICIES_QUOTA) return undefined;
  return `The inline policies of role ${roleName} would total ${chars(total)} characters (white space not counted), over IAM's limit of ${chars(ROLE_INLINE_POLICIES_QUOTA)} for a role's inline policies together: IAM would refuse the write with LimitExceeded`;
}

/** The missing grants in a customer managed policy attached to the role, or why that cannot be planned. */
function managedSteps(req: RoleRepairRequest, missing: readonly Grant[], total: number): { steps: WriteStep[]; warnings: string[] } | RoleRepairPlan {
  const { role } = req;
  const document = mergeGrants(EMPTY_POLICY, missing, req.formatting).text;
  const over = `The role's inline policies would total ${chars(total)} characters with these permissions (white space not counted), over IAM's limit of ${chars(ROLE_INLINE_POLICIES_QUOTA)} for a role's inline policies together, which IAM would refuse with LimitExceeded.`;
  const size = iamPolicySize(document);
  if (size > MANAGED_POLICY_QUOTA) {
    return { ...refusedPlan(req.title, `${over} A managed policy holds at most ${chars(MANAGED_POLICY_QUOTA)} characters, and these permissions take ${chars(size)}: shorten the role's inline policies first.`), overInlineQuota: { total, document } };
  }
  const choice = req.managedPolicy;
  if (!choice) return { ...refusedPlan(req.title, `${over} Nothing was written.`), overInlineQuota: { total, document } };
  const actions = [...new Set(missing.map((g) => g.action))];
  const attachedBefore = prettyJson([...(role.attachedArns ?? [])]);
  const attachedAfter = prettyJson([...(role.attachedArns ?? []), choice.arn]);
  const steps: WriteStep[] = [];
  const reuse = choice.existing === document;
  if (!reuse) {
    steps.push({
      api: 'CreatePolicy',
      title: `Create managed policy ${choice.name}: ${actions.join(', ')}`,
      policyName: choice.name,
      path: choice.path,
      description: req.description,
      policy: document,
      policyArn: choice.arn,
      before: '',
      after: document,
      previewName: `${choice.name}.json`,
    });
  }
  steps.push({
    api: 'AttachRolePolicy',
    title: `Attach managed policy ${choice.name} to role ${role.name}`,
    roleName: role.name,
    policyArn: choice.arn,
    before: attachedBefore,
    after: attachedAfter,
    previewName: 'attached-policies.json',
  });
  const warnings = [`${over} So the inline policies stay as they are, and the missing permissions go into ${reuse ? 'the existing' : 'a new'} customer managed policy ${choice.name}, attached to the role.`];
  const attached = role.attachedArns?.length ?? role.attached.length;
  if (attached >= ATTACHED_POLICIES_PER_ROLE) {
    warnings.push(`The role already has ${attached} managed policies attached; IAM allows ${ATTACHED_POLICIES_PER_ROLE} by default, so the attachment is refused unless your account's quota was raised.`);
  }
  return { steps, warnings };
}
