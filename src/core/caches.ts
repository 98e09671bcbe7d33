/**
 * The engine's memo caches (compiled patterns, parsed ARNs, resolved actions, expanded templates) are
 * bounded, and a long batch run keeps them full of what it no longer needs: `scan` reads account
 * after account, each with ARNs of its own. `clearEngineCaches()` empties them all — results stay
 * the same, only recomputed — so what such a run holds does not grow with the accounts it has read.
 */
const clears: (() => void)[] = [];

/** Called once by each module that keeps a cache, at load. */
export function registerCache(clear: () => void): void {
  clears.push(clear);
}

export function clearEngineCaches(): void {
  for (const clear of clears) clear();
}
