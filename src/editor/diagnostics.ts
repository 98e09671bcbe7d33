/**
 * As-you-type diagnostics: debounced per document, analysed against the other relevant documents
 * (cross-file rules). The findings behind the published diagnostics of open documents are kept per
 * document version for the code-action provider. The workspace scan's files that no editor has open
 * get their problems too (setting `problems`: `workspace`), from one analysis of them all, re-run
 * when a file or an open editor changes, so the Problems panel lists what the CLI lists.
 */
import * as vscode from 'vscode';
import { LIVE_SCHEME } from '../aws/liveUris';
import { PREVIEW_SCHEME } from '../commands/preview';
import { analyze } from '../core/analyze';
import { parseProjectConfig } from '../core/projectConfig/parse';
import { parseDocument, type JsonDocument, type LiveOrigin } from '../core/document';
import type { DocumentKind } from '../core/classify';
import type { LiveFacts } from '../core/facts';
import { Finding } from '../core/findings';
import type { FileSettings } from '../core/projectConfig/types';
import { LineIndex } from '../core/lines';
import { prepareFormats } from '../core/formats';
import { DocumentStore } from './documentStore';
import { isChecked } from './languages';
import { closedFileFindings } from './closedFindings';
import { toDiagnostic, diagnosticKey, DIAGNOSTIC_SOURCE } from './diagnosticFactory';
import { formattingFor, forcedKind, infoDisplay, isEnabled, problemScope, workspaceScanEnabled } from './settings';
import { FileConfiguration, ProjectConfigs, isConfigDocument } from './projectConfigs';

const DEBOUNCE_MS = 300;
/** Closed files are re-judged less eagerly than the file being typed in: it is the whole workspace. */
const CLOSED_DEBOUNCE_MS = 1_000;

/** Rules whose findings VS Code's own JSON language server already shows for `json` documents. */
const SHOWN_BY_JSON_SERVER: Record<string, ReadonlySet<string>> = {
  json: new Set(['json-syntax', 'json-comments']),
  jsonc: new Set(['json-syntax']),
};

export interface PublishedFindings {
  version: number;
  byKey: Map<string, Finding>;
  findings: Finding[];
}

/**
 * A document the Replication view fetched from AWS, as the explorer analysed it: its kind and origin,
 * the documents read with it (configuration, trust and permission policies) and the live facts.
 */
export interface LiveContext {
  kind: DocumentKind;
  live: LiveOrigin;
  others: JsonDocument[];
  facts: LiveFacts;
}

