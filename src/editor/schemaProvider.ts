/**
 * Serves our JSON schemas to VS Code's JSON language server under our own URI scheme (the
 * `url`s of `contributes.jsonValidation`): the server fetches a schema of a scheme it does not know
 * with `workspace.openTextDocument`, so this provider decides what it gets. While checking is on,
 * the schema with messages that name us (schemaLabels.ts); with `s3ReplicationDoctor.enable` off,
 * `{}`, which accepts everything and offers nothing. Changing the setting fires `onDidChange`: the
 * JSON server re-reads the schema and validates its documents again.
 *
 * `enable` is read for the window (user or workspace value): VS Code applies one schema per URI to
 * every folder, so a folder-level value cannot turn the schema off in one folder only.
 */
import * as vscode from 'vscode';
import { labelSchema } from './schemaLabels';
import { SECTION } from './settings';

export const SCHEMA_SCHEME = 's3-replication-doctor-schema';

/** The schemas served, by the path of their URI (`s3-replication-doctor-schema://schemas/<file>`). */
const SERVED = ['s3-replication.schema.json', 'iam-policy.schema.json'];

export function schemaUri(file: string): vscode.Uri {
  return vscode.Uri.parse(`${SCHEMA_SCHEME}://schemas/${file}`);
}

/** Whether our schemas apply: the window's `enable` (no folder can be singled out). */
export function schemasEnabled(): boolean {
  return vscode.workspace.getConfiguration(SECTION).get<boolean>('enable', true);
}

export class SchemaProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly labelled = new Map<string, string>();
  private readonly listener: vscode.Disposable;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.listener = vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(`${SECTION}.enable`)) return;
      this.log.info(`JSON schemas ${schemasEnabled() ? 'on' : 'off'} (s3ReplicationDoctor.enable).`);
      for (const file of SERVED) this.changed.fire(schemaUri(file));
    });
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const file = uri.path.replace(/^\//, '').replace(/^schemas\//, '');
    if (!SERVED.includes(file) || !schemasEnabled()) return '{}';
    let text = this.labelled.get(file);
    if (text === undefined) {
      try {
        const raw = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(this.extensionUri, 'schemas', file)));
        text = JSON.stringify(labelSchema(JSON.parse(raw)), null, 1);
        this.labelled.set(file, text);
      } catch (err) {
        // A broken install: no schema is better than "Unable to load schema" on every matching file.
        this.log.error(`Could not read the JSON schema ${file}: ${err instanceof Error ? err.message : String(err)}`);
        return '{}';
      }
    }
    return text;
  }

  dispose(): void {
    this.listener.dispose();
    this.changed.dispose();
  }
}

export function registerSchemaProvider(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): void {
  const provider = new SchemaProvider(context.extensionUri, log);
  context.subscriptions.push(provider, vscode.workspace.registerTextDocumentContentProvider(SCHEMA_SCHEME, provider));
}
