/**
 * `scan --org` at scale: organizations of 10, 25 and 50 accounts × 200 buckets through the loopback
 * with 20 ms added to every request. Time against the bound requests × latency ÷ concurrency (target
 * ≤ 1.25×), and the scanning process's peak RSS per size (target: flat in the number of accounts).
 * The endpoint and each scan run in their own processes; the scan is the bundled command
 * (`node dist/cli.js scan --org`, its worker thread and heap limits included: what users run, so
 * `npm run build` first). SCAN_BENCH_QUICK=1 runs 5 × 40 only; SCAN_BENCH_ACCOUNTS=10,25 runs those
 * sizes. SCAN_BENCH_HEAP=1 runs the scan in-process instead (bench/scanChild.ts) with a forced GC at
 * each account's end, to report the heap that stays (that costs CPU: not for the timing).
 *
 * Where the time goes is reported beside it: CPU per request in the scanning process and in the
 * endpoint (the bound holds only while both stay under latency ÷ concurrency per request: 1.25 ms at
 * 20 ms and 16), the requests in flight on average, and the machine's load average during the run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { generatedOrganization, ORG_AUDIT_ROLE } from '../loopback';
import { Bench, ms, table } from './lib';

const LATENCY_MS = 20;
const CONCURRENCY = 16;
const root = join(__dirname, '..');
const CLI = join(root, 'dist/cli.js');
const work = join(root, '.bench');
/** SCAN_BENCH_ACCOUNTS=10,25 picks organization sizes (200 buckets each). */
const SIZES = process.env.SCAN_BENCH_ACCOUNTS ? process.env.SCAN_BENCH_ACCOUNTS.split(',').map(Number) : [10, 25, 50];
const CASES = process.env.SCAN_BENCH_QUICK ? [{ accounts: 5, buckets: 40 }] : SIZES.map((accounts) => ({ accounts, buckets: 200 }));

function run(args: string[], nodeFlags: string[] = []): { child: ChildProcess; out: Promise<string> } {
  const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] });
  const out = new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout?.on('data', (d: Buffer) => (text += d.toString()));
    child.once('exit', (code) => (code === 0 || code === null ? resolve(text) : reject(new Error(`${args.join(' ')} exited ${code}`))));
  });
  return { child, out };
}

async function endpoint(accounts: number, buckets: number): Promise<{ url: string; child: ChildProcess }> {
  const file = join(work, `org-${accounts}x${buckets}.json`);
  writeFileSync(file, JSON.stringify(generatedOrganization(accounts, buckets, { latencyMs: LATENCY_MS })));
  const child = spawn(process.execPath, ['--import', 'tsx', 'loopback/sandbox.ts', '--port', '0', '--scenario', file, '--quiet'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0].trim());
    });
    child.once('exit', (code) => reject(new Error(`the sandbox exited (${code}) before listening`)));
  });
  return { url, child };
}

interface ScanRun {
  ms: number;
  cpuMs: number;
  maxRssKb: number;
  heapAfterGcMaxKb?: number;
  summary: { accounts: number; buckets: number; requests: number; peakRequests: number; meanRequests: number; failedAccounts: number };
}

/** The bundled command, as a user runs it against the endpoint with the management account's keys. */
function cliScan(url: string): Promise<ScanRun> {
  const args = ['bench/scanCliChild.mjs', CLI, 'scan', '--org', '--role', ORG_AUDIT_ROLE, '--endpoint', url, '--format', 'json', '--concurrency', String(CONCURRENCY)];
  const env: NodeJS.ProcessEnv = { ...process.env, AWS_ACCESS_KEY_ID: 'AKIDMGMT', AWS_SECRET_ACCESS_KEY: 'x', AWS_REGION: 'us-east-1', AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent', AWS_EC2_METADATA_DISABLED: 'true' };
  delete env.AWS_PROFILE;
  delete env.AWS_SESSION_TOKEN;
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
    child.once('exit', (code) => {
      const measured = /SCAN-BENCH (\{.*\})/.exec(err);
      const summary = /^ {2}"summary": (\{.*\})$/m.exec(out);
      // 1: error findings remain (the generated organization has some); anything else is a failed run.
      if ((code !== 0 && code !== 1) || !measured || !summary) return reject(new Error(`scan exited ${code}: ${err.slice(-1000)}`));
      resolve({ ...(JSON.parse(measured[1]) as Omit<ScanRun, 'summary'>), summary: JSON.parse(summary[1]) as ScanRun['summary'] });
    });
  });
}

