/** Reads the extension's resource-scoped settings for a document. */
import * as vscode from 'vscode';
import { DOCUMENT_KINDS, DocumentKind } from '../core/classify';
import { globMatches } from '../core/glob';

export const SECTION = 's3ReplicationDoctor';

export function isEnabled(uri: vscode.Uri): boolean {
  return vscode.workspace.getConfiguration(SECTION, uri).get<boolean>('enable', true);
}

/** How info findings are shown: as Information, as hints (not in the Problems panel), or not at all. */
export type InfoDisplay = 'show' | 'hint' | 'hide';

export function infoDisplay(uri?: vscode.Uri): InfoDisplay {
  const value = vscode.workspace.getConfiguration(SECTION, uri).get<string>('info', 'show');
  return value === 'hint' || value === 'hide' ? value : 'show';
}

/**
 * Which files get problems: `workspace` (every scanned file, open or not, as the CLI reports the
 * folder) or `openFiles` (only files open in an editor, as ESLint's default).
 */
export type ProblemScope = 'workspace' | 'openFiles';

export function problemScope(): ProblemScope {
  return vscode.workspace.getConfiguration(SECTION).get<string>('problems', 'workspace') === 'openFiles' ? 'openFiles' : 'workspace';
}

export function workspaceScanEnabled(): boolean {
  return vscode.workspace.getConfiguration(SECTION).get<boolean>('workspaceScan', true);
}

/** The scan reads files only when it is on and checking is on for the window or one of its folders. */
export function workspaceScanWanted(): boolean {
  if (!workspaceScanEnabled()) return false;
  const folders = vscode.workspace.workspaceFolders ?? [];
  return folders.length === 0 ? vscode.workspace.getConfiguration(SECTION).get<boolean>('enable', true) : folders.some((f) => isEnabled(f.uri));
}

/** The kind forced by the `fileKinds` setting for this file, if a glob matches. */
export function forcedKind(uri: vscode.Uri): DocumentKind | undefined {
  const map = vscode.workspace.getConfiguration(SECTION, uri).get<Record<string, string>>('fileKinds', {});
  const entries = Object.entries(map ?? {});
  if (entries.length === 0) return undefined;
  const relative = vscode.workspace.asRelativePath(uri, false);
  for (const [glob, kind] of entries) {
    if ((DOCUMENT_KINDS as readonly string[]).includes(kind) && globMatches(glob, relative)) return kind as DocumentKind;
  }
  return undefined;
}

/** Indentation the user's editor would use for this document, so fixes look typed by hand. */
export function formattingFor(document: vscode.TextDocument): { tabSize: number; insertSpaces: boolean; eol: string } {
  const eol = document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
  const editor = vscode.window.visibleTextEditors.find((e) => e.document === document);
  if (editor && typeof editor.options.tabSize === 'number' && typeof editor.options.insertSpaces === 'boolean') {
    return { tabSize: editor.options.tabSize, insertSpaces: editor.options.insertSpaces, eol };
  }
  const cfg = vscode.workspace.getConfiguration('editor', { uri: document.uri, languageId: document.languageId });
  return { tabSize: cfg.get<number>('tabSize', 2), insertSpaces: cfg.get<boolean>('insertSpaces', true), eol };
}
