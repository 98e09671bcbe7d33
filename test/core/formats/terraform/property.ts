/**
 * Runs a fast-check property so that a failure can be replayed: the seed is chosen here (or taken
 * from `TF_PROPERTY_SEED`), and a failure names it with the shrunk counterexample as JSON.
 * `TF_PROPERTY_RUNS` raises the number of runs for a local hunt (CI keeps each test's own);
 * `TF_PROPERTY_SEED` and `TF_PROPERTY_PATH` replay a reported failure.
 */
import fc from 'fast-check';

export interface PropertyRun {
  numRuns: number;
  /** Stop generating after this long (the runs so far count): a loaded machine must not time the suite out. */
  timeLimitMs: number;
}

function envInt(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  return Number.isInteger(n) ? n : undefined;
}

export function assertProperty<T>(property: fc.IProperty<T>, run: PropertyRun): void {
  const seed = envInt('TF_PROPERTY_SEED') ?? (Math.random() * 2 ** 31) | 0;
  const path = process.env.TF_PROPERTY_PATH || undefined;
  const hunting = envInt('TF_PROPERTY_RUNS');
  const details = fc.check(property, {
    seed,
    path,
    numRuns: hunting ?? run.numRuns,
    // A hunt runs as long as it takes; the suite stops generating at its time limit.
    plugins: hunting === undefined ? [fc.interruptAfterTimeLimit(run.timeLimitMs)] : [],
  });
  if (!details.failed) return;
  const replay = `TF_PROPERTY_SEED=${details.seed} TF_PROPERTY_PATH=${details.counterexamplePath ?? ''}`;
  const counterexample = JSON.stringify(details.counterexample);
  const error = details.errorInstance instanceof Error ? (details.errorInstance.stack ?? details.errorInstance.message) : String(details.errorInstance);
  // Printed as well as thrown: a log cut short still keeps the line that replays the failure.
  console.error(`property failed: replay with ${replay}\ncounterexample: ${counterexample}`);
  throw new Error(`Property failed after ${details.numRuns} run(s) (seed ${details.seed}; replay with ${replay})\nCounterexample (JSON): ${counterexample}\n${error}`);
}
