/** IAM and STS calls of the fix commands. Policy documents are sent as the exact text previewed. */
import { AttachRolePolicyCommand, CreatePolicyCommand, CreateRoleCommand, PutRolePolicyCommand, UpdateAssumeRolePolicyCommand, type IAMClient } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import type { CallScope } from '../scope';
import type { Written } from './s3Writes';

export interface Identity {
  account: string;
  /** The caller's ARN (user or assumed role), named in confirmations and in AccessDenied messages. */
  arn: string;
}

export async function callerIdentity(scope: CallScope, sts: STSClient, region: string): Promise<Identity> {
  const out = await scope.call('GetCallerIdentity', undefined, (abortSignal) => sts.send(new GetCallerIdentityCommand({}), { abortSignal }), region);
  return { account: out.Account ?? '', arn: out.Arn ?? '' };
}

export async function createRole(scope: CallScope, iam: IAMClient, role: { roleName: string; path: string; trustPolicy: string; description: string }): Promise<Written & { arn?: string }> {
  const out = await scope.call('CreateRole', role.roleName, (abortSignal) =>
    iam.send(new CreateRoleCommand({ RoleName: role.roleName, Path: role.path, AssumeRolePolicyDocument: role.trustPolicy, Description: role.description }), { abortSignal }),
  );
  return { requestId: out.$metadata.requestId, arn: out.Role?.Arn };
}

export async function putRolePolicy(scope: CallScope, iam: IAMClient, roleName: string, policyName: string, policy: string): Promise<Written> {
  const out = await scope.call('PutRolePolicy', `${roleName}/${policyName}`, (abortSignal) =>
    iam.send(new PutRolePolicyCommand({ RoleName: roleName, PolicyName: policyName, PolicyDocument: policy }), { abortSignal }),
  );
  return { requestId: out.$metadata.requestId };
}

export async function updateTrustPolicy(scope: CallScope, iam: IAMClient, roleName: string, trustPolicy: string): Promise<Written> {
  const out = await scope.call('UpdateAssumeRolePolicy', roleName, (abortSignal) =>
    iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: roleName, PolicyDocument: trustPolicy }), { abortSignal }),
  );
  return { requestId: out.$metadata.requestId };
}

export async function createPolicy(scope: CallScope, iam: IAMClient, policy: { policyName: string; path: string; description: string; policy: string }): Promise<Written & { arn?: string }> {
  const out = await scope.call('CreatePolicy', policy.policyName, (abortSignal) =>
    iam.send(new CreatePolicyCommand({ PolicyName: policy.policyName, Path: policy.path, PolicyDocument: policy.policy, Description: policy.description }), { abortSignal }),
  );
  return { requestId: out.$metadata.requestId, arn: out.Policy?.Arn };
}

export async function attachRolePolicy(scope: CallScope, iam: IAMClient, roleName: string, policyArn: string): Promise<Written> {
  const out = await scope.call('AttachRolePolicy', roleName, (abortSignal) => iam.send(new AttachRolePolicyCommand({ RoleName: roleName, PolicyArn: policyArn }), { abortSignal }));
  return { requestId: out.$metadata.requestId };
}
