/**
 * The policy evaluator: does this set of policies allow action A on resource R (for principal P)?
 *
 * IAM's rules, kept small: a statement applies when its principal, action and resource elements
 * match (with `*`/`?` wildcards, `NotAction`, `NotResource`, `NotPrincipal`); an explicit Deny wins
 * over any Allow; no Allow means an implicit deny. Conditions are evaluated only on keys the caller
 * knows the value of; otherwise the answer is "allowed under conditions", never a guess.
 *
 * `R` may itself be a pattern (`arn:aws:s3:::source/*`, "every object of the bucket"): an Allow
 * must then cover all of it, and an Allow covering part of it is reported as partial.
 */
import { arnCovers, arnOverlaps, hasPolicyVariable } from './arn';
import { ConditionContext, evaluateConditions } from './conditions';
import { compile, matches } from './pattern';
import { PolicyView, PrincipalView, StatementView, ValueList } from './policy';

export interface Principal {
  /** ARN of the calling role or user, exactly as IAM knows it (with path). */
  arn?: string;
  /** Its 12-digit account. */
  account?: string;
  /** For service principals, e.g. `s3.amazonaws.com`. */
  service?: string;
}

export interface Query {
  action: string;
  /** A resource ARN or ARN pattern. */
  resource: string;
  /** `all` (default): the Allow must match every resource `resource` names; `some`: at least one. */
  scope?: 'all' | 'some';
  /** Who asks. Principal elements (resource and trust policies) are only matched when given. */
  principal?: Principal;
  /** Condition keys with certain values (lower-case key → value). */
  context?: ConditionContext;
}

export interface StatementMatch {
  policy: PolicyView;
  statement: StatementView;
  /** The statement has conditions (or policy variables) this query cannot settle. */
  conditional: boolean;
  /** It matches only part of the resources the query names. */
  partial: boolean;
}

export type Decision =
  /** Some unconditional Deny applies (to all or part of the resources). */
  | 'denied'
  /** An unconditional Allow covers everything and no Deny may apply. */
  | 'allowed'
  /** Allowed only if conditions hold, or a conditional Deny may apply. */
  | 'conditional'
  /** Allowed on part of the resources only. */
  | 'partial'
  | 'implicit-deny';

export interface Evaluation {
  decision: Decision;
  allows: StatementMatch[];
  denies: StatementMatch[];
}

export function evaluate(policies: readonly PolicyView[], query: Query): Evaluation {
  const allows: StatementMatch[] = [];
  const denies: StatementMatch[] = [];
  for (const policy of policies) {
    for (const statement of policy.statements) {
      if (!statement.effect) continue;
      const m = matchStatement(statement, query);
      if (!m) continue;
      (statement.effect === 'Allow' ? allows : denies).push({ policy, statement, ...m });
    }
  }
  return { decision: decide(allows, denies), allows, denies };
}

export function decide(allows: readonly StatementMatch[], denies: readonly StatementMatch[]): Decision {
  if (denies.some((d) => !d.conditional)) return 'denied';
  const full = allows.filter((a) => !a.partial);
  if (full.some((a) => !a.conditional)) return denies.length > 0 ? 'conditional' : 'allowed';
  if (full.length > 0) return 'conditional';
  if (allows.length > 0) return 'partial';
  return 'implicit-deny';
}

/** How one statement applies to the query, ignoring its Effect; undefined when it does not. */
export function matchStatement(s: StatementView, q: Query): { conditional: boolean; partial: boolean } | undefined {
  if (q.principal && !principalApplies(s, q.principal)) return undefined;
  if (!actionApplies(s, q.action)) return undefined;
  const reach = resourceReach(s, q.resource);
  if (!reach) return undefined;
  const truth = evaluateConditions(s.conditions, q.context);
  if (truth === 'false') return undefined;
  // A Deny that touches part of the resources still denies those; for an Allow in a `some` query, part is enough.
  const partial = !reach.covered && !(s.effect === 'Allow' && q.scope === 'some');
  return { conditional: truth === 'unknown' || reach.variable, partial };
}

export function actionApplies(s: StatementView, action: string): boolean {
  const lower = action.toLowerCase();
  const hit = (list: ValueList) => list.items.some((i) => matches(compile(i.value.toLowerCase()), lower));
  if (s.action) return hit(s.action);
  if (s.notAction) return !hit(s.notAction);
  return false;
}

/** Whether the statement's resource element reaches all (`covered`) or part of `resource`. */
function resourceReach(s: StatementView, resource: string): { covered: boolean; variable: boolean } | undefined {
  if (s.resource) {
    const items = s.resource.items;
    const covering = items.find((i) => arnCovers(i.value, resource));
    if (covering) return { covered: true, variable: hasPolicyVariable(covering.value) };
    const touching = items.find((i) => arnOverlaps(i.value, resource));
    return touching ? { covered: false, variable: hasPolicyVariable(touching.value) } : undefined;
  }
  if (s.notResource) {
    const items = s.notResource.items;
    if (items.some((i) => arnCovers(i.value, resource))) return undefined;
    return { covered: !items.some((i) => arnOverlaps(i.value, resource)), variable: false };
  }
  // Trust policies have no resource element: the role itself is the resource.
  return { covered: true, variable: false };
}

function principalApplies(s: StatementView, p: Principal): boolean {
  if (s.principal) return principalMatches(s.principal, p);
  if (s.notPrincipal) return !principalMatches(s.notPrincipal, p);
  // Identity policies have no principal element: they apply to whoever holds them.
  return true;
}

export function principalMatches(v: PrincipalView, p: Principal): boolean {
  if (v.everyone) return true;
  if (p.service && v.service.some((i) => i.value === p.service)) return true;
  return v.aws.some((i) => awsPrincipalMatches(i.value, p));
}

/** A role ARN matches itself exactly (path included); an account (ID or `:root` ARN) matches its principals. */
function awsPrincipalMatches(value: string, p: Principal): boolean {
  if (p.arn && value === p.arn) return true;
  if (!p.account) return false;
  return value === p.account || new RegExp(`^arn:[^:]+:iam::${p.account}:root$`).test(value);
}
