/**
 * The fix commands: repair the live setup with the user's AWS profile, from the Replication view's
 * nodes or the command palette. Every write is previewed, confirmed and audited (see runWrite.ts).
 */
import * as vscode from 'vscode';
import { plainText } from '../core/text';
import type { TreeNode } from '../explorer/nodes';
import { enableVersioning } from './enableVersioning';
import { FixContext, type FixCommandDeps } from './fixContext';
import { fixLiveFinding } from './fixLiveFinding';
import { FIX_COMMANDS } from './ids';
import { objectStatus } from './objectStatus';
import { allowRoleInDestinationPolicy, enableDestinationVersioning, grantReplicaKey, mapAccountToProfile } from './otherSide';
import { PreviewDocuments } from './preview';
import { putReplicationFromEditor } from './putReplication';
import { repairRole } from './repairRole';
import { replicateExisting } from './replicateExisting';
import { capText, MESSAGE_LIMIT } from './shortText';
import { captureFailureReasons, enableReplicationMetrics, replicateFailedObjects, stopCapturing } from './telemetry';

export type { FixCommandDeps } from './fixContext';
export { FIX_COMMANDS } from './ids';

export function activateFixCommands(context: vscode.ExtensionContext, deps: FixCommandDeps): void {
  const ctx = new FixContext(deps);
  const previews = new PreviewDocuments();
  const run =
    <A extends unknown[]>(name: string, fn: (...args: A) => Promise<unknown>) =>
    async (...args: A): Promise<void> => {
      try {
        await fn(...args);
      } catch (err) {
        const text = err instanceof Error ? err.message : String(err);
        deps.log.error(`[fix] ${name}: ${text}`);
        // The whole text is in the log line above; the notification shows a bounded part of it.
        void vscode.window.showErrorMessage(capText(plainText(text), MESSAGE_LIMIT).text);
      }
    };
  const register = <A extends unknown[]>(id: string, name: string, fn: (...args: A) => Promise<unknown>) => vscode.commands.registerCommand(id, run(name, fn));
  context.subscriptions.push(
    ctx,
    previews,
    register(FIX_COMMANDS.enableVersioning, 'enable versioning', (node?: TreeNode) => enableVersioning(ctx, previews, node)),
    register(FIX_COMMANDS.repairRole, 'repair role', (node?: TreeNode) => repairRole(ctx, previews, node)),
    register(FIX_COMMANDS.putReplication, 'put replication configuration', (uri?: vscode.Uri) => putReplicationFromEditor(ctx, previews, uri instanceof vscode.Uri ? uri : undefined)),
    register(FIX_COMMANDS.fixLiveFinding, 'fix in AWS', (node?: TreeNode) => fixLiveFinding(ctx, previews, node)),
    register(FIX_COMMANDS.objectStatus, 'object replication status', (node?: TreeNode) => objectStatus(ctx, node)),
    register(FIX_COMMANDS.replicateExisting, 'replicate existing objects', (node?: TreeNode) => replicateExisting(ctx, previews, node)),
    register(FIX_COMMANDS.replicateFailed, 'replicate FAILED objects', (node?: TreeNode) => replicateFailedObjects(ctx, previews, node)),
    register(FIX_COMMANDS.captureFailures, 'capture failure reasons', (node?: TreeNode) => captureFailureReasons(ctx, previews, node)),
    register(FIX_COMMANDS.stopCapture, 'stop capturing failure reasons', (node?: TreeNode) => stopCapturing(ctx, previews, node)),
    register(FIX_COMMANDS.enableMetrics, 'enable replication metrics', (node?: TreeNode) => enableReplicationMetrics(ctx, previews, node)),
    register(FIX_COMMANDS.allowRoleInDestinationPolicy, 'allow role in destination bucket policy', (node?: TreeNode) => allowRoleInDestinationPolicy(ctx, previews, node)),
    register(FIX_COMMANDS.grantReplicaKey, 'grant role on replica key', (node?: TreeNode) => grantReplicaKey(ctx, previews, node)),
    register(FIX_COMMANDS.enableDestinationVersioning, 'enable destination versioning', (node?: TreeNode) => enableDestinationVersioning(ctx, previews, node)),
    register(FIX_COMMANDS.mapAccountToProfile, 'map account to profile', (node?: TreeNode) => mapAccountToProfile(ctx, node)),
  );
}
