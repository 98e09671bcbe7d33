/**
 * Shared by the bench modules: timing with warm-up and medians, and plain-text tables.
 * A bench module is a `*.bench.ts` file in this folder whose default export is a `Bench`;
 * `bench/run.ts` finds and runs them all, so adding one needs no other edit.
 */

export interface Bench {
  title: string;
  run(print: (line: string) => void): Promise<void> | void;
}

export interface Timing {
  median: number;
  min: number;
  runs: number;
}

export interface MeasureOptions {
  warmup?: number;
  /** Keeps sampling until this many runs, or until `budgetMs` is spent (whichever comes last, capped at `maxRuns`). */
  minRuns?: number;
  maxRuns?: number;
  budgetMs?: number;
}

/** Median wall time of `fn` in milliseconds; the median resists the noise of a shared machine. */
export async function measure(fn: () => unknown, options: MeasureOptions = {}): Promise<Timing> {
  return (await measureTogether([fn], options))[0];
}

/**
 * Times several functions in alternation (a, b, a, b, ...), so that load from other processes hits
 * them alike and their ratio stays meaningful even when the absolute figures drift.
 */
export async function measureTogether(fns: (() => unknown)[], options: MeasureOptions = {}): Promise<Timing[]> {
  const { warmup = 3, minRuns = 10, maxRuns = 200, budgetMs = 2000 } = options;
  for (let i = 0; i < warmup; i++) for (const fn of fns) await fn();
  const samples: number[][] = fns.map(() => []);
  const start = performance.now();
  let runs = 0;
  while (runs < maxRuns && (runs < minRuns || performance.now() - start < budgetMs)) {
    for (const [i, fn] of fns.entries()) {
      const t = performance.now();
      await fn();
      samples[i].push(performance.now() - t);
    }
    runs++;
  }
  return samples.map(summarize);
}

function summarize(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], runs: sorted.length };
}

export function ms(n: number): string {
  return n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2);
}

/** Left-aligned first column, right-aligned numbers: readable in a terminal and in CI logs. */
export function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}
