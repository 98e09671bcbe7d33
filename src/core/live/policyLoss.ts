/**
 * The safety net under every policy write: which statements of the live policy the new text no
 * longer carries with at least the same meaning. A merge may add actions, resources or principals
 * to a plain Allow; anything else (a dropped statement, a changed condition, a touched Deny, a new
 * Version) counts as lost, and a plan with losses is not executed.
 */
import { parse, ParseError } from 'jsonc-parser';
import { canonicalJson } from '../json';

type Json = Record<string, unknown>;

function parsePolicy(text: string): Json | undefined {
  const errors: ParseError[] = [];
  const value = parse(text, errors, { allowTrailingComma: false }) as unknown;
  if (errors.length > 0 || !value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  return value as Json;
}

function statementsOf(policy: Json): Json[] {
  const s = policy.Statement;
  const list = Array.isArray(s) ? s : s === undefined ? [] : [s];
  return list.filter((x): x is Json => !!x && typeof x === 'object' && !Array.isArray(x));
}

function valueSet(value: unknown, lower: boolean): Set<string> | undefined {
  const list = Array.isArray(value) ? value : [value];
  if (!list.every((v) => typeof v === 'string')) return undefined;
  return new Set((list as string[]).map((v) => (lower ? v.toLowerCase() : v)));
}

function covers(after: unknown, before: unknown, lower: boolean): boolean {
  const a = valueSet(after, lower);
  const b = valueSet(before, lower);
  if (!a || !b) return canonicalJson(after) === canonicalJson(before);
  return [...b].every((v) => a.has(v));
}

/** A `Principal` that names at least everyone the live one names. */
function principalCovers(after: unknown, before: unknown): boolean {
  if (typeof before === 'string' || typeof after === 'string') return canonicalJson(after) === canonicalJson(before);
  if (!before || !after || typeof before !== 'object' || typeof after !== 'object') return canonicalJson(after) === canonicalJson(before);
  const a = after as Json;
  return Object.entries(before as Json).every(([type, names]) => type in a && covers(a[type], names, false));
}

const WIDENABLE: Record<string, (after: unknown, before: unknown) => boolean> = {
  Action: (a, b) => covers(a, b, true),
  Resource: (a, b) => covers(a, b, false),
  Principal: principalCovers,
};

/** `after` keeps `before`'s meaning: equal, or a plain Allow with more actions, resources or principals. */
export function statementKept(before: Json, after: Json): boolean {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  const widenable = before.Effect === 'Allow' && !('Condition' in before) && !('NotAction' in before) && !('NotResource' in before) && !('NotPrincipal' in before);
  for (const k of keys) {
    if (!(k in before) || !(k in after)) return false;
    const widen = widenable ? WIDENABLE[k] : undefined;
    if (widen ? !widen(after[k], before[k]) : canonicalJson(after[k]) !== canonicalJson(before[k])) return false;
  }
  return true;
}

function label(s: Json, index: number): string {
  return typeof s.Sid === 'string' ? `statement "${s.Sid}" (#${index + 1})` : `statement #${index + 1}`;
}

/**
 * Descriptions of what `afterText` loses from `beforeText`. A live text that is not a policy (empty,
 * broken) has nothing to lose; an `afterText` that is not one loses everything.
 */
export function policyLosses(beforeText: string, afterText: string): string[] {
  const before = beforeText.trim() ? parsePolicy(beforeText) : undefined;
  if (!before) return [];
  const after = parsePolicy(afterText);
  if (!after) return ['the whole policy (the new text is not a JSON policy)'];
  const losses: string[] = [];
  if ('Version' in before && before.Version !== after.Version) losses.push(`"Version": ${JSON.stringify(before.Version)}`);
  const remaining = statementsOf(after);
  statementsOf(before).forEach((s, i) => {
    const j = remaining.findIndex((a) => statementKept(s, a));
    if (j < 0) losses.push(label(s, i));
    else remaining.splice(j, 1);
  });
  return losses;
}
