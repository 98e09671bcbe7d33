/**
 * The Problems panel lists what the CLI lists for the walkthrough folder without the user opening
 * each file: the workspace scan's closed files get their problems (setting `problems`: `workspace`).
 * Runs first, before any other test opens a walkthrough file. "What the CLI lists" is the engine's
 * analysis of the folder's files together, which is what `check <folder>` reports.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { analyze } from '../../src/core/analyze';
import { poll } from '../harness/poll';
import { activated, ours, ruleId, workspaceUri } from './support';

const SEVERITY_NAMES = ['error', 'warning', 'info', 'hint'];

describe('problems of files no editor has open', () => {
  it('lists every finding of the walkthrough folder, the role policy\'s missing permission included, with no walkthrough file open', async () => {
    await activated();
    const folder = workspaceUri('.').fsPath;
    const files = readdirSync(folder).filter((n) => n.endsWith('.json'));
    const uris = files.map((n) => workspaceUri(n));
    // Open in an editor tab, not merely loaded: built-in extensions (npm's script explorer) load the
    // workspace's package.json as a text document on a fresh profile without the user opening it.
    const openTabs = vscode.window.tabGroups.all
      .flatMap((g) => g.tabs)
      .map((t) => t.input)
      .filter((i): i is vscode.TabInputText => i instanceof vscode.TabInputText)
      .map((i) => i.uri.toString());
    assert.deepEqual(
      uris.filter((u) => openTabs.includes(u.toString())).map((u) => u.path),
      [],
      'no walkthrough file is open in an editor yet',
    );
    const expected = analyze(uris.map((u) => ({ uri: u.toString(), text: readFileSync(u.fsPath, 'utf8') })))
      .findings.map((f) => {
        const text = readFileSync(vscode.Uri.parse(f.uri).fsPath, 'utf8');
        return `${f.uri.split('/').pop()}:${text.slice(0, f.offset).split('\n').length} ${f.severity} ${f.ruleId}`;
      })
      .sort();
    assert.ok(expected.some((e) => /^role-policy\.json:\d+ warning iam-get-object-version-tagging$/.test(e)), expected.join(', '));
    const shown = () =>
      uris
        .flatMap((u) => ours(u).map((d) => `${u.path.split('/').pop()}:${d.range.start.line + 1} ${SEVERITY_NAMES[d.severity]} ${ruleId(d)}`))
        .sort();
    await poll('the Problems panel to list the folder\'s findings', () => shown().length === expected.length, { timeoutMs: 20_000, intervalMs: 100 }).catch(() => undefined);
    assert.deepEqual(shown(), expected);
  });
});
