/**
 * Condition operators: the grammar (which names IAM knows) and a deliberately small evaluation.
 * Only keys whose value is certain for the request being asked about (the caller passes them, e.g.
 * `aws:PrincipalArn` of the replication role) are evaluated: string, ARN, `Bool` and `Null`
 * operators, with `...IfExists` and policy variables in the values. Anything else is "unknown",
 * which the evaluator reports as "allowed under conditions" instead of guessing.
 */
import { arnCovers } from './arn';
import { ConditionEntry } from './policy';
import { compile, matches } from './pattern';
import { ConditionContext, substitute } from './variables';

export const BASE_OPERATORS: readonly string[] = [
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'StringLike',
  'StringNotLike',
  'NumericEquals',
  'NumericNotEquals',
  'NumericLessThan',
  'NumericLessThanEquals',
  'NumericGreaterThan',
  'NumericGreaterThanEquals',
  'DateEquals',
  'DateNotEquals',
  'DateLessThan',
  'DateLessThanEquals',
  'DateGreaterThan',
  'DateGreaterThanEquals',
  'Bool',
  'BinaryEquals',
  'IpAddress',
  'NotIpAddress',
  'ArnEquals',
  'ArnLike',
  'ArnNotEquals',
  'ArnNotLike',
  'Null',
];

const BASE = new Set(BASE_OPERATORS);

export interface Operator {
  base: string;
  ifExists: boolean;
  set?: 'ForAllValues' | 'ForAnyValue';
}

/** Splits `ForAnyValue:StringLikeIfExists` into its parts; undefined when IAM does not know the name. */
export function parseOperator(name: string): Operator | undefined {
  let rest = name;
  let set: Operator['set'];
  const colon = rest.indexOf(':');
  if (colon >= 0) {
    const qualifier = rest.slice(0, colon);
    if (qualifier !== 'ForAllValues' && qualifier !== 'ForAnyValue') return undefined;
    set = qualifier;
    rest = rest.slice(colon + 1);
  }
  let ifExists = false;
  if (rest.endsWith('IfExists') && rest !== 'IfExists') {
    ifExists = true;
    rest = rest.slice(0, -'IfExists'.length);
  }
  if (!BASE.has(rest) || (ifExists && rest === 'Null')) return undefined;
  return { base: rest, ifExists, set };
}

/** Every valid operator spelling without set qualifiers, for suggestions. */
export function operatorSpellings(): string[] {
  return BASE_OPERATORS.flatMap((o) => (o === 'Null' ? [o] : [o, `${o}IfExists`]));
}

export type Truth = 'true' | 'false' | 'unknown';

export type { ConditionContext };

/**
 * All entries must hold (IAM ANDs operators and keys); one false entry settles it. `complete`: the
 * context holds every key the request has, so a key it lacks is absent (which settles `...IfExists`,
 * `Null` and the negated operators); otherwise a key it lacks is merely unknown.
 */
export function evaluateConditions(entries: readonly ConditionEntry[], context: ConditionContext | undefined, complete = false): Truth {
  let result: Truth = 'true';
  for (const e of entries) {
    const t = evaluateEntry(e, context, complete);
    if (t === 'false') return 'false';
    if (t === 'unknown') result = 'unknown';
  }
  return result;
}

const NEGATED = new Set(['StringNotEquals', 'StringNotEqualsIgnoreCase', 'StringNotLike', 'ArnNotEquals', 'ArnNotLike', 'NumericNotEquals', 'DateNotEquals', 'NotIpAddress']);

function evaluateEntry(e: ConditionEntry, context: ConditionContext | undefined, complete: boolean): Truth {
  const op = parseOperator(e.operator);
  if (!op) return 'unknown';
  const actual = context?.get(e.key.toLowerCase());
  if (op.base === 'Null') {
    // "true": the key must be absent; "false": present. Several values are alternatives.
    if (actual === undefined && !complete) return 'unknown';
    const present = actual !== undefined;
    return e.values.some((v) => (v.toLowerCase() === 'true' ? !present : v.toLowerCase() === 'false' ? present : false)) ? 'true' : 'false';
  }
  if (actual === undefined) {
    if (!complete) return 'unknown';
    // Absent key (IAM condition operators reference): IfExists holds, a negated operator holds,
    // anything else does not. A set operator over no values: ForAllValues holds, ForAnyValue does not.
    if (op.ifExists) return 'true';
    if (op.set === 'ForAllValues') return 'true';
    if (op.set === 'ForAnyValue') return 'false';
    return NEGATED.has(op.base) ? 'true' : 'false';
  }
  const test = valueTest(op.base);
  if (!test) return 'unknown';
  let unresolved = false;
  let hit = false;
  for (const v of e.values) {
    const { text, resolved } = substitute(v, context, test.pattern);
    if (!resolved) unresolved = true;
    else if (test.match(text, actual)) {
      hit = true;
      break;
    }
  }
  // A value whose variable the context does not hold might have matched.
  if (!hit && unresolved) return 'unknown';
  return (test.negated ? !hit : hit) ? 'true' : 'false';
}

interface ValueTest {
  match: (policyValue: string, actual: string) => boolean;
  negated: boolean;
  /** Policy values are wildcard patterns (variables substituted as literals). */
  pattern: boolean;
}

function valueTest(base: string): ValueTest | undefined {
  switch (base) {
    case 'StringEquals':
    case 'StringNotEquals':
      return { match: (p, a) => p === a, negated: base === 'StringNotEquals', pattern: false };
    case 'StringEqualsIgnoreCase':
    case 'StringNotEqualsIgnoreCase':
      return { match: (p, a) => p.toLowerCase() === a.toLowerCase(), negated: base === 'StringNotEqualsIgnoreCase', pattern: false };
    case 'StringLike':
    case 'StringNotLike':
      return { match: (p, a) => matches(compile(p), a), negated: base === 'StringNotLike', pattern: true };
    case 'ArnEquals':
    case 'ArnLike':
    case 'ArnNotEquals':
    case 'ArnNotLike':
      return { match: (p, a) => arnCovers(p, a), negated: base === 'ArnNotEquals' || base === 'ArnNotLike', pattern: true };
    case 'Bool':
      return { match: (p, a) => p.toLowerCase() === a.toLowerCase(), negated: false, pattern: false };
    default:
      return undefined;
  }
}
