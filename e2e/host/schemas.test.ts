/**
 * Our JSON schemas are associated by file name (`contributes.jsonValidation`), and VS Code's JSON
 * service applies every schema whose pattern matches. The extension serves them under its own URI
 * scheme (src/editor/schemaProvider.ts): their messages name us, and `enable: false` serves `{}`.
 * They judge by content: a role policy saved as
 * `s3-replication-policy.json` (the walkthrough's inline policy name) gets no "Missing property
 * Role / Rules". The files are written outside the workspace, so the walkthrough folder stays as
 * users copy it.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { poll } from '../harness/poll';
import { activated, ours, SOURCE, workspaceUri } from './support';

/** Diagnostics from other sources than ours: VS Code's JSON service, schemas included. */
const notOurs = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source !== SOURCE);

describe('JSON schemas on files whose name matches but whose content is another kind', () => {
  let folder = '';
  before(async () => {
    await activated();
    folder = mkdtempSync(join(tmpdir(), 's3rd-schemas-'));
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  async function open(name: string, text: string): Promise<vscode.TextDocument> {
    const file = join(folder, name);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    await vscode.window.showTextDocument(doc);
    return doc;
  }

  it('a role policy named s3-replication-policy.json: no schema warning, while a policy mistake in the same name gets one (the schemas are live)', async () => {
    const rolePolicy = readFileSync(workspaceUri('role-policy.json').fsPath, 'utf8');
    // First a mistake under a matching name: proves the JSON service runs and applies our policy schema here.
    const broken = await open('broken/s3-replication-policy.json', rolePolicy.replace('"Allow"', '"Permit"'));
    const seen = await poll('a schema diagnostic on the broken policy', () => notOurs(broken.uri).length > 0 && notOurs(broken.uri), { timeoutMs: 20_000, intervalMs: 100 });
    assert.ok(seen.some((d) => /Permit|Allow|Deny/.test(d.message) || /not accepted/i.test(d.message)), seen.map((d) => d.message).join('; '));
    assert.ok(seen.every((d) => !/Missing property "?(Role|Rules)/.test(d.message)), seen.map((d) => d.message).join('; '));

    const good = await open('s3-replication-policy.json', rolePolicy);
    // The JSON service validates after a short delay: give it well past the time the broken file took.
    await new Promise((r) => setTimeout(r, 3_000));
    assert.deepEqual(notOurs(good.uri).map((d) => d.message), []);
  });

  it('schema problems say they come from S3 Replication Doctor, and s3ReplicationDoctor.enable: false turns them off (and on again)', async () => {
    const config = readFileSync(workspaceUri('replication-config.json').fsPath, 'utf8').replace('"Enabled"', '"On"');
    const doc = await open('labelled/replication.json', config);
    const labelled = (d: vscode.Diagnostic) => d.message.startsWith('S3 Replication Doctor schema: ');
    const seen = await poll('a schema diagnostic on Status "On"', () => notOurs(doc.uri).some(labelled) && notOurs(doc.uri), { timeoutMs: 20_000, intervalMs: 100 });
    assert.deepEqual(seen.filter((d) => !labelled(d)).map((d) => d.message), [], 'every schema problem names us');
    assert.ok(seen.some((d) => /"Enabled" or "Disabled"/.test(d.message)), seen.map((d) => d.message).join('; '));
    const settings = vscode.workspace.getConfiguration('s3ReplicationDoctor');
    try {
      await settings.update('enable', false, vscode.ConfigurationTarget.Workspace);
      await poll('no schema diagnostic once disabled', () => notOurs(doc.uri).length === 0, { timeoutMs: 20_000, intervalMs: 100 });
      await poll('none of ours either', () => ours(doc.uri).length === 0, { timeoutMs: 20_000, intervalMs: 100 });
    } finally {
      await settings.update('enable', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await poll('the schema diagnostic back once enabled', () => notOurs(doc.uri).some(labelled), { timeoutMs: 20_000, intervalMs: 100 });
  });

  it('a file of someone else\'s named content-security-policy.json or db-replication.json: nothing from our schemas', async () => {
    const csp = await open('content-security-policy.json', JSON.stringify({ 'default-src': ["'self'"], reportOnly: false }, null, 2));
    const db = await open('db-replication.json', JSON.stringify({ primary: 'db-1', replicas: ['db-2'], Rules: 'async' }, null, 2));
    await new Promise((r) => setTimeout(r, 3_000));
    assert.deepEqual([...notOurs(csp.uri), ...notOurs(db.uri)].map((d) => d.message), []);
  });
});
