/**
 * The editor's side of `.s3-replication-doctor.json`: the same lookup and format as the CLI
 * (`core/projectConfig`), over `workspace.fs`, cached until a configuration file changes, plus the
 * `s3ReplicationDoctor.rules` setting on top. Precedence, lowest first: each rule's default, the
 * project file, the setting (user, then workspace, then folder, as VS Code merges them).
 *
 * Files on disk are what counts, as for the CLI: an unsaved edit of the configuration applies when
 * it is saved (its own problems are shown as you type, by the diagnostics controller).
 */
import * as vscode from 'vscode';
import { DocumentKind } from '../core/classify';
import { ConfigHost, LocateCache, findConfigFile } from '../core/projectConfig/locate';
import { LoadedConfig, parseProjectConfig } from '../core/projectConfig/parse';
import { configuredKind, ignoredBy } from '../core/projectConfig/paths';
import { ruleLayerFromObject } from '../core/projectConfig/ruleSettings';
import { CONFIG_FILE_NAME, FileSettings, RuleLayer } from '../core/projectConfig/types';
import { SECTION } from './settings';

/** Documents that have no place in a folder tree (live AWS documents, previews, untitled files). */
const NO_FOLDER_SCHEMES = new Set(['untitled', 'vscode-userdata', 'output', 'git']);

export interface FileConfiguration {
  settings: FileSettings;
  /** The kind the project file pins, if any. */
  kind?: DocumentKind;
  /** The `ignores` pattern that matched, when the file is not to be checked. */
  ignoredBy?: string;
  /** The project file that applies, if any. */
  configUri?: string;
}

export function isConfigDocument(uri: vscode.Uri): boolean {
  return uri.path.endsWith(`/${CONFIG_FILE_NAME}`);
}

export class ProjectConfigs implements vscode.Disposable {
  private locate: LocateCache = new Map();
  private loaded = new Map<string, Promise<LoadedConfig>>();
  private readonly watchedOutside = new Map<string, vscode.Disposable>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly reportedSettingProblems = new Set<string>();
  /** Fires when a configuration file was created, changed or deleted. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly noFolderSchemes: ReadonlySet<string> = NO_FOLDER_SCHEMES,
  ) {}

  /** Watches configuration files in the workspace (and, once looked up, in the folders above it). */
  watch(): void {
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${CONFIG_FILE_NAME}`);
    this.listen(watcher);
    this.disposables.push(watcher);
  }

  /** What applies to a file: its project file (if any) and the `rules` setting. */
  async forFile(uri: vscode.Uri): Promise<FileConfiguration> {
    const userLayer = this.settingLayer(uri);
    const resolved = await this.resolve(uri);
    if (!resolved) return { settings: { rules: [userLayer] } };
    const { loaded, relative } = resolved;
    const ignored = ignoredBy(loaded.config, relative);
    return {
      settings: { ignored: ignored !== undefined, rules: [loaded.config.rules, userLayer] },
      kind: configuredKind(loaded.config, relative),
      ignoredBy: ignored,
      configUri: loaded.uri,
    };
  }

  /** The `rules` setting, for documents without a folder (live documents) as well. */
  settingLayer(uri: vscode.Uri | undefined): RuleLayer {
    const value = vscode.workspace.getConfiguration(SECTION, uri).get<unknown>('rules', {});
    const { layer, problems } = ruleLayerFromObject(value);
    for (const p of problems) {
      if (this.reportedSettingProblems.has(p)) continue;
      this.reportedSettingProblems.add(p);
      this.log.warn(`Setting ${SECTION}.rules: ${p}`);
    }
    return layer;
  }

  private async resolve(uri: vscode.Uri): Promise<{ loaded: LoadedConfig; relative: string | undefined } | undefined> {
    if (this.noFolderSchemes.has(uri.scheme)) return undefined;
    const dir = vscode.Uri.joinPath(uri, '..');
    const found = await findConfigFile(dir.toString(), this.host(), this.locate);
    if (!found) return undefined;
    const configUri = vscode.Uri.parse(found);
    const loaded = await this.load(configUri);
    const base = vscode.Uri.joinPath(configUri, '..').path.replace(/\/$/, '');
    const relative = uri.path.startsWith(`${base}/`) ? uri.path.slice(base.length + 1) : undefined;
    return { loaded, relative };
  }

  private load(uri: vscode.Uri): Promise<LoadedConfig> {
    const key = uri.toString();
    let hit = this.loaded.get(key);
    if (!hit) {
      hit = (async () => {
        try {
          const text = new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
          const loaded = parseProjectConfig(key, text);
          this.log.info(`Using ${uri.fsPath}${loaded.problems.length > 0 ? ` (${loaded.problems.length} problem(s); open it to see them)` : ''}.`);
          return loaded;
        } catch (err) {
          // Deleted between lookup and read, or unreadable: as if there were none, and said so.
          this.log.warn(`Cannot read ${uri.fsPath}: ${err instanceof Error ? err.message : String(err)}`);
          return parseProjectConfig(key, '{}');
        }
      })();
      this.loaded.set(key, hit);
    }
    return hit;
  }

  private host(): ConfigHost {
    return {
      parent: (dir) => {
        const uri = vscode.Uri.parse(dir);
        const up = vscode.Uri.joinPath(uri, '..');
        return up.path === uri.path ? undefined : up.toString();
      },
      child: (dir, name) => vscode.Uri.joinPath(vscode.Uri.parse(dir), name).toString(),
      exists: async (p) => {
        const uri = vscode.Uri.parse(p);
        if (uri.path.endsWith(`/${CONFIG_FILE_NAME}`)) this.watchOutsideWorkspace(vscode.Uri.joinPath(uri, '..'));
        try {
          await vscode.workspace.fs.stat(uri);
          return true;
        } catch {
          return false;
        }
      },
    };
  }

  /** The workspace watcher does not see folders above the workspace, where a repository's root file may be. */
  private watchOutsideWorkspace(dir: vscode.Uri): void {
    const key = dir.toString();
    if (this.watchedOutside.has(key) || vscode.workspace.getWorkspaceFolder(dir) !== undefined) return;
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(dir, CONFIG_FILE_NAME));
    this.listen(watcher);
    this.watchedOutside.set(key, watcher);
  }

  private listen(watcher: vscode.FileSystemWatcher): void {
    const changed = (uri: vscode.Uri) => {
      this.log.info(`${uri.fsPath} changed: configuration re-read.`);
      this.invalidate();
    };
    watcher.onDidCreate(changed, undefined, this.disposables);
    watcher.onDidChange(changed, undefined, this.disposables);
    watcher.onDidDelete(changed, undefined, this.disposables);
  }

  /** Forgets every lookup and file read: configurations are few and small, so all are read again. */
  invalidate(): void {
    this.locate = new Map();
    this.loaded = new Map();
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
    for (const d of this.disposables) d.dispose();
    for (const w of this.watchedOutside.values()) w.dispose();
  }
}
