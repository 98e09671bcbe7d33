/** Activation only wires the parts together; each part owns its listeners and disposables. */
import * as vscode from 'vscode';
import { activateFixCommands } from './commands';
import { activateGetStarted } from './commands/getStarted';
import { ActionAssist } from './editor/actionAssist';
import { ReplicationCodeActions, fixAllInActiveEditor } from './editor/codeActions';
import { DiagnosticsController } from './editor/diagnostics';
import { registerGenerateRolePolicy } from './editor/commands/generateRolePolicy';
import { registerTurnOffRule } from './editor/commands/turnOffRule';
import { DocumentStore } from './editor/documentStore';
import { ProjectConfigs } from './editor/projectConfigs';
import { CHECKED_SELECTOR } from './editor/languages';
import { forcedKind, infoDisplay, workspaceScanWanted } from './editor/settings';
import { registerSchemaProvider } from './editor/schemaProvider';
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
  // First: VS Code's JSON server may be waiting on this activation for our schemas.
  registerSchemaProvider(context, log);
  const configs = new ProjectConfigs(log);
  // The fileKinds setting first (the user's word), then the project file's.
  const store = new DocumentStore(async (uri) => forcedKind(uri) ?? (await configs.forFile(uri)).kind, log);
  const diagnostics = new DiagnosticsController(store, configs, log);
  context.subscriptions.push(log, configs, store, diagnostics);
  configs.watch();

  context.subscriptions.push(
    vscode.languages.registerCodeActionsProvider(CHECKED_SELECTOR, new ReplicationCodeActions(diagnostics), ReplicationCodeActions.metadata),
    vscode.commands.registerCommand('s3ReplicationDoctor.fixAll', () => fixAllInActiveEditor(diagnostics)),
  );
  const assist = new ActionAssist((document) => store.get(document.uri.toString())?.kind);
  context.subscriptions.push(vscode.languages.registerCompletionItemProvider(CHECKED_SELECTOR, assist, ':'), vscode.languages.registerHoverProvider(CHECKED_SELECTOR, assist));

  // The first scan that runs to its end (or none, when scanning is off) resolves this.
  let markScanned: () => void = () => undefined;
  const workspaceScanned = new Promise<void>((resolve) => (markScanned = resolve));
  const scan = (full = false): Promise<void> =>
    store.scanWorkspace(full).then(
      (cost) => {
        if (cost && !cost.cancelled) markScanned();
        diagnostics.revalidateAll();
      },
      (err: unknown) => {
        markScanned();
        log.warn(`Workspace scan failed: ${err instanceof Error ? err.message : String(err)}`);
      },
    );
  // Kinds decide which files are context: when they may have changed, read the workspace again.
  const rescan = (full = false): void => {
    if (workspaceScanWanted()) {
      store.watch();
      void scan(full);
    } else {
      store.cancelScan();
      store.forgetDisk();
      markScanned();
      diagnostics.revalidateAll();
    }
  };
  rescan();
  context.subscriptions.push(
    configs.onDidChange(() => rescan()),
    store.onDidWantFullScan(() => rescan(true)),
    vscode.workspace.onDidChangeWorkspaceFolders(() => {
      store.forgetDisk((uri) => vscode.workspace.getWorkspaceFolder(uri) !== undefined);
      rescan();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (['fileKinds', 'workspaceScan', 'enable'].some((s) => e.affectsConfiguration(`s3ReplicationDoctor.${s}`))) rescan();
    }),
  );
  diagnostics.start();
  registerGenerateRolePolicy(context);
  registerTurnOffRule(context, configs);
  const explorer = activateExplorer(context, log);
  // The view judges an account, not a repository: the user's rules setting and info display apply, project files do not.
  const findingSettings = () => explorer.session.setFindingSettings({ rules: configs.settingLayer(undefined), hideInfo: infoDisplay() === 'hide' });
  findingSettings();
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('s3ReplicationDoctor.rules') || e.affectsConfiguration('s3ReplicationDoctor.info')) findingSettings();
    }),
  );
  diagnostics.setLiveContext(explorer.liveContext);
  context.subscriptions.push(explorer.onDidChangeLive(() => diagnostics.revalidateLive()));
  activateFixCommands(context, { ...explorer, log });
  activateGetStarted(context, explorer, log);
  return { onDidValidate: diagnostics.onDidValidate, workspaceScanned, explorer: explorer.provider };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
