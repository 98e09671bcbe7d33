/**
 * The policy evaluator: does this set of policies allow action A on resource R (for principal P)?
 *
 * IAM's rules, kept small: a statement applies when its principal, action and resource elements
 * match (with `*`/`?` wildcards, `NotAction`, `NotResource`, `NotPrincipal`); an explicit Deny wins
 * over any Allow; no Allow means an implicit deny. Conditions are evaluated only on keys the caller
 * knows the value of, and policy variables substituted from them; otherwise the answer is "allowed
 * under conditions" (or, for a Deny, "may block"), never a guess.
 *
 * `R` may itself be a pattern (`arn:aws:s3:::source/*`, "every object of the bucket"): an Allow
 * must then cover all of it, and an Allow covering part of it is reported as partial.
 */
import { ArnPattern, arnCovers, arnOverlaps, arnPattern, s3BucketName } from './arn';
import { evaluateConditions } from './conditions';
import { ConditionContext, substitute } from './variables';
import { compile, matches, Pattern } from './pattern';
import { PolicyView, PrincipalView, StatementView, ValueList } from './policy';
import { spendMatches } from './budget';
import { BucketIndex } from './statementIndex';

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
  /** Condition keys with certain values (lower-case key → value); policy variables are substituted from them. */
  context?: ConditionContext;
  /**
   * The context holds every key the request carries: a key it lacks is absent, which settles
   * `...IfExists`, `Null` and the negated operators. Otherwise a key it lacks is merely unknown.
   */
  complete?: boolean;
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
  /** No Allow applies, and a Deny applies under conditions: refused either way, explicitly when they hold. */
  | 'conditional-deny'
  | 'implicit-deny';

export interface Evaluation {
  decision: Decision;
  allows: StatementMatch[];
  denies: StatementMatch[];
}

