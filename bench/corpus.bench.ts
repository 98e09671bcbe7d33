/**
 * The real-world corpus through the bundled CLI: one `node dist/cli.js check` over
 * `../shared/corpus/real-policies` (about 2,100 files), with its CPU time per document and its peak
 * memory (RSS of the whole process, worker thread included). Target: peak under 100 MB, growing
 * with the number of replication configurations, not with the number of files; so the run is
 * repeated on part of the corpus, and on the corpus with generated configurations beside it.
 * Skipped (with the reason) without dist/cli.js or the corpus.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateConfig } from './generateConfig';
import { Bench, ms, table } from './lib';

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'dist/cli.js');
const CORPUS = join(ROOT, '../shared/corpus/real-policies');
const TARGET_MB = 100;

interface Run {
  files: number;
  wallMs: number;
  cpuMs: number;
  peakMb: number;
  findings: number;
}

/** Every `*.json` under `dir`, as `check` collects them. */
function jsonFiles(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) n += jsonFiles(join(dir, e.name));
    else if (e.name.toLowerCase().endsWith('.json')) n++;
  }
  return n;
}

/**
 * One CLI run. The child reports its own resource usage when it exits (`process.resourceUsage`:
 * CPU of every thread, and the peak RSS of the process), so nothing else is counted.
 */
function check(paths: string[], report: string): Run {
  const probe = `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(report)}, JSON.stringify(process.resourceUsage())));`;
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--require', writeProbe(report, probe), CLI, 'check', '--format', 'json', ...paths], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 });
  const wallMs = performance.now() - t0;
  if (r.status !== 0 && r.status !== 1) throw new Error(`check exited ${r.status}: ${r.stderr.slice(0, 300)}`);
  const usage = JSON.parse(readFileSync(report, 'utf8')) as NodeJS.ResourceUsage;
  const findings = (JSON.parse(r.stdout) as { findings: unknown[] }).findings.length;
  return { files: paths.reduce((n, p) => n + jsonFiles(p), 0), wallMs, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, peakMb: usage.maxRSS / 1024, findings };
}

function writeProbe(report: string, code: string): string {
  const file = `${report}.probe.js`;
  writeFileSync(file, code);
  return file;
}

const bench: Bench = {
  title: 'Real-world corpus through the CLI (node dist/cli.js check ../shared/corpus/real-policies)',
  async run(print) {
    if (!existsSync(CLI)) return print('skipped: dist/cli.js not found; run `npm run build` first.');
    if (!existsSync(CORPUS)) return print(`skipped: no corpus at ${CORPUS}.`);
    const scratch = mkdtempSync(join(tmpdir(), 's3rd-corpus-bench-'));
    try {
      const report = join(scratch, 'usage.json');
      // Configurations of 20 to 100 rules each, as a large organisation's repository might hold.
      const configs = (n: number) => {
        const dir = join(scratch, `configs-${n}`);
        mkdirSync(dir, { recursive: true });
        for (let i = 0; i < n; i++) writeFileSync(join(dir, `replication-${i}.json`), generateConfig(20 + (i % 5) * 20));
        return dir;
      };
      const cases: [string, string[]][] = [
        ['real-policies (all)', [CORPUS]],
        ['real-policies/docs/managed only', [join(CORPUS, 'docs/managed')]],
        ['real-policies + 100 configurations', [CORPUS, configs(100)]],
        ['real-policies + 400 configurations', [CORPUS, configs(400)]],
      ];
      const rows: string[][] = [];
      let main: Run | undefined;
      for (const [name, paths] of cases) {
        const run = check(paths, report);
        main ??= run;
        rows.push([name, String(run.files), String(run.findings), ms(run.wallMs), ms(run.cpuMs), (run.cpuMs / run.files).toFixed(2), run.peakMb.toFixed(0)]);
      }
      table(['input', 'files', 'findings', 'wall ms', 'CPU ms', 'CPU ms/doc', 'peak RSS MB'], rows).forEach(print);
      print('');
      if (main) {
        print(`real-policies: ${(main.cpuMs / main.files).toFixed(2)} ms CPU per document, peak ${main.peakMb.toFixed(0)} MB (target < ${TARGET_MB} MB): ${main.peakMb < TARGET_MB ? 'OK' : 'MISS'}`);
      }
      print('Peak memory should follow the configurations (kept for the cross-file rules), not the number of files.');
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  },
};

export default bench;
