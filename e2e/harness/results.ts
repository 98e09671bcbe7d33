/** Test outcomes of both tiers, and harness failures (a server that did not start), in one tally. */

/**
 * Prefix of the in-host reporter's lines: the workbench forwards all of its console to the harness,
 * which prints only these (and logs the rest).
 */
export const HOST_REPORT_MARK = '[e2e-host] ';

export interface TestFailure {
  title: string;
  error: string;
}

export interface TierReport {
  passed: number;
  failed: number;
  failures: TestFailure[];
}

export class Tally {
  private readonly reports: { tier: string; report: TierReport }[] = [];

  add(tier: string, report: TierReport): void {
    this.reports.push({ tier, report });
  }

  /** A step that broke outside any test still counts, so CI cannot go green on a run that did not happen. */
  fail(tier: string, title: string, err: unknown): void {
    const error = err instanceof Error ? err.message : String(err);
    console.error(`[e2e] ${tier}: ${title} FAILED: ${error.split('\n')[0]} (details at the end)`);
    this.add(tier, { passed: 0, failed: 1, failures: [{ title, error }] });
  }

  /** The tier ran and nothing in it failed. */
  green(tier: string): boolean {
    const reports = this.reports.filter((r) => r.tier === tier);
    return reports.length > 0 && reports.every((r) => r.report.failed === 0 && r.report.passed > 0);
  }

  get failed(): number {
    return this.reports.reduce((n, r) => n + r.report.failed, 0);
  }

  get passed(): number {
    return this.reports.reduce((n, r) => n + r.report.passed, 0);
  }

  /** Failures again in one line each (details are above), then the line CI reads: `N passed, N failed`. */
  print(): void {
    const failures = this.reports.flatMap((r) => r.report.failures.map((f) => ({ tier: r.tier, ...f })));
    if (failures.length) {
      console.log('\nFailures:');
      failures.forEach((f, i) => console.log(`  ${i + 1}) [${f.tier}] ${f.title}: ${f.error.split('\n')[0]}`));
    }
    for (const { tier, report } of this.reports) console.log(`  ${tier}: ${report.passed} passed, ${report.failed} failed`);
    console.log(`${this.passed} passed, ${this.failed} failed`);
  }
}
