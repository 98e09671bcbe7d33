/**
 * The bundled command as users run it. Bundled into a temp folder with the options that matter
 * from scripts/build.mjs (which empties the shared dist/ that other work may be using).
 */
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, BuildOptions } from 'esbuild';
import { startLoopback } from '../../loopback';
import { version } from '../../package.json';
import { CONFIG_MISSING_DELETE_MARKER, WALKTHROUGH } from './helpers';

const ROOT = join(__dirname, '../..');

describe('bundled cli (node dist/cli.js)', () => {
  let out = '';
  let cli = '';
  const node = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd: out, encoding: 'utf8' });

  before(async () => {
    out = mkdtempSync(join(tmpdir(), 's3rd-dist-'));
    cli = join(out, 'cli.js');
    const common: BuildOptions = { absWorkingDir: ROOT, bundle: true, platform: 'node', format: 'cjs', target: 'node20', mainFields: ['module', 'main'], logLevel: 'error' };
    await build({ ...common, entryPoints: ['src/cli.ts'], outfile: cli, banner: { js: '#!/usr/bin/env node' } });
    // dist/cli.js runs the command from dist/cliMain.js, in a worker thread.
    await build({ ...common, entryPoints: ['src/cliMain.ts'], outfile: join(out, 'cliMain.js') });
  });
  after(() => rmSync(out, { recursive: true, force: true }));

  it('starts with a shebang and checks the walkthrough, exiting 1 on its error', () => {
    assert.ok(readFileSync(cli, 'utf8').startsWith('#!/usr/bin/env node\n'));
    const run = node('check', WALKTHROUGH);
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stdout, /replication-config\.json:8:1 +error .*rc-v2-delete-marker-required/);
    assert.doesNotMatch(run.stdout, /Internal error/);
    assert.equal(run.stderr, '');
  });

  it('prints the package version and the SARIF log with it', () => {
    assert.equal(node('--version').stdout, `${version}\n`);
    const sarif = JSON.parse(node('check', '--format', 'sarif', WALKTHROUGH).stdout) as { runs: { tool: { driver: { version: string } } }[] };
    assert.equal(sarif.runs[0].tool.driver.version, version);
  });

  it('reads .s3-replication-doctor.json beside the checked file; --rule overrides it', () => {
    const repo = join(out, 'repo');
    mkdirSync(join(repo, '.git'), { recursive: true });
    writeFileSync(join(repo, 'bad.json'), CONFIG_MISSING_DELETE_MARKER);
    writeFileSync(join(repo, '.s3-replication-doctor.json'), '{"rules": {"rc-v2-delete-marker-required": "warning"}}');
    const relaxed = node('check', 'repo');
    assert.equal(relaxed.status, 0, relaxed.stdout);
    assert.match(relaxed.stdout, /bad\.json:\d+:\d+ +warning .*rc-v2-delete-marker-required/);
    assert.equal(node('check', '--rule', 'rc-v2-delete-marker-required=error', 'repo').status, 1);
  });

  it('runs the command again in the main thread when the worker outgrows its heap bound, with the same output', () => {
    const bounded = node('check', '--format', 'json', WALKTHROUGH);
    const tiny = spawnSync(process.execPath, [cli, 'check', '--format', 'json', WALKTHROUGH], { cwd: out, encoding: 'utf8', env: { ...process.env, S3_REPLICATION_DOCTOR_WORKER_HEAP_MB: '1' } });
    assert.equal(tiny.status, 1, tiny.stderr);
    assert.equal(tiny.stdout, bounded.stdout);
    assert.equal(tiny.stderr, '');
  });

  it('answers a missing file with one line and exit 2, never a stack trace', () => {
    const run = node('check', 'missing.json');
    assert.equal(run.status, 2);
    assert.equal(run.stderr, 's3-replication-doctor: cannot read missing.json: no such file\n');
  });
});

describe('bundled cli: status loads the AWS layer beside it (node dist/cli.js status)', function () {
  this.timeout(120_000);
  let out = '';

  before(async () => {
    out = mkdtempSync(join(tmpdir(), 's3rd-dist-status-'));
    const common = { absWorkingDir: ROOT, bundle: true, platform: 'node' as const, format: 'cjs' as const, target: 'node20', mainFields: ['module', 'main'], logLevel: 'error' as const };
    await Promise.all([
      build({ ...common, entryPoints: ['src/cli.ts'], outfile: join(out, 'cli.js') }),
      build({ ...common, entryPoints: ['src/cliMain.ts'], outfile: join(out, 'cliMain.js') }),
      build({ ...common, entryPoints: ['src/aws/index.ts'], outfile: join(out, 'aws.js') }),
    ]);
  });
  after(() => rmSync(out, { recursive: true, force: true }));

  it('keeps the SDK out of cli.js, and reads a bucket through aws.js', async () => {
    for (const bundle of ['cli.js', 'cliMain.js']) {
      assert.doesNotMatch(readFileSync(join(out, bundle), 'utf8'), /GraniteServiceVersion20100801/, `the CloudWatch client is not in ${bundle}`);
    }
    const lb = await startLoopback({ scenario: { buckets: [{ name: 'plain-bucket', versioning: 'Enabled' }] } });
    try {
      const env = { ...process.env, AWS_ACCESS_KEY_ID: 'AKIDDIST', AWS_SECRET_ACCESS_KEY: 'x', AWS_REGION: 'us-east-1', AWS_CONFIG_FILE: join(out, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(out, 'none') };
      const run = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [join(out, 'cli.js'), 'status', '--bucket', 'plain-bucket', '--endpoint', lb.url, '--format', 'json'], { env });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('close', (status) => resolve({ status, stdout, stderr }));
      });
      assert.equal(run.status, 0, run.stderr);
      // On Node 20 the bundled SDK would warn that its future releases need Node 22: nothing a user of this CLI can act on.
      assert.doesNotMatch(run.stderr, /NodeVersionSupportWarning|Warning/);
      const json = JSON.parse(run.stdout) as { bucket: string; configured: boolean; failed: number };
      assert.deepEqual([json.bucket, json.configured, json.failed], ['plain-bucket', false, 0]);
    } finally {
      await lb.close();
    }
  });
});
