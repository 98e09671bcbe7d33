/** `npm run sandbox`: URL first, then how to use it; the walkthrough's state; Ctrl-C stops it cleanly. */
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import { spawn, type ChildProcess } from 'node:child_process';
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { clients, pollFor } from './helpers';

const ROOT = resolve(__dirname, '..', '..');
const SANDBOX = join(ROOT, 'loopback', 'sandbox.ts');

interface Run {
  child: ChildProcess;
  output: () => { stdout: string; stderr: string };
  exit: Promise<number | null>;
}

/** Runs the sandbox as `npm run` does: from the package root, with the caller's directory in INIT_CWD. */
function run(args: string[], callerDir = ROOT): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', SANDBOX, ...args], { cwd: ROOT, env: { ...process.env, INIT_CWD: callerDir }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exit = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return { child, output: () => ({ stdout, stderr }), exit };
}

async function firstLine(r: Run): Promise<string> {
  try {
    return await pollFor(() => {
      const { stdout } = r.output();
      const end = stdout.indexOf('\n');
      return end >= 0 ? stdout.slice(0, end) : undefined;
    }, 'the sandbox to print its URL', 30_000);
  } catch (err) {
    throw new Error(`${(err as Error).message}; it printed:\n${r.output().stderr}`);
  }
}

describe('loopback: npm run sandbox', function () {
  this.timeout(60_000);
  const started: ChildProcess[] = [];
  afterEach(() => {
    for (const child of started.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('prints the URL first, then the lines to use it, serves the walkthrough and the failing demo bucket, and stops on SIGINT', async () => {
    const r = run(['--port', '0', '--quiet']);
    started.push(r.child);
    const url = await firstLine(r);
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
    await pollFor(() => (r.output().stdout.includes('Ctrl-C') ? true : undefined), 'the instructions');
    const { stdout } = r.output();
    assert.ok(stdout.includes(`export AWS_ENDPOINT_URL=${url}`));
    assert.ok(stdout.includes(`"s3ReplicationDoctor.endpoint": "${url}"`));
    assert.ok(stdout.includes(`endpoint_url = ${url}`));
    const buckets = await clients(url).s3().send(new ListBucketsCommand({}));
    assert.deepEqual(buckets.Buckets?.map((b) => [b.Name, b.BucketRegion]), [
      ['destination-bucket', 'eu-west-1'],
      ['orders-bucket', 'us-east-1'],
      ['orders-dr', 'us-west-2'],
      ['source-bucket', 'us-east-1'],
    ]);
    r.child.kill('SIGINT');
    assert.equal(await r.exit, 0);
    assert.match(r.output().stderr, /sandbox: stopped \(SIGINT\)/);
  });

  it('loads --scenario relative to the caller, and logs requests on stderr', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-'));
    try {
      writeFileSync(join(dir, 'mine.json'), JSON.stringify({ buckets: [{ name: 'my-only-bucket' }] }));
      const r = run(['--port', '0', '--scenario', 'mine.json'], dir);
      started.push(r.child);
      const url = await firstLine(r);
      const buckets = await clients(url).s3().send(new ListBucketsCommand({}));
      assert.deepEqual(buckets.Buckets?.map((b) => b.Name), ['my-only-bucket']);
      await pollFor(() => (/ListBuckets -> 200/.test(r.output().stderr) ? true : undefined), 'the request log line');
      r.child.kill('SIGTERM');
      assert.equal(await r.exit, 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('explains a busy port and bad arguments instead of crashing', async () => {
    const blocker = createServer();
    await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done));
    try {
      const port = (blocker.address() as { port: number }).port;
      const busy = run(['--port', String(port)]);
      started.push(busy.child);
      assert.equal(await busy.exit, 1);
      assert.match(busy.output().stderr, new RegExp(`sandbox: cannot start: port ${port} is in use; pass --port N`));
    } finally {
      blocker.close();
    }
    const bad = run(['--port', 'eighty']);
    started.push(bad.child);
    assert.equal(await bad.exit, 2);
    assert.match(bad.output().stderr, /--port must be 0-65535, got eighty\nusage: npm run sandbox/);
  });
});
