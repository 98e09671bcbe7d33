/**
 * The bucket explorer: a "Replication" view of the account's buckets and whether their replication
 * works, diagnosed by the same engine and rules as the editor. The AWS SDK is loaded only when the
 * view (or one of its commands) first needs AWS.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isSsoSessionExpiry } from '../aws/errors';
import { LIVE_SCHEME } from '../aws/liveUris';
import type { BucketsModel } from './bucketsModel';
import { registerCommands } from './commands';
import { ExplorerSession, type AwsModule } from './explorerSession';
import type { LiveContext } from '../editor/diagnostics';
import { liveContextFor } from './liveContext';
import { key, LiveDocumentProvider } from './liveDocuments';
import { VIEW_ID } from './nodes';
import { ProfileStatus } from './profileStatus';
import { affectsExplorer, readSettings, type ReadSettings } from './settings';
import { BucketTreeProvider } from './treeProvider';

/** Context key for `viewsWelcome`: `noCredentials`, `ssoExpired`, `blocked` (bad endpoint setting) or `ready`. */
const STATE_KEY = 's3ReplicationDoctor.explorer.state';
const STATUS_THROTTLE_MS = 250;

/** Loads `dist/aws.js` beside the extension bundle. A computed path keeps esbuild from bundling the SDK in. */
function loadAwsBundle(): AwsModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- run-time load of the separate SDK bundle
  return require(path.join(__dirname, 'aws.js')) as AwsModule;
}

/** What other parts (the fix commands) share with the explorer: its session and the SDK bundle loader. */
export interface ExplorerHandle {
  session: ExplorerSession;
  loadAws: () => AwsModule;
  /** The Replication view's data provider (end-to-end tests read the tree through it). */
  provider: BucketTreeProvider;
  /** How the view analysed a live document (its kind, origin, companions and facts), for the editor's diagnostics. */
  liveContext(uri: string): LiveContext | undefined;
  /** Fires when checks finish or are refreshed: what the editor says about open live documents may change. */
  onDidChangeLive: vscode.Event<void>;
}

export function activateExplorer(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, loadAws: () => AwsModule = loadAwsBundle): ExplorerHandle {
  let read: ReadSettings = readSettings();
  const logIgnored = () => {
    for (const key of read.ignored) log.warn(`[explorer] ${key} is set in workspace settings and ignored: it is read from user settings only, because it decides where your signed AWS requests go.`);
  };
  logIgnored();

  const session = new ExplorerSession(read.settings, { loadAws });
  const provider = new BucketTreeProvider(session, log, () => read.settings.blocked);
  const view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
  const documents = new LiveDocumentProvider(session);
  const status = new ProfileStatus(session);
  context.subscriptions.push(session, provider, view, documents, status, vscode.workspace.registerTextDocumentContentProvider(LIVE_SCHEME, documents));

  let watched: BucketsModel | undefined;
  let progressListener: { dispose(): void } | undefined;
  let bucketsListener: { dispose(): void } | undefined;
  const liveChanged = new vscode.EventEmitter<void>();
  context.subscriptions.push(liveChanged, { dispose: () => bucketsListener?.dispose() });
  let statusTimer: NodeJS.Timeout | undefined;
  const watch = () => {
    const model = session.existing;
    if (!model || model === watched) return;
    watched = model;
    documents.watch(model);
    bucketsListener?.dispose();
    bucketsListener = model.onDidChangeBuckets(() => liveChanged.fire());
    progressListener?.dispose();
    progressListener = model.onDidChangeProgress(() => {
      statusTimer ??= setTimeout(() => {
        statusTimer = undefined;
        status.setProgress(model.progress);
      }, STATUS_THROTTLE_MS);
    });
  };
  context.subscriptions.push({ dispose: () => (progressListener?.dispose(), statusTimer && clearTimeout(statusTimer)) });

  let reported: string | undefined;
  const showState = () => {
    watch();
    const list = session.existing?.list;
    const credentials = list?.state === 'failed' && list.failure.kind === 'credentials' ? list.failure : undefined;
    // The welcome view (with its buttons) shows only while the tree has no message: the reason goes to the log and the status bar.
    const state = read.settings.blocked ? 'blocked' : credentials ? (isSsoSessionExpiry(credentials.message) ? 'ssoExpired' : 'noCredentials') : 'ready';
    void vscode.commands.executeCommand('setContext', STATE_KEY, state);
    if (credentials && credentials.message !== reported) log.warn(`[explorer] ${session.profileLabel}: ${credentials.message}`);
    reported = credentials?.message;
    status.setProblem(credentials?.message);
  };
  context.subscriptions.push(provider.onDidChangeState(showState));
  showState();

  context.subscriptions.push(
    view.onDidChangeVisibility((e) => {
      status.setVisible(e.visible);
      // A closed view needs no answers: stop the scan; statuses not yet known are fetched when it opens again.
      if (!e.visible) session.existing?.cancel();
      else provider.refresh();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!affectsExplorer(e)) return;
      read = readSettings();
      logIgnored();
      session.configure(read.settings);
      showState();
    }),
    ...registerCommands(session, log, () => provider.refresh()),
  );
  status.setVisible(view.visible);
  const liveContext = (uri: string) => {
    const model = session.existing;
    return model ? liveContextFor(model.buckets, uri, key) : undefined;
  };
  return { session, loadAws, provider, liveContext, onDidChangeLive: liveChanged.event };
}
