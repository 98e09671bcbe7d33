/**
 * `.s3-replication-doctor.json` in the installed extension: written to the workspace, it changes the
 * diagnostics of files already open (file watcher, no reload); its own mistakes are diagnostics on
 * it; the `s3ReplicationDoctor.rules` setting overrides it; deleting it restores the defaults.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { poll } from '../harness/poll';
import { openValidated, ours, problems, ruleId, workspaceUri } from './support';

const CONFIG = '.s3-replication-doctor.json';
const WAIT = { timeoutMs: 15_000, intervalMs: 50 };

async function writeConfig(text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(workspaceUri(CONFIG), new TextEncoder().encode(text));
}

/** Waits until the document's problems (errors and warnings) are exactly `expected`. */
async function problemsBecome(uri: vscode.Uri, expected: string[]): Promise<void> {
  await poll(`problems of ${uri.path} to become ${JSON.stringify(expected)}`, () => JSON.stringify(problems(uri)) === JSON.stringify(expected), WAIT).catch((err: Error) => {
    throw new Error(`${err.message}; they are ${JSON.stringify(problems(uri))}`);
  });
}

describe('the project configuration file', () => {
  const BASELINE = ['error rc-rtc-requires-metrics @ line 13', 'error rc-v2-delete-marker-required @ line 8'];

  after(async () => {
    await vscode.workspace.getConfiguration('s3ReplicationDoctor').update('rules', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.workspace.fs.delete(workspaceUri(CONFIG)).then(undefined, () => undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('re-applies to open files when it is created, changed and deleted', async () => {
    const config = await openValidated('replication-config.json');
    await problemsBecome(config.uri, BASELINE);

    await writeConfig('{\n  // as a team would relax it\n  "rules": { "rc-v2-delete-marker-required": "warning", "rc-rtc-*": "off" }\n}\n');
    await problemsBecome(config.uri, ['warning rc-v2-delete-marker-required @ line 8']);

    await writeConfig('{"rules": {"rc-v2-delete-marker-required": "off"}}');
    await problemsBecome(config.uri, ['error rc-rtc-requires-metrics @ line 13']);

    await vscode.workspace.fs.delete(workspaceUri(CONFIG));
    await problemsBecome(config.uri, BASELINE);
  });

  it('"Turn off <rule>" from the lightbulb creates the file with that rule off, then adds the next rule to it', async () => {
    const config = await openValidated('replication-config.json');
    await problemsBecome(config.uri, BASELINE);
    const turnOff = async (rule: string) => {
      const d = ours(config.uri).find((x) => ruleId(x) === rule);
      assert.ok(d, `no ${rule} diagnostic`);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', config.uri, d.range, vscode.CodeActionKind.QuickFix.value);
      const action = actions.find((a) => a.title === `Turn off ${rule} in ${CONFIG}`);
      assert.ok(action?.command, `no "Turn off" among: ${actions.map((a) => a.title).join('; ')}`);
      assert.ok(actions.some((a) => a.title === `Show documentation for ${rule}`));
      await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
    };
    await turnOff('rc-rtc-requires-metrics');
    const written = () => new TextDecoder().decode(readFileSync(workspaceUri(CONFIG).fsPath));
    assert.equal(written(), '{\n  "rules": {\n    "rc-rtc-requires-metrics": "off"\n  }\n}\n');
    await problemsBecome(config.uri, ['error rc-v2-delete-marker-required @ line 8']);
    await turnOff('rc-v2-delete-marker-required');
    assert.deepEqual(JSON.parse(written()), { rules: { 'rc-rtc-requires-metrics': 'off', 'rc-v2-delete-marker-required': 'off' } }, 'saved, the first rule kept');
    await problemsBecome(config.uri, []);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(workspaceUri(CONFIG));
    await problemsBecome(config.uri, BASELINE);
  });

  it('ignores files (no diagnostics at all) while still reading them for the others', async () => {
    await writeConfig('{"ignores": ["replication-config.json"]}');
    const config = await openValidated('replication-config.json');
    await poll('no diagnostics on the ignored file', () => ours(config.uri).length === 0, WAIT);
    const role = await openValidated('role-policy.json');
    // The role's missing permission is found from the ignored configuration's rule, and points at it.
    const fromIgnored = (d: vscode.Diagnostic) =>
      ruleId(d) === 'iam-get-object-version-tagging' && d.relatedInformation?.some((r) => r.location.uri.path.endsWith('/replication-config.json')) === true;
    await poll('the role policy finding that comes from the ignored configuration', () => ours(role.uri).some(fromIgnored), WAIT);
    await vscode.workspace.fs.delete(workspaceUri(CONFIG));
    await problemsBecome(config.uri, BASELINE);
  });

  it('opens as JSON with comments and shows its own mistakes where they are, with a quick fix', async () => {
    await writeConfig('{\n  "rules": { "rc-v2-delete-marker-requird": "off" }\n}\n');
    const doc = await vscode.workspace.openTextDocument(workspaceUri(CONFIG));
    await vscode.window.showTextDocument(doc);
    assert.equal(doc.languageId, 'jsonc');
    const [d] = await poll('a diagnostic on the configuration file', () => (ours(doc.uri).length > 0 ? ours(doc.uri) : undefined), WAIT);
    assert.equal(ruleId(d), 'config-unknown-rule');
    assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(doc.getText(d.range), '"rc-v2-delete-marker-requird"');
    assert.match(d.message, /did you mean "rc-v2-delete-marker-required"\?/);
    // Edits are computed when an action is resolved (as the lightbulb does on a pick): resolve them all.
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, d.range, undefined, 100);
    const fix = actions.find((a) => a.title === 'Change to "rc-v2-delete-marker-required"');
    assert.ok(fix?.edit, `no rename fix among: ${actions.map((a) => a.title).join('; ')}`);
  });

  it('gets our schema from VS Code\'s JSON server (completion, hover, checks) and not the replication schema its name also matches', async () => {
    await writeConfig('{\n  // comments are allowed\n  "rules": { "rc-v2-delete-marker-required": "warn" }\n}\n');
    const doc = await vscode.workspace.openTextDocument(workspaceUri(CONFIG));
    await vscode.window.showTextDocument(doc);
    const others = () => vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source !== 'S3 Replication Doctor');
    const fromSchema = await poll('the JSON server\'s schema check of "warn"', () => others().find((d) => doc.getText(d.range) === '"warn"'), WAIT);
    assert.match(fromSchema.message, /off.*info.*warning.*error/s, fromSchema.message);
    assert.deepEqual(
      others().filter((d) => d !== fromSchema).map((d) => d.message),
      [],
      'no comment complaint (JSON with comments) and no "Missing property Role" from the replication schema',
    );
  });

  it('is overridden by the s3ReplicationDoctor.rules setting', async () => {
    await writeConfig('{"rules": {"rc-v2-delete-marker-required": "off", "rc-rtc-requires-metrics": "off"}}');
    const config = await openValidated('replication-config.json');
    await problemsBecome(config.uri, []);
    await vscode.workspace.getConfiguration('s3ReplicationDoctor').update('rules', { 'rc-rtc-requires-metrics': 'warning' }, vscode.ConfigurationTarget.Workspace);
    await problemsBecome(config.uri, ['warning rc-rtc-requires-metrics @ line 13']);
  });
});
