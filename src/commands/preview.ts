/**
 * The preview of a write: for each step, a diff editor between the live document and the one that
 * will be written, both read-only virtual documents (nothing touches the user's files).
 */
import * as vscode from 'vscode';
import { stepTarget, type WritePlan } from '../core/live/writePlan';
import { previewTabs } from './previewTabs';

export const PREVIEW_SCHEME = 's3-replication-doctor-preview';
/** Previews kept for reopening from the editor history; older ones are dropped. */
const KEPT = 40;

export class PreviewDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private counter = 0;
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, this);

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? 'This preview is no longer available: run the command again.';
  }

  private put(side: string, name: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `/${this.counter}/${side}/${name}` });
    this.texts.set(uri.toString(), text);
    while (this.texts.size > KEPT) this.texts.delete(this.texts.keys().next().value as string);
    return uri;
  }

  /** Opens one diff per step that writes a document; returns their documents' addresses, for `close`. */
  async show(plan: WritePlan): Promise<string[]> {
    this.counter++;
    const shown: string[] = [];
    for (const step of plan.steps) {
      const left = this.put('live', step.previewName, step.before);
      const right = this.put('proposed', step.previewName, step.after);
      shown.push(left.toString(), right.toString());
      const title = `${stepTarget(step)}: ${step.previewName} (${step.before ? 'live' : 'none'} ↔ proposed)`;
      await vscode.commands.executeCommand('vscode.diff', left, right, title, { preview: false });
    }
    return shown;
  }

  /**
   * Closes the diff tabs `show` opened, in every editor group: once the write is done (or declined)
   * they show a proposal that no longer is one. Tabs the user already closed are not there to close.
   */
  async close(shown: readonly string[]): Promise<void> {
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs);
    const ours = previewTabs(tabs.map((t) => (t.input instanceof vscode.TabInputTextDiff ? { original: t.input.original.toString(), modified: t.input.modified.toString() } : undefined)), shown);
    if (ours.length > 0) await vscode.window.tabGroups.close(ours.map((i) => tabs[i]));
  }

  dispose(): void {
    this.registration.dispose();
    this.texts.clear();
  }
}
