/**
 * The tree over the model: region groups, buckets with their health, "load more", and states as
 * nodes (loading, empty, errors) rather than pop-ups. Region, bucket and "load more" nodes are stable
 * objects, refreshed in place, so the provider can tell VS Code exactly which nodes changed.
 */
import type { BucketEntry, BucketsModel } from './bucketsModel';
import { bucketChildren } from './bucketChildren';
import { failureText } from './healthSummary';
import { COMMANDS, message, type NodeIcon, type TreeNode } from './nodes';

const UNKNOWN_REGION = 'unknown region';

const LEVEL_ICON: Record<string, NodeIcon> = {
  ok: { id: 'pass', color: 'ok' },
  warning: { id: 'warning', color: 'warning' },
  error: { id: 'error', color: 'error' },
  unknown: { id: 'question', color: 'warning' },
  none: { id: 'circle-outline' },
};

const count = (n: number, what: string) => `${n.toLocaleString('en-US')} ${what}${n === 1 ? '' : 's'}`;

export interface TreeOptions {
  /**
   * The view already shows buckets (of the previous profile, or before Refresh All): while the list is
   * read again, the old rows stay until the new ones replace them, instead of a "Loading buckets…"
   * row. Rows that vanish lose their expansion in VS Code; rows replaced by rows of the same id keep it.
   */
  keepRowsWhileListing?: boolean;
}

export class ExplorerTree {
  private readonly stable = new Map<string, TreeNode>();
  private keepRows: boolean;

  constructor(
    private readonly model: BucketsModel,
    options: TreeOptions = {},
  ) {
    this.keepRows = options.keepRowsWhileListing ?? false;
  }

  /** Whether this tree has shown a list of buckets (its successor then keeps rows while listing). */
  get listShown(): boolean {
    return this.keepRows;
  }

  private node(id: string, init: () => TreeNode): TreeNode {
    let n = this.stable.get(id);
    if (!n) this.stable.set(id, (n = init()));
    return n;
  }

  regionOf(entry: BucketEntry): string {
    return entry.bucket.region ?? entry.report?.live.bucket.region ?? UNKNOWN_REGION;
  }

  /** Top level: region groups, then "load more"; or one node saying why there are none. */
  roots(): TreeNode[] {
    const list = this.model.list;
    if (list.state === 'idle' || list.state === 'loading') return [message('list:loading', 'Loading buckets…', { id: 'loading~spin' })];
    // No credentials: an empty tree shows the welcome view, which explains what to do.
    if (list.state === 'failed') return list.failure.kind === 'credentials' ? [] : [message('list:failed', `Cannot list buckets: ${failureText(list.failure)}`, LEVEL_ICON.error, list.failure.message)];
    const entries = this.model.buckets;
    if (entries.length === 0) return [message('list:empty', 'No buckets in this account', { id: 'info' })];
    this.keepRows = true;
    const regions = [...new Set(entries.map((e) => this.regionOf(e)))].sort((a, b) => (a === UNKNOWN_REGION ? 1 : b === UNKNOWN_REGION ? -1 : a.localeCompare(b)));
    const out = regions.map((r) => this.current(this.regionNode(r)));
    if (this.model.hasMore || this.model.loadMoreFailure) out.push(this.current(this.loadMoreNode()));
    return out;
  }

  regionNode(region: string): TreeNode {
    return this.node(`region:${region}`, () => ({ id: `region:${region}`, kind: 'region', label: region, region, contextValue: 'region', collapsible: 'expanded', icon: { id: 'globe' } }));
  }

  bucketNode(name: string): TreeNode {
    return this.node(`bucket:${name}`, () => ({ id: `bucket:${name}`, kind: 'bucket', label: name, bucket: name, contextValue: 'bucket', collapsible: 'collapsed' }));
  }

  loadMoreNode(): TreeNode {
    return this.node('list:more', () => ({ id: 'list:more', kind: 'loadMore', label: 'Load more buckets…', contextValue: 'loadMore', collapsible: 'none', command: COMMANDS.loadMore, icon: { id: 'ellipsis' } }));
  }

