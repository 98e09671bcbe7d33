/**
 * Policy variables (`${aws:username}`, `${aws:PrincipalTag/team}`, `${aws:username, 'none'}`) and
 * their substitution from a known request context. Where the context does not hold a variable's
 * key, the value stays unknown and the evaluator says "under conditions" instead of guessing.
 */

/** Known request context: lower-case condition key → its single value. */
export type ConditionContext = ReadonlyMap<string, string>;

const ESCAPES = new Set(['${*}', '${?}', '${$}']);
const VARIABLE = /\$\{([^}]*)\}/g;

export function hasVariable(source: string): boolean {
  VARIABLE.lastIndex = 0;
  for (let m = VARIABLE.exec(source); m; m = VARIABLE.exec(source)) if (!ESCAPES.has(m[0])) return true;
  return false;
}

/** `aws:username, 'none'` → key and default value. */
function parseVariable(inner: string): { key: string; fallback?: string } {
  const m = /^\s*([^,]+?)\s*(?:,\s*'((?:[^']|'')*)'\s*)?$/.exec(inner);
  if (!m) return { key: inner.trim() };
  return { key: m[1], fallback: m[2]?.replace(/''/g, "'") };
}

/**
 * The text with every variable the context resolves replaced by its value. `pattern`: the result
 * is read as a wildcard pattern, so `*`, `?` and `$` of a value are written as the literal escapes
 * `${*}`, `${?}`, `${$}`. `resolved` is false when some variable's key is not in the context.
 */
export function substitute(source: string, context: ConditionContext | undefined, pattern: boolean): { text: string; resolved: boolean } {
  if (source.indexOf('${') < 0) return { text: source, resolved: true };
  let resolved = true;
  const text = source.replace(VARIABLE, (whole: string, inner: string) => {
    if (ESCAPES.has(whole)) return pattern ? whole : whole.charAt(2);
    const { key, fallback } = parseVariable(inner);
    const value = context?.get(key.toLowerCase()) ?? fallback;
    if (value === undefined) {
      resolved = false;
      return whole;
    }
    return pattern ? value.replace(/[*?$]/g, (c) => `\${${c}}`) : value;
  });
  return { text, resolved };
}
