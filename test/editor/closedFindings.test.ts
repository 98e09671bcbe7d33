/**
 * The editor's problems with one file open and the others closed (issue: 6 entries in the Problems
 * panel for the walkthrough where the CLI finds 9; the role's missing permission only while
 * role-policy.json was open): open files' own findings plus the closed files' findings are exactly
 * what the CLI reports for the folder.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../src/core/analyze';
import { parseDocument } from '../../src/core/document';
import type { Finding } from '../../src/core/findings';
import { closedFileFindings } from '../../src/editor/closedFindings';
import { runCli } from '../cli/helpers';

const WALKTHROUGH = join(__dirname, '../../../shared/examples/seed-walkthrough');
const FILES = ['replication-config.json', 'role-policy.json', 'trust-policy.json'];
const uri = (name: string) => join(WALKTHROUGH, name);
const docs = () => FILES.map((name) => parseDocument({ uri: uri(name), text: readFileSync(uri(name), 'utf8') }));
const line = (f: Finding) => readFileSync(f.uri, 'utf8').slice(0, f.offset).split('\n').length;
const shown = (findings: Finding[]) => findings.map((f) => `${f.uri.slice(WALKTHROUGH.length + 1)}:${line(f)} ${f.severity} ${f.ruleId}`).sort();

describe('editor: problems of closed files', () => {
  it('with only the configuration open, the closed role policy gets its missing permission, and together they are what the CLI reports', async () => {
    const all = docs();
    const open = uri('replication-config.json');
    // The open file, as the diagnostics controller checks it: against every other document.
    const openFindings = analyze(all, { targets: new Set([open]) }).findings;
    const closed = closedFileFindings(all, new Map(FILES.filter((n) => uri(n) !== open).map((n) => [uri(n), undefined])));
    assert.deepEqual([...closed.keys()].sort(), [uri('role-policy.json'), uri('trust-policy.json')]);
    assert.ok(closed.get(uri('role-policy.json'))?.some((f) => f.ruleId === 'iam-get-object-version-tagging'), 'the missing permission is on the closed policy');

    const editor = shown([...openFindings, ...[...closed.values()].flat()]);
    const cli = await runCli(['check', '--format', 'json', '.'], WALKTHROUGH);
    const listed = (JSON.parse(cli.stdout) as { findings: { file: string; line: number; severity: string; code: string }[] }).findings.map((f) => `${f.file}:${f.line} ${f.severity} ${f.code}`).sort();
    assert.ok(listed.length > openFindings.length && listed.some((l) => l.startsWith('role-policy.json:')), `the CLI lists findings beyond the open file: ${listed.join(', ')}`);
    assert.deepEqual(editor, listed);
  });

  it('applies each closed file\'s own settings, lists a file left without findings as empty (its old problems are cleared), and nothing when none is closed', () => {
    const all = docs();
    const policy = uri('role-policy.json');
    assert.ok((closedFileFindings(all, new Map([[policy, undefined]])).get(policy) ?? []).length > 0);
    const off = closedFileFindings(all, new Map([[policy, { rules: [[{ pattern: 'iam-*', severity: 'off' }]] }]]));
    assert.deepEqual(off.get(policy), []);
    assert.deepEqual([...closedFileFindings(all, new Map()).keys()], []);
  });
});
