/**
 * AWS Organizations reads for `scan --org` and the guardrails: the accounts (management account or
 * delegated administrator), and the SCPs / RCPs that apply to an account (attached to it, to its OUs
 * or to the root).
 */
import { DescribePolicyCommand, ListAccountsCommand, ListParentsCommand, ListPoliciesForTargetCommand, type OrganizationsClient, type PolicyType } from '@aws-sdk/client-organizations';
import type { CallScope } from './scope';

export interface OrgAccount {
  id: string;
  name?: string;
  status?: string;
}

export async function listAccounts(scope: CallScope, orgs: OrganizationsClient): Promise<OrgAccount[]> {
  const out: OrgAccount[] = [];
  let token: string | undefined;
  do {
    const page = await scope.call('ListAccounts', undefined, (abortSignal) => orgs.send(new ListAccountsCommand({ NextToken: token }), { abortSignal }));
    for (const a of page.Accounts ?? []) if (a.Id) out.push({ id: a.Id, name: a.Name, status: a.Status });
    token = page.NextToken;
  } while (token);
  return out;
}

/** The account, its OUs up to the root, and the root: every target whose policies apply to it. */
export async function targetsAbove(scope: CallScope, orgs: OrganizationsClient, account: string): Promise<string[]> {
  const chain = [account];
  for (let child = account, depth = 0; depth < 8; depth++) {
    const out = await scope.call('ListParents', child, (abortSignal) => orgs.send(new ListParentsCommand({ ChildId: child }), { abortSignal }));
    const parent = out.Parents?.[0];
    if (!parent?.Id) break;
    chain.push(parent.Id);
    if (parent.Type === 'ROOT') break;
    child = parent.Id;
  }
  return chain;
}

export interface OrgPolicyText {
  id: string;
  name: string;
  type: 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY';
  content: string;
  /** The root, OU or account it is attached to. */
  target: string;
}

export async function policiesFor(scope: CallScope, orgs: OrganizationsClient, target: string, type: OrgPolicyText['type']): Promise<{ id: string; name: string }[]> {
  const out: { id: string; name: string }[] = [];
  let token: string | undefined;
  do {
    const page = await scope.call('ListPoliciesForTarget', target, (abortSignal) => orgs.send(new ListPoliciesForTargetCommand({ TargetId: target, Filter: type as PolicyType, NextToken: token }), { abortSignal }));
    for (const p of page.Policies ?? []) if (p.Id) out.push({ id: p.Id, name: p.Name ?? p.Id });
    token = page.NextToken;
  } while (token);
  return out;
}

export async function policyContent(scope: CallScope, orgs: OrganizationsClient, id: string): Promise<string> {
  const out = await scope.call('DescribePolicy', id, (abortSignal) => orgs.send(new DescribePolicyCommand({ PolicyId: id }), { abortSignal }));
  return out.Policy?.Content ?? '';
}
