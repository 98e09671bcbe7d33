/** Helpers for tests running inside the extension host, against the installed extension. */
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { poll } from '../harness/poll';

export const EXTENSION_ID = 's3-replication-doctor.s3-replication-doctor';
export const SOURCE = 'S3 Replication Doctor';
const VALIDATION_TIMEOUT_MS = 15_000;

/** What the extension's `activate` returns (src/extension.ts `ExtensionApi`), as far as these tests use it. */
interface ExtensionApi {
  onDidValidate: vscode.Event<vscode.Uri>;
  workspaceScanned: Promise<void>;
  /** The Replication view's data provider: the only way a test can read the tree's items. */
  explorer?: vscode.TreeDataProvider<unknown>;
}

/** Document version whose diagnostics were last published, by URI. */
const validatedVersions = new Map<string, number>();
let ready: Promise<ExtensionApi> | undefined;

/** The installed extension, activated, with its workspace scan done (so cross-file context is complete). */
export function extension(): vscode.Extension<ExtensionApi> {
  const ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not installed in this code-server profile`);
  return ext;
}

export function activated(): Promise<ExtensionApi> {
  ready ??= (async () => {
    const api = await extension().activate();
    assert.ok(api && typeof api.onDidValidate === 'function', 'activate() did not return the ExtensionApi (onDidValidate, workspaceScanned)');
    api.onDidValidate((uri) => {
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      if (doc) validatedVersions.set(uri.toString(), doc.version);
    });
    await api.workspaceScanned;
    return api;
  })();
  return ready;
}

export function workspaceUri(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workbench was opened without a folder');
  return vscode.Uri.joinPath(folder.uri, name);
}

/** Resolves once the diagnostics of the document's current version are published. */
export async function validated(doc: vscode.TextDocument): Promise<void> {
  await poll(`diagnostics of ${doc.uri.path} v${doc.version}`, () => validatedVersions.get(doc.uri.toString()) === doc.version, {
    timeoutMs: VALIDATION_TIMEOUT_MS,
    intervalMs: 25,
  });
}

/** Opens a workspace file in an editor and waits for its diagnostics. */
export async function openValidated(name: string): Promise<vscode.TextDocument> {
  await activated();
  const doc = await vscode.workspace.openTextDocument(workspaceUri(name));
  await vscode.window.showTextDocument(doc);
  await validated(doc);
  return doc;
}

export function ruleId(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

/** Our diagnostics on a document. */
export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

const SEVERITY_NAMES = ['error', 'warning', 'info', 'hint'];

/** `error rc-x @ line 8`: what a user sees in the Problems panel (1-based line), comparable as text. */
export function summarize(d: vscode.Diagnostic): string {
  return `${SEVERITY_NAMES[d.severity]} ${ruleId(d)} @ line ${d.range.start.line + 1}`;
}

/** Our errors and warnings, described and sorted: the "exactly these problems" a walkthrough file must show. */
export function problems(uri: vscode.Uri): string[] {
  return ours(uri)
    .filter((d) => d.severity <= vscode.DiagnosticSeverity.Warning)
    .map(summarize)
    .sort();
}

/** Undo everything a test did to an open document (in memory only; nothing is saved) and wait for re-validation. */
export async function revert(doc: vscode.TextDocument): Promise<void> {
  if (!doc.isDirty) return;
  await vscode.window.showTextDocument(doc);
  await vscode.commands.executeCommand('workbench.action.files.revert');
  await validated(doc);
}

/** The one preferred quick fix of a diagnostic of `rule` on the document, its edit resolved (as the lightbulb does on a pick). */
export async function preferredFix(doc: vscode.TextDocument, rule: string): Promise<vscode.CodeAction> {
  const diagnostic = ours(doc.uri).find((d) => ruleId(d) === rule);
  assert.ok(diagnostic, `no ${rule} diagnostic on ${doc.uri.path}; it has: ${ours(doc.uri).map(summarize).join('; ') || 'none'}`);
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
    'vscode.executeCodeActionProvider',
    doc.uri,
    diagnostic.range,
    vscode.CodeActionKind.QuickFix.value,
    // Edits are computed when an action is resolved (as the lightbulb does on a pick): resolve them all.
    100,
  );
  // The API command returns the actions for the diagnostics under the range, without their `diagnostics`;
  // the range is the diagnostic's own key node, so the preferred one is this diagnostic's.
  const preferred = actions.filter((a): a is vscode.CodeAction => 'isPreferred' in a && a.isPreferred === true);
  assert.equal(preferred.length, 1, `expected one preferred quick fix for ${rule}, got: ${actions.map((a) => a.title).join('; ') || 'none'}`);
  assert.ok(preferred[0].edit, `the quick fix "${preferred[0].title}" carries no edit`);
  return preferred[0];
}
