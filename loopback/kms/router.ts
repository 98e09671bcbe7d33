/**
 * KMS (AWS JSON 1.1, target prefix `TrentService`): DescribeKey, GetKeyPolicy, PutKeyPolicy,
 * EnableKey, DisableKey. Keys belong to an account and a Region (the request's signing Region). A
 * caller may use a key when its key policy allows the caller (its account root delegates to the
 * account's IAM policies, which the loopback's users always pass); another account's key is reached
 * only by ARN, and only for operations KMS allows across accounts (DescribeKey).
 */
import { AwsError } from '../protocol/errors';
import type { HandlerContext, Operation, LoopbackRequest } from '../protocol/request';
import { epochSeconds, requiredString, routeJson, type JsonHandler } from '../protocol/json';
import { resourcePolicyDecision } from '../replication/permissions';
import type { KmsKey } from '../state';

const MAX_POLICY_BYTES = 32_768;

function notFound(ref: string, ctx: HandlerContext): AwsError {
  if (ref.includes('alias/')) return new AwsError('NotFoundException', `Alias ${ref.startsWith('arn:') ? ref : `arn:aws:kms:${ctx.region}:${ctx.caller.account.accountId}:${ref}`} is not found.`, 400);
  const arn = ref.startsWith('arn:') ? ref : `arn:aws:kms:${ctx.region}:${ctx.caller.account.accountId}:key/${ref}`;
  // KMS names the Region when an ARN points elsewhere than the endpoint it was sent to.
  const region = /^arn:aws:kms:([^:]+):/.exec(arn)?.[1];
  if (region && region !== ctx.region) return new AwsError('NotFoundException', `Invalid arn ${region}`, 400);
  return new AwsError('NotFoundException', `Key '${arn}' does not exist`, 400);
}

function denied(ctx: HandlerContext, action: string, key: KmsKey): AwsError {
  return new AwsError('AccessDeniedException', `User: ${ctx.caller.arn} is not authorized to perform: ${action} on resource: ${key.arn} because no resource-based policy allows the ${action} action`, 400);
}

/** Resolves the KeyId and checks that the key policy lets the caller do `action`. */
function usableKey(ctx: HandlerContext, input: Record<string, unknown>, action: string, crossAccount: boolean): KmsKey {
  const ref = requiredString(input, 'KeyId');
  const key = ctx.state.findKey(ref, ctx.region, ctx.caller.account);
  if (!key) throw notFound(ref, ctx);
  const foreign = key.accountId !== ctx.caller.account.accountId;
  const who = { account: ctx.caller.account.accountId, arn: ctx.caller.roleArn ?? ctx.caller.arn };
  if ((foreign && !crossAccount) || resourcePolicyDecision(key.policy, who, action, key.arn) !== 'allow') throw denied(ctx, action, key);
  return key;
}

export function keyMetadata(key: KmsKey): Record<string, unknown> {
  const symmetric = key.keySpec === 'SYMMETRIC_DEFAULT';
  return {
    AWSAccountId: key.accountId,
    KeyId: key.keyId,
    Arn: key.arn,
    CreationDate: epochSeconds(key.creationDate),
    Enabled: key.state === 'Enabled',
    Description: key.description,
    KeyUsage: key.keyUsage,
    KeyState: key.state,
    ...(key.deletionDate ? { DeletionDate: epochSeconds(key.deletionDate) } : {}),
    Origin: 'AWS_KMS',
    KeyManager: key.keyManager,
    CustomerMasterKeySpec: key.keySpec,
    KeySpec: key.keySpec,
    ...(key.keyUsage === 'ENCRYPT_DECRYPT' ? { EncryptionAlgorithms: symmetric ? ['SYMMETRIC_DEFAULT'] : ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'] } : {}),
    ...(key.keyUsage === 'SIGN_VERIFY' ? { SigningAlgorithms: ['ECDSA_SHA_256'] } : {}),
    MultiRegion: key.multiRegion,
    ...(key.multiRegion ? { MultiRegionConfiguration: { MultiRegionKeyType: 'PRIMARY', PrimaryKey: { Arn: key.arn, Region: key.region }, ReplicaKeys: [] } } : {}),
  };
}

function policyName(input: Record<string, unknown>): void {
  const name = input.PolicyName ?? 'default';
  if (name !== 'default') throw new AwsError('NotFoundException', 'No such policy exists', 400);
}

function checkPolicyDocument(ctx: HandlerContext, key: KmsKey, text: string, bypass: boolean): void {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new AwsError('MalformedPolicyDocumentException', 'The policy document is not valid JSON.', 400);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new AwsError('MalformedPolicyDocumentException', 'The policy document is not valid JSON.', 400);
  if (Buffer.byteLength(text) > MAX_POLICY_BYTES) throw new AwsError('LimitExceededException', `Policy document exceeds the maximum size of ${MAX_POLICY_BYTES} bytes.`, 400);
  // KMS's policy lockout safety check: the caller must still be able to change the policy afterwards.
  const who = { account: ctx.caller.account.accountId, arn: ctx.caller.roleArn ?? ctx.caller.arn };
  if (!bypass && resourcePolicyDecision(text, who, 'kms:PutKeyPolicy', key.arn) !== 'allow') {
    throw new AwsError(
      'MalformedPolicyDocumentException',
      'The new key policy will not allow you to update the key policy in the future.',
      400,
    );
  }
}

function setState(ctx: HandlerContext, input: Record<string, unknown>, action: string, state: 'Enabled' | 'Disabled'): Record<string, never> {
  const key = usableKey(ctx, input, action, false);
  if (key.state === 'PendingDeletion') throw new AwsError('KMSInvalidStateException', `${key.arn} is pending deletion.`, 400);
  key.state = state;
  return {};
}

const HANDLERS: Record<string, JsonHandler> = {
  DescribeKey: (ctx, input) => ({ KeyMetadata: keyMetadata(usableKey(ctx, input, 'kms:DescribeKey', true)) }),
  GetKeyPolicy(ctx, input) {
    policyName(input);
    const key = usableKey(ctx, input, 'kms:GetKeyPolicy', false);
    return { Policy: key.policy, PolicyName: 'default' };
  },
  PutKeyPolicy(ctx, input) {
    policyName(input);
    const key = usableKey(ctx, input, 'kms:PutKeyPolicy', false);
    const text = requiredString(input, 'Policy');
    if (key.state === 'PendingDeletion') throw new AwsError('KMSInvalidStateException', `${key.arn} is pending deletion.`, 400);
    checkPolicyDocument(ctx, key, text, input.BypassPolicyLockoutSafetyCheck === true);
    key.policy = text;
    return {};
  },
  EnableKey: (ctx, input) => setState(ctx, input, 'kms:EnableKey', 'Enabled'),
  DisableKey: (ctx, input) => setState(ctx, input, 'kms:DisableKey', 'Disabled'),
};

export function routeKms(req: LoopbackRequest): Operation {
  return routeJson('kms', req, HANDLERS);
}