export class DiagnosticsController implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly published = new Map<string, PublishedFindings>();
  /** The latest validation started per document: an older one finishing later must not publish. */
  private readonly generation = new Map<string, number>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly validated = new vscode.EventEmitter<vscode.Uri>();
  private liveContext: (uri: string) => LiveContext | undefined = () => undefined;
  /** Closed files whose problems are published, from the last analysis of the workspace. */
  private readonly closedShown = new Set<string>();
  private closedTimer: NodeJS.Timeout | undefined;
  private closedGeneration = 0;
  private readonly closedPublished = new vscode.EventEmitter<void>();
  /** Fires after the problems of closed files were published again. */
  readonly onDidPublishClosed = this.closedPublished.event;
  /** Fires after diagnostics of a document were published (tests wait on it instead of sleeping). */
  readonly onDidValidate = this.validated.event;

  constructor(
    private readonly store: DocumentStore,
    private readonly configs: ProjectConfigs,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  start(): void {
    const ws = vscode.workspace;
    ws.onDidOpenTextDocument((d) => this.schedule(d, 0), undefined, this.disposables);
    ws.onDidChangeTextDocument((e) => this.documentChanged(e.document), undefined, this.disposables);
    ws.onDidCloseTextDocument((d) => void this.documentClosed(d), undefined, this.disposables);
    // "Save with Encoding" changes the bytes (a byte order mark) but neither the text nor the version.
    ws.onDidSaveTextDocument((d) => this.schedule(d, 0), undefined, this.disposables);
    ws.onDidChangeConfiguration(
      (e) => {
        if (e.affectsConfiguration('s3ReplicationDoctor')) this.revalidateAll();
      },
      undefined,
      this.disposables,
    );
    this.disposables.push(this.store.onDidChangeContext(() => this.revalidateAll()));
    for (const d of ws.textDocuments) this.schedule(d, 0);
  }

  /** Findings published for a document, if they are still those of its current version. */
  findingsFor(document: vscode.TextDocument): PublishedFindings | undefined {
    const p = this.published.get(document.uri.toString());
    return p && p.version === document.version ? p : undefined;
  }

  /**
   * Where live documents find their context. Without it a live document would be checked against
   * the workspace's files and without facts, and say other things than the Replication view.
   */
  setLiveContext(lookup: (uri: string) => LiveContext | undefined): void {
    this.liveContext = lookup;
    this.revalidateLive();
  }

  /** Live facts changed (a refresh, a fix): the text of an open live document may not have. */
  revalidateLive(): void {
    for (const d of vscode.workspace.textDocuments) if (d.uri.scheme === LIVE_SCHEME) this.schedule(d, DEBOUNCE_MS);
  }

  revalidateAll(): void {
    for (const d of vscode.workspace.textDocuments) this.schedule(d, DEBOUNCE_MS);
    this.scheduleClosed();
  }

  private scheduleClosed(delay = CLOSED_DEBOUNCE_MS): void {
    clearTimeout(this.closedTimer);
    this.closedTimer = setTimeout(() => {
      this.closedTimer = undefined;
      void this.publishClosed();
    }, delay);
  }

  /**
   * Problems of the scanned files no editor has open, each file under its own configuration (ignored
   * and disabled files get none). Published with line numbers from the text read from disk.
   */
  private async publishClosed(): Promise<void> {
    const started = ++this.closedGeneration;
    try {
      const open = new Set(vscode.workspace.textDocuments.map((d) => d.uri.toString()));
      const closed = new Map<string, FileSettings | undefined>();
      if (problemScope() === 'workspace' && workspaceScanEnabled()) {
        for (const doc of this.store.fromDisk()) {
          const uri = vscode.Uri.parse(doc.uri);
          if (open.has(doc.uri) || !isEnabled(uri)) continue;
          const config = await this.configs.forFile(uri);
          if (!config.settings.ignored) closed.set(doc.uri, config.settings);
        }
      }
      if (started !== this.closedGeneration) return;
      const byUri = closedFileFindings(this.store.relevant(), closed);
      for (const uri of this.closedShown) {
        if (!byUri.has(uri) && !open.has(uri)) this.collection.delete(vscode.Uri.parse(uri));
      }
      this.closedShown.clear();
      const lineIndexes = new Map<string, LineIndex | undefined>();
      const textOf = (u: string) => this.store.get(u)?.text;
      for (const [key, findings] of byUri) {
        // Opened meanwhile: its editor's validation publishes it.
        if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === key)) continue;
        const uri = vscode.Uri.parse(key);
        const info = infoDisplay(uri);
        const index = new LineIndex(textOf(key) ?? '');
        const positionAt = (offset: number): vscode.Position => {
          const p = index.positionAt(offset);
          return new vscode.Position(p.line, p.character);
        };
        const at: Pick<vscode.TextDocument, 'uri' | 'positionAt'> = { uri, positionAt };
        const shown = info === 'hide' ? findings.filter((f) => f.severity !== 'info') : findings;
        this.collection.set(uri, shown.map((f) => toDiagnostic(f, at, textOf, lineIndexes, info === 'hint')));
        this.closedShown.add(key);
      }
      this.closedPublished.fire();
    } catch (err) {
      this.log.error(`Checking the workspace's closed files failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
  }

  private documentChanged(document: vscode.TextDocument): void {
    if (!isChecked(document)) return;
    this.schedule(document, DEBOUNCE_MS);
    // A closed file may depend on it too.
    const kind = this.store.get(document.uri.toString())?.kind;
    if (this.closedShown.size > 0 && kind !== undefined && kind !== 'unrelated') this.scheduleClosed();
    // Another open file may depend on this one (a role policy on the configuration it serves).
    for (const other of vscode.workspace.textDocuments) {
      if (other !== document && this.published.has(other.uri.toString())) this.schedule(other, DEBOUNCE_MS);
    }
  }

  private async documentClosed(document: vscode.TextDocument): Promise<void> {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.published.delete(key);
    this.generation.delete(key);
    this.collection.delete(document.uri);
    await this.store.closed(document, workspaceScanEnabled());
    // Back on disk: its problems (and its influence on others) as a closed file.
    this.scheduleClosed(0);
  }

  private schedule(document: vscode.TextDocument, delay: number): void {
    // A write's preview shows the live document as it was: its old problems would count as current ones.
    if (!isChecked(document) || document.uri.scheme === PREVIEW_SCHEME) return;
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.prepared(document).then(() => this.validate(document));
      }, delay),
    );
  }

  /** The parsers the document's format and its context need are loaded (once; later calls are free). */
  private async prepared(document: vscode.TextDocument): Promise<void> {
    try {
      await prepareFormats([{ uri: document.uri.toString(), text: document.getText() }, ...this.store.relevant()]);
    } catch (err) {
      this.log.error(`Loading a parser for ${document.uri.toString(true)} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private async validate(document: vscode.TextDocument): Promise<void> {
    if (document.isClosed) return;
    const key = document.uri.toString();
    if (!isEnabled(document.uri)) {
      this.collection.delete(document.uri);
      this.published.delete(key);
      return;
    }
    try {
      if (isConfigDocument(document.uri)) {
        // Its problems as typed; what applies is the saved file (read by ProjectConfigs).
        this.publish(document, parseProjectConfig(key, document.getText()).problems);
        return;
      }
      const started = (this.generation.get(key) ?? 0) + 1;
      this.generation.set(key, started);
      // A live document describes the account, not a repository: only the user's rules setting applies, as in the Replication view.
      const config: Pick<FileConfiguration, 'settings' | 'kind'> =
        document.uri.scheme === LIVE_SCHEME ? { settings: { rules: [this.configs.settingLayer(undefined)] } } : await this.configs.forFile(document.uri);
      // Closed, or validated again meanwhile (with a configuration read later): leave it to that one.
      if (document.isClosed || this.generation.get(key) !== started) return;
      const { doc, context, facts } = this.inputs(document, key, config);
      if (doc.kind === 'unrelated' || config?.settings.ignored) {
        this.collection.delete(document.uri);
        this.published.delete(key);
        this.validated.fire(document.uri);
        return;
      }
      const settings = config?.settings;
      const { findings } = analyze([doc, ...context], { targets: new Set([key]), facts, settings: settings && ((uri) => (uri === key ? settings : undefined)) });
      const hidden = SHOWN_BY_JSON_SERVER[document.languageId];
      this.publish(
        document,
        findings.filter((f) => !hidden?.has(f.ruleId)),
      );
    } catch (err) {
      // Never let one document break the extension host; say where it happened.
      this.log.error(`Checking ${document.uri.toString(true)} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
  }

  private publish(document: vscode.TextDocument, findings: Finding[]): void {
    const info = infoDisplay(document.uri);
    const shown = info === 'hide' ? findings.filter((f) => f.severity !== 'info') : findings;
    const byKey = new Map<string, Finding>();
    const lineIndexes = new Map<string, LineIndex | undefined>();
    const diagnostics = shown.map((f) => {
      const d = toDiagnostic(f, document, (uri) => this.store.get(uri)?.text, lineIndexes, info === 'hint');
      byKey.set(diagnosticKey(d), f);
      return d;
    });
    this.published.set(document.uri.toString(), { version: document.version, byKey, findings: shown });
    this.collection.set(document.uri, diagnostics);
    this.validated.fire(document.uri);
  }

  /** A file is checked with the workspace's documents; a live document with those fetched with it. */
  private inputs(document: vscode.TextDocument, key: string, config: Pick<FileConfiguration, 'kind'> | undefined): { doc: JsonDocument; context: JsonDocument[]; facts?: LiveFacts } {
    const formatting = formattingFor(document);
    if (document.uri.scheme !== LIVE_SCHEME) {
      // The setting's fileKinds first (the user's word), then the project file's.
      const kind = forcedKind(document.uri) ?? config?.kind;
      return { doc: this.store.fromEditor(document, formatting, kind), context: this.store.relevant().filter((d) => d.uri !== key) };
    }
    const live = this.liveContext(key);
    const doc = parseDocument({ uri: key, text: document.getText(), kind: live?.kind, live: live?.live, formatting });
    return { doc, context: live?.others ?? [], facts: live?.facts };
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    clearTimeout(this.closedTimer);
    this.closedPublished.dispose();
    this.validated.dispose();
    this.collection.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
