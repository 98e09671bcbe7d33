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
import { DEFAULT_QUIET_LIMIT, LoadedFile, ScanCost, describeCost, mayBeAws, scanFiles } from './workspaceScan';

/**
 * Files larger than this are not read by the scan: a replication configuration tops out at 2 MB,
 * a CloudFormation template at 1 MB.
 */
const MAX_SCAN_BYTES = 2 * 1024 * 1024;
const SCAN_LIMIT = 5000;
/** The scan waits until the user has not typed for this long. */
const TYPING_PAUSE_MS = 250;

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
  private readonly resume = new vscode.EventEmitter<void>();
  /** Fires when a file of ours turns up after the scan stopped early: the caller scans to the end. */
  readonly onDidWantFullScan = this.resume.event;
  private scanSource: vscode.CancellationTokenSource | undefined;
  /** The last scan stopped early (nothing about AWS in its first files). */
  private stoppedEarly = false;
  private watching = false;
  private lastEdit = 0;

  /**
   * @param kindFor the kind settings or the project file force for a file (read from disk when
   *   the scan reaches it; the caller gives it for open documents)
   */
  constructor(
    private readonly kindFor: (uri: vscode.Uri) => Promise<DocumentKind | undefined>,
    private readonly log: vscode.LogOutputChannel,
  ) {
    // Typing, not output channels or virtual documents changing.
    this.disposables.push(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.scheme === 'file' || e.document.uri.scheme === 'untitled') this.lastEdit = Date.now();
      }),
    );
  }

  /** The parsed form of an open document, re-parsed only when its version or forced kind changed. */
  fromEditor(document: vscode.TextDocument, formatting: FormattingOptions, kind: DocumentKind | undefined): JsonDocument {
    const key = document.uri.toString();
    const hit = this.entries.get(key);
    if (hit && hit.version === document.version && hit.forced === kind && sameFormatting(hit.doc.formatting, formatting) && hit.doc.encoding === editorEncoding(document)) return hit.doc;
    const doc = readDocument({ uri: key, text: document.getText(), kind, formatting, encoding: editorEncoding(document) });
    this.entries.set(key, { doc, version: document.version, forced: kind });
    if (doc.kind !== 'unrelated' && vscode.workspace.getWorkspaceFolder(document.uri)) this.foundOurs();
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

  /**
   * Reads the workspace's files in the background (see workspaceScan.ts): a scan started while
   * another runs cancels it. `full` reads to the end even where nothing looks like AWS (a file of
   * ours was found after a scan had stopped early). Undefined when cancelled before listing.
   */
  async scanWorkspace(full = false): Promise<ScanCost | undefined> {
    this.cancelScan();
    const source = new vscode.CancellationTokenSource();
    this.scanSource = source;
    const token = source.token;
    try {
      const uris = await vscode.workspace.findFiles(scannedFilesGlob(), skippedFilesGlob(), SCAN_LIMIT, token);
      if (token.isCancellationRequested) return undefined;
      const files = uris.filter((u) => !inSkippedFolder(u) && !isConfigDocument(u)).map((u) => ({ uri: u.toString(), path: u.path }));
      const cost = await scanFiles(
        files,
        {
          load: (f) => this.load(vscode.Uri.parse(f.uri)),
          keep: (f, text, encoding, forced) => this.keep(f.uri, text, encoding, forced),
          unrelated: (f) => this.dropDisk(f.uri),
          cancelled: () => token.isCancellationRequested,
          idle: () => this.idle(token),
        },
        // Once a file of ours is known (open or read before), the workspace is about AWS: no early stop.
        { quietLimit: full || this.relevant().length > 0 ? 0 : DEFAULT_QUIET_LIMIT },
      );
      this.log.info(describeCost(cost) + (uris.length >= SCAN_LIMIT ? ` Only the first ${SCAN_LIMIT.toLocaleString('en-US')} files were listed.` : ''));
      if (!cost.cancelled) this.stoppedEarly = cost.stoppedEarly;
      // A file of ours was opened while the scan ran: it stopped for nothing.
      if (this.stoppedEarly && this.relevant().length > 0) this.foundOurs();
      return cost;
    } finally {
      if (this.scanSource === source) this.scanSource = undefined;
      source.dispose();
    }
  }

  /** Stops a running scan (the workspace or a setting changed); what it read so far stays. */
  cancelScan(): void {
    this.scanSource?.cancel();
  }

  /** Forgets every file read from disk (the scan was turned off), or those outside the workspace folders now open. */
  forgetDisk(keep: (uri: vscode.Uri) => boolean = () => false): void {
    for (const [key, e] of this.entries) {
      if (e.version === -1 && !keep(vscode.Uri.parse(key))) this.entries.delete(key);
    }
    this.stoppedEarly = false;
  }

  watch(): void {
    if (this.watching) return;
    this.watching = true;
    const watcher = vscode.workspace.createFileSystemWatcher(scannedFilesGlob());
    const refresh = (uri: vscode.Uri) => void this.readFromDisk(uri).then(() => this.changed.fire(uri.toString()));
    watcher.onDidCreate(refresh, undefined, this.disposables);
    watcher.onDidChange(refresh, undefined, this.disposables);
    watcher.onDidDelete(
      (uri) => {
        const key = uri.toString();
        if (this.dropDisk(key)) this.changed.fire(key);
      },
      undefined,
      this.disposables,
    );
    this.disposables.push(watcher);
  }

  /** A file the scan did not reach, or that changed on disk: read alone, with the same pre-filter. */
  private async readFromDisk(uri: vscode.Uri): Promise<void> {
    const key = uri.toString();
    if (inSkippedFolder(uri) || isConfigDocument(uri)) return;
    const got = await this.load(uri);
    if (!got) {
      this.dropDisk(key);
      return;
    }
    const { text, encoding } = decodeBytes(got.bytes);
    if (got.forced === undefined && !mayBeAws(uri.path, text)) this.dropDisk(key);
    else this.keep(key, text, encoding, got.forced);
  }

  /** A file's bytes and forced kind; undefined when an editor has it open, it is too large, or it cannot be read. */
  private async load(uri: vscode.Uri): Promise<LoadedFile | undefined> {
    const existing = this.entries.get(uri.toString());
    if (existing && existing.version !== -1) return undefined; // an open editor's text wins over the disk
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.size > MAX_SCAN_BYTES) return undefined;
      const bytes = await vscode.workspace.fs.readFile(uri);
      return { bytes, forced: await this.kindFor(uri) };
    } catch (err) {
      this.log.debug(`Could not read ${uri.fsPath}: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    }
  }

  /** Parses a file read from disk and keeps it when it is ours; true when it is. */
  private keep(key: string, text: string, encoding: TextEncoding, kind: DocumentKind | undefined): boolean {
    const current = this.entries.get(key);
    if (current && current.version !== -1) return current.doc.kind !== 'unrelated'; // opened in an editor meanwhile
    const doc = kind === 'unrelated' ? undefined : readDocument({ uri: key, text, kind, encoding });
    if (!doc || doc.kind === 'unrelated') {
      this.dropDisk(key);
      return false;
    }
    this.entries.set(key, { doc, version: -1, forced: kind });
    this.foundOurs();
    return true;
  }

  /** Forgets a file's copy from disk (not an open editor's); true when there was one. */
  private dropDisk(key: string): boolean {
    return this.entries.get(key)?.version === -1 && this.entries.delete(key);
  }

  /** A file of ours turned up (opened, or changed on disk) after the scan stopped early: the workspace is about AWS after all. */
  private foundOurs(): void {
    if (!this.stoppedEarly) return;
    this.stoppedEarly = false;
    this.log.info('A replication configuration, policy or template turned up: the workspace scan resumes.');
    this.resume.fire();
  }

  /** Waits while the user types: the scan gives way to the editor. */
  private async idle(token: vscode.CancellationToken): Promise<void> {
    for (;;) {
      const wait = this.lastEdit + TYPING_PAUSE_MS - Date.now();
      if (wait <= 0 || token.isCancellationRequested) return;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  dispose(): void {
    this.cancelScan();
    this.changed.dispose();
    this.resume.dispose();
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
