import { execFileSync } from 'node:child_process';
import { strict as assert } from 'node:assert';
import { chmodSync, chownSync, existsSync, linkSync, lstatSync, mkdirSync, readdirSync, renameSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { readSource } from '../../src/cli/files';
import { writeFixed, type WriteHooks } from '../../src/cli/writeFile';
import { CONFIG_MISSING_DELETE_MARKER, TempTree, runCli, walkthroughFile } from './helpers';

const DMR = '"DeleteMarkerReplication"';

describe('cli check --fix', () => {
  let tree: TempTree;
  afterEach(() => tree?.cleanup());

  it('fixes the walkthrough config in place, reports what remains, and leaves files without fixes alone', async () => {
    const trust = walkthroughFile('trust-policy.json');
    tree = new TempTree({
      'replication-config.json': walkthroughFile('replication-config.json'),
      'trust-policy.json': trust,
      'package.json': '{ "name": "infra" }',
    });
    const trustBefore = statSync(tree.path('trust-policy.json')).mtimeMs;
    const run = await runCli(['check', '--fix', '.'], tree.root);

    const fixed = JSON.parse(tree.read('replication-config.json')) as { Rules: { DeleteMarkerReplication?: unknown }[] };
    assert.deepEqual(fixed.Rules[0].DeleteMarkerReplication, { Status: 'Disabled' });
    assert.match(run.stdout, /^Fixed \d+ problems? in replication-config\.json$/m);
    assert.doesNotMatch(run.stdout, /rc-v2-delete-marker-required/);
    assert.equal(tree.read('trust-policy.json'), trust);
    assert.equal(statSync(tree.path('trust-policy.json')).mtimeMs, trustBefore);
    assert.equal(tree.read('package.json'), '{ "name": "infra" }');
  });

  it('exits 0 when the fixes leave no error, and keeps stdout pure JSON with --format json', async () => {
    tree = new TempTree({ 'cfg.json': CONFIG_MISSING_DELETE_MARKER });
    const run = await runCli(['check', '--fix', '--format', 'json', '.'], tree.root);
    assert.equal(run.code, 0, run.stdout);
    const remaining = (JSON.parse(run.stdout) as { findings: { severity: string }[] }).findings;
    assert.ok(remaining.every((f) => f.severity !== 'error'));
    assert.match(run.stderr, /Fixed 1 problem in cfg\.json/);
    assert.ok(tree.read('cfg.json').includes(DMR));
  });

  it('applies fixes over several passes (a comment and a missing member), counting each', async () => {
    tree = new TempTree({ 'cfg.json': `// copied from the blog post\n${CONFIG_MISSING_DELETE_MARKER}` });
    const run = await runCli(['check', '--fix', 'cfg.json'], tree.root);
    const text = tree.read('cfg.json');
    assert.ok(!text.includes('//') && text.includes(DMR), text);
    assert.match(run.stdout, /Fixed 2 problems in cfg\.json/);
  });

  it('never rewrites a file with invalid JSON, even when some of its findings have fixes', async () => {
    const broken = `// note\n${CONFIG_MISSING_DELETE_MARKER.slice(0, -2)}`;
    tree = new TempTree({ 'cfg.json': broken });
    const run = await runCli(['check', '--fix', 'cfg.json'], tree.root);
    assert.equal(tree.read('cfg.json'), broken);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /json-syntax/);
    assert.doesNotMatch(run.stdout, /^Fixed/m);
    assert.doesNotMatch(run.stdout, /fixable with --fix/);
  });

  it("writes inserted blocks in each file's own indentation (none, 2, 4 spaces, tabs) and line ending", async () => {
    const config = JSON.parse(CONFIG_MISSING_DELETE_MARKER) as { Rules: Record<string, unknown>[] };
    const fixed = { ...config, Rules: config.Rules.map((r) => ({ ...r, DeleteMarkerReplication: { Status: 'Disabled' } })) };
    const layout = (value: unknown, indent: string, eol: string) =>
      `${(indent === '' ? JSON.stringify(value, null, 1).replace(/\n +/g, '\n') : JSON.stringify(value, null, indent)).replace(/\n/g, eol)}${eol}`;
    const styles = { none: '', two: '  ', four: '    ', tabs: '\t' };
    const files: Record<string, string> = {};
    for (const [name, indent] of Object.entries(styles)) {
      files[`${name}.json`] = layout(config, indent, '\n');
      files[`${name}-crlf.json`] = layout(config, indent, '\r\n');
    }
    tree = new TempTree(files);
    const run = await runCli(['check', '--fix', '.'], tree.root);
    assert.equal(run.code, 0, run.stdout);
    for (const [name, indent] of Object.entries(styles)) {
      assert.equal(tree.read(`${name}.json`), layout(fixed, indent, '\n'), name);
      assert.equal(tree.read(`${name}-crlf.json`), layout(fixed, indent, '\r\n'), `${name}, CRLF`);
    }
  });

  it('keeps CRLF line endings, a UTF-8 byte order mark and the file mode', async () => {
    const crlf = `\ufeff${CONFIG_MISSING_DELETE_MARKER.replace(/\n/g, '\r\n')}\r\n`;
    tree = new TempTree({ 'cfg.json': crlf });
    chmodSync(tree.path('cfg.json'), 0o640);
    await runCli(['check', '--fix', 'cfg.json'], tree.root);
    const bytes = tree.bytes('cfg.json');
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    assert.ok(text.includes(DMR));
    assert.equal(text.replace(/\r\n/g, '').includes('\n'), false, 'no bare LF');
    assert.equal(statSync(tree.path('cfg.json')).mode & 0o777, 0o640);
  });

  it('rewrites a UTF-16 file (as PowerShell writes them) in UTF-16 with its byte order mark', async () => {
    tree = new TempTree({ 'cfg.json': Buffer.from(`\ufeff${CONFIG_MISSING_DELETE_MARKER}`, 'utf16le') });
    const run = await runCli(['check', '--fix', 'cfg.json'], tree.root);
    assert.match(run.stdout, /Fixed 1 problem in cfg\.json/);
    const bytes = tree.bytes('cfg.json');
    assert.deepEqual([...bytes.subarray(0, 2)], [0xff, 0xfe]);
    assert.ok(bytes.subarray(2).toString('utf16le').includes(DMR));
  });

  it('leaves a file that is not valid UTF-8 untouched and says why', async () => {
    const bytes = Buffer.from(CONFIG_MISSING_DELETE_MARKER.replace('docs', 'd\u00e9cs'), 'latin1');
    tree = new TempTree({ 'cfg.json': bytes });
    const run = await runCli(['check', '--fix', 'cfg.json'], tree.root);
    assert.ok(tree.bytes('cfg.json').equals(bytes));
    assert.match(run.stderr, /cfg\.json: not valid UTF-8, so --fix leaves it alone/);
    assert.match(run.stdout, /rc-v2-delete-marker-required/);
  });

  it('writes through a symbolic link to its target and keeps the link', async () => {
    tree = new TempTree({ 'real/cfg.json': CONFIG_MISSING_DELETE_MARKER });
    mkdirSync(tree.path('links'));
    symlinkSync(tree.path('real/cfg.json'), tree.path('links/cfg.json'));
    await runCli(['check', '--fix', 'links/cfg.json'], tree.root);
    assert.ok(lstatSync(tree.path('links/cfg.json')).isSymbolicLink());
    assert.ok(tree.read('real/cfg.json').includes(DMR));
  });
});

