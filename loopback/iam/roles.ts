/** IAM roles and their inline policies. */
import { AwsError, type WireResponse } from '../protocol/errors';
import type { HandlerContext } from '../protocol/request';
import { el, leaf } from '../protocol/xml';
import { stableId, type IamAccount, type RoleState } from '../state';
import { checkInlineAggregate, checkPolicyDocument, checkTrustPolicySize } from './policyLimits';
import { encodePolicy, iamDate, optionalInt, page, pagingXml, queryResponse, required } from './query';

export const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const POLICY_NAME = /^[\w+=,.@-]{1,128}$/;
const PATH = /^(\u002F)|(\u002F[\u0021-\u007E]+\u002F)$/;

export function noSuchRole(name: string): AwsError {
  return new AwsError('NoSuchEntity', `The role with name ${name} cannot be found.`, 404);
}

export function findRole(account: IamAccount, name: string): RoleState {
  const role = account.roles.get(name);
  if (!role) throw noSuchRole(name);
  return role;
}

export function newRole(state: IamAccount, fields: { name: string; path?: string; trustPolicy: string; description?: string; maxSessionDuration?: number; createDate?: Date }): RoleState {
  const path = fields.path ?? '/';
  return {
    name: fields.name,
    path,
    roleId: stableId('AROA', `${state.accountId}:role:${fields.name}`),
    arn: state.roleArn(fields.name, path),
    createDate: fields.createDate ?? new Date(),
    description: fields.description,
    maxSessionDuration: fields.maxSessionDuration ?? 3600,
    trustPolicy: fields.trustPolicy,
    inlinePolicies: new Map(),
    attachedPolicyArns: [],
  };
}

export function roleXml(role: RoleState): string {
  return el(
    'Role',
    leaf('Path', role.path),
    leaf('AssumeRolePolicyDocument', encodePolicy(role.trustPolicy)),
    leaf('MaxSessionDuration', role.maxSessionDuration),
    leaf('RoleId', role.roleId),
    leaf('RoleName', role.name),
    leaf('Description', role.description),
    leaf('Arn', role.arn),
    leaf('CreateDate', iamDate(role.createDate)),
    role.permissionsBoundaryArn ? el('PermissionsBoundary', leaf('PermissionsBoundaryType', 'Policy'), leaf('PermissionsBoundaryArn', role.permissionsBoundaryArn)) : undefined,
    el('RoleLastUsed'),
  );
}

type Handler = (ctx: HandlerContext, params: URLSearchParams) => WireResponse;

export const ROLE_ACTIONS: Record<string, Handler> = {
  CreateRole(ctx, p) {
    const name = required(p, 'RoleName', ROLE_NAME);
    const trustPolicy = required(p, 'AssumeRolePolicyDocument');
    const path = p.get('Path') ?? '/';
    if (!PATH.test(path)) required(p, 'Path', PATH);
    checkPolicyDocument(trustPolicy);
    checkTrustPolicySize(trustPolicy, ctx.caller.account.trustPolicySizeQuota);
    if (ctx.caller.account.roles.has(name)) throw new AwsError('EntityAlreadyExists', `Role with name ${name} already exists.`, 409);
    const role = newRole(ctx.caller.account, { name, path, trustPolicy, description: p.get('Description') ?? undefined, maxSessionDuration: optionalInt(p, 'MaxSessionDuration', 3600, 43200) });
    ctx.caller.account.roles.set(name, role);
    return queryResponse('iam', ctx, 'CreateRole', roleXml(role));
  },
  GetRole(ctx, p) {
    return queryResponse('iam', ctx, 'GetRole', roleXml(findRole(ctx.caller.account, required(p, 'RoleName', ROLE_NAME))));
  },
  UpdateAssumeRolePolicy(ctx, p) {
    const role = findRole(ctx.caller.account, required(p, 'RoleName', ROLE_NAME));
    const document = required(p, 'PolicyDocument');
    checkPolicyDocument(document);
    checkTrustPolicySize(document, ctx.caller.account.trustPolicySizeQuota);
    role.trustPolicy = document;
    return queryResponse('iam', ctx, 'UpdateAssumeRolePolicy');
  },
  ListRolePolicies(ctx, p) {
    const role = findRole(ctx.caller.account, required(p, 'RoleName', ROLE_NAME));
    const { items, marker } = page([...role.inlinePolicies.keys()].sort(), p, (n) => n);
    return queryResponse('iam', ctx, 'ListRolePolicies', el('PolicyNames', items.map((n) => leaf('member', n)).join('')) + pagingXml(marker));
  },
  GetRolePolicy(ctx, p) {
    const role = findRole(ctx.caller.account, required(p, 'RoleName', ROLE_NAME));
    const policyName = required(p, 'PolicyName', POLICY_NAME);
    const document = role.inlinePolicies.get(policyName);
    if (document === undefined) throw new AwsError('NoSuchEntity', `The role policy with name ${policyName} cannot be found.`, 404);
    return queryResponse('iam', ctx, 'GetRolePolicy', `${leaf('RoleName', role.name)}${leaf('PolicyName', policyName)}${leaf('PolicyDocument', encodePolicy(document))}`);
  },
  PutRolePolicy(ctx, p) {
    const role = findRole(ctx.caller.account, required(p, 'RoleName', ROLE_NAME));
    const policyName = required(p, 'PolicyName', POLICY_NAME);
    const document = required(p, 'PolicyDocument');
    checkPolicyDocument(document);
    checkInlineAggregate(role.name, role.inlinePolicies, policyName, document);
    role.inlinePolicies.set(policyName, document);
    return queryResponse('iam', ctx, 'PutRolePolicy');
  },
  DeleteRolePolicy(ctx, p) {
    const role = findRole(ctx.caller.account, required(p, 'RoleName', ROLE_NAME));
    const policyName = required(p, 'PolicyName', POLICY_NAME);
    if (!role.inlinePolicies.delete(policyName)) throw new AwsError('NoSuchEntity', `The role policy with name ${policyName} cannot be found.`, 404);
    return queryResponse('iam', ctx, 'DeleteRolePolicy');
  },
};
