/**
 * The explorer's commands. From the tree they get the node; from the command palette they ask for a
 * bucket. Failures are shown once and logged, through one wrapper.
 */
import * as vscode from 'vscode';
import { plainText } from '../core/text';
import type { LiveDocument } from '../aws/types';
import type { BucketsModel } from './bucketsModel';
import type { ExplorerSession } from './explorerSession';
import { openLive } from './liveDocuments';
import { COMMANDS, type OpenTarget, type TreeNode } from './nodes';
import { pickProfile } from './profileStatus';
import { bucketLinks, roleLinks, type ResourceLinks } from './resourceLinks';
import { capText, MESSAGE_LIMIT } from '../commands/shortText';

async function pickBucket(model: BucketsModel, title: string): Promise<string | undefined> {
  if (model.list.state !== 'loaded') await model.load();
  const names = model.buckets.map((e) => e.bucket.name);
  if (names.length === 0) throw new Error('No buckets are loaded in the Replication view.');
  return vscode.window.showQuickPick(names, { title, placeHolder: 'Bucket' });
}

async function bucketOf(model: BucketsModel, node: TreeNode | undefined, title: string): Promise<string | undefined> {
  return node?.bucket ?? (await pickBucket(model, title));
}

async function checkedReport(model: BucketsModel, bucket: string) {
  const entry = await model.whenChecked(bucket, { urgent: true });
  if (!entry?.report) throw new Error(entry?.error ?? `${bucket} could not be checked.`);
  return entry.report;
}

async function openReplication(model: BucketsModel, node: TreeNode | undefined): Promise<void> {
  const bucket = await bucketOf(model, node, 'Open replication configuration');
  if (!bucket) return;
  const { live } = await checkedReport(model, bucket);
  if (!live.replication.ok) throw new Error(live.replication.failure.message);
  if (!live.replication.value.configured) {
    void vscode.window.showInformationMessage(`${bucket} has no replication configuration.`);
    return;
  }
  await openLive({ uri: live.replication.value.document.uri });
}

async function openRolePolicy(model: BucketsModel, node: TreeNode | undefined): Promise<void> {
  const bucket = await bucketOf(model, node, 'Open role policy');
  if (!bucket) return;
  const { live } = await checkedReport(model, bucket);
  const role = live.role;
  if (!role) throw new Error(live.replication.ok ? `${bucket} has no replication role to open.` : live.replication.failure.message);
  if (role.exists === false) throw new Error(`The role ${role.name} does not exist.`);
  if (role.exists === undefined) throw new Error(role.failures[0]?.message ?? `The role ${role.name} could not be read.`);
  const docs: LiveDocument[] = [...role.policies, ...(role.trust ? [role.trust] : [])];
  const chosen =
    role.policies.length === 1 && node?.kind !== 'role'
      ? role.policies[0]
      : (await vscode.window.showQuickPick(docs.map((d) => ({ label: d.title, doc: d })), { title: `Policies of role ${role.name}` }))?.doc;
  if (chosen) await openLive({ uri: chosen.uri });
}

/** The bucket or role a node of the view stands for. */
function linksOf(model: BucketsModel, node: TreeNode | undefined): ResourceLinks {
  if (node?.role) return roleLinks(node.role.name, node.role.arn);
  if (node?.kind === 'bucket' && node.bucket) {
    const entry = model.entry(node.bucket);
    return bucketLinks(node.bucket, entry?.bucket.region ?? entry?.report?.live.bucket.region);
  }
  throw new Error('Run this from a bucket or a role in the Replication view.');
}

export function registerCommands(session: ExplorerSession, log: vscode.LogOutputChannel, refreshView: () => void): vscode.Disposable[] {
  const run =
    <A extends unknown[]>(name: string, fn: (...args: A) => Promise<unknown> | unknown) =>
    async (...args: A): Promise<void> => {
      try {
        await fn(...args);
      } catch (err) {
        const text = err instanceof Error ? err.message : String(err);
        log.error(`[explorer] ${name}: ${text}`);
        void vscode.window.showErrorMessage(capText(plainText(text), MESSAGE_LIMIT).text);
      }
    };
  return [
    vscode.commands.registerCommand(COMMANDS.refreshAll, run('refresh', () => {
      refreshView();
      return session.model().refreshAll();
    })),
    vscode.commands.registerCommand(COMMANDS.refreshBucket, run('refresh bucket', async (node?: TreeNode) => {
      const model = session.model();
      const bucket = await bucketOf(model, node, 'Refresh bucket');
      if (bucket) await model.refresh(bucket);
    })),
    vscode.commands.registerCommand(COMMANDS.loadMore, run('load more', () => session.model().loadMore())),
    vscode.commands.registerCommand(COMMANDS.openLive, run('open', (target: OpenTarget) => openLive(target))),
    vscode.commands.registerCommand(COMMANDS.openReplication, run('open replication configuration', (node?: TreeNode) => openReplication(session.model(), node))),
    vscode.commands.registerCommand(COMMANDS.openRolePolicy, run('open role policy', (node?: TreeNode) => openRolePolicy(session.model(), node))),
    vscode.commands.registerCommand(COMMANDS.pickProfile, run('pick profile', () => pickProfile(session, log))),
    vscode.commands.registerCommand(COMMANDS.copyName, run('copy name', (node?: TreeNode) => vscode.env.clipboard.writeText(linksOf(session.model(), node).name))),
    vscode.commands.registerCommand(COMMANDS.copyArn, run('copy ARN', (node?: TreeNode) => vscode.env.clipboard.writeText(linksOf(session.model(), node).arn))),
    vscode.commands.registerCommand(COMMANDS.openInConsole, run('open in AWS Console', (node?: TreeNode) => vscode.env.openExternal(vscode.Uri.parse(linksOf(session.model(), node).consoleUrl, true)))),
  ];
}
