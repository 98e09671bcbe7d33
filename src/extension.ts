/** Activation only wires the parts together; each part owns its listeners and disposables. */
import * as vscode from 'vscode';
import { activateFixCommands } from './commands';
import { ReplicationCodeActions, fixAllInActiveEditor } from './editor/codeActions';
import { DiagnosticsController } from './editor/diagnostics';
import { registerGenerateRolePolicy } from './editor/commands/generateRolePolicy';
import { DocumentStore } from './editor/documentStore';
import { forcedKind, workspaceScanEnabled } from './editor/settings';
import { activateExplorer } from './explorer';

/** What the extension returns from `activate`, for tests that must wait on real events. */
export interface ExtensionApi {
  onDidValidate: vscode.Event<vscode.Uri>;
  /** Resolves when the initial workspace scan (cross-file context) has finished. */
  workspaceScanned: Promise<void>;
  /** The Replication view's tree data, as VS Code renders it. */
  explorer: vscode.TreeDataProvider<unknown>;
}

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const log = vscode.window.createOutputChannel('S3 Replication Doctor', { log: true });
  const store = new DocumentStore(forcedKind, log);
  const diagnostics = new DiagnosticsController(store, log);
  context.subscriptions.push(log, store, diagnostics);

  const selector: vscode.DocumentSelector = [{ language: 'json' }, { language: 'jsonc' }];
  context.subscriptions.push(
    vscode.languages.registerCodeActionsProvider(selector, new ReplicationCodeActions(diagnostics), ReplicationCodeActions.metadata),
    vscode.commands.registerCommand('s3ReplicationDoctor.fixAll', () => fixAllInActiveEditor(diagnostics)),
  );

  let workspaceScanned = Promise.resolve();
  if (workspaceScanEnabled()) {
    store.watch();
    const cancel = new vscode.CancellationTokenSource();
    context.subscriptions.push(cancel);
    workspaceScanned = store.scanWorkspace(cancel.token).then(
      () => diagnostics.revalidateAll(),
      (err: unknown) => log.warn(`Workspace scan failed: ${err instanceof Error ? err.message : String(err)}`),
    );
  }
  diagnostics.start();
  registerGenerateRolePolicy(context);
  const explorer = activateExplorer(context, log);
  diagnostics.setLiveContext(explorer.liveContext);
  context.subscriptions.push(explorer.onDidChangeLive(() => diagnostics.revalidateLive()));
  activateFixCommands(context, { ...explorer, log });
  return { onDidValidate: diagnostics.onDidValidate, workspaceScanned, explorer: explorer.provider };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
