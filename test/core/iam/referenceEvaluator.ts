/**
 * A deliberately plain IAM policy evaluator for the differential test, written from the IAM User
 * Guide ("Policy evaluation logic", "IAM JSON policy elements", "Condition operators", "Policy
 * variables") and sharing no code with src/core/iam: plain JSON statements in, one request with a
 * complete context in, the documented answer out.
 *
 * - An explicit Deny that applies wins; else an Allow that applies allows; else implicit deny.
 * - A statement applies when its Action (or NotAction), Resource (or NotResource) and every
 *   condition match. Actions compare case-insensitively, resources case-sensitively; `*` and `?` are
 *   wildcards that do not cross the colons of the first five ARN sections.
 * - Policy variables `${key}` take the request's value of `key` (as literal text); `${*}`, `${?}`,
 *   `${$}` are the literal characters.
 * - Conditions: operators AND, keys AND, values OR. A key absent from the request fails every
 *   operator except `...IfExists` (true), the negated ones (true), `Null` (checks presence) and
 *   `ForAllValues:` (true).
 */

export type Json = Record<string, unknown>;

export interface Request {
  action: string;
  resource: string;
  /** Every key the request carries (keys as written in policies, compared case-insensitively). */
  context: Record<string, string>;
}

export type Answer = 'allowed' | 'denied' | 'implicit-deny';

export function referenceDecision(statements: Json[], request: Request): Answer {
  let allowed = false;
  for (const s of statements) {
    if (!applies(s, request)) continue;
    if (s.Effect === 'Deny') return 'denied';
    if (s.Effect === 'Allow') allowed = true;
  }
  return allowed ? 'allowed' : 'implicit-deny';
}

function list(v: unknown): string[] {
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).map((x) => String(x));
}

function lookup(context: Record<string, string>, key: string): string | undefined {
  const k = Object.keys(context).find((c) => c.toLowerCase() === key.trim().toLowerCase());
  return k === undefined ? undefined : context[k];
}

/** A glob (`*`, `?`) with variables replaced, as a regular expression; `span` is what `*` may match. */
function globToRegex(glob: string, context: Record<string, string>, span: string, ignoreCase: boolean): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '$' && glob[i + 1] === '{') {
      const end = glob.indexOf('}', i);
      const inner = glob.slice(i + 2, end);
      i = end;
      if (inner === '*' || inner === '?' || inner === '$') {
        out += escapeRe(inner);
        continue;
      }
      const value = lookup(context, inner);
      // The test never leaves a variable's key out of the request.
      if (value === undefined) throw new Error(`no value for \${${inner}}`);
      out += escapeRe(value);
    } else if (c === '*') out += `${span}*`;
    else if (c === '?') out += span;
    else out += escapeRe(c);
  }
  return new RegExp(`^${out}$`, ignoreCase ? 'i' : '');
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function actionMatches(pattern: string, action: string): boolean {
  return globToRegex(pattern, {}, '.', true).test(action);
}

/** An ARN against an ARN pattern: section by section for the first five, the rest as one. */
function arnMatches(pattern: string, arn: string, context: Record<string, string>): boolean {
  if (pattern === '*') return true;
  const p = sections(pattern);
  const a = sections(arn);
  if (p.length !== 6 || a.length !== 6) return globToRegex(pattern, context, '.', false).test(arn);
  return p.every((section, i) => globToRegex(section, context, i < 5 ? '[^:]' : '.', false).test(a[i]));
}

/** Six sections: five colon-terminated ones, then everything else. Colons inside `${...}` do not split. */
function sections(arn: string): string[] {
  const out: string[] = [];
  let current = '';
  let depth = 0;
  for (const c of arn) {
    if (c === '{' && current.endsWith('$')) depth++;
    if (c === '}' && depth > 0) depth--;
    if (c === ':' && depth === 0 && out.length < 5) {
      out.push(current);
      current = '';
    } else current += c;
  }
  out.push(current);
  return out;
}

function applies(s: Json, r: Request): boolean {
  if (s.Action !== undefined && !list(s.Action).some((a) => actionMatches(a, r.action))) return false;
  if (s.NotAction !== undefined && list(s.NotAction).some((a) => actionMatches(a, r.action))) return false;
  if (s.Resource !== undefined && !list(s.Resource).some((p) => arnMatches(p, r.resource, r.context))) return false;
  if (s.NotResource !== undefined && list(s.NotResource).some((p) => arnMatches(p, r.resource, r.context))) return false;
  const condition = (s.Condition ?? {}) as Record<string, Record<string, unknown>>;
  return Object.entries(condition).every(([operator, block]) => Object.entries(block).every(([key, values]) => conditionHolds(operator, key, list(values), r.context)));
}

const NEGATED = ['StringNotEquals', 'StringNotEqualsIgnoreCase', 'StringNotLike', 'ArnNotEquals', 'ArnNotLike'];

function conditionHolds(operator: string, key: string, values: string[], context: Record<string, string>): boolean {
  let op = operator;
  let set = '';
  if (op.includes(':')) [set, op] = op.split(':');
  const ifExists = op.endsWith('IfExists');
  if (ifExists) op = op.slice(0, -'IfExists'.length);
  const actual = lookup(context, key);
  if (op === 'Null') return values.some((v) => (v.toLowerCase() === 'true') === (actual === undefined));
  if (actual === undefined) {
    if (ifExists || set === 'ForAllValues') return true;
    if (set === 'ForAnyValue') return false;
    return NEGATED.includes(op);
  }
  const one = (v: string): boolean => {
    switch (op) {
      case 'StringEquals':
      case 'StringNotEquals':
        return globToRegex(v.replace(/\*/g, '${*}').replace(/\?/g, '${?}'), context, '.', false).test(actual);
      case 'StringEqualsIgnoreCase':
      case 'StringNotEqualsIgnoreCase':
        return globToRegex(v.replace(/\*/g, '${*}').replace(/\?/g, '${?}'), context, '.', true).test(actual);
      case 'StringLike':
      case 'StringNotLike':
        return globToRegex(v, context, '.', false).test(actual);
      case 'ArnEquals':
      case 'ArnLike':
      case 'ArnNotEquals':
      case 'ArnNotLike':
        return arnMatches(v, actual, context);
      case 'Bool':
        return v.toLowerCase() === actual.toLowerCase();
      default:
        throw new Error(`operator ${operator} is not in the reference`);
    }
  };
  const hit = values.some(one);
  return NEGATED.includes(op) ? !hit : hit;
}
