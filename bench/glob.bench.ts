/**
 * `fileKinds` globs come from workspace settings, so a repository chooses them. The matcher runs in
 * time linear in the path whatever the pattern; a RegExp translation (the previous matcher, kept
 * here as the reference) backtracks exponentially on patterns such as `*a*a*a...b`.
 */
import { globMatches } from '../src/core/glob';
import { Bench, measure, ms, table } from './lib';

const HOSTILE = '*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b';

/** The RegExp the previous matcher built for a pattern of `*` and literals. */
function regexpFor(glob: string): RegExp {
  return new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
}

const bench: Bench = {
  title: `fileKinds glob matching: ${HOSTILE}`,
  async run(print) {
    const rows: string[][] = [];
    for (const n of [20, 24, 40, 4000]) {
      const path = 'a'.repeat(n);
      const ours = await measure(() => globMatches(HOSTILE, path), { warmup: 1, minRuns: 5, budgetMs: 300 });
      // The RegExp is only timed where it finishes: at 40 characters it ran for minutes.
      let old = 'not run (minutes)';
      if (n <= 24) {
        const re = regexpFor(HOSTILE);
        const t = performance.now();
        re.test(path);
        old = ms(performance.now() - t);
      }
      rows.push([`${n}-character path`, ms(ours.median), old]);
    }
    table(['path', 'automaton median ms', 'RegExp ms'], rows).forEach(print);
  },
};

export default bench;
