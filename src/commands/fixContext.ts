/**
 * What every fix command shares: the explorer's session (profile, region, endpoint and the bucket
 * model), one Fixer for those settings (rebuilt when they change), the dry-run setting, and the
 * way back from a tree node to its bucket and finding.
 */
import * as vscode from 'vscode';
import type { Fixer } from '../aws/writes/fixer';
import type { Finding } from '../core/findings';
import type { WriteStep } from '../core/live/writePlan';
import type { BucketsModel } from '../explorer/bucketsModel';
import type { AwsModule, ExplorerSession } from '../explorer/explorerSession';
import type { TreeNode } from '../explorer/nodes';
import { bucketOfId } from './nodeIds';
import { staleBuckets } from './setupBuckets';

export interface FixCommandDeps {
  session: ExplorerSession;
  log: vscode.LogOutputChannel;
  /** The explorer's loader of `dist/aws.js` (the SDK bundle). */
  loadAws: () => AwsModule;
}

export class FixContext implements vscode.Disposable {
  private current?: Fixer;
  private readonly listener: { dispose(): void };

  constructor(readonly deps: FixCommandDeps) {
    // New settings mean another account or endpoint: the old clients must not be used again.
    this.listener = deps.session.onDidChange(() => this.reset());
  }

  get log(): vscode.LogOutputChannel {
    return this.deps.log;
  }

  get session(): ExplorerSession {
    return this.deps.session;
  }

  get dryRun(): boolean {
    return vscode.workspace.getConfiguration('s3ReplicationDoctor').get<boolean>('dryRun') === true;
  }

  fixer(): Fixer {
    const s = this.deps.session;
    this.current ??= this.deps.loadAws().createFixer({ profile: s.chosenProfile, region: s.region, endpoint: s.endpoint, profileKey: s.profileKey, accounts: s.accounts });
    return this.current;
  }

  model(): BucketsModel {
    return this.deps.session.model();
  }

  /** The node's bucket, or one the user picks from the explorer's list. */
  async bucketOf(node: TreeNode | undefined, title: string): Promise<string | undefined> {
    const named = node?.bucket ?? bucketOfId(node?.id);
    if (named) return named;
    const model = this.model();
    if (model.list.state !== 'loaded') await model.load();
    const names = model.buckets.map((e) => e.bucket.name);
    if (names.length === 0) throw new Error('No buckets are loaded in the Replication view: check the profile and region.');
    return vscode.window.showQuickPick(names, { title, placeHolder: 'Bucket' });
  }

  /** The finding a finding node shows, from the bucket's last report. */
  findingOf(node: TreeNode): { bucket: string; finding: Finding } | undefined {
    const bucket = bucketOfId(node.id);
    const open = node.open;
    if (!bucket || !open) return undefined;
    const report = this.model().entry(bucket)?.report;
    const finding = report?.findings.find((f) => f.uri === open.uri && f.offset === open.offset && f.length === open.length);
    return finding ? { bucket, finding } : undefined;
  }

  /**
   * After a write: the cached reads are stale, and the nodes of the buckets written, and of those whose
   * reports depend on them (a source on its destinations, every bucket on its shared role), are re-read.
   */
  async refresh(steps: readonly WriteStep[], also: readonly string[]): Promise<void> {
    const model = this.deps.session.existing;
    if (!model) return;
    model.backend.forget();
    await Promise.all(staleBuckets(model.buckets, steps, also).filter((b) => model.entry(b)).map((b) => model.refresh(b)));
  }

  private reset(): void {
    this.current?.dispose();
    this.current = undefined;
  }

  dispose(): void {
    this.listener.dispose();
    this.reset();
  }
}
