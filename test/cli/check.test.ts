import { strict as assert } from 'node:assert';
import { join, relative } from 'node:path';
import { MAX_READ_BYTES } from '../../src/cli/files';
import { CLEAN_CONFIG, CONFIG_MISSING_DELETE_MARKER, TempTree, WALKTHROUGH, runCli, walkthroughFile } from './helpers';

describe('cli check (text output, exit codes)', () => {
  let tree: TempTree;
  afterEach(() => tree?.cleanup());

  it('reports the walkthrough config error at its Filter key, grouped under the file, and exits 1', async () => {
    tree = new TempTree({
      'replication-config.json': walkthroughFile('replication-config.json'),
      'role-policy.json': walkthroughFile('role-policy.json'),
      'trust-policy.json': walkthroughFile('trust-policy.json'),
    });
    const run = await runCli(['check', '.'], tree.root);
    assert.equal(run.code, 1);
    const lines = run.stdout.split('\n');
    const header = lines.indexOf('replication-config.json');
    const finding = lines.findIndex((l) => l.includes('rc-v2-delete-marker-required'));
    assert.ok(header >= 0 && finding > header, run.stdout);
    assert.ok(lines.slice(header + 1, finding).every((l) => l.startsWith('  replication-config.json:')), 'grouped under its file');
    // The walkthrough's rule has `"Filter"` on line 8, column 1 (the file is not indented).
    assert.match(lines[finding], /^ {2}replication-config\.json:8:1 +error +This rule uses Filter \(the V2 schema\).*  rc-v2-delete-marker-required$/);
    assert.doesNotMatch(run.stdout, /`/, 'plain text: no markdown backticks in a terminal');
    assert.match(run.stdout, /3 files checked \(1 replication configuration, 1 permission policy, 1 trust policy\)/);
    assert.equal(run.stderr, '');
  });

  it('exits 0 and says so when nothing is wrong; unrelated JSON is counted as ignored, never judged', async () => {
    tree = new TempTree({ 'cfg.json': CLEAN_CONFIG, 'package.json': '{"name": "x", "version": ', 'tsconfig.json': '{}' });
    const run = await runCli(['check', tree.root], tree.root);
    assert.equal(run.code, 0, run.stdout);
    assert.doesNotMatch(run.stdout, /package\.json| error /);
    assert.match(run.stdout, /1 file checked \(1 replication configuration\), 2 ignored/);
  });

  it('walks folders for the extensions it reads, skipping node_modules and .git, and takes named files of any extension', async () => {
    tree = new TempTree({
      'a/bad.json': CONFIG_MISSING_DELETE_MARKER,
      'a/node_modules/dep/bad.json': CONFIG_MISSING_DELETE_MARKER,
      'a/.git/bad.json': CONFIG_MISSING_DELETE_MARKER,
      'a/notes.txt': CONFIG_MISSING_DELETE_MARKER,
      'b/replication.jsonc': CONFIG_MISSING_DELETE_MARKER,
    });
    const run = await runCli(['check', '--format', 'json', 'a', 'b/replication.jsonc'], tree.root);
    const files = (JSON.parse(run.stdout) as { findings: { file: string }[] }).findings.map((f) => f.file);
    assert.deepEqual([...new Set(files)].sort(), ['a/bad.json', 'b/replication.jsonc']);
  });

  it('analyses a file named twice (directly and through its folder) once', async () => {
    tree = new TempTree({ 'c/bad.json': CONFIG_MISSING_DELETE_MARKER });
    const run = await runCli(['check', '--format', 'json', 'c', 'c/bad.json', './c/../c/bad.json'], tree.root);
    const findings = (JSON.parse(run.stdout) as { findings: { code: string }[] }).findings;
    assert.equal(findings.filter((f) => f.code === 'rc-v2-delete-marker-required').length, 1);
  });

  it('stops with exit 2 and one clear sentence for a path that does not exist', async () => {
    tree = new TempTree({ 'bad.json': CONFIG_MISSING_DELETE_MARKER });
    const run = await runCli(['check', 'bad.json', 'missing.json'], tree.root);
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr, 's3-replication-doctor: cannot read missing.json: no such file\n');
  });

  it('exits 2 for a folder without files to check, and for usage errors with a pointer to --help', async () => {
    tree = new TempTree({ 'empty/readme.md': '# nothing' });
    const empty = await runCli(['check', 'empty'], tree.root);
    assert.equal(empty.code, 2);
    assert.match(empty.stderr, /no files to check in empty \(looked for \*\.json, \*\.yaml, \*\.yml, \*\.template, \*\.tf\)/);
    const usage = await runCli(['check', '--nope', '.'], tree.root);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /unknown option --nope\nRun "s3-replication-doctor --help" for usage\./);
  });

  it('reports broken JSON in a recognised file as a located json-syntax finding, not a crash', async () => {
    tree = new TempTree({ 'replication.json': '{\n  "Role": "arn:aws:iam::123456789012:role/r",\n  "Rules": [\n    {"Destination": {"Bucket": "arn:aws:s3:::d"}}\n  ]\n' });
    const run = await runCli(['check', '--format', 'json', 'replication.json'], tree.root);
    assert.equal(run.code, 1);
    const syntax = (JSON.parse(run.stdout) as { findings: { code: string; line: number }[] }).findings.filter((f) => f.code === 'json-syntax');
    assert.equal(syntax.length, 1);
    assert.equal(syntax[0].line, 6);
  });

  it('reports a UTF-8 byte order mark, which the AWS CLI refuses, though the text it reads has none', async () => {
    tree = new TempTree({ 'bom.json': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(CLEAN_CONFIG)]) });
    const run = await runCli(['check', 'bom.json'], tree.root);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /bom\.json:1:1 +error +This file starts with a UTF-8 byte order mark.*json-encoding/);
    assert.doesNotMatch(run.stdout, /json-syntax/);
  });

  it('does not read a file too large to analyse, and says so where it starts', async () => {
    const head = CLEAN_CONFIG.replace('"Rules"', '"Padding": "", "Rules"');
    tree = new TempTree({ 'huge.json': Buffer.concat([Buffer.from(head.slice(0, head.indexOf('""') + 1)), Buffer.alloc(MAX_READ_BYTES, 0x61), Buffer.from(head.slice(head.indexOf('""') + 1))]) });
    const run = await runCli(['check', '--format', 'json', 'huge.json'], tree.root);
    assert.equal(run.code, 1);
    const findings = (JSON.parse(run.stdout) as { findings: { code: string; line: number; message: string }[] }).findings;
    assert.deepEqual(findings.map((f) => [f.code, f.line]), [['json-too-large', 1]]);
    assert.match(findings[0].message, new RegExp(`\\(${(MAX_READ_BYTES + head.length).toLocaleString('en-US')} bytes\\)`));
  });

  it('warns, as ESLint does for a file it does not lint, about a named file it does not recognise: no rule id, exit 0, counted for --max-warnings; --kind makes it checked', async () => {
    tree = new TempTree({ 'policies/role.json': '{"Version": "2012-10-17"}', 'empty.json': '', 'package.json': '{"name": "x"}' });
    const plain = await runCli(['check', 'policies/role.json'], tree.root);
    assert.equal(plain.code, 0);
    assert.equal(plain.stderr, '');
    assert.match(plain.stdout, /^policies\/role\.json\n {2}policies\/role\.json:1:1 {2}warning {2}File not checked: not recognised as a replication configuration or an IAM policy .*--kind.*--no-warn-ignored.*$/m);
    assert.match(plain.stdout, /✖ 1 problem \(0 errors, 1 warning, 0 info\)\n0 files checked, 1 ignored/);
    assert.doesNotMatch(plain.stdout, /No problems found/);
    assert.equal((await runCli(['check', '--max-warnings', '0', 'policies/role.json'], tree.root)).code, 1);

    const empty = await runCli(['check', 'empty.json', 'package.json'], tree.root);
    assert.match(empty.stdout, /empty\.json:1:1 {2}warning {2}File not checked: it is empty/);
    assert.match(empty.stdout, /package\.json:1:1 {2}warning {2}File not checked: not recognised/);
    assert.match(empty.stdout, /2 problems \(0 errors, 2 warnings, 0 info\)/);

    // Hidden, the warning leaves no claim that something was checked and found fine.
    const hidden = await runCli(['check', '--no-warn-ignored', 'policies/role.json'], tree.root);
    assert.equal(hidden.code, 0);
    assert.equal(hidden.stdout, 'No file was checked.\n0 files checked, 1 ignored (not a replication configuration or policy)\n');
    const quiet = await runCli(['check', '--quiet', 'policies/role.json'], tree.root);
    assert.equal(quiet.stdout.includes('File not checked'), false);
    assert.match(quiet.stdout, /^No file was checked\.\n/);
    // Files found by walking a folder are not named: unrelated ones are only counted.
    assert.match((await runCli(['check', '.'], tree.root)).stdout, /^No file was checked\.\n0 files checked, 3 ignored/);

    const json = JSON.parse((await runCli(['check', '--format', 'json', 'policies/role.json'], tree.root)).stdout) as { findings: Record<string, unknown>[] };
    assert.deepEqual(
      json.findings.map((f) => [f.file, f.line, f.severity, f.code]),
      [['policies/role.json', 1, 'warning', null]],
    );

    const forced = await runCli(['check', '--kind', 'policies/*.json=permission-policy', 'policies/role.json'], tree.root);
    assert.equal(forced.stderr, '');
    assert.doesNotMatch(forced.stdout, /File not checked/);
    assert.match(forced.stdout, /1 file checked \(1 permission policy\)/);
  });

  it('checks standard input ("-") as one document, with the files named beside it, under --stdin-filename\'s name', async () => {
    tree = new TempTree({ 'role-policy.json': walkthroughFile('role-policy.json'), 'trust-policy.json': walkthroughFile('trust-policy.json') });
    const config = walkthroughFile('replication-config.json');
    const alone = await runCli(['check', '-'], tree.root, { stdin: config });
    assert.equal(alone.code, 1);
    assert.match(alone.stdout, /^<stdin>\n {2}<stdin>:5:1 /m);
    assert.match(alone.stdout, /<stdin>:8:1 +error .*rc-v2-delete-marker-required/);
    // With the role policy beside it, the cross-file finding points back into standard input.
    const together = await runCli(['check', '--stdin-filename', 'replication-config.json', '-', 'role-policy.json', 'trust-policy.json'], tree.root, { stdin: config });
    assert.match(together.stdout, /role-policy\.json:14:1 +warning .*iam-get-object-version-tagging\n +replication-config\.json:5:7 /);
    assert.match(together.stdout, /3 files checked \(1 replication configuration, 1 permission policy, 1 trust policy\)/);
    // A UTF-8 byte order mark on standard input is read as the file's would be.
    const bom = await runCli(['check', '--format', 'json', '-'], tree.root, { stdin: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(config)]) });
    const codes = (JSON.parse(bom.stdout) as { findings: { code: string }[] }).findings.map((f) => f.code);
    assert.ok(codes.includes('rc-v2-delete-marker-required'), codes.join());
    // Nothing on standard input is a document the AWS CLI refuses: reported, not a crash.
    const nothing = await runCli(['check', '-'], tree.root, { stdin: '' });
    assert.match(nothing.stdout, /<stdin>:1:1 {2}warning {2}File not checked: it is empty/);
  });

  it('applies the first matching --kind, and a kind of unrelated switches checks off', async () => {
    tree = new TempTree({ 'x/bad.json': CONFIG_MISSING_DELETE_MARKER });
    const off = await runCli(['check', '--kind', 'bad.json=unrelated', '--kind', '**/*.json=replication-config', 'x'], tree.root);
    assert.equal(off.code, 0);
    assert.match(off.stdout, /0 files checked, 1 ignored/);
  });

  it('--quiet shows errors only; --max-warnings turns too many warnings into exit 1', async () => {
    const disabled = CLEAN_CONFIG.replace('"Status": "Enabled"', '"Status": "Disabled"');
    tree = new TempTree({ 'disabled.json': disabled });
    const normal = await runCli(['check', '.'], tree.root);
    assert.equal(normal.code, 0);
    assert.match(normal.stdout, /disabled\.json:\d+:\d+ +warning .*rc-all-rules-disabled/);

    const quiet = await runCli(['check', '--quiet', '.'], tree.root);
    assert.doesNotMatch(quiet.stdout, /rc-all-rules-disabled/);
    assert.match(quiet.stdout, /No problems found/);

    const strict = await runCli(['check', '--max-warnings', '0', '.'], tree.root);
    assert.equal(strict.code, 1);
    assert.match(strict.stderr, /1 warnings, more than --max-warnings 0/);
    assert.equal((await runCli(['check', '--max-warnings', '1', '.'], tree.root)).code, 0);
  });

  it('--no-info leaves out the info findings (explanations), and nothing else', async () => {
    tree = new TempTree({
      'replication-config.json': walkthroughFile('replication-config.json'),
      'role-policy.json': walkthroughFile('role-policy.json'),
      'trust-policy.json': walkthroughFile('trust-policy.json'),
    });
    const json = async (...args: string[]) => (JSON.parse((await runCli(['check', '--format', 'json', ...args, '.'], tree.root)).stdout) as { findings: { code: string; severity: string }[] }).findings;
    const all = await json();
    const noInfo = await json('--no-info');
    assert.ok(all.some((f) => f.severity === 'info'));
    assert.deepEqual(noInfo, all.filter((f) => f.severity !== 'info'));
    const text = await runCli(['check', '--no-info', '.'], tree.root);
    assert.equal(text.code, 1);
    assert.match(text.stdout, /\(2 errors, 1 warning, 0 info\)/);
  });

  it('colours only on a terminal, and never with NO_COLOR', async () => {
    tree = new TempTree({ 'bad.json': CONFIG_MISSING_DELETE_MARKER });
    const esc = '\x1b[';
    assert.ok(!(await runCli(['check', '.'], tree.root)).stdout.includes(esc));
    assert.ok((await runCli(['check', '.'], tree.root, { tty: true })).stdout.includes(`${esc}31merror`));
    assert.ok(!(await runCli(['check', '.'], tree.root, { tty: true, env: { NO_COLOR: '1' } })).stdout.includes(esc));
  });

  it('prints --version, --help and the rule table', async () => {
    tree = new TempTree();
    assert.match((await runCli(['--version'], tree.root)).stdout, /^\d+\.\d+\.\d+\n$/);
    const help = await runCli(['--help'], tree.root);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: s3-replication-doctor check/);
    const rules = await runCli(['--rules'], tree.root);
    assert.match(rules.stdout, /^rc-v2-delete-marker-required +error +A rule with Filter /m);
    const asJson = JSON.parse((await runCli(['--rules', '--format=json'], tree.root)).stdout) as { rules: { id: string; docUrl: string }[] };
    assert.ok(asJson.rules.some((r) => r.id === 'json-syntax' && r.docUrl.startsWith('https://')));
  });

  it('names files outside the current folder by absolute path in JSON, by the shorter path in text', async () => {
    tree = new TempTree();
    const run = await runCli(['check', '--format', 'json', WALKTHROUGH], tree.root);
    assert.equal(run.code, 1);
    const files = (JSON.parse(run.stdout) as { findings: { file: string }[] }).findings.map((f) => f.file);
    assert.ok(files.includes(join(WALKTHROUGH, 'replication-config.json')), files.join());
    // Text output: relative when that is shorter, as from the repository next to the walkthrough.
    const text = await runCli(['check', WALKTHROUGH], tree.root);
    const absolute = join(WALKTHROUGH, 'replication-config.json');
    const fromTemp = relative(tree.root, absolute);
    // Which is shorter depends on where the checkout and the temp folder are (a clone under /tmp).
    assert.ok(text.stdout.split('\n').includes(fromTemp.length < absolute.length ? fromTemp : absolute), text.stdout);
    const near = await runCli(['check', WALKTHROUGH], join(WALKTHROUGH, '../sibling'));
    assert.ok(near.stdout.split('\n').includes(join('..', 'seed-walkthrough', 'replication-config.json')), near.stdout);
  });
});
