/**
 * Condition operators: the grammar (which names IAM knows) and a deliberately small evaluation.
 * Only keys whose value is certain for the request being asked about (the caller passes them, e.g.
 * `aws:PrincipalArn` of the replication role) are evaluated; anything else is "unknown", which the
 * evaluator reports as "allowed under conditions" instead of guessing.
 */
import { arnCovers } from './arn';
import { ConditionEntry } from './policy';
import { compile, matches } from './pattern';

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

/** Known request context: lower-case condition key → its single value. */
export type ConditionContext = ReadonlyMap<string, string>;

/** All entries must hold (IAM ANDs operators and keys); one false entry settles it. */
export function evaluateConditions(entries: readonly ConditionEntry[], context: ConditionContext | undefined): Truth {
  let result: Truth = 'true';
  for (const e of entries) {
    const t = evaluateEntry(e, context);
    if (t === 'false') return 'false';
    if (t === 'unknown') result = 'unknown';
  }
  return result;
}

function evaluateEntry(e: ConditionEntry, context: ConditionContext | undefined): Truth {
  const op = parseOperator(e.operator);
  const actual = context?.get(e.key.toLowerCase());
  if (!op || actual === undefined) return 'unknown';
  const test = valueTest(op.base);
  if (!test) return 'unknown';
  const hit = e.values.some((v) => test.match(v, actual));
  return (test.negated ? !hit : hit) ? 'true' : 'false';
}

function valueTest(base: string): { match: (pattern: string, actual: string) => boolean; negated: boolean } | undefined {
  switch (base) {
    case 'StringEquals':
    case 'StringNotEquals':
      return { match: (p, a) => p === a, negated: base === 'StringNotEquals' };
    case 'StringEqualsIgnoreCase':
    case 'StringNotEqualsIgnoreCase':
      return { match: (p, a) => p.toLowerCase() === a.toLowerCase(), negated: base === 'StringNotEqualsIgnoreCase' };
    case 'StringLike':
    case 'StringNotLike':
      return { match: (p, a) => matches(compile(p), a), negated: base === 'StringNotLike' };
    case 'ArnEquals':
    case 'ArnLike':
    case 'ArnNotEquals':
    case 'ArnNotLike':
      return { match: (p, a) => arnCovers(p, a), negated: base === 'ArnNotEquals' || base === 'ArnNotLike' };
    default:
      return undefined;
  }
}
