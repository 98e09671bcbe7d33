/**
 * Rule settings: what `"iam-*": "warning"` means, wherever it is written (the project file, the
 * CLI's `--rule`, the editor setting), so the three agree on ids, families, values and precedence.
 */
import { Severity } from '../findings';
import { closest } from '../iam/suggest';
import { ALL_RULES } from '../rules';
import { RULE_SEVERITIES, RuleLayer, RuleSetting, RuleSeverity } from './types';

const RULE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** A family: the start of rule ids, then `*` (`iam-*`, `rc-v1-*`); one trailing star and nothing else. */
const FAMILY = /^[a-z0-9][a-z0-9-]*\*$/;

export function isFamily(pattern: string): boolean {
  return pattern.endsWith('*');
}

export function patternMatches(pattern: string, ruleId: string): boolean {
  return isFamily(pattern) ? ruleId.startsWith(pattern.slice(0, -1)) : pattern === ruleId;
}

/**
 * The setting of one layer for a rule: an exact id beats a family, a longer family beats a shorter
 * one (`iam-kms-*` over `iam-*`), and among equals the last entry wins, as JSON's last key does.
 */
function settingIn(layer: RuleLayer, ruleId: string): RuleSeverity | undefined {
  let best: RuleSetting | undefined;
  let bestRank = -1;
  for (const s of layer) {
    if (!patternMatches(s.pattern, ruleId)) continue;
    const rank = isFamily(s.pattern) ? s.pattern.length - 1 : Number.MAX_SAFE_INTEGER;
    if (rank >= bestRank) {
      best = s;
      bestRank = rank;
    }
  }
  return best?.severity;
}

/** The severity a finding ends with: the highest layer naming its rule decides; else as reported. */
export function effectiveSeverity(layers: readonly RuleLayer[], ruleId: string, reported: Severity): RuleSeverity {
  for (let i = layers.length - 1; i >= 0; i--) {
    const s = settingIn(layers[i], ruleId);
    if (s !== undefined) return s;
  }
  return reported;
}

export interface EntryProblem {
  /** The key (rule id) or the value is wrong; the project file points at the one that is. */
  on: 'key' | 'value';
  severity: Severity;
  message: string;
  /** An unknown rule id (a warning: the entry matches nothing, everything else still applies). */
  unknownRule?: boolean;
  /** What the key or value most probably should be, for a quick fix. */
  replacement?: string;
}

export interface CheckedEntry {
  /** Undefined when the entry cannot apply. */
  setting?: RuleSetting;
  problems: EntryProblem[];
}

/** Checks one `id: severity` entry against the rule registry. */
export function checkRuleEntry(key: string, value: unknown, ruleIds: readonly string[] = ALL_RULE_IDS): CheckedEntry {
  const problems: EntryProblem[] = [];
  const keyProblem = checkPattern(key, ruleIds);
  if (keyProblem) problems.push(keyProblem);
  const severity = RULE_SEVERITIES.find((s) => s === value);
  if (severity === undefined) problems.push({ on: 'value', severity: 'error', ...describeBadSeverity(key, value) });
  // An unknown id matches nothing, so the entry may as well apply: it is harmless and keeps the rest.
  const usable = severity !== undefined && (keyProblem === undefined || keyProblem.unknownRule === true);
  return { setting: usable ? { pattern: key, severity } : undefined, problems };
}

const ALL_RULE_IDS: readonly string[] = ALL_RULES.map((r) => r.id);

