/**
 * The Get Started walkthrough's commands (open it, open the sample configuration, show a quick fix)
 * and the context keys its steps complete on: a step is done when the user did the thing, not when a
 * button was pressed.
 */
import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE } from '../editor/diagnosticFactory';
import type { ExplorerHandle } from '../explorer';
import { freeSampleName, inFixOrder, isLocalEndpoint, SAMPLE_CONFIGURATION, WALKTHROUGH_COMMANDS, WALKTHROUGH_CONTEXT, walkthroughRef } from './walkthrough';

/** How many problems of a file are asked for their fixes before giving up on finding one. */
const MAX_PROBLEMS_TRIED = 20;
/** Time for a walkthrough button's click to settle before the editor takes focus for the quick fix menu. */
const FOCUS_SETTLE_MS = 300;
/** How long after the walkthrough is shown its steps are surely registered. */
const REGISTRATION_GRACE_MS = 500;

function ourProblems(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === DIAGNOSTIC_SOURCE);
}

function errorCount(uri: vscode.Uri): number {
  return ourProblems(uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length;
}

async function existsOnDisk(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch (err) {
    // Anything but "not found" (no permission, a broken mount) counts as taken: never write over it.
    return !(err instanceof vscode.FileSystemError && err.code === 'FileNotFound');
  }
}

/** Where a new editor goes: beside the walkthrough (or whatever is open), else the first group. */
function besideWhatIsOpen(): vscode.ViewColumn {
  return vscode.window.tabGroups.activeTabGroup.activeTab ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
}

class GetStarted implements vscode.Disposable {
  /** Open samples → their error count when first checked; fewer errors later completes the "fix" step. */
  private readonly samples = new Map<string, { uri: vscode.Uri; errors?: number }>();
  private readonly contextValues = new Map<string, boolean>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly explorer: ExplorerHandle) {
    this.disposables.push(
      vscode.languages.onDidChangeDiagnostics((e) => {
        for (const uri of e.uris) this.sampleChecked(uri);
      }),
      vscode.workspace.onDidCloseTextDocument((d) => this.samples.delete(d.uri.toString())),
      explorer.provider.onDidChangeState(() => this.explorerChanged()),
    );
    this.explorerChanged();
  }

  private setContext(key: string, value: boolean): Thenable<unknown> {
    if (this.contextValues.get(key) === value) return Promise.resolve();
    this.contextValues.set(key, value);
    return vscode.commands.executeCommand('setContext', key, value);
  }

  /**
   * Opens the walkthrough. VS Code ignores an `onContext` completion whose key is already true when
   * it registers the walkthrough (it does so lazily, when one is first shown): the step would never
   * complete. So the keys that are true are turned off while it opens, and on again once it is shown.
   */
  async openWalkthrough(ref: string): Promise<void> {
    const on = [...this.contextValues].filter(([, value]) => value).map(([key]) => key);
    for (const key of on) await this.setContext(key, false);
    try {
      await vscode.commands.executeCommand('workbench.action.openWalkthrough', ref, false);
      await new Promise((resolve) => setTimeout(resolve, REGISTRATION_GRACE_MS));
    } finally {
      for (const key of on) await this.setContext(key, true);
    }
  }

  private sampleChecked(uri: vscode.Uri): void {
    const sample = this.samples.get(uri.toString());
    if (!sample) return;
    const errors = errorCount(uri);
    if (sample.errors === undefined) {
      if (errors > 0) sample.errors = errors;
    } else if (errors < sample.errors) {
      void this.setContext(WALKTHROUGH_CONTEXT.sampleFixed, true);
    }
  }

  private explorerChanged(): void {
    const { session } = this.explorer;
    const listed = session.existing?.list.state === 'loaded';
    void this.setContext(WALKTHROUGH_CONTEXT.bucketsListed, listed);
    void this.setContext(WALKTHROUGH_CONTEXT.sandboxListed, listed && isLocalEndpoint(session.endpoint));
  }

  /**
   * A new editor with the sample: an untitled document named after a free file of the first workspace
   * folder (Save writes it there), or a plain untitled one without a folder. Nothing on disk is touched.
   */
  async openSample(): Promise<vscode.TextEditor> {
    const folder = vscode.workspace.workspaceFolders?.[0];
    const open = new Set(vscode.workspace.textDocuments.map((d) => d.uri.path));
    const name = folder ? await freeSampleName(async (n) => open.has(vscode.Uri.joinPath(folder.uri, n).path) || existsOnDisk(vscode.Uri.joinPath(folder.uri, n))) : undefined;
    if (!folder || !name) {
      const document = await vscode.workspace.openTextDocument({ language: 'json', content: SAMPLE_CONFIGURATION });
      this.samples.set(document.uri.toString(), { uri: document.uri });
      return vscode.window.showTextDocument(document, { viewColumn: besideWhatIsOpen() });
    }
    const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, name).with({ scheme: 'untitled' }));
    this.samples.set(document.uri.toString(), { uri: document.uri });
    // Shown first, then filled through its editor: a workspace edit on a document without an editor opens one more.
    const editor = await vscode.window.showTextDocument(document, { viewColumn: besideWhatIsOpen() });
    if (!(await editor.edit((b) => b.insert(new vscode.Position(0, 0), SAMPLE_CONFIGURATION)))) throw new Error(`could not write the sample into ${name}`);
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    return editor;
  }

  /** The documents to look for a problem in: the newest open sample first, then the visible editors (the active one first). */
  private candidates(): vscode.TextDocument[] {
    const open = new Map(vscode.workspace.textDocuments.map((d) => [d.uri.toString(), d]));
    const samples = [...this.samples.keys()].reverse().flatMap((k) => open.get(k) ?? []);
    const active = vscode.window.activeTextEditor?.document;
    const visible = vscode.window.visibleTextEditors.map((e) => e.document);
    return [...new Set([...samples, ...(active ? [active] : []), ...visible])];
  }

  /** Puts the cursor on the first problem that has a fix (errors first) and opens VS Code's quick fix menu there. */
  async showQuickFix(): Promise<void> {
    for (const document of this.candidates()) {
      const problems = ourProblems(document.uri).map((d) => ({ d, severity: d.severity, line: d.range.start.line, character: d.range.start.character }));
      for (const { d } of inFixOrder(problems).slice(0, MAX_PROBLEMS_TRIED)) {
        const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, d.range, vscode.CodeActionKind.QuickFix.value);
        if (!actions?.length) continue;
        const column = vscode.window.visibleTextEditors.find((e) => e.document === document)?.viewColumn ?? besideWhatIsOpen();
        const editor = await vscode.window.showTextDocument(document, { viewColumn: column });
        editor.selection = new vscode.Selection(d.range.start, d.range.start);
        editor.revealRange(d.range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
        // Run from a walkthrough button, the Welcome page takes focus back once its click settles, and the
        // quick fix menu closes when its editor loses focus: let the click settle, then focus the editor.
        await new Promise((resolve) => setTimeout(resolve, FOCUS_SETTLE_MS));
        await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, preserveFocus: false });
        await vscode.commands.executeCommand('editor.action.quickFix');
        return;
      }
    }
    const open = 'Open Sample Configuration';
    if ((await vscode.window.showInformationMessage('No problem with a quick fix in the open editors. Open the sample replication configuration?', open)) === open) {
      await this.openSample();
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

export function activateGetStarted(context: vscode.ExtensionContext, explorer: ExplorerHandle, log: vscode.LogOutputChannel): void {
  const getStarted = new GetStarted(explorer);
  const run =
    (name: string, fn: () => Promise<unknown>) =>
    async (): Promise<void> => {
      try {
        await fn();
      } catch (err) {
        const text = err instanceof Error ? err.message : String(err);
        log.error(`[get started] ${name}: ${text}`);
        void vscode.window.showErrorMessage(`S3 Replication Doctor: ${name} failed: ${text}`);
      }
    };
  context.subscriptions.push(
    getStarted,
    vscode.commands.registerCommand(WALKTHROUGH_COMMANDS.getStarted, run('open the walkthrough', () => getStarted.openWalkthrough(walkthroughRef(context.extension.id)))),
    vscode.commands.registerCommand(WALKTHROUGH_COMMANDS.openSample, run('open the sample configuration', () => getStarted.openSample())),
    vscode.commands.registerCommand(WALKTHROUGH_COMMANDS.showQuickFix, run('show a quick fix', () => getStarted.showQuickFix())),
  );
}
