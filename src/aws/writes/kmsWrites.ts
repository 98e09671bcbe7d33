/** KMS writes of the fix commands: a key policy, replaced whole (its only name is `default`). */
import { PutKeyPolicyCommand, type KMSClient } from '@aws-sdk/client-kms';
import type { CallScope } from '../scope';
import type { Written } from './s3Writes';

export async function putKeyPolicy(scope: CallScope, kms: KMSClient, region: string, keyArn: string, policy: string): Promise<Written> {
  const out = await scope.call('PutKeyPolicy', keyArn, (abortSignal) => kms.send(new PutKeyPolicyCommand({ KeyId: keyArn, PolicyName: 'default', Policy: policy }), { abortSignal }), region);
  return { requestId: out.$metadata.requestId };
}
