/**
 * IAM and STS reads the explorer needs: a role with its trust policy, its inline policies and the
 * default versions of its attached managed policies, and the caller's account. IAM sends policy
 * documents URL-encoded; they are returned decoded, byte for byte what was stored.
 */
import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { AwsCallError } from './errors';
import type { CallScope } from './scope';

export interface RoleInfo {
  name: string;
  arn: string;
  trustPolicy: string;
  /** The managed policy that caps the role's permissions, if any. */
  permissionsBoundaryArn?: string;
}

export interface PolicyText {
  name: string;
  document: string;
}

export interface ManagedPolicyText extends PolicyText {
  arn: string;
  versionId: string;
}

/** IAM's `%7B%22Version%22…` form back to the JSON text. A text that is not encoded is returned as is. */
export function decodePolicyDocument(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return encoded;
  }
}

/** The role, or undefined when IAM says it does not exist. */
export async function getRole(scope: CallScope, iam: IAMClient, roleName: string): Promise<RoleInfo | undefined> {
  try {
    const out = await scope.call('GetRole', roleName, (abortSignal) => iam.send(new GetRoleCommand({ RoleName: roleName }), { abortSignal }));
    return {
      name: roleName,
      arn: out.Role?.Arn ?? '',
      trustPolicy: decodePolicyDocument(out.Role?.AssumeRolePolicyDocument ?? ''),
      permissionsBoundaryArn: out.Role?.PermissionsBoundary?.PermissionsBoundaryArn,
    };
  } catch (err) {
    if (err instanceof AwsCallError && err.code === 'NoSuchEntity') return undefined;
    throw err;
  }
}

/** Follows IAM's Marker/IsTruncated pagination. */
async function allPages<T>(page: (marker: string | undefined) => Promise<{ items: T[]; marker?: string; truncated?: boolean }>): Promise<T[]> {
  const items: T[] = [];
  let marker: string | undefined;
  do {
    const out = await page(marker);
    items.push(...out.items);
    marker = out.truncated ? out.marker : undefined;
  } while (marker);
  return items;
}

export async function inlinePolicyNames(scope: CallScope, iam: IAMClient, roleName: string): Promise<string[]> {
  return allPages(async (Marker) => {
    const out = await scope.call('ListRolePolicies', roleName, (abortSignal) => iam.send(new ListRolePoliciesCommand({ RoleName: roleName, Marker }), { abortSignal }));
    return { items: out.PolicyNames ?? [], marker: out.Marker, truncated: out.IsTruncated };
  });
}

export async function inlinePolicy(scope: CallScope, iam: IAMClient, roleName: string, policyName: string): Promise<PolicyText> {
  const out = await scope.call('GetRolePolicy', `${roleName}/${policyName}`, (abortSignal) =>
    iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: policyName }), { abortSignal }),
  );
  return { name: policyName, document: decodePolicyDocument(out.PolicyDocument ?? '') };
}

export async function attachedPolicyArns(scope: CallScope, iam: IAMClient, roleName: string): Promise<string[]> {
  const attached = await allPages(async (Marker) => {
    const out = await scope.call('ListAttachedRolePolicies', roleName, (abortSignal) =>
      iam.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName, Marker }), { abortSignal }),
    );
    return { items: out.AttachedPolicies ?? [], marker: out.Marker, truncated: out.IsTruncated };
  });
  return attached.map((p) => p.PolicyArn).filter((arn): arn is string => Boolean(arn));
}

/** The default version of a managed policy: GetPolicy names it, GetPolicyVersion holds its text. */
export async function managedPolicy(scope: CallScope, iam: IAMClient, policyArn: string): Promise<ManagedPolicyText> {
  const policy = await scope.call('GetPolicy', policyArn, (abortSignal) => iam.send(new GetPolicyCommand({ PolicyArn: policyArn }), { abortSignal }));
  const versionId = policy.Policy?.DefaultVersionId ?? 'v1';
  const version = await scope.call('GetPolicyVersion', policyArn, (abortSignal) =>
    iam.send(new GetPolicyVersionCommand({ PolicyArn: policyArn, VersionId: versionId }), { abortSignal }),
  );
  return {
    arn: policyArn,
    name: policy.Policy?.PolicyName ?? policyArn.slice(policyArn.lastIndexOf('/') + 1),
    versionId,
    document: decodePolicyDocument(version.PolicyVersion?.Document ?? ''),
  };
}

export async function callerAccount(scope: CallScope, sts: STSClient, region: string): Promise<string | undefined> {
  const out = await scope.call('GetCallerIdentity', undefined, (abortSignal) => sts.send(new GetCallerIdentityCommand({}), { abortSignal }), region);
  return out.Account;
}
