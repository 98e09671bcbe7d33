/**
 * `--fix` on files with very many findings: 100,000 line comments (each a `json-comments` finding
 * with a preferred fix; applied one by one with a re-analysis each, as before, this took 150 s),
 * 100,000 block comments on few lines, and the editor's "fix all" on the same file. Target: seconds,
 * growing linearly (one pass applies every fix that does not conflict, one analysis per pass).
 */
import { runFixLoop } from '../src/cli/fixLoop';
import { analyze } from '../src/core/analyze';
import { applyNonOverlapping } from '../src/core/fixes';
import { Bench, measure, ms, table } from './lib';

const COUNTS = [10_000, 100_000];
const TARGET_MS = 10_000;

// A replication configuration: S3 takes up to 2 MB of it, where a policy this size is only "too large".
const HEAD = ['{', '  "Role": "arn:aws:iam::123456789012:role/replication",', '  "Rules": ['];
const TAIL = ['    {"ID": "r", "Status": "Enabled", "Priority": 1, "Filter": {}, "DeleteMarkerReplication": {"Status": "Disabled"}, "Destination": {"Bucket": "arn:aws:s3:::dest"}}', '  ]', '}', ''];

function lineComments(n: number): string {
  const lines = [...HEAD];
  for (let i = 0; i < n; i++) lines.push(`    // note ${i}`);
  lines.push(...TAIL);
  return lines.join('\n');
}

function blockComments(n: number): string {
  const lines = [...HEAD];
  // Ten per line, side by side: the removals on one line conflict and take several passes.
  for (let i = 0; i < n; i += 10) lines.push(`    ${Array.from({ length: 10 }, (_, k) => `/* ${i + k} */`).join(' ')}`);
  lines.push(...TAIL);
  return lines.join('\n');
}

const bench: Bench = {
  title: '--fix and "fix all" on files with 10,000 and 100,000 findings',
  async run(print) {
    const rows: string[][] = [];
    const verdicts: string[] = [];
    for (const [name, make] of [
      ['line comments', lineComments],
      ['block comments, 10 per line', blockComments],
    ] as const) {
      for (const n of COUNTS) {
        const text = make(n);
        let applied = 0;
        let clean = false;
        const t = await measure(
          () => {
            const result = runFixLoop([{ uri: 'bench.json', text }], () => true);
            applied = result.applied.get('bench.json') ?? 0;
            clean = !/\/\/ note|\/\* \d/.test(result.texts.get('bench.json') ?? text);
          },
          { warmup: 0, minRuns: 1, maxRuns: 3, budgetMs: 0 },
        );
        rows.push([`--fix, ${name}`, n.toLocaleString('en'), `${(text.length / 1e6).toFixed(1)} MB`, String(applied), clean ? 'yes' : 'NO', ms(t.median)]);
        if (n === 100_000) verdicts.push(`--fix on ${n.toLocaleString('en')} ${name}: ${ms(t.median)} ms (target < ${TARGET_MS / 1000} s): ${t.median < TARGET_MS && clean ? 'OK' : 'MISS'}`);
      }
    }
    const text = lineComments(100_000);
    const findings = analyze([{ uri: 'bench.json', text }]).findings;
    const preferred = findings.flatMap((f) => f.fixes?.filter((x) => x.preferred) ?? []);
    let applied = 0;
    const t = await measure(() => (applied = applyNonOverlapping(text, preferred).applied), { warmup: 1, minRuns: 3, budgetMs: 2000 });
    rows.push(['"fix all" (one pass over analysed findings), line comments', '100,000', `${(text.length / 1e6).toFixed(1)} MB`, String(applied), '', ms(t.median)]);
    table(['case', 'findings', 'size', 'fixes applied', 'all gone', 'median ms'], rows).forEach(print);
    print('');
    verdicts.forEach(print);
  },
};

export default bench;
