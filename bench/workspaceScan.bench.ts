/**
 * The editor's workspace scan on generated 5,000-file workspaces (issue: the extension read up to
 * 5,000 JSON files of any workspace it was opened in). A web project with nothing about AWS (JSON
 * data and translations, YAML CI and Kubernetes files, a 1.5 MB lock file) and the same project
 * with an infrastructure folder (the walkthrough's configuration and policies, a CloudFormation
 * template, a Terraform module) several levels down. Each scan runs in its own process: time,
 * files and bytes read, files parsed, the longest synchronous stretch of the scan's own work, the
 * event loop's longest delay while it ran (what typing in the host would have waited), and peak RSS.
 * `baseline` is the scan as it was: every file read and parsed in turn, no pre-filter, no yield.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Bench, ms, table } from './lib';

const root = join(__dirname, '..');
const work = join(root, '.bench', 'workspace-scan');
const FILES = 5_000;

/** A small deterministic generator, so that runs compare. */
function random(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
}

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/** 5,000 files of a web project: nothing about AWS. */
function webProject(folder: string): void {
  const rnd = random(42);
  const word = () => ['alpha', 'beta', 'gamma', 'delta', 'title', 'label', 'value', 'status', 'order', 'price'][Math.floor(rnd() * 10)];
  const lock: Record<string, unknown> = {};
  for (let i = 0; i < 9_000; i++) lock[`node_modules/pkg-${i}`] = { version: `1.${i % 40}.${i % 7}`, resolved: `https://registry.npmjs.org/pkg-${i}/-/pkg-${i}-1.0.0.tgz`, integrity: `sha512-${'x'.repeat(86)}==`, dev: i % 3 === 0 };
  write(join(folder, 'package-lock.json'), JSON.stringify({ name: 'web', lockfileVersion: 3, packages: lock }, null, 2));
  write(join(folder, 'package.json'), JSON.stringify({ name: 'web', version: '1.0.0', scripts: { build: 'vite build' }, dependencies: { react: '18.3.1' } }, null, 2));
  for (let i = 0; i < FILES - 2; i++) {
    const area = `src/features/f${i % 40}/${i % 3 === 0 ? 'data' : 'assets'}`;
    const pick = i % 20;
    if (pick < 12) {
      const items = Array.from({ length: 5 + Math.floor(rnd() * 40) }, (_, k) => ({ id: k, [word()]: word(), tags: [word(), word()], count: Math.floor(rnd() * 1000) }));
      write(join(folder, area, `item-${i}.json`), JSON.stringify({ items }, null, 2));
    } else if (pick < 17) {
      write(join(folder, area, `deploy-${i}.yaml`), `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web-${i}\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n        - name: web\n          image: web:${i}\n`);
    } else {
      const messages = Object.fromEntries(Array.from({ length: 300 + Math.floor(rnd() * 600) }, (_, k) => [`${word()}.${word()}.${k}`, `${word()} ${word()} ${word()} ${k}`]));
      write(join(folder, 'src/i18n', `messages-${i}.json`), JSON.stringify(messages, null, 2));
    }
  }
}

/** The web project plus an infrastructure folder of ours, deep down. */
function awsProject(folder: string): void {
  webProject(folder);
  const infra = join(folder, 'ops/platform/infra/storage');
  const walkthrough = join(root, '../shared/examples/seed-walkthrough');
  for (const f of ['replication-config.json', 'role-policy.json', 'trust-policy.json']) copyFileSync(join(walkthrough, f), join(mkdirOf(infra), f));
  copyFileSync(join(root, 'test/core/formats/cloudformation/fixtures/walkthrough.yaml'), join(infra, 'stack.yaml'));
  const tf = join(root, 'test/core/formats/terraform/fixtures/walkthrough');
  for (const f of ['buckets.tf', 'iam.tf', 'replication.tf', 'variables.tf']) write(join(infra, 'terraform', f), readFileSync(join(tf, f), 'utf8'));
}

function mkdirOf(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}

interface ChildResult {
  cost: { listed: number; read: number; bytes: number; parsed: number; relevant: number; notRead: number; ms: number; longestBlockMs: number; longestBlockFile?: string; stoppedEarly: boolean };
  loopMaxMs: number;
  loopP99Ms: number;
  baseRssKb: number;
  maxRssKb: number;
}

function child(folder: string, mode: string): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', 'bench/workspaceScanChild.ts', folder, mode], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as ChildResult) : reject(new Error(`workspaceScanChild ${mode} exited ${code}`))));
  });
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

const bench: Bench = {
  title: 'Workspace scan: 5,000-file workspaces, with and without AWS files (time, bytes, longest block, peak RSS)',
  async run(print) {
    rmSync(work, { recursive: true, force: true });
    const web = join(work, 'web');
    const aws = join(work, 'aws');
    webProject(web);
    awsProject(aws);
    const cases: [string, string, string][] = [
      ['web, nothing about AWS', web, 'scan'],
      ['web, read to the end', web, 'full'],
      ['web, as before (parse all)', web, 'baseline'],
      ['web + infra folder', aws, 'scan'],
      ['web + infra, as before', aws, 'baseline'],
    ];
    const rows: string[][] = [];
    const blocks: string[] = [];
    try {
      for (const [label, folder, mode] of cases) {
        const r = await child(folder, mode);
        const c = r.cost;
        if (c.longestBlockFile) blocks.push(`${label}: longest block on ${c.longestBlockFile.slice(folder.length + 1)}`);
        rows.push([label, String(c.listed), String(c.read), mb(c.bytes), String(c.parsed), String(c.relevant), c.stoppedEarly ? `yes (${c.notRead} unread)` : 'no', ms(c.ms), ms(c.longestBlockMs), `${ms(r.loopMaxMs)} / ${ms(r.loopP99Ms)}`, `${Math.round(r.maxRssKb / 1024)} MB (+${Math.round((r.maxRssKb - r.baseRssKb) / 1024)})`]);
      }
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
    for (const line of table(['workspace', 'files', 'read', 'bytes', 'parsed', 'ours', 'stopped early', 'time (ms)', 'longest block (ms)', 'loop delay max / p99 (ms)', 'peak RSS (+ scan)'], rows)) print(line);
    print('');
    for (const b of blocks) print(b);
    print('');
    print('longest block: the scan\'s own synchronous work on one file (decode, pre-filter, parse); loop delay: how late a 1 ms timer ran while the scan ran (max and 99th percentile; includes garbage collection and other processes on a shared machine).');
  },
};

export default bench;
