/**
 * Quick fixes for our diagnostics (computed by the engine, applied with the editor's formatting),
 * plus "fix all in file" when the preferred fixes do not overlap.
 */
import * as vscode from 'vscode';
import { Finding, Fix, TextEdit } from '../core/findings';
import { applyNonOverlapping, diffEdit } from '../core/fixes';
import { DiagnosticsController } from './diagnostics';
import { DIAGNOSTIC_SOURCE, diagnosticKey } from './diagnosticFactory';

export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('s3ReplicationDoctor');

export class ReplicationCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND],
  };

  constructor(private readonly diagnostics: DiagnosticsController) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const published = this.diagnostics.findingsFor(document);
    if (!published) return [];
    if (context.only && FIX_ALL_KIND.contains(context.only)) {
      const all = fixAllAction(document, published.findings, FIX_ALL_KIND);
      return all ? [all] : [];
    }
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
      const finding = published.byKey.get(diagnosticKey(diagnostic));
      for (const fix of finding?.fixes ?? []) {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        action.isPreferred = fix.preferred === true;
        action.edit = workspaceEdit(document, safeEdits(fix));
        actions.push(action);
      }
    }
    if (actions.length > 0) {
      const all = fixAllAction(document, published.findings, vscode.CodeActionKind.QuickFix);
      if (all) actions.push(all);
    }
    return actions;
  }
}

/** "Fix all": every preferred fix, in one edit, when there are at least two that do not overlap. */
function fixAllAction(document: vscode.TextDocument, findings: Finding[], kind: vscode.CodeActionKind): vscode.CodeAction | undefined {
  const preferred = findings.flatMap((f) => f.fixes?.filter((x) => x.preferred) ?? []);
  if (preferred.length < (kind === FIX_ALL_KIND ? 1 : 2)) return undefined;
  const before = document.getText();
  const { text, applied } = applyNonOverlapping(before, preferred);
  if (applied === 0 || (kind !== FIX_ALL_KIND && applied < 2)) return undefined;
  const action = new vscode.CodeAction(`Fix all auto-fixable S3 Replication Doctor problems (${applied})`, kind);
  action.edit = workspaceEdit(document, [diffEdit(before, text)]);
  return action;
}

function safeEdits(fix: Fix): TextEdit[] {
  try {
    return fix.edits();
  } catch {
    return [];
  }
}

function workspaceEdit(document: vscode.TextDocument, edits: TextEdit[]): vscode.WorkspaceEdit {
  const we = new vscode.WorkspaceEdit();
  for (const e of edits) {
    we.replace(document.uri, new vscode.Range(document.positionAt(e.offset), document.positionAt(e.offset + e.length)), e.content);
  }
  return we;
}

/** Command: apply every preferred fix of the active editor (the palette counterpart of fix-all). */
export async function fixAllInActiveEditor(diagnostics: DiagnosticsController): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage('Open a replication configuration or policy JSON file first.');
    return;
  }
  const published = diagnostics.findingsFor(editor.document);
  const action = published && fixAllAction(editor.document, published.findings, FIX_ALL_KIND);
  if (!action?.edit) {
    void vscode.window.showInformationMessage('S3 Replication Doctor: nothing to fix automatically in this file.');
    return;
  }
  await vscode.workspace.applyEdit(action.edit);
}
