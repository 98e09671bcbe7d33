/**
 * Parsed documents the editor analyses together: open editors (by version) and, when the workspace
 * scan is on, the workspace's replication configurations, policies and templates read from disk.
 * Only documents the engine recognises are kept, so cross-file context stays small. A template is
 * kept as one document; `analyze` expands it into the documents it holds (cached by text).
 */
import * as vscode from 'vscode';
import { DocumentKind } from '../core/classify';
import { JsonDocument, TextEncoding } from '../core/document';
import { decodeBytes } from '../core/encoding';
import { readDocument } from '../core/formats';
import { FormattingOptions } from 'jsonc-parser';
import { isConfigDocument } from './projectConfigs';
import { inSkippedFolder, scannedFilesGlob, skippedFilesGlob } from './languages';

/**
 * Files larger than this are not read by the scan: a replication configuration tops out at 2 MB,
 * a CloudFormation template at 1 MB.
 */
const MAX_SCAN_BYTES = 2 * 1024 * 1024;
const SCAN_LIMIT = 5000;

export interface StoredDocument {
  doc: JsonDocument;
  /** Editor version for open documents; -1 for text read from disk. */
  version: number;
  /** The kind it was parsed with, when one was forced. */
  forced?: DocumentKind;
}

export class DocumentStore implements vscode.Disposable {
  private readonly entries = new Map<string, StoredDocument>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<string>();
  /** Fires with the URI of a relevant document (from disk) that was added, changed or removed. */
  readonly onDidChangeContext = this.changed.event;

  /**
   * @param kindFor the kind settings or the project file force for a file (read from disk when
   *   the scan reaches it; the caller gives it for open documents)
   */
  constructor(
    private readonly kindFor: (uri: vscode.Uri) => Promise<DocumentKind | undefined>,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** The parsed form of an open document, re-parsed only when its version or forced kind changed. */
  fromEditor(document: vscode.TextDocument, formatting: FormattingOptions, kind: DocumentKind | undefined): JsonDocument {
    const key = document.uri.toString();
    const hit = this.entries.get(key);
    if (hit && hit.version === document.version && hit.forced === kind && sameFormatting(hit.doc.formatting, formatting) && hit.doc.encoding === editorEncoding(document)) return hit.doc;
    const doc = readDocument({ uri: key, text: document.getText(), kind, formatting, encoding: editorEncoding(document) });
    this.entries.set(key, { doc, version: document.version, forced: kind });
    return doc;
  }

  /** Every relevant document known, open or scanned. */
  relevant(): JsonDocument[] {
    const out: JsonDocument[] = [];
    for (const e of this.entries.values()) if (e.doc.kind !== 'unrelated') out.push(e.doc);
    return out;
  }

  /** The relevant documents read from disk (no editor has them open). */
  fromDisk(): JsonDocument[] {
    const out: JsonDocument[] = [];
    for (const e of this.entries.values()) if (e.version === -1 && e.doc.kind !== 'unrelated') out.push(e.doc);
    return out;
  }

  get(uri: string): JsonDocument | undefined {
    return this.entries.get(uri)?.doc;
  }

  /** An editor closed: fall back to the file on disk (it may still be context for others). */
  async closed(document: vscode.TextDocument, scanning: boolean): Promise<void> {
    this.entries.delete(document.uri.toString());
    if (scanning && document.uri.scheme === 'file') await this.readFromDisk(document.uri);
  }

  async scanWorkspace(token?: vscode.CancellationToken): Promise<void> {
    const uris = await vscode.workspace.findFiles(scannedFilesGlob(), skippedFilesGlob(), SCAN_LIMIT, token);
    for (const uri of uris) {
      if (token?.isCancellationRequested) return;
      await this.readFromDisk(uri);
    }
    this.log.info(`Workspace scan: ${uris.length} files, ${this.relevant().length} replication configurations, policies or templates.`);
  }

  watch(): void {
    const watcher = vscode.workspace.createFileSystemWatcher(scannedFilesGlob());
    const refresh = (uri: vscode.Uri) => void this.readFromDisk(uri).then(() => this.changed.fire(uri.toString()));
    watcher.onDidCreate(refresh, undefined, this.disposables);
    watcher.onDidChange(refresh, undefined, this.disposables);
    watcher.onDidDelete(
      (uri) => {
        const key = uri.toString();
        if (this.entries.get(key)?.version === -1 && this.entries.delete(key)) this.changed.fire(key);
      },
      undefined,
      this.disposables,
    );
    this.disposables.push(watcher);
  }

  private async readFromDisk(uri: vscode.Uri): Promise<void> {
    const key = uri.toString();
    const existing = this.entries.get(key);
    if (existing && existing.version !== -1) return; // an open editor's text wins over the disk
    if (inSkippedFolder(uri) || isConfigDocument(uri)) return;
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.size > MAX_SCAN_BYTES) return;
      const { text, encoding } = decodeBytes(await vscode.workspace.fs.readFile(uri));
      const kind = await this.kindFor(uri);
      const current = this.entries.get(key);
      if (current && current.version !== -1) return; // opened in an editor meanwhile
      const doc = readDocument({ uri: key, text, kind, encoding });
      if (doc.kind === 'unrelated') this.entries.delete(key);
      else this.entries.set(key, { doc, version: -1, forced: kind });
    } catch (err) {
      this.entries.delete(key);
      this.log.debug(`Could not read ${uri.fsPath}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  dispose(): void {
    this.changed.dispose();
    for (const d of this.disposables) d.dispose();
    this.entries.clear();
  }
}

function sameFormatting(a: FormattingOptions | undefined, b: FormattingOptions): boolean {
  return !!a && a.tabSize === b.tabSize && a.insertSpaces === b.insertSpaces && a.eol === b.eol;
}

/**
 * The encoding VS Code opened the file with (`TextDocument.encoding`, VS Code 1.100 and later: the
 * text never holds the byte order mark). Older hosts do not say; the file is then taken as UTF-8.
 */
export function editorEncoding(document: vscode.TextDocument): TextEncoding {
  const encoding = (document as { encoding?: unknown }).encoding;
  return encoding === 'utf8bom' || encoding === 'utf16le' || encoding === 'utf16be' ? encoding : 'utf8';
}
