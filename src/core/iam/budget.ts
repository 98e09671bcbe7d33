/**
 * A bound on the work policy evaluation may do while one document is analysed. The indexes make
 * ordinary policies cost about one statement per question, but statements that apply to every
 * bucket (`"Resource": "*"`) are candidates for every question: 5,000 of them, asked about 2,500
 * buckets, made the analysis of one policy run for minutes. Past the bound, evaluation throws
 * `EvaluationBudgetExceeded`, and the analysis reports that the policy was not fully checked.
 *
 * Only `analyze` sets a budget; evaluations elsewhere (planning a write to AWS) are never cut short.
 * The engine is synchronous, so one active budget at a time is all there is.
 */

/**
 * Statement matches per analysed document, about a second at worst. A 1,000-rule configuration
 * checked against a role policy of 300 statements all on `"Resource": "*"` (more than IAM's
 * 10,240-character limit allows) spends about 62,000; the walkthrough, 8.
 */
export const STATEMENT_MATCH_BUDGET = 500_000;

export class EvaluationBudgetExceeded extends Error {
  constructor(readonly spent: number) {
    super(`policy evaluation stopped after ${spent.toLocaleString('en-US')} statement matches`);
  }
}

interface Budget {
  remaining: number;
  limit: number;
}

let active: Budget | undefined;
/** Statement matches spent since the process started, budget or not (for `npm run bench`). */
let spentTotal = 0;

export function statementMatchesSpent(): number {
  return spentTotal;
}

/** Runs `fn` with a budget of `limit` statement matches (shared by nested calls). */
export function withEvaluationBudget<T>(limit: number, fn: () => T): T {
  if (active) return fn();
  active = { remaining: limit, limit };
  try {
    return fn();
  } finally {
    active = undefined;
  }
}

/** Spends `n` statement matches of the active budget, if any; throws once it is gone. */
export function spendMatches(n: number): void {
  spentTotal += n;
  if (!active) return;
  active.remaining -= n;
  if (active.remaining < 0) throw new EvaluationBudgetExceeded(active.limit - active.remaining);
}
