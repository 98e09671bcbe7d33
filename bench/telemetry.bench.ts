/**
 * Telemetry at scale: 1,000 replicating buckets (each with a rule that has replication metrics, four
 * metrics per rule), across four Regions. Target: at most one batched GetMetricData call per Region
 * per 500 metrics (the bound is computed from the metrics each Region holds), and the tree's first
 * page still under 1 s. The endpoint runs in its own process (as in explorer.bench.ts); its request
 * log counts the calls.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'jsonc-parser';
import type { Scenario, ScenarioBucket } from '../loopback';
import * as aws from '../src/aws';
import { MAX_QUERIES_PER_CALL, REPLICATION_METRICS, telemetryRules, METRIC_KINDS } from '../src/core/live/telemetry';
import { ExplorerSession } from '../src/explorer/explorerSession';
import { ExplorerTree } from '../src/explorer/explorerTree';
import { Bench, ms, table } from './lib';

const REGIONS = ['us-east-1', 'eu-west-1', 'us-west-2', 'ap-southeast-2'];
const FIRST_PAGE_TARGET_MS = 1000;
const ACCOUNT = '123456789012';

function scenario(sources: number): Scenario {
  const buckets: ScenarioBucket[] = REGIONS.map((region, i) => ({ name: `tele-dst-${i}`, region, versioning: 'Enabled' }));
  for (let i = 0; i < sources; i++) {
    const region = REGIONS[i % REGIONS.length];
    const destination = `tele-dst-${(i + 1) % REGIONS.length}`;
    buckets.push({
      name: `tele-src-${String(i).padStart(4, '0')}`,
      region,
      versioning: 'Enabled',
      replication: {
        Role: `arn:aws:iam::${ACCOUNT}:role/tele`,
        Rules: [{ ID: `rule-${i}`, Status: 'Enabled', Priority: 1, Filter: {}, DeleteMarkerReplication: { Status: 'Disabled' }, Destination: { Bucket: `arn:aws:s3:::${destination}`, Metrics: { Status: 'Enabled' } } }],
      },
      // Every fifth bucket's role cannot write replicas: failed counts to read back.
      objects: [{ key: 'a.txt', body: 'a', ageMinutes: 30 }],
    });
  }
  const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
  const policy = {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: ['s3:GetReplicationConfiguration', 's3:ListBucket', 's3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl'], Resource: ['arn:aws:s3:::tele-src-*', 'arn:aws:s3:::tele-src-*/*'] },
      { Effect: 'Allow', Action: 's3:ReplicateObject', Resource: ['arn:aws:s3:::tele-dst-0/*', 'arn:aws:s3:::tele-dst-1/*', 'arn:aws:s3:::tele-dst-2/*'] },
    ],
  };
  return { accountId: ACCOUNT, buckets, roles: [{ name: 'tele', trustPolicy: trust, inlinePolicies: { p: policy } }] };
}

const root = join(__dirname, '..');
const work = join(root, '.bench');

/** The sandbox on a free port with the scenario; its stderr request log ("<time> <Operation> … -> 200") counts calls. */
async function startEndpoint(s: Scenario): Promise<{ url: string; count(op: string): number; stop(): void }> {
  mkdirSync(work, { recursive: true });
  const file = join(work, 'telemetry-1000.json');
  writeFileSync(file, JSON.stringify(s));
  const child = spawn(process.execPath, ['--import', 'tsx', 'loopback/sandbox.ts', '--port', '0', '--scenario', file], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  const counts = new Map<string, number>();
  let pending = '';
  child.stderr?.on('data', (d: Buffer) => {
    pending += d.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const op = /^\S+ (\w+)(?: \S+)? -> /.exec(line)?.[1];
      if (op) counts.set(op, (counts.get(op) ?? 0) + 1);
    }
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0].trim());
    });
    child.once('exit', (code) => reject(new Error(`the sandbox exited (${code}) before listening`)));
  });
  return { url, count: (op) => counts.get(op) ?? 0, stop: () => child.kill() };
}

const bench: Bench = {
  title: 'Telemetry: batched GetMetricData for 1,000 replicating buckets',
  async run(print) {
    const sources = 1000;
    const lb = await startEndpoint(scenario(sources));
    try {
      const session = new ExplorerSession(
        { concurrency: 8, region: 'us-east-1', endpoint: lb.url },
        { loadAws: () => aws, backendExtras: { credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench' }, maxAttempts: 1 }, env: {}, files: { configFile: '/nonexistent', credentialsFile: '/nonexistent' } },
      );
      const start = performance.now();
      const model = session.model();
      await model.load();
      const tree = new ExplorerTree(model);
      tree.roots();
      const firstPage = performance.now() - start;
      while (model.hasMore) await model.loadMore();
      await model.checkAll();
      const checked = performance.now() - start;
      await model.whenTelemetryRead();
      const observed = performance.now() - start;

      // The bound: per Region, ceil(metrics held there / 500).
      const perRegion = new Map<string, number>();
      for (const e of model.buckets) {
        const live = e.report?.live;
        if (!live?.replication.ok || !live.replication.value.configured) continue;
        const regions = new Map(live.destinations.map((d) => [d.name, d.region]));
        for (const rule of telemetryRules(parse(live.replication.value.document.text), { bucket: live.bucket.name, region: live.bucket.region }, (b) => regions.get(b))) {
          for (const kind of METRIC_KINDS) {
            const region = REPLICATION_METRICS[kind].side === 'source' ? rule.sourceRegion : rule.destinationRegion;
            if (region) perRegion.set(region, (perRegion.get(region) ?? 0) + 1);
          }
        }
      }
      const bound = [...perRegion.values()].reduce((sum, n) => sum + Math.ceil(n / MAX_QUERIES_PER_CALL), 0);
      // The log line of the last answer may still be on its way.
      await new Promise((r) => setTimeout(r, 200));
      const calls = lb.count('GetMetricData');
      const failing = model.buckets.filter((e) => (e.report?.health.failed ?? 0) > 0).length;
      session.dispose();

      table(
        ['replicating buckets', 'metrics', 'GetMetricData calls', 'bound', 'first page ms', 'all checked ms', 'telemetry read ms', 'buckets failing'],
        [[String(sources), [...perRegion.values()].reduce((a, b) => a + b, 0).toLocaleString('en'), String(calls), String(bound), ms(firstPage), ms(checked), ms(observed), String(failing)]],
      ).forEach(print);
      print('');
      print(`metrics per Region: ${[...perRegion].map(([r, n]) => `${r} ${n}`).join(', ')}`);
      print(`GetMetricData: ${calls} calls for a bound of ${bound} (one per Region per ${MAX_QUERIES_PER_CALL} metrics): ${calls <= bound ? 'OK' : 'MISS'}`);
      print(`first page after ${ms(firstPage)} ms (target < ${FIRST_PAGE_TARGET_MS} ms): ${firstPage < FIRST_PAGE_TARGET_MS ? 'OK' : 'MISS'}`);
      print(`other telemetry calls: GetBucketNotificationConfiguration ${lb.count('GetBucketNotificationConfiguration')}, ListJobs ${lb.count('ListJobs')}, ReceiveMessage ${lb.count('ReceiveMessage')}`);
    } finally {
      lb.stop();
    }
  },
};

export default bench;
