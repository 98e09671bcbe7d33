/**
 * Start-up cost of the bundled CLI: `node dist/cli.js check` on the walkthrough, against a bare
 * `node` start. Skipped (with the reason) when `npm run build` has not produced dist/cli.js.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Bench, measureTogether, ms, table } from './lib';

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'dist/cli.js');
const WALKTHROUGH = join(ROOT, '../shared/examples/seed-walkthrough');

const bench: Bench = {
  title: 'CLI start-up (node dist/cli.js check on the walkthrough)',
  async run(print) {
    if (!existsSync(CLI)) {
      print('skipped: dist/cli.js not found; run `npm run build` first.');
      return;
    }
    if (statSync(CLI).mtimeMs < statSync(join(ROOT, 'src/cli.ts')).mtimeMs) print('note: dist/cli.js is older than src/cli.ts; rebuild for current figures.');
    const run = (args: string[]) => () => {
      const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
      if (r.error) throw r.error;
    };
    const [bare, check] = await measureTogether([run(['-e', '0']), run([CLI, 'check', WALKTHROUGH])], { warmup: 1, minRuns: 10, budgetMs: 4000 });
    table(
      ['command', 'median ms', 'min ms'],
      [
        ['node -e 0 (Node start-up alone)', ms(bare.median), ms(bare.min)],
        ['node dist/cli.js check <walkthrough>', ms(check.median), ms(check.min)],
      ],
    ).forEach(print);
    print('');
    print(`The CLI's own share: ${ms(check.median - bare.median)} ms (module load, reading 3 files, analysis, output).`);
  },
};

export default bench;
