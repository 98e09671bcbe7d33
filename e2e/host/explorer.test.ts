/**
 * The Replication view against the loopback endpoint, through everything a user's setup goes through:
 * user settings (endpoint, profile), the AWS config and credentials files, the separately loaded SDK
 * bundle of the packaged extension. The sandbox holds the walkthrough's buckets and role with the
 * walkthrough's configuration applied.
 */
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { poll } from '../harness/poll';
import { activated, problems, validated } from './support';

const CHECK_TIMEOUT_MS = 30_000;

/** The view's data, as VS Code's tree renders it: `ExtensionApi.explorer` is the view's TreeDataProvider. */
type Tree = vscode.TreeDataProvider<unknown>;

interface Row {
  node: unknown;
  label: string;
  description: string;
  contextValue?: string;
  command?: vscode.Command;
}

async function rows(tree: Tree, parent?: unknown): Promise<Row[]> {
  const nodes = (await tree.getChildren(parent)) ?? [];
  return Promise.all(
    nodes.map(async (node) => {
      const item = await tree.getTreeItem(node);
      const label = typeof item.label === 'object' ? item.label.label : (item.label ?? '');
      return { node, label, description: typeof item.description === 'string' ? item.description : '', contextValue: item.contextValue, command: item.command };
    }),
  );
}

function row(list: Row[], label: string): Row {
  const found = list.find((r) => r.label === label);
  assert.ok(found, `no "${label}" row; the rows are: ${list.map((r) => r.label).join(', ') || 'none'}`);
  return found;
}

/** A bucket's row once its check has finished (the view checks buckets lazily, in the background). */
async function checkedBucket(tree: Tree, region: string, bucket: string): Promise<Row> {
  return poll(
    `the check of ${bucket}`,
    async () => {
      const r = row(await rows(tree, row(await rows(tree), region).node), bucket);
      return r.description && !r.description.includes('checking') ? r : undefined;
    },
    { timeoutMs: CHECK_TIMEOUT_MS, intervalMs: 200 },
  );
}

describe('the Replication view against the sandbox endpoint', () => {
  let tree: Tree;

  before(async () => {
    const api = await activated();
    assert.ok(api.explorer, 'activate() does not return the Replication view\'s TreeDataProvider as `explorer` (see e2e/README.md)');
    tree = api.explorer;
    // Buckets are checked only while the view is visible, as for a user.
    await vscode.commands.executeCommand('workbench.view.extension.s3ReplicationDoctor');
  });

  it('lists the sandbox buckets under their regions', async () => {
    const loaded = await poll('the bucket list', async () => {
      const roots = await rows(tree);
      return roots.some((r) => r.label.startsWith('Loading')) ? undefined : roots;
    }, { timeoutMs: CHECK_TIMEOUT_MS, intervalMs: 200 });
    assert.deepEqual(loaded.map((r) => r.label), ['eu-west-1', 'us-east-1']);
    assert.deepEqual((await rows(tree, row(loaded, 'us-east-1').node)).map((r) => r.label), ['source-bucket']);
    assert.deepEqual((await rows(tree, row(loaded, 'eu-west-1').node)).map((r) => r.label), ['destination-bucket']);
  });

  it('counts the source bucket\'s problems (its error codicon says how bad, no ✗ beside it) and says "no replication" for the destination', async () => {
    const source = await checkedBucket(tree, 'us-east-1', 'source-bucket');
    assert.match(source.description, /^\d+ problems$/);
    assert.equal(source.contextValue, 'bucketWithReplication');
    assert.equal((await checkedBucket(tree, 'eu-west-1', 'destination-bucket')).description, 'no replication');
  });

  it('lists the walkthrough\'s problems under the source bucket, each opening where it is', async () => {
    const source = await checkedBucket(tree, 'us-east-1', 'source-bucket');
    const found = await rows(tree, row(await rows(tree, source.node), 'Problems').node);
    const text = found.map((r) => `${r.label} ${r.description}`).join('\n');
    for (const expected of [/DeleteMarkerReplication/, /Metrics|Replication Time Control/, /[Vv]ersioning/, /GetObjectVersionTagging/]) {
      assert.match(text, expected);
    }
    for (const r of found) assert.ok(r.command, `the problem "${r.label}" does not open anything`);
  });

  it('serves the live configuration as a JSON document with the walkthrough file\'s errors and the live ones the view shows', async () => {
    const uri = vscode.Uri.parse('s3-replication-doctor:/sandbox/buckets/source-bucket/replication.json');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    await validated(doc);
    const errors = () => problems(doc.uri).filter((p) => p.startsWith('error ')).map((p) => p.split(' ')[1]).sort().join(', ');
    // Analysed with the view's facts (both buckets unversioned), not with the workspace's files.
    const expected = 'ls-dest-versioning, ls-source-versioning, rc-rtc-requires-metrics, rc-v2-delete-marker-required';
    assert.equal(await poll('the live configuration\'s errors', async () => (errors() === expected ? expected : undefined), { timeoutMs: CHECK_TIMEOUT_MS, intervalMs: 200 }).catch(() => errors()), expected);
  });
});
