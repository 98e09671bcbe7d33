import { strict as assert } from 'node:assert';
import { chmodSync, lstatSync, mkdirSync, statSync, symlinkSync } from 'node:fs';
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
