import { strict as assert } from 'node:assert';
import { BucketsModel } from '../../src/explorer/bucketsModel';
import { ExplorerTree } from '../../src/explorer/explorerTree';
import type { TreeNode } from '../../src/explorer/nodes';
import { FakeBackend, settle } from './fakes';

/** A listing that waits until the test lets it finish. */
function gate(): { wait: Promise<void>; open(): void } {
  let open!: () => void;
  const wait = new Promise<void>((r) => (open = r));
  return { wait, open };
}

async function roots(tree: ExplorerTree): Promise<TreeNode[]> {
  return await tree.children(undefined);
}

describe('explorer: tree rows while the list is read', () => {
  it('shows a loading row on the first listing, then the regions', async () => {
    const listed = gate();
    const model = new BucketsModel(new FakeBackend(['a', 'b'], listed.wait));
    const tree = new ExplorerTree(model);
    void model.load();
    assert.deepEqual((await roots(tree)).map((n) => n.id), ['list:loading']);
    assert.equal(tree.listShown, false);
    listed.open();
    await model.load();
    assert.deepEqual((await roots(tree)).map((n) => n.id), ['region:us-east-1']);
    assert.equal(tree.listShown, true);
  });

  it('after a profile switch, answers the top level only once the new list is in: the same ids, never a loading row in between (VS Code keeps what was expanded)', async () => {
    const first = new BucketsModel(new FakeBackend(['a', 'b']));
    const before = new ExplorerTree(first);
    await first.load();
    const shown = await roots(before);
    assert.deepEqual(shown.map((n) => n.id), ['region:us-east-1']);

    const listed = gate();
    const model = new BucketsModel(new FakeBackend(['a', 'b', 'c'], listed.wait));
    const after = new ExplorerTree(model, { keepRowsWhileListing: before.listShown });
    const answered: TreeNode[][] = [];
    void Promise.resolve(after.children(undefined)).then((r) => answered.push(r));
    await settle();
    assert.equal(answered.length, 0, 'no answer while listing: VS Code keeps the rows it shows');
    assert.equal(model.list.state, 'loading');
    listed.open();
    await model.load();
    await settle();
    assert.deepEqual(answered.map((r) => r.map((n) => n.id)), [['region:us-east-1']]);
    assert.equal(answered[0][0].description, '3 buckets', 'short: nothing checked yet, so no problems counted');
    assert.deepEqual((await after.children(answered[0][0])).map((n) => n.id), ['bucket:a', 'bucket:b', 'bucket:c']);
  });

  it('keeps its rows on Refresh All too, once it has shown a list', async () => {
    const model = new BucketsModel(new FakeBackend(['a']));
    const tree = new ExplorerTree(model);
    await model.load();
    await roots(tree);
    const again = model.refreshAll();
    const answer = tree.children(undefined);
    assert.ok(answer instanceof Promise, 'waits for the new list');
    await again;
    assert.deepEqual((await answer).map((n) => n.id), ['region:us-east-1']);
  });

  it('still says why when the new profile cannot list', async () => {
    const backend = new FakeBackend(['a']);
    backend.listBuckets = () => Promise.reject(Object.assign(new Error('denied'), { kind: 'access-denied', code: 'AccessDenied', operation: 'ListBuckets' }));
    const tree = new ExplorerTree(new BucketsModel(backend), { keepRowsWhileListing: true });
    const shown = await roots(tree);
    assert.deepEqual(shown.map((n) => n.id), ['list:failed']);
    assert.match(shown[0].label, /^Cannot list buckets/);
  });
});