  /** Refreshes a stable node's fields from the model; other nodes are returned as built. */
  current(node: TreeNode): TreeNode {
    if (node.kind === 'bucket' && node.bucket) this.describeBucket(node, this.model.entry(node.bucket));
    else if (node.kind === 'region' && node.region) this.describeRegion(node, node.region);
    else if (node.kind === 'loadMore') {
      const failure = this.model.loadMoreFailure;
      node.description = failure ? `failed: ${failureText(failure)}` : `${count(this.model.buckets.length, 'bucket')} loaded`;
      node.tooltip = failure?.message;
    }
    return node;
  }

  /** Short enough for the side bar's default width (`12 buckets`, `2/12 with problems`); the tooltip has the whole count. */
  private describeRegion(node: TreeNode, region: string): void {
    const entries = this.model.buckets.filter((e) => this.regionOf(e) === region);
    const problems = entries.filter((e) => e.report && (e.report.health.level === 'error' || e.report.health.level === 'warning')).length;
    const replicating = entries.filter((e) => e.report?.live.replication.ok && e.report.live.replication.value.configured).length;
    const checked = entries.filter((e) => e.report).length;
    node.description = problems ? `${problems}/${entries.length.toLocaleString('en-US')} with problems` : count(entries.length, 'bucket');
    node.tooltip = [`**${region}**: ${count(entries.length, 'bucket')}`, `${replicating} replicating, ${problems} with problems (${checked} of ${entries.length} checked so far)`].join('\n\n');
  }

  private describeBucket(node: TreeNode, entry: BucketEntry | undefined): void {
    const report = entry?.report;
    const checking = entry?.state === 'queued' || entry?.state === 'checking';
    node.contextValue = report?.live.replication.ok && report.live.replication.value.configured ? 'bucketWithReplication' : 'bucket';
    if (entry?.error && !checking) {
      node.description = 'check failed';
      node.icon = LEVEL_ICON.error;
      node.tooltip = `**${node.label}**\n\nThe check failed: ${entry.error}`;
      return;
    }
    if (!report) {
      node.description = checking ? 'checking…' : '';
      node.icon = checking ? { id: 'loading~spin' } : { id: 'database' };
      node.tooltip = `**${node.label}**${entry?.bucket.region ? ` (${entry.bucket.region})` : ''}`;
      return;
    }
    const { health, live } = report;
    node.description = health.description + (checking ? ' · checking…' : '');
    node.icon = checking ? { id: 'loading~spin' } : LEVEL_ICON[health.level];
    const lines = [`**${node.label}** (${live.bucket.region ?? 'region unknown'})`, `${health.badge} ${health.description}`.trim()];
    if (live.failures.length) lines.push(...live.failures.map((f) => `- ${f.message}`));
    if (entry?.checkedAt) lines.push(`Checked at ${new Date(entry.checkedAt).toLocaleTimeString()}`);
    node.tooltip = lines.join('\n\n');
  }

  /** Region → its buckets; bucket → its details once checked (the promise waits for the check). */
  children(node: TreeNode | undefined): TreeNode[] | Promise<TreeNode[]> {
    if (!node) {
      const listing = this.model.list.state === 'idle' || this.model.list.state === 'loading';
      return listing && this.keepRows ? this.model.load().then(() => this.roots()) : this.roots();
    }
    if (node.kind === 'region') {
      return this.model.buckets.filter((e) => this.regionOf(e) === node.region).map((e) => this.current(this.bucketNode(e.bucket.name)));
    }
    if (node.kind === 'bucket' && node.bucket) {
      const name = node.bucket;
      return this.model.whenChecked(name, { urgent: true }).then((entry) => (entry ? bucketChildren(entry) : []));
    }
    return node.children ?? [];
  }

  /** The nodes to redraw when these buckets' statuses change: each bucket and its region group. */
  affected(names: readonly string[]): TreeNode[] {
    const out = new Set<TreeNode>();
    for (const name of names) {
      const entry = this.model.entry(name);
      if (!entry) continue;
      out.add(this.bucketNode(name));
      out.add(this.regionNode(this.regionOf(entry)));
    }
    return [...out];
  }
}
