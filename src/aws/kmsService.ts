/** KMS reads: a key's metadata (DescribeKey, which works across accounts) and its key policy (owner account only). */
import { DescribeKeyCommand, GetKeyPolicyCommand, type KMSClient } from '@aws-sdk/client-kms';
import type { KeyFacts } from '../core/facts';
import { AwsCallError } from './errors';
import type { CallScope } from './scope';

/** The key as KMS describes it; `exists: false` on NotFoundException. */
export async function describeKey(scope: CallScope, kms: KMSClient, region: string, ref: string): Promise<KeyFacts> {
  try {
    const out = await scope.call('DescribeKey', ref, (abortSignal) => kms.send(new DescribeKeyCommand({ KeyId: ref }), { abortSignal }), region);
    const m = out.KeyMetadata;
    return {
      ref,
      exists: true,
      arn: m?.Arn,
      account: m?.AWSAccountId,
      region,
      state: m?.KeyState,
      keySpec: m?.KeySpec ?? m?.CustomerMasterKeySpec,
      keyUsage: m?.KeyUsage,
      multiRegion: m?.MultiRegion,
      keyManager: m?.KeyManager === 'AWS' ? 'AWS' : m?.KeyManager === 'CUSTOMER' ? 'CUSTOMER' : undefined,
    };
  } catch (err) {
    if (err instanceof AwsCallError && err.code === 'NotFoundException') return { ref, exists: false, region };
    throw err;
  }
}

export async function keyPolicy(scope: CallScope, kms: KMSClient, region: string, keyArn: string): Promise<string> {
  const out = await scope.call('GetKeyPolicy', keyArn, (abortSignal) => kms.send(new GetKeyPolicyCommand({ KeyId: keyArn, PolicyName: 'default' }), { abortSignal }), region);
  return out.Policy ?? '';
}

/** Region and account of a key ARN or alias ARN. */
export function keyArnParts(ref: string): { region: string; account: string } | undefined {
  const m = /^arn:[\w-]+:kms:([a-z0-9-]+):(\d{12}):(?:key|alias)\//.exec(ref);
  return m ? { region: m[1], account: m[2] } : undefined;
}
