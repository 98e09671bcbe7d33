/**
 * Writing a role policy in the installed extension: after `"s3:` the completion list has the S3
 * actions (the replication ones for `Repl`), and hovering an action says what it is granted on and
 * why replication needs it — in a JSON policy and in a Terraform policy document alike. Nothing in a
 * file that is no policy (package.json).
 */
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { openValidated, revert, validated } from './support';

function text(h: vscode.Hover): string {
  return h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : '')).join('\n');
}

async function completionItemsAt(doc: vscode.TextDocument, at: vscode.Position, resolve = 0): Promise<vscode.CompletionItem[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, at, ':', resolve);
  return list.items;
}

const labelOf = (i: vscode.CompletionItem) => (typeof i.label === 'string' ? i.label : i.label.label);

async function completionsAt(doc: vscode.TextDocument, at: vscode.Position): Promise<string[]> {
  return (await completionItemsAt(doc, at)).map(labelOf);
}

async function hoverAt(doc: vscode.TextDocument, at: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, at);
  return hovers.map(text).join('\n---\n');
}

describe('IAM actions: completion and hover', () => {
  afterEach(async () => {
    for (const doc of vscode.workspace.textDocuments) await revert(doc);
  });

  it('role-policy.json: "s3:Repl" completes to the replication actions; the hover on s3:ReplicateObject says why replication needs it', async () => {
    const doc = await openValidated('role-policy.json');
    const line = doc.getText().split('\n').findIndex((l) => l.includes('"s3:ReplicateDelete"'));
    assert.ok(line > 0);
    const editor = await vscode.window.showTextDocument(doc);
    const at = new vscode.Position(line, doc.lineAt(line).text.indexOf('"s3:ReplicateDelete"'));
    await editor.edit((e) => e.insert(at, '"s3:Repl", '));
    await validated(doc);
    const labels = await completionsAt(doc, at.translate(0, '"s3:Repl'.length));
    for (const a of ['s3:ReplicateObject', 's3:ReplicateTags', 's3:ReplicateDelete']) assert.ok(labels.includes(a), `${a} among ${labels.slice(0, 10).join(', ')}`);
    // Descriptions come when an item is resolved (the one the user moves to), as VS Code asks for them.
    const resolved = (await completionItemsAt(doc, at.translate(0, '"s3:Repl'.length), 500)).find((i) => labelOf(i) === 's3:ReplicateObject');
    const docs = resolved?.documentation;
    assert.match(typeof docs === 'string' ? docs : (docs?.value ?? ''), /S3 replication role\*\*: granted on the destination objects/);

    const objectLine = doc.getText().split('\n').findIndex((l) => l.includes('"s3:ReplicateObject"'));
    const hover = await hoverAt(doc, new vscode.Position(objectLine, doc.lineAt(objectLine).text.indexOf('Replicate') + 2));
    assert.match(hover, /\*\*s3:ReplicateObject\*\*/);
    assert.match(hover, /S3 replication role\*\*: granted on the destination objects/);
  });

  it('terraform/iam.tf: the hover works in a policy document\'s actions list', async () => {
    const doc = await openValidated('terraform/iam.tf');
    const line = doc.getText().split('\n').findIndex((l) => l.includes('"s3:ReplicateDelete"'));
    const hover = await hoverAt(doc, new vscode.Position(line, doc.lineAt(line).text.indexOf('s3:ReplicateDelete') + 5));
    assert.match(hover, /\*\*s3:ReplicateDelete\*\*[\s\S]*DstDelObjNotPermitted/);
  });

  it('package.json: no action help in a file that is no policy', async () => {
    const doc = await openValidated('package.json');
    const editor = await vscode.window.showTextDocument(doc);
    await editor.edit((e) => e.insert(new vscode.Position(1, 0), '  "x": "s3:Repl",\n'));
    await validated(doc);
    const labels = await completionsAt(doc, new vscode.Position(1, '  "x": "s3:Repl'.length));
    assert.ok(!labels.includes('s3:ReplicateObject'), labels.slice(0, 10).join(', '));
  });
});
