/**
 * AWS Organizations (AWS JSON 1.1, target prefix `AWSOrganizationsV20161128`): DescribeOrganization,
 * ListAccounts, ListParents, ListPoliciesForTarget, DescribePolicy. Only the management account and
 * delegated administrators may call them, as in AWS; other members get AccessDeniedException, accounts
 * outside any organization AWSOrganizationsNotInUseException.
 */
import { AwsError } from '../protocol/errors';
import type { HandlerContext, LoopbackRequest, Operation } from '../protocol/request';
import { epochSeconds, requiredString, routeJson, type JsonHandler } from '../protocol/json';
import type { OrgPolicy, Organization } from '../state';

const MAX_RESULTS = 20;
const POLICY_TYPES = ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY', 'TAG_POLICY', 'BACKUP_POLICY', 'AISERVICES_OPT_OUT_POLICY', 'CHATBOT_POLICY', 'DECLARATIVE_POLICY_EC2'];

function organization(ctx: HandlerContext, administrative: boolean): Organization {
  const org = ctx.state.organization;
  const me = ctx.caller.account.accountId;
  if (!org || !org.members.has(me)) throw new AwsError('AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.', 400);
  if (administrative && org.managementAccount !== me && !org.delegatedAdministrators.includes(me)) {
    throw new AwsError('AccessDeniedException', "You don't have permissions to access this resource.", 400);
  }
  return org;
}

/** Opaque page tokens: the index of the next item. */
function page<T>(items: readonly T[], input: Record<string, unknown>): { items: T[]; NextToken?: string } {
  const max = input.MaxResults === undefined ? MAX_RESULTS : Number(input.MaxResults);
  if (!Number.isInteger(max) || max < 1 || max > MAX_RESULTS) throw new AwsError('InvalidInputException', 'You provided a value that does not match the required pattern.', 400, { fields: { Reason: 'INVALID_INPUT' } });
  let start = 0;
  if (typeof input.NextToken === 'string') {
    const decoded = Buffer.from(input.NextToken, 'base64url').toString();
    if (!decoded.startsWith('next:')) throw new AwsError('InvalidInputException', 'You specified an invalid value for nextToken. You must get the value from the response to a previous call to the API.', 400, { fields: { Reason: 'INVALID_NEXT_TOKEN' } });
    start = Number(decoded.slice(5));
  }
  const slice = items.slice(start, start + max);
  const next = start + slice.length;
  return { items: slice, ...(next < items.length ? { NextToken: Buffer.from(`next:${next}`).toString('base64url') } : {}) };
}

function accountArn(org: Organization, id: string): string {
  return `arn:aws:organizations::${org.managementAccount}:account/${org.id}/${id}`;
}

function policySummary(org: Organization, p: OrgPolicy): Record<string, unknown> {
  const type = p.type.toLowerCase();
  const arn = p.awsManaged ? `arn:aws:organizations::aws:policy/${type}/${p.id}` : `arn:aws:organizations::${org.managementAccount}:policy/${org.id}/${type}/${p.id}`;
  return { Id: p.id, Arn: arn, Name: p.name, Description: p.description, Type: p.type, AwsManaged: p.awsManaged };
}

/** A root, OU or account of the organization. */
function knownTarget(org: Organization, id: string): boolean {
  return id === org.rootId || org.units.some((u) => u.id === id) || org.members.has(id);
}

const HANDLERS: Record<string, JsonHandler> = {
  DescribeOrganization(ctx) {
    const org = organization(ctx, false);
    return {
      Organization: {
        Id: org.id,
        Arn: `arn:aws:organizations::${org.managementAccount}:organization/${org.id}`,
        FeatureSet: 'ALL',
        MasterAccountArn: `arn:aws:organizations::${org.managementAccount}:account/${org.id}/${org.managementAccount}`,
        MasterAccountId: org.managementAccount,
        MasterAccountEmail: `${org.managementAccount}@example.com`,
        AvailablePolicyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }],
      },
    };
  },
  ListAccounts(ctx, input) {
    const org = organization(ctx, true);
    const ids = [...org.members.keys()].sort();
    const { items, NextToken } = page(ids, input);
    const accounts = items.map((id) => {
      const account = ctx.state.accounts.get(id);
      return {
        Id: id,
        Arn: accountArn(org, id),
        Email: account?.email ?? `${id}@example.com`,
        Name: account?.name ?? (id === ctx.state.accountId ? 'primary' : id),
        Status: 'ACTIVE',
        State: 'ACTIVE',
        JoinedMethod: id === org.managementAccount ? 'INVITED' : 'CREATED',
        JoinedTimestamp: epochSeconds(new Date('2024-01-01T00:00:00Z')),
      };
    });
    return { Accounts: accounts, ...(NextToken ? { NextToken } : {}) };
  },
  ListParents(ctx, input) {
    const org = organization(ctx, true);
    const child = requiredString(input, 'ChildId');
    const unit = org.units.find((u) => u.id === child);
    const parent = unit?.parent ?? org.members.get(child);
    if (!parent) throw new AwsError('ChildNotFoundException', "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.", 400);
    return { Parents: [{ Id: parent, Type: parent === org.rootId ? 'ROOT' : 'ORGANIZATIONAL_UNIT' }] };
  },
  ListPoliciesForTarget(ctx, input) {
    const org = organization(ctx, true);
    const target = requiredString(input, 'TargetId');
    const filter = requiredString(input, 'Filter');
    if (!POLICY_TYPES.includes(filter)) throw new AwsError('InvalidInputException', 'You provided a value that does not match the required pattern.', 400, { fields: { Reason: 'INVALID_ENUM_POLICY_TYPE' } });
    if (!knownTarget(org, target)) throw new AwsError('TargetNotFoundException', "We can't find a root, OU, account, or email that you specified.", 400);
    const attached = org.policies.filter((p) => p.type === filter && p.targets.includes(target));
    const { items, NextToken } = page(attached, input);
    return { Policies: items.map((p) => policySummary(org, p)), ...(NextToken ? { NextToken } : {}) };
  },
  DescribePolicy(ctx, input) {
    const org = organization(ctx, true);
    const id = requiredString(input, 'PolicyId');
    const policy = org.policies.find((p) => p.id === id);
    if (!policy) throw new AwsError('PolicyNotFoundException', "We can't find a policy with the PolicyId that you specified.", 400);
    return { Policy: { PolicySummary: policySummary(org, policy), Content: policy.content } };
  },
};

export function routeOrganizations(req: LoopbackRequest): Operation {
  return routeJson('organizations', req, HANDLERS);
}
