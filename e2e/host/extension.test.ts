/** The packaged extension as installed: it is the .vsix (not the sources), it activates, its commands exist. */
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import * as vscode from 'vscode';
import { activated, extension, EXTENSION_ID } from './support';

interface Manifest {
  version: string;
  contributes?: { commands?: { command: string }[]; jsonValidation?: { url: string }[] };
}

describe('the installed extension', () => {
  it('is the packaged .vsix, installed into the profile', () => {
    const ext = extension();
    const manifest = ext.packageJSON as Manifest;
    // code-server unpacks an installed .vsix into <extensions-dir>/<publisher.name>-<version>.
    assert.equal(basename(ext.extensionPath), `${EXTENSION_ID}-${manifest.version}`);
  });

  it('ships or serves every JSON schema it contributes, as valid JSON (else VS Code warns "Unable to load schema" on every matching file)', async () => {
    const ext = extension();
    const urls = ((ext.packageJSON as Manifest).contributes?.jsonValidation ?? []).map((v) => v.url);
    assert.ok(urls.some((u) => u.startsWith('s3-replication-doctor-schema:')), urls.join(', '));
    for (const url of urls) {
      if (url.startsWith('s3-replication-doctor-schema:')) {
        // What the JSON language server gets: it opens a schema of an unknown scheme as a document.
        const served = JSON.parse((await vscode.workspace.openTextDocument(vscode.Uri.parse(url))).getText()) as { definitions?: object };
        assert.ok(served.definitions, `${url} is served as the real schema`);
        continue;
      }
      const file = join(ext.extensionPath, url);
      assert.ok(existsSync(file), `${url} is contributed in package.json but not in the .vsix`);
      assert.doesNotThrow(() => JSON.parse(readFileSync(file, 'utf8')), `${url} is not valid JSON`);
    }
  });

  it('activates and finishes its workspace scan', async () => {
    await activated();
    assert.equal(extension().isActive, true);
  });

  it('registers every command declared in package.json', async () => {
    await activated();
    const declared = ((extension().packageJSON as Manifest).contributes?.commands ?? []).map((c) => c.command);
    assert.ok(declared.length > 0, 'package.json declares no commands');
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(
      declared.filter((c) => !registered.has(c)),
      [],
      'commands declared in package.json but not registered',
    );
  });
});