export function evaluate(policies: readonly PolicyView[], query: Query): Evaluation {
  const allows: StatementMatch[] = [];
  const denies: StatementMatch[] = [];
  const lower = query.action.toLowerCase();
  const resource = arnPattern(query.resource);
  const bucket = s3BucketName(query.resource);
  for (const policy of policies) {
    const list = candidates(policy, lower, bucket);
    spendMatches(list.length);
    for (const statement of list) {
      if (!statement.effect) continue;
      const m = matchStatement(statement, query, resource);
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
  return denies.length > 0 ? 'conditional-deny' : 'implicit-deny';
}

/** How a decision reads in a message: "`s3:ReplicateObject` on `arn:...` is ...". */
export function decisionText(decision: Decision): string {
  switch (decision) {
    case 'allowed':
      return 'allowed';
    case 'denied':
      return 'blocked by an explicit Deny';
    case 'conditional':
      return 'allowed only under conditions (of an Allow, or of a Deny that may apply)';
    case 'partial':
      return 'allowed on part of the resources only';
    case 'conditional-deny':
      return 'not allowed by any statement, and a Deny may block it too (when its conditions hold)';
    case 'implicit-deny':
      return 'not allowed by any statement';
  }
}

/** How one statement applies to the query, ignoring its Effect; undefined when it does not. */
export function matchStatement(s: StatementView, q: Query, resource: ArnPattern = arnPattern(q.resource)): { conditional: boolean; partial: boolean } | undefined {
  if (q.principal && !principalApplies(s, q.principal)) return undefined;
  if (!actionApplies(s, q.action)) return undefined;
  const reach = resourceReach(s, resource, q.context);
  if (!reach) return undefined;
  const truth = evaluateConditions(s.conditions, q.context, q.complete);
  if (truth === 'false') return undefined;
  // A Deny that touches part of the resources still denies those; for an Allow in a `some` query, part is enough.
  const partial = !reach.covered && !(s.effect === 'Allow' && q.scope === 'some');
  return { conditional: truth === 'unknown' || reach.variable, partial };
}

export function actionApplies(s: StatementView, action: string): boolean {
  const lower = action.toLowerCase();
  if (s.action) return listMatches(s.action, lower);
  if (s.notAction) return !listMatches(s.notAction, lower);
  return false;
}

function listMatches(list: ValueList, lowerAction: string): boolean {
  for (const p of actionPatterns(list)) if (matches(p, lowerAction)) return true;
  return false;
}

// Actions compare case-insensitively; compiled once per list, since every query walks every statement.
const actionCache = new WeakMap<ValueList, Pattern[]>();

function actionPatterns(list: ValueList): Pattern[] {
  let out = actionCache.get(list);
  if (!out) actionCache.set(list, (out = list.items.map((i) => compile(i.value.toLowerCase()))));
  return out;
}

interface ActionIndex {
  /** By lower-case action, for statements that name their actions literally. */
  exact: Map<string, BucketIndex>;
  /** Statements with wildcards or `NotAction`: candidates for every action. */
  other: BucketIndex;
}

const indexCache = new WeakMap<PolicyView, ActionIndex>();

function buildIndex(policy: PolicyView): ActionIndex {
  const index: ActionIndex = { exact: new Map(), other: new BucketIndex() };
  for (const s of policy.statements) {
    const literal = s.action && actionPatterns(s.action).every((p) => p.text !== undefined);
    if (!literal) {
      index.other.add(s);
      continue;
    }
    for (const action of new Set(actionPatterns(s.action as ValueList).map((x) => x.text as string))) {
      let entry = index.exact.get(action);
      if (!entry) index.exact.set(action, (entry = new BucketIndex()));
      entry.add(s);
    }
  }
  return index;
}

/**
 * The statements that may apply to an action on a resource, in document order. Every requirement
 * check asks each policy, and a role serving many buckets has hundreds of statements, most of them
 * naming other actions or other buckets.
 */
function candidates(policy: PolicyView, lowerAction: string, bucket: string | undefined): readonly StatementView[] {
  let index = indexCache.get(policy);
  if (!index) indexCache.set(policy, (index = buildIndex(policy)));
  const exact = index.exact.get(lowerAction)?.near(bucket) ?? [];
  const other = index.other.near(bucket);
  if (other.length === 0) return exact;
  if (exact.length === 0) return other;
  return [...exact, ...other].sort((a, b) => a.index - b.index);
}

/**
 * Whether the statement's resource element reaches all (`covered`) or part of `resource`.
 * `variable`: an entry with a policy variable the context does not resolve decides it, so the
 * answer holds only for some values of that variable.
 */
function resourceReach(s: StatementView, resource: ArnPattern, context: ConditionContext | undefined): { covered: boolean; variable: boolean } | undefined {
  if (s.resource) {
    const items = resolvedPatterns(s.resource, context);
    // A definite entry settles it; one with an unresolved variable only "may".
    const covering = items.find((i) => !i.whole.variable && arnCovers(i, resource)) ?? items.find((i) => arnCovers(i, resource));
    if (covering) return { covered: true, variable: covering.whole.variable };
    const touching = items.find((i) => !i.whole.variable && arnOverlaps(i, resource)) ?? items.find((i) => arnOverlaps(i, resource));
    return touching ? { covered: false, variable: touching.whole.variable } : undefined;
  }
  if (s.notResource) {
    // The statement applies to what no entry names. An entry with an unresolved variable (compiled
    // as a run) may or may not name the resource: it makes the answer conditional, never drops it.
    const items = resolvedPatterns(s.notResource, context);
    let overlap = false;
    let variable = false;
    for (const i of items) {
      if (i.whole.variable) {
        if (arnOverlaps(i, resource)) variable = true;
        continue;
      }
      if (arnCovers(i, resource)) return undefined;
      if (arnOverlaps(i, resource)) overlap = true;
    }
    return { covered: !overlap, variable };
  }
  // Trust policies have no resource element: the role itself is the resource.
  return { covered: true, variable: false };
}

const resourceCache = new WeakMap<ValueList, ArnPattern[]>();

function resourcePatterns(list: ValueList): ArnPattern[] {
  let out = resourceCache.get(list);
  if (!out) resourceCache.set(list, (out = list.items.map((i) => arnPattern(i.value))));
  return out;
}

/** The list's patterns with the policy variables the context holds substituted (as literal text). */
function resolvedPatterns(list: ValueList, context: ConditionContext | undefined): ArnPattern[] {
  const base = resourcePatterns(list);
  if (!context || context.size === 0 || !base.some((p) => p.whole.variable)) return base;
  return base.map((p) => {
    if (!p.whole.variable) return p;
    const { text, resolved } = substitute(p.source, context, true);
    return resolved ? arnPattern(text) : p;
  });
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
