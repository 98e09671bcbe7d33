/** Managed policies and their attachment to roles. */
import { AwsError, type WireResponse } from '../protocol/errors';
import type { HandlerContext } from '../protocol/request';
import { el, leaf } from '../protocol/xml';
import { stableId, type IamAccount, type ManagedPolicyState } from '../state';
import { checkAttachedCount, checkManagedPolicySize, checkPolicyDocument } from './policyLimits';
import { encodePolicy, iamDate, page, pagingXml, queryResponse, required } from './query';
import { findRole, ROLE_NAME } from './roles';

const POLICY_ARN = /^arn:aws[\w-]*:iam::(\d{12}|aws):policy\/.+$/;
const POLICY_NAME = /^[\w+=,.@-]{1,128}$/;
const PATH = /^(\u002F)|(\u002F[\u0021-\u007E]+\u002F)$/;

/** A policy of the caller's account, or an AWS managed one (loaded into the primary account). */
function findPolicy(ctx: HandlerContext, arn: string): ManagedPolicyState {
  const policy = ctx.caller.account.managedPolicies.get(arn) ?? (arn.includes(':iam::aws:') ? ctx.state.managedPolicies.get(arn) : undefined);
  if (!policy) throw new AwsError('NoSuchEntity', `Policy ${arn} was not found.`, 404);
  return policy;
}

function attachmentCount(state: IamAccount, arn: string): number {
  let count = 0;
  for (const role of state.roles.values()) if (role.attachedPolicyArns.includes(arn)) count++;
  return count;
}

type Handler = (ctx: HandlerContext, params: URLSearchParams) => WireResponse;

function policyXml(state: IamAccount, policy: ManagedPolicyState): string {
  return el(
    'Policy',
    leaf('PolicyName', policy.name),
    leaf('DefaultVersionId', policy.defaultVersionId),
    leaf('PolicyId', policy.policyId),
    leaf('Path', policy.path),
    leaf('Arn', policy.arn),
    leaf('AttachmentCount', attachmentCount(state, policy.arn)),
    leaf('PermissionsBoundaryUsageCount', 0),
    leaf('IsAttachable', true),
    leaf('Description', policy.description),
    leaf('CreateDate', iamDate(policy.createDate)),
    leaf('UpdateDate', iamDate(policy.createDate)),
  );
}

export const POLICY_ACTIONS: Record<string, Handler> = {
  GetPolicy(ctx, p) {
    return queryResponse('iam', ctx, 'GetPolicy', policyXml(ctx.caller.account, findPolicy(ctx, required(p, 'PolicyArn', POLICY_ARN))));
  },
  CreatePolicy(ctx, p) {
    const name = required(p, 'PolicyName', POLICY_NAME);
    const path = p.get('Path') ?? '/';
    if (!PATH.test(path)) required(p, 'Path', PATH);
    const document = required(p, 'PolicyDocument');
    checkPolicyDocument(document);
    checkManagedPolicySize(document);
    // Names are unique per account, whatever the path.
    if ([...ctx.caller.account.managedPolicies.values()].some((m) => m.name === name && m.arn.startsWith(`arn:aws:iam::${ctx.caller.account.accountId}:`))) {
      throw new AwsError('EntityAlreadyExists', `A policy called ${name} already exists. Duplicate names are not allowed.`, 409);
    }
    const arn = ctx.caller.account.policyArn(name, path);
    const policy: ManagedPolicyState = { arn, name, path, policyId: stableId('ANPA', arn), createDate: new Date(), defaultVersionId: 'v1', document, description: p.get('Description') ?? undefined };
    ctx.caller.account.managedPolicies.set(arn, policy);
    return queryResponse('iam', ctx, 'CreatePolicy', policyXml(ctx.caller.account, policy));
  },
  GetPolicyVersion(ctx, p) {
    const arn = required(p, 'PolicyArn', POLICY_ARN);
    const versionId = required(p, 'VersionId', /^v[1-9][0-9]*(\.[A-Za-z0-9-]*)?$/);
    const policy = ctx.caller.account.managedPolicies.get(arn) ?? (arn.includes(':iam::aws:') ? ctx.state.managedPolicies.get(arn) : undefined);
    if (!policy || policy.defaultVersionId !== versionId) throw new AwsError('NoSuchEntity', `Policy ${arn} version ${versionId} does not exist or is not attachable.`, 404);
    return queryResponse(
      'iam',
      ctx,
      'GetPolicyVersion',
      el('PolicyVersion', leaf('Document', encodePolicy(policy.document)), leaf('VersionId', versionId), leaf('IsDefaultVersion', true), leaf('CreateDate', iamDate(policy.createDate))),
    );
  },
  ListAttachedRolePolicies(ctx, p) {
    const role = findRole(ctx.caller.account, required(p, 'RoleName', ROLE_NAME));
    const pathPrefix = p.get('PathPrefix') ?? '/';
    const attached = role.attachedPolicyArns
      .map((arn) => ({ arn, name: ctx.caller.account.managedPolicies.get(arn)?.name ?? arn.slice(arn.lastIndexOf('/') + 1), path: ctx.caller.account.managedPolicies.get(arn)?.path ?? '/' }))
      .filter((a) => a.path.startsWith(pathPrefix))
      .sort((a, b) => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0));
    const { items, marker } = page(attached, p, (a) => a.arn);
    const members = items.map((a) => el('member', leaf('PolicyArn', a.arn), leaf('PolicyName', a.name))).join('');
    return queryResponse('iam', ctx, 'ListAttachedRolePolicies', el('AttachedPolicies', members) + pagingXml(marker));
  },
  AttachRolePolicy(ctx, p) {
    const role = findRole(ctx.caller.account, required(p, 'RoleName', ROLE_NAME));
    const arn = required(p, 'PolicyArn', POLICY_ARN);
    if (!ctx.caller.account.managedPolicies.has(arn) && !(arn.includes(':iam::aws:') && ctx.state.managedPolicies.has(arn))) throw new AwsError('NoSuchEntity', `Policy ${arn} does not exist or is not attachable.`, 404);
    if (!role.attachedPolicyArns.includes(arn)) {
      checkAttachedCount(role.attachedPolicyArns.length);
      role.attachedPolicyArns.push(arn);
    }
    return queryResponse('iam', ctx, 'AttachRolePolicy');
  },
};
