/**
 * Serves the documents fetched from AWS (replication configurations, trust and permission policies)
 * as read-only JSON documents, so the editor's diagnostics and quick fixes apply to them. The text is
 * exactly what the engine analysed, so a finding opens at its place. Open documents follow refreshes.
 */
import * as vscode from 'vscode';
import { LIVE_SCHEME, parseLiveUri } from '../aws/liveUris';
import type { LiveDocument } from '../aws/types';
import type { BucketsModel } from './bucketsModel';
import type { ExplorerSession } from './explorerSession';
import type { OpenTarget } from './nodes';

/** The same address, however VS Code re-encoded it. */
export const key = (uri: string | vscode.Uri) => (typeof uri === 'string' ? vscode.Uri.parse(uri) : uri).toString();

function knownDocument(model: BucketsModel, uri: string): LiveDocument | undefined {
  for (const e of model.buckets) {
    const doc = e.report?.live.documents.find((d) => key(d.uri) === uri);
    if (doc) return doc;
  }
  return undefined;
}

export class LiveDocumentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  /** What each open address was served, to tell which ones a refresh changed. */
  private readonly served = new Map<string, string>();
  private listener?: { dispose(): void };
  private readonly closed: vscode.Disposable;

  constructor(private readonly session: ExplorerSession) {
    this.closed = vscode.workspace.onDidCloseTextDocument((d) => this.served.delete(key(d.uri)));
  }

  /** Follows the current model's updates (call again after the session changes). */
  watch(model: BucketsModel): void {
    this.listener?.dispose();
    this.listener = model.onDidChangeBuckets(() => {
      for (const [uri, text] of this.served) {
        const now = knownDocument(model, uri)?.text;
        if (now !== undefined && now !== text) this.changed.fire(vscode.Uri.parse(uri));
      }
    });
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const text = await this.resolve(uri);
    this.served.set(key(uri), text);
    return text;
  }

  private async resolve(uri: vscode.Uri): Promise<string> {
    const address = parseLiveUri(key(uri));
    if (!address) throw new Error(`${uri.toString()} is not a document of the Replication view.`);
    if (address.profile !== this.session.profileKey) {
      throw new Error(`This document was read with the AWS profile "${address.profile}"; pick that profile in the Replication view to open it again.`);
    }
    const model = this.session.model();
    const known = knownDocument(model, key(uri));
    if (known) return known.text;
    // Not loaded (e.g. an editor restored after a reload): read it again.
    if (address.kind === 'replication') {
      if (model.list.state !== 'loaded') await model.load();
      const entry = await model.whenChecked(address.bucket, { urgent: true });
      const doc = entry?.report?.live.documents.find((d) => key(d.uri) === key(uri));
      if (doc) return doc.text;
      throw new Error(`The replication configuration of ${address.bucket} is not available with the current profile (${this.session.profileLabel}).`);
    }
    if (address.kind !== 'trust' && address.kind !== 'inline' && address.kind !== 'managed' && address.kind !== 'boundary') {
      throw new Error('This document was read with the bucket it belongs to: refresh its bucket in the Replication view, then open it from there.');
    }
    const role = await model.backend.roleState(address.role);
    const doc = [...(role.trust ? [role.trust] : []), ...role.policies].find((d) => key(d.uri) === key(uri));
    if (doc) return doc.text;
    throw new Error(role.failures[0]?.message ?? `The policy is not available for role ${address.role} with the current profile (${this.session.profileLabel}).`);
  }

  dispose(): void {
    this.listener?.dispose();
    this.closed.dispose();
    this.changed.dispose();
  }
}

/** Opens a live document read-only, selecting the range a finding or rule points at. */
export async function openLive(target: OpenTarget): Promise<void> {
  const uri = vscode.Uri.parse(target.uri);
  if (uri.scheme !== LIVE_SCHEME) throw new Error(`Not a live document: ${target.uri}`);
  const doc = await vscode.workspace.openTextDocument(uri);
  if (doc.languageId !== 'json') await vscode.languages.setTextDocumentLanguage(doc, 'json');
  const start = doc.positionAt(target.offset ?? 0);
  const end = doc.positionAt((target.offset ?? 0) + (target.length ?? 0));
  await vscode.window.showTextDocument(doc, { selection: new vscode.Range(start, end), preview: true });
}