describe('cli check --fix and the file system', () => {
  let tree: TempTree;
  afterEach(() => tree?.cleanup());

  it('reports a read-only file and leaves it alone, even when run as root', async () => {
    tree = new TempTree({ 'cfg.json': CONFIG_MISSING_DELETE_MARKER });
    chmodSync(tree.path('cfg.json'), 0o444);
    const before = statSync(tree.path('cfg.json'));
    const run = await runCli(['check', '--fix', 'cfg.json'], tree.root);
    assert.equal(tree.read('cfg.json'), CONFIG_MISSING_DELETE_MARKER);
    assert.equal(statSync(tree.path('cfg.json')).mtimeMs, before.mtimeMs);
    assert.match(run.stderr, /cfg\.json: read-only, so --fix leaves it alone/);
    assert.doesNotMatch(run.stdout, /^Fixed/m);
    assert.equal(run.code, 1, 'the error it has is still reported');
  });

  it('keeps hard links: every name of the file shows the fix, and it stays one file', async () => {
    tree = new TempTree({ 'cfg.json': CONFIG_MISSING_DELETE_MARKER });
    linkSync(tree.path('cfg.json'), tree.path('other-name.json'));
    const ino = statSync(tree.path('cfg.json')).ino;
    const run = await runCli(['check', '--fix', 'cfg.json'], tree.root);
    assert.match(run.stdout, /Fixed 1 problem in cfg\.json/);
    assert.ok(tree.read('other-name.json').includes(DMR));
    assert.equal(statSync(tree.path('cfg.json')).ino, ino);
    assert.equal(statSync(tree.path('cfg.json')).nlink, 2);
  });

  it('keeps the owner and group of a file (as root, the only user who can own others\' files)', async function () {
    if (process.getuid?.() !== 0) this.skip();
    tree = new TempTree({ 'cfg.json': CONFIG_MISSING_DELETE_MARKER });
    chownSync(tree.path('cfg.json'), 4321, 4322);
    chmodSync(tree.path('cfg.json'), 0o604);
    await runCli(['check', '--fix', 'cfg.json'], tree.root);
    const after = statSync(tree.path('cfg.json'));
    assert.ok(tree.read('cfg.json').includes(DMR));
    assert.deepEqual([after.uid, after.gid, after.mode & 0o777], [4321, 4322, 0o604]);
  });

  describe('a save racing the write is never overwritten silently', () => {
    const theirs = `${CONFIG_MISSING_DELETE_MARKER}\n`;
    async function race(when: keyof WriteHooks, save: (file: string) => void, linked = false): Promise<{ outcome: string; text: string }> {
      tree = new TempTree({ 'cfg.json': CONFIG_MISSING_DELETE_MARKER });
      if (linked) linkSync(tree.path('cfg.json'), tree.path('link.json'));
      const source = await readSource(tree.path('cfg.json'), 'cfg.json');
      const fixed = CONFIG_MISSING_DELETE_MARKER.replace('"Status": "Enabled"', '"Status": "Disabled"');
      const outcome = await writeFixed(source, fixed, 'cfg.json', { [when]: () => save(tree.path('cfg.json')) });
      return { outcome, text: tree.read('cfg.json') };
    }
    const inPlace = (file: string) => writeFileSync(file, theirs);
    const byRename = (file: string) => {
      writeFileSync(`${file}.editor-tmp`, theirs);
      renameSync(`${file}.editor-tmp`, file);
    };

    it('while the new content is written (in place or by rename): the last comparison sees it', async () => {
      for (const save of [inPlace, byRename]) assert.deepEqual(await race('whileWriting', save), { outcome: 'changed', text: theirs });
    });

    it('after the last comparison, saved in place: put back after the rename', async () => {
      assert.deepEqual(await race('beforeCommit', inPlace), { outcome: 'changed', text: theirs });
    });

    it('after the last comparison, saved by replacing the file: put back from the kept original', async () => {
      assert.deepEqual(await race('beforeCommit', byRename), { outcome: 'changed', text: theirs });
      assert.deepEqual(readdirSync(tree.root).sort(), ['cfg.json'], 'no temp file or kept original is left behind');
    });

    it('for a hard-linked file written in place too', async () => {
      assert.deepEqual(await race('whileWriting', inPlace, true), { outcome: 'changed', text: theirs });
      assert.deepEqual(await race('beforeCommit', byRename, true), { outcome: 'changed', text: theirs });
    });

    it('and without a race, the fix is written', async () => {
      const { outcome, text } = await race('whileWriting', () => undefined);
      assert.equal(outcome, 'written');
      assert.match(text, /"Status": "Disabled"/);
    });
  });

  describe('only regular files are read', () => {
    /** Fails instead of hanging the suite when the CLI blocks on a pipe. */
    const within = <T>(p: Promise<T>, ms = 5_000) => Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms: the CLI hangs`)), ms))]);

    it('refuses a named pipe named on the command line (exit 2) instead of hanging', async function () {
      if (process.platform === 'win32') this.skip();
      tree = new TempTree({ 'cfg.json': CONFIG_MISSING_DELETE_MARKER });
      execFileSync('mkfifo', [tree.path('pipe.json')]);
      const run = await within(runCli(['check', 'pipe.json'], tree.root));
      assert.equal(run.code, 2);
      assert.match(run.stderr, /cannot read pipe\.json: not a regular file \(a named pipe\)/);
    });

    it('refuses /dev/zero (exit 2) instead of reading forever', async function () {
      if (!existsSync('/dev/zero')) this.skip();
      tree = new TempTree({});
      const run = await within(runCli(['check', '--fix', '/dev/zero'], tree.root));
      assert.equal(run.code, 2);
      assert.match(run.stderr, /cannot read \/dev\/zero: not a regular file \(a device\)/);
    });

    it('skips a pipe in a folder it walks, and checks the files beside it', async function () {
      if (process.platform === 'win32') this.skip();
      tree = new TempTree({ 'cfg.json': CONFIG_MISSING_DELETE_MARKER });
      execFileSync('mkfifo', [tree.path('pipe.json')]);
      symlinkSync('/dev/zero', tree.path('zero.json'));
      const run = await within(runCli(['check', '--format', 'json', '.'], tree.root));
      assert.equal(run.code, 1, run.stderr);
      const files = new Set((JSON.parse(run.stdout) as { findings: { file: string }[] }).findings.map((f) => f.file));
      assert.deepEqual([...files], ['cfg.json']);
    });

    it('refuses a file that became a pipe after it was listed', async function () {
      if (process.platform === 'win32') this.skip();
      tree = new TempTree({});
      execFileSync('mkfifo', [tree.path('late.json')]);
      await assert.rejects(within(readSource(tree.path('late.json'), 'late.json')), /cannot read late\.json: not a regular file \(a named pipe\)/);
    });
  });
});
