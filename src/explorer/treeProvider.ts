/**
 * The thin VS Code layer over the explorer tree: maps nodes to TreeItems, asks for a bucket's status
 * when VS Code asks for its item (so only shown buckets are checked), redraws exactly the nodes whose
 * data changed (batched), shows progress while checking, and cancels everything when the view closes.
 */
import * as vscode from 'vscode';
import type { BucketsModel } from './bucketsModel';
import type { ExplorerSession } from './explorerSession';
import { ExplorerTree } from './explorerTree';
import { COMMANDS, message, VIEW_ID, type NodeIcon, type TreeNode } from './nodes';

const COLLAPSIBLE = {
  none: vscode.TreeItemCollapsibleState.None,
  collapsed: vscode.TreeItemCollapsibleState.Collapsed,
  expanded: vscode.TreeItemCollapsibleState.Expanded,
};

const COLOR: Record<NonNullable<NodeIcon['color']>, string> = {
  error: 'problemsErrorIcon.foreground',
  warning: 'problemsWarningIcon.foreground',
  info: 'problemsInfoIcon.foreground',
  ok: 'testing.iconPassed',
};

/** How long bucket updates are gathered before one redraw: a scan finishes hundreds of buckets a second. */
const REDRAW_BATCH_MS = 100;

export function toTreeItem(n: TreeNode): vscode.TreeItem {
  const item = new vscode.TreeItem(n.label, COLLAPSIBLE[n.collapsible]);
  item.id = n.id;
  item.description = n.description;
  item.contextValue = n.contextValue;
  if (n.tooltip) item.tooltip = new vscode.MarkdownString(n.tooltip);
  if (n.icon) item.iconPath = new vscode.ThemeIcon(n.icon.id, n.icon.color ? new vscode.ThemeColor(COLOR[n.icon.color]) : undefined);
  if (n.open) item.command = { command: COMMANDS.openLive, title: 'Open', arguments: [n.open] };
  else if (n.command) item.command = { command: n.command, title: n.label, arguments: [n] };
  return item;
}

export class BucketTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | TreeNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly stateChanged = new vscode.EventEmitter<void>();
  /** The list's state changed (loaded, failed, credentials missing): the view's message and welcome follow it. */
  readonly onDidChangeState = this.stateChanged.event;

  private tree?: ExplorerTree;
  /** A tree of this view has shown buckets: later trees keep their rows while they list. */
  private listShown = false;
  private listed?: { state: string; count: number };
  private model?: BucketsModel;
  private modelListeners: { dispose(): void }[] = [];
  private readonly pending = new Set<TreeNode>();
  private timer?: NodeJS.Timeout;
  private progressDone?: () => void;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly session: ExplorerSession,
    private readonly log: vscode.LogOutputChannel,
    private readonly blocked: () => string | undefined,
  ) {
    this.disposables.push({ dispose: session.onDidChange(() => this.reset()).dispose });
  }

  /** The current model (built on first use). */
  current(): { model: BucketsModel; tree: ExplorerTree } {
    const model = this.session.model();
    if (model !== this.model || !this.tree) this.attach(model);
    return { model, tree: this.tree as ExplorerTree };
  }

  private attach(model: BucketsModel): void {
    this.detach();
    this.model = model;
    // A profile switch or new settings: the rows shown stay until the new list replaces them, so rows of the same id keep their expansion.
    this.tree = new ExplorerTree(model, { keepRowsWhileListing: this.listShown });
    this.modelListeners = [
      model.onDidChangeList(() => {
        this.logListed(model);
        this.changed.fire(undefined);
        this.stateChanged.fire();
      }),
      model.onDidChangeBuckets((names) => this.schedule(this.tree?.affected(names).filter((n) => n.kind === 'bucket') ?? [])),
      model.onDidChangeProgress((p) => this.showProgress(p.busy)),
    ];
  }

  /** Which profile listed how many buckets, once per list read (the log says whose buckets the view shows). */
  private logListed(model: BucketsModel): void {
    const state = model.list.state;
    const n = model.buckets.length;
    const first = state === 'loaded' && this.listed?.state !== 'loaded';
    const more = state === 'loaded' && this.listed?.state === 'loaded' && this.listed.count !== n;
    this.listed = { state, count: n };
    if (first || more) this.log.info(`[explorer] ${this.session.profileLabel} · ${this.session.region}: ${n.toLocaleString('en-US')} bucket${n === 1 ? '' : 's'} listed`);
  }

  private detach(): void {
    for (const l of this.modelListeners) l.dispose();
    this.modelListeners = [];
    this.pending.clear();
    this.showProgress(false);
  }

  /** Settings changed: the old model is gone; redraw from the top with the new one. */
  reset(): void {
    this.listShown ||= this.tree?.listShown ?? false;
    this.listed = undefined;
    this.detach();
    this.model = undefined;
    this.tree = undefined;
    this.changed.fire(undefined);
    this.stateChanged.fire();
  }

  private schedule(nodes: TreeNode[]): void {
    for (const n of nodes) this.pending.add(n);
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      const batch = [...this.pending];
      this.pending.clear();
      if (batch.length) this.changed.fire(batch);
    }, REDRAW_BATCH_MS);
  }

  private showProgress(busy: boolean): void {
    if (busy && !this.progressDone) {
      void vscode.window.withProgress({ location: { viewId: VIEW_ID } }, () => new Promise<void>((resolve) => (this.progressDone = resolve)));
    } else if (!busy && this.progressDone) {
      this.progressDone();
      this.progressDone = undefined;
      // Region counts are redrawn once a scan settles: redrawing a region re-lists all its buckets.
      if (this.model && this.tree) this.changed.fire(undefined);
    }
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    if (node.kind === 'bucket' && node.bucket && this.model) this.model.want(node.bucket);
    return toTreeItem(this.tree ? this.tree.current(node) : node);
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    const problem = this.blocked();
    if (problem) return node ? [] : [message('blocked', problem, { id: 'error', color: 'error' })];
    try {
      const { model, tree } = this.current();
      if (!node && model.list.state === 'idle') void model.load();
      const children = tree.children(node);
      // The old rows stay while the list is read again: the view's progress bar says it is being read.
      if (!node && children instanceof Promise) return await vscode.window.withProgress({ location: { viewId: VIEW_ID } }, () => children);
      return await children;
    } catch (err) {
      const text = err instanceof Error ? err.message : String(err);
      this.log.error(`[explorer] ${text}`);
      return [message('error', `The explorer failed: ${text}`, { id: 'error', color: 'error' })];
    }
  }

  getParent(node: TreeNode): TreeNode | undefined {
    if (node.kind !== 'bucket' || !node.bucket || !this.tree || !this.model) return undefined;
    const entry = this.model.entry(node.bucket);
    return entry ? this.tree.regionNode(this.tree.regionOf(entry)) : undefined;
  }

  /** Redraws everything (after the view is shown again). */
  refresh(): void {
    this.changed.fire(undefined);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.detach();
    this.changed.dispose();
    this.stateChanged.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
