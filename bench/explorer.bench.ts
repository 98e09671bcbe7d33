/**
 * The bucket explorer at scale: time until the first page of buckets can be shown (target < 1 s,
 * loading the SDK bundle included), and time to full health of 1,000 and 10,000 buckets with 20 ms
 * added to every request, against the bound calls × latency ÷ concurrency (target ≤ 1.25×).
 *
 * The endpoint runs in its own process, as AWS does not share the extension host's CPU. It still
 * shares this machine's cores, so its own floor is printed beside: raw HTTP requests (no SDK, no
 * engine) at the same latency and concurrency.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { build } from 'esbuild';
import { generatedScenario } from '../loopback';
import type { SdkBackend } from '../src/aws/backend';
import { ExplorerSession, type AwsModule } from '../src/explorer/explorerSession';
import { Bench, ms, table } from './lib';

const LATENCY_MS = 20;
const TARGET_RATIO = 1.25;
const FIRST_PAGE_TARGET_MS = 1000;
const CASES = (process.env.EXPLORER_BENCH_QUICK ? [{ buckets: 1_000, concurrency: 8 }] : [
  { buckets: 1_000, concurrency: 8 },
  { buckets: 1_000, concurrency: 4 },
  { buckets: 10_000, concurrency: 8 },
]);
const root = join(__dirname, '..');
const work = join(root, '.bench');

/** The SDK bundle as the extension ships it (`dist/aws.js`), built apart so `dist/` is left alone. */
async function awsBundle(): Promise<string> {
  const outfile = join(work, 'aws.js');
  await build({ absWorkingDir: root, entryPoints: ['src/aws/index.ts'], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node20', mainFields: ['module', 'main'], minify: true, logLevel: 'warning' });
  return outfile;
}

async function startEndpoint(buckets: number): Promise<{ url: string; child: ChildProcess }> {
  const file = join(work, `explorer-${buckets}.json`);
  writeFileSync(file, JSON.stringify(generatedScenario(buckets, { seed: 1, latencyMs: LATENCY_MS })));
  const child = spawn(process.execPath, ['--import', 'tsx', 'loopback/sandbox.ts', '--port', '0', '--scenario', file, '--quiet'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n')) resolve(line.trim());
    });
    child.once('exit', (code) => reject(new Error(`the sandbox exited (${code}) before listening`)));
  });
  return { url, child };
}

/** The endpoint's own floor: unsigned-but-well-formed GETs, `requests` of them, `concurrency` at a time. */
async function rawFloor(url: string, concurrency: number, requests: number): Promise<number> {
  const target = new URL(url);
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const headers = {
    authorization: `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}`,
    'x-amz-date': '20250101T000000Z',
    'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
  };
  const one = () =>
    new Promise<void>((resolve, reject) => {
      const r = request({ host: target.hostname, port: target.port, path: '/gen-00000-solo?versioning', headers, agent }, (res) => res.resume().on('end', resolve));
      r.on('error', reject);
      r.end();
    });
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    for (let i = 0; i < requests / concurrency; i++) await one();
  }));
  agent.destroy();
  return (performance.now() - start) / ((requests * LATENCY_MS) / concurrency);
}

const bench: Bench = {
  title: 'Bucket explorer: first page and time to full health',
  async run(print) {
    mkdirSync(work, { recursive: true });
    const bundle = await awsBundle();
    const loadStart = performance.now();
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the shipped bundle, loaded as the explorer loads it
    const aws = require(bundle) as AwsModule;
    const loadMs = performance.now() - loadStart;

    const rows: string[][] = [];
    const verdicts: string[] = [`loading the SDK bundle (dist/aws.js): ${ms(loadMs)} ms, paid once, when the view first opens`];
    for (const c of CASES) {
      const { url, child } = await startEndpoint(c.buckets);
      try {
        const session = new ExplorerSession(
          { concurrency: c.concurrency, region: 'us-east-1', endpoint: url },
          { loadAws: () => aws, backendExtras: { credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'bench' }, maxAttempts: 1 }, env: {}, files: { configFile: join(work, 'none'), credentialsFile: join(work, 'none') } },
        );
        const start = performance.now();
        const model = session.model();
        await model.load();
        const firstPage = performance.now() - start + loadMs;
        while (model.hasMore) await model.loadMore();
        await model.checkAll();
        const total = performance.now() - start;
        const { calls, peakRequests } = (model.backend as SdkBackend).callStats;
        const bound = (calls * LATENCY_MS) / c.concurrency;
        const levels = new Map<string, number>();
        for (const e of model.buckets) levels.set(e.report?.health.level ?? 'unchecked', (levels.get(e.report?.health.level ?? 'unchecked') ?? 0) + 1);
        session.dispose();
        const floor = await rawFloor(url, c.concurrency, 800);
        const ratio = total / bound;
        rows.push([c.buckets.toLocaleString('en'), String(c.concurrency), calls.toLocaleString('en'), String(peakRequests), ms(firstPage), ms(total), ms(bound), `${ratio.toFixed(2)}×`, `${floor.toFixed(2)}×`]);
        verdicts.push(
          `${c.buckets.toLocaleString('en')} buckets, concurrency ${c.concurrency}: ${ratio.toFixed(2)}× the bound (target ≤ ${TARGET_RATIO}×; the endpoint alone: ${floor.toFixed(2)}×): ${ratio <= TARGET_RATIO ? 'OK' : 'MISS'}; ` +
            `first page after ${ms(firstPage)} ms (target < ${FIRST_PAGE_TARGET_MS} ms): ${firstPage < FIRST_PAGE_TARGET_MS ? 'OK' : 'MISS'}; health: ${[...levels].map(([k, v]) => `${k} ${v}`).join(', ')}`,
        );
      } finally {
        child.kill();
      }
    }
    table(['buckets', 'concurrency', 'calls', 'peak in flight', 'first page ms', 'full health ms', 'bound ms', 'vs bound', 'endpoint floor'], rows).forEach(print);
    print('');
    verdicts.forEach(print);
    print(`bound = calls × ${LATENCY_MS} ms ÷ concurrency; "endpoint floor" = raw HTTP requests at the same latency and concurrency against the same endpoint process.`);
  },
};

export default bench;
