/** Runs a programmatic mocha suite and reports it as a TierReport (used in Node for the UI tier, in the extension host for tier 1). */
import type MochaClass from 'mocha';
import * as mochaModule from 'mocha';
import type { TierReport } from './results';
import { format } from 'node:util';

// mocha 12 is an ES module over a CommonJS core; what `require` returns differs between Node 20 and
// Node 24 (namespace or constructor), but both carry the constructor as `.Mocha`.
const Mocha = (mochaModule as unknown as { Mocha: typeof MochaClass }).Mocha;

export function createMocha(options: MochaClass.MochaOptions): MochaClass {
  return new Mocha({ ui: 'bdd', color: false, reporter: 'spec', ...options });
}

/** Sends every line mocha's reporters print through `print` (the spec reporter writes through Base.consoleLog). */
export function redirectReporterOutput(print: (line: string) => void): void {
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => {
    for (const line of format(...args).split('\n')) print(line);
  };
}

/** Runs and tallies; a failing hook counts as a failure too. */
export function runMocha(mocha: MochaClass): Promise<TierReport> {
  return new Promise((resolve) => {
    const report: TierReport = { passed: 0, failed: 0, failures: [] };
    const runner = mocha.run(() => resolve(report));
    runner.on('pass', () => report.passed++);
    runner.on('fail', (test, err: Error) => {
      report.failed++;
      report.failures.push({ title: test.fullTitle(), error: err.stack ?? err.message });
    });
  });
}
