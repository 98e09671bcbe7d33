/**
 * Fixes on the other side of a cross-account pair, from a rule's destination node: the replication role
 * added to the destination bucket policy, the role granted on the replica key, versioning on the
 * destination, each written with the destination account's profile (accountProfiles) or the organization
 * role, previewed and confirmed like every write; and Map Account to Profile for a destination in an
 * account no profile covers.
 */
import * as vscode from 'vscode';
import { listProfiles } from '../aws/profiles';
import type { TreeNode } from '../explorer/nodes';
import type { FixContext } from './fixContext';
import type { PreviewDocuments } from './preview';
import { runWrite } from './runWrite';

function pairOf(node: TreeNode | undefined): { bucket: string; destination: string; keyRef?: string } {
  if (!node?.bucket || !node.destination) throw new Error('Run this from a rule\'s destination in the Replication view.');
  return { bucket: node.bucket, destination: node.destination, keyRef: node.keyRef };
}

export async function allowRoleInDestinationPolicy(ctx: FixContext, previews: PreviewDocuments, node?: TreeNode): Promise<void> {
  const { bucket, destination } = pairOf(node);
  const plan = async (): Promise<void> => {
    const prepared = await ctx.fixer().planDestinationPolicy(bucket, destination);
    await runWrite(ctx, previews, prepared, { refresh: [bucket], replan: plan });
  };
  await plan();
}

export async function grantReplicaKey(ctx: FixContext, previews: PreviewDocuments, node?: TreeNode): Promise<void> {
  const { bucket, keyRef } = pairOf(node);
  if (!keyRef) throw new Error('This rule names no replica KMS key (ReplicaKmsKeyID).');
  const plan = async (): Promise<void> => {
    const prepared = await ctx.fixer().planReplicaKeyGrant(bucket, keyRef);
    await runWrite(ctx, previews, prepared, { refresh: [bucket], replan: plan });
  };
  await plan();
}

export async function enableDestinationVersioning(ctx: FixContext, previews: PreviewDocuments, node?: TreeNode): Promise<void> {
  const { bucket, destination } = pairOf(node);
  const plan = async (): Promise<void> => {
    const prepared = await ctx.fixer().planDestinationVersioning(bucket, destination);
    await runWrite(ctx, previews, prepared, { refresh: [bucket], replan: plan });
  };
  await plan();
}

/** Adds `{"<account>": "<profile>"}` to the accountProfiles user setting, with a profile the user picks. */
export async function mapAccountToProfile(ctx: FixContext, node?: TreeNode): Promise<void> {
  const account = node?.account;
  if (!account) throw new Error('Run this from an account the Replication view could not read.');
  const profiles = (await listProfiles().catch(() => [])).map((p) => p.name);
  const picked = profiles.length
    ? (await vscode.window.showQuickPick(profiles, { title: `Profile for account ${account}`, placeHolder: 'A profile whose credentials sign for this account' }))
    : await vscode.window.showInputBox({ title: `Profile for account ${account}`, prompt: 'Profile name (from ~/.aws/config)' });
  if (!picked) return;
  const config = vscode.workspace.getConfiguration('s3ReplicationDoctor');
  const current = config.inspect<Record<string, string>>('accountProfiles')?.globalValue ?? {};
  await config.update('accountProfiles', { ...current, [account]: picked }, vscode.ConfigurationTarget.Global);
  ctx.log.info(`[accounts] account ${account} mapped to profile ${picked}`);
}
