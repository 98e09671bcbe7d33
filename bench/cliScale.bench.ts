/**
 * The CLI on documents built to be expensive, in a child process each: wall time, CPU time and peak
 * memory (maximum resident set size). The 30,000-tag configuration and the 5,000-statement policy
 * are the shapes issue 17 measured (out of memory after 37 s; 26 s); the over-limit file shows the
 * memory bound (`json-too-large`). Skipped when `npm run build` has not produced dist/cli.js.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_READ_BYTES } from '../src/cli/files';
import { generateConfig, generateRolePolicy, generateTagHeavyConfig } from './generateConfig';
import { Bench, ms, table } from './lib';

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'dist/cli.js');

interface Usage {
  wall: number;
  cpu: number;
  maxRssMb: number;
  findings: number;
  codes: string;
}

function runCli(preload: string, file: string): Usage {
  const start = performance.now();
  const r = spawnSync(process.execPath, ['--require', preload, CLI, 'check', '--format', 'json', file], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 30 });
  const wall = performance.now() - start;
  if (r.error) throw r.error;
  const line = /BENCH (\{.*\})/.exec(r.stderr)?.[1];
  if (!line) throw new Error(`no usage line; exit ${r.status}: ${r.stderr.slice(0, 300)}`);
  const usage = JSON.parse(line) as { maxRSS: number; userCPUTime: number; systemCPUTime: number };
  const findings = (JSON.parse(r.stdout) as { findings: { code: string }[] }).findings;
  const byCode = new Map<string, number>();
  for (const f of findings) byCode.set(f.code, (byCode.get(f.code) ?? 0) + 1);
  const codes = [...byCode].sort((a, b) => b[1] - a[1]).slice(0, 2).map(([c, n]) => `${c} ${n}`).join(', ');
  return { wall, cpu: (usage.userCPUTime + usage.systemCPUTime) / 1000, maxRssMb: usage.maxRSS / 1024, findings: findings.length, codes };
}

const bench: Bench = {
  title: 'CLI time and peak memory on expensive documents (node dist/cli.js check --format json)',
  run(print) {
    if (!existsSync(CLI)) {
      print('skipped: dist/cli.js not found; run `npm run build` first.');
      return;
    }
    if (statSync(CLI).mtimeMs < statSync(join(ROOT, 'src/core/analyze.ts')).mtimeMs) print('note: dist/cli.js is older than src/core/analyze.ts; rebuild for current figures.');
    const dir = mkdtempSync(join(tmpdir(), 'cli-scale-'));
    try {
      const preload = join(dir, 'usage.js');
      writeFileSync(preload, "process.on('exit', () => require('fs').writeSync(2, '\\nBENCH ' + JSON.stringify(process.resourceUsage()) + '\\n'));\n");
      const huge = generateConfig(1000);
      const files: { name: string; file: string; content: string | Buffer }[] = [
        { name: '30,000 filter tags (keys repeating)', file: 'tags.json', content: generateTagHeavyConfig(30_000) },
        { name: 'role policy, 5,000 statements', file: 'role-policy.json', content: generateRolePolicy(5000) },
        {
          name: 'role policy, 5,000 statements, half on "*"',
          file: 'wildcard-policy.json',
          content: JSON.stringify({
            Version: '2012-10-17',
            Statement: Array.from({ length: 5000 }, (_, i) =>
              i % 2
                ? { Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { StringEquals: { 'aws:SourceVpce': `vpce-${i}` } } }
                : { Effect: 'Allow', Action: 's3:ReplicateObject', Resource: `arn:aws:s3:::bucket-${i}/*` },
            ),
          }),
        },
        { name: '1,000-rule configuration (reference)', file: 'rules.json', content: huge },
        {
          name: `configuration over ${Math.round(MAX_READ_BYTES / 2 ** 20)} MiB (not read whole)`,
          file: 'over-limit.json',
          content: Buffer.concat([Buffer.from(huge.slice(0, huge.indexOf('"Rules"'))), Buffer.from(`"Padding": "${'x'.repeat(MAX_READ_BYTES)}", `), Buffer.from(huge.slice(huge.indexOf('"Rules"')))]),
        },
      ];
      const rows: string[][] = [];
      for (const f of files) {
        const path = join(dir, f.file);
        writeFileSync(path, f.content);
        const u = runCli(preload, path);
        rows.push([f.name, `${(f.content.length / 1024).toFixed(0)} KiB`, ms(u.wall), ms(u.cpu), u.maxRssMb.toFixed(0), String(u.findings), u.codes]);
      }
      table(['document', 'size', 'wall ms', 'cpu ms', 'peak RSS MB', 'findings', 'most frequent'], rows).forEach(print);
      print('');
      print('Before (issue 17): an 894 KB configuration with 30,000 tags ran the CLI out of memory (4.3 GB after 37 s);');
      print('a policy with 5,000 statements took 26 s.');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default bench;