/** CPU time a process has used so far, in ms (Linux /proc; undefined elsewhere). */
function cpuOf(pid: number | undefined): number | undefined {
  const file = `/proc/${pid}/stat`;
  if (pid === undefined || !existsSync(file)) return undefined;
  const fields = readFileSync(file, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

const bench: Bench = {
  title: 'scan --org: time against requests × latency ÷ concurrency, peak RSS per organization size',
  async run(print) {
    const inProcess = !!process.env.SCAN_BENCH_HEAP;
    if (!inProcess && !existsSync(CLI)) {
      print('skipped: dist/cli.js not found; run `npm run build` first (or SCAN_BENCH_HEAP=1 for the in-process heap measurement).');
      return;
    }
    if (!inProcess && statSync(CLI).mtimeMs < statSync(join(root, 'src/aws/scan.ts')).mtimeMs) print('note: dist/cli.js is older than src/aws/scan.ts; rebuild for current figures.');
    mkdirSync(work, { recursive: true });
    const rows: string[][] = [];
    for (const c of CASES) {
      const { url, child } = await endpoint(c.accounts, c.buckets);
      try {
        const before = cpuOf(child.pid);
        const load = loadavg()[0];
        // SCAN_BENCH_HEAP=1: a full GC at each account's end to measure what is retained (it costs CPU: not for the timing).
        const r = inProcess ? (JSON.parse(await run(['bench/scanChild.ts', url, String(CONCURRENCY)], ['--expose-gc']).out) as ScanRun) : await cliScan(url);
        const after = cpuOf(child.pid);
        const n = r.summary.requests;
        const bound = (n * LATENCY_MS) / CONCURRENCY;
        const perRequest = (cpuMs: number | undefined) => (cpuMs === undefined ? '-' : `${(cpuMs / n).toFixed(2)} ms`);
        rows.push([
          `${c.accounts} × ${c.buckets}`,
          String(r.summary.buckets),
          String(n),
          ms(r.ms),
          ms(bound),
          (r.ms / bound).toFixed(2),
          `${Math.round(r.maxRssKb / 1024)} MB`,
          r.heapAfterGcMaxKb === undefined ? '-' : `${Math.round(r.heapAfterGcMaxKb / 1024)} MB`,
          String(r.summary.failedAccounts),
          perRequest(r.cpuMs),
          perRequest(before === undefined || after === undefined ? undefined : after - before),
          `${r.summary.meanRequests} / ${r.summary.peakRequests}`,
          `${load.toFixed(1)}-${loadavg()[0].toFixed(1)}`,
        ]);
      } finally {
        child.kill();
      }
    }
    const header = ['accounts × buckets', 'buckets', 'requests', 'time', 'bound', 'ratio (≤ 1.25)', 'peak RSS', 'heap after GC (max at account ends)', 'failed accounts', 'scanner CPU/request', 'endpoint CPU/request', 'in flight mean / peak', 'load avg'];
    for (const line of table(header, rows)) print(line);
    print('');
    print(`The bound needs each process under ${(LATENCY_MS / CONCURRENCY).toFixed(2)} ms of CPU per request (latency ÷ concurrency); the machine has ${availableParallelism()} cores shared with whatever else runs (load avg, first and last minute of the run).`);
  },
};

export default bench;
