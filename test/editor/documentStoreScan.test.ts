/**
 * The store's workspace scan as the extension runs it (DocumentStore over `vscode.workspace`, here
 * the fake's in-memory files): it stops early in a workspace with nothing about AWS and says so,
 * resumes once a file of ours is opened, reads to the end when AWS-looking names are there, and a
 * new scan cancels a running one.
 */
import './useFakeVscode';
import { strict as assert } from 'node:assert';
import * as fake from './fakeVscode';
import { DocumentStore } from '../../src/editor/documentStore';

const POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] });

function logger(): { lines: string[]; log: never } {
  const lines: string[] = [];
  const log = { info: (l: string) => lines.push(l), debug: () => undefined, warn: (l: string) => lines.push(l), error: (l: string) => lines.push(l) };
  return { lines, log: log as never };
}

function webFiles(n: number): void {
  for (let i = 0; i < n; i++) fake.fakeFiles.set(`/w/src/data/item-${i}.json`, JSON.stringify({ id: i, title: `Item ${i}` }));
}

describe('editor: the document store\'s workspace scan', () => {
  beforeEach(() => fake.fakeFiles.clear());

  it('stops early where nothing is about AWS, logs its cost, and resumes to the end when an open file is ours', async () => {
    webFiles(400);
    fake.fakeFiles.set('/w/src/zz/deep/er/notes.json', POLICY);
    const { lines, log } = logger();
    const store = new DocumentStore(async () => undefined, log);
    let resumed = 0;
    store.onDidWantFullScan(() => resumed++);
    const cost = await store.scanWorkspace();
    assert.ok(cost?.stoppedEarly, 'stopped early');
    assert.ok(cost.read < 300 && cost.notRead > 100, `${cost.read} read, ${cost.notRead} not read`);
    assert.deepEqual(store.fromDisk(), [], 'the policy deep down was not reached');
    assert.match(lines.join('\n'), /Workspace scan: 401 files listed, \d+ read \(\d+ KB\), 0 parsed, 0 replication configurations.*Stopped early/);

    // The user opens a policy of the workspace: the scan wants to go on, and then reads everything.
    const doc = new fake.FakeDocument('file:///w/infra/policy-in-editor.json', POLICY);
    store.fromEditor(doc as never, { tabSize: 2, insertSpaces: true }, undefined);
    assert.equal(resumed, 1);
    const full = await store.scanWorkspace(true);
    assert.equal(full?.stoppedEarly, false);
    assert.equal(full?.read, 401);
    assert.deepEqual(store.fromDisk().map((d) => d.uri), ['file:///w/src/zz/deep/er/notes.json']);
    store.dispose();
  });

  it('reads to the end when the workspace has an AWS-looking name, and a new scan cancels the running one', async () => {
    webFiles(300);
    fake.fakeFiles.set('/w/infra/x/y/z/replication.json', '{"Role": "arn:aws:iam::111122223333:role/r", "Rules": []}');
    const { log } = logger();
    const store = new DocumentStore(async () => undefined, log);
    const first = store.scanWorkspace();
    const second = store.scanWorkspace();
    const [a, b] = await Promise.all([first, second]);
    assert.ok(a === undefined || a.cancelled, 'the first scan was cancelled');
    assert.equal(b?.cancelled, false);
    assert.equal(b?.stoppedEarly, false);
    assert.equal(b?.read, 301);
    assert.deepEqual(store.fromDisk().map((d) => d.uri), ['file:///w/infra/x/y/z/replication.json']);
    store.forgetDisk();
    assert.deepEqual(store.fromDisk(), []);
    store.dispose();
  });

  it('waits while the user types', async () => {
    webFiles(20);
    const { log } = logger();
    const store = new DocumentStore(async () => undefined, log);
    fake.fakeTextChanges.fire({ document: { uri: fake.Uri.file('/w/a.ts') } });
    const started = Date.now();
    await store.scanWorkspace();
    assert.ok(Date.now() - started >= 200, `the scan waited ${Date.now() - started} ms after a keystroke`);
    store.dispose();
  });
});