function checkPattern(key: string, ruleIds: readonly string[]): EntryProblem | undefined {
  if (isFamily(key)) {
    if (!FAMILY.test(key)) {
      return { on: 'key', severity: 'error', message: `"${key}" is neither a rule id nor a family of rules: a family is the start of rule ids followed by one "*", e.g. "iam-*".` };
    }
    if (ruleIds.some((id) => patternMatches(key, id))) return undefined;
    const families = [...new Set(ruleIds.map((id) => `${id.slice(0, id.indexOf('-') + 1)}*`))];
    const hint = closest(key, families);
    return { on: 'key', severity: 'warning', unknownRule: true, replacement: hint, message: `"${key}" matches no rule${hint ? `; did you mean "${hint}"?` : '.'} Families: ${families.join(', ')}.` };
  }
  if (ruleIds.includes(key)) return undefined;
  if (!RULE_ID.test(key)) {
    const lower = key.toLowerCase();
    if (ruleIds.includes(lower)) return { on: 'key', severity: 'warning', unknownRule: true, replacement: lower, message: `Rule ids are lower case: "${lower}", not "${key}".` };
  }
  const hint = closest(key, ruleIds);
  return {
    on: 'key',
    severity: 'warning',
    unknownRule: true,
    replacement: hint,
    message: `"${key}" is not a rule of S3 Replication Doctor${hint ? `; did you mean "${hint}"?` : '.'} "s3-replication-doctor --rules" lists them.`,
  };
}

function describeBadSeverity(key: string, value: unknown): { message: string; replacement?: string } {
  const allowed = 'use "off", "info", "warning" or "error"';
  if (typeof value === 'string') {
    const lower = value.toLowerCase();
    if (RULE_SEVERITIES.includes(lower as RuleSeverity)) return { replacement: lower, message: `Severities are lower case: "${lower}", not "${value}".` };
    if (lower === 'warn') return { replacement: 'warning', message: `"warn" is ESLint's spelling; here it is "warning".` };
    const hint = closest(value, RULE_SEVERITIES);
    return { replacement: hint, message: `"${value}" is not a severity for "${key}": ${allowed}${hint ? ` (did you mean "${hint}"?)` : ''}.` };
  }
  // ESLint's numeric severities, which people paste from .eslintrc files.
  const eslintNumbers: Record<number, RuleSeverity> = { 0: 'off', 1: 'warning', 2: 'error' };
  if (typeof value === 'number') {
    return { replacement: eslintNumbers[value], message: `${value} is not a severity for "${key}": ${allowed} (ESLint's numbers 0, 1 and 2 are not used here).` };
  }
  if (Array.isArray(value)) return { message: `Rules take no options here, so no ESLint-style ["${String(value[0] ?? 'error')}", ...] array: write the severity alone, e.g. "error".` };
  return { message: `The severity of "${key}" must be a string: ${allowed}.` };
}

/**
 * `ID=SEVERITY` as the CLI's `--rule` takes it. Stricter than the file: an unknown id here is a
 * typo on the command line the user is typing now, so it is refused rather than warned about.
 */
export function parseRuleArgument(arg: string, ruleIds: readonly string[] = ALL_RULE_IDS): { setting?: RuleSetting; error?: string } {
  const eq = arg.lastIndexOf('=');
  if (eq <= 0) return { error: `--rule needs <rule-id>=<severity> (off, info, warning or error), e.g. --rule rc-rule-id-missing=off; got "${arg}"` };
  const checked = checkRuleEntry(arg.slice(0, eq).trim(), arg.slice(eq + 1).trim(), ruleIds);
  const problem = checked.problems[0];
  if (problem) return { error: `--rule ${arg}: ${problem.message}` };
  return { setting: checked.setting };
}

/** Entries of the editor's `rules` setting (an object), keeping the valid ones and saying what was dropped. */
export function ruleLayerFromObject(value: unknown, ruleIds: readonly string[] = ALL_RULE_IDS): { layer: RuleSetting[]; problems: string[] } {
  const layer: RuleSetting[] = [];
  const problems: string[] = [];
  if (value === undefined || value === null) return { layer, problems };
  if (typeof value !== 'object' || Array.isArray(value)) return { layer, problems: ['must be an object of rule id → severity'] };
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const checked = checkRuleEntry(key, v, ruleIds);
    if (checked.setting) layer.push(checked.setting);
    for (const p of checked.problems) problems.push(p.message);
  }
  return { layer, problems };
}
