/**
 * The rule list, from the registry itself: `--rules` prints it and `scripts/rules-table.ts`
 * renders the README's table from the same rows, so the two cannot drift apart.
 */
import { ALL_RULES } from '../core/rules';
import { Rule } from '../core/rule';
import { plainText } from '../core/text';

export interface RuleRow {
  id: string;
  severity: string;
  summary: string;
  docUrl: string;
  /** Needs the live bucket explorer (AWS state); silent on files. */
  live: boolean;
}

export function ruleRows(rules: readonly Rule[] = ALL_RULES): RuleRow[] {
  return rules.map((r) => ({ id: r.id, severity: r.severity, summary: r.summary, docUrl: r.docUrl, live: r.live === true }));
}

export function formatRulesText(rows: readonly RuleRow[]): string {
  const idWidth = Math.max(2, ...rows.map((r) => r.id.length));
  const lines = rows.map((r) => `${r.id.padEnd(idWidth)}  ${r.severity.padEnd(8)}  ${plainText(oneLine(r.summary))}${r.live ? ' (live only)' : ''}`);
  return `${['id'.padEnd(idWidth) + '  severity  summary', ...lines].join('\n')}\n`;
}

/** Summaries in plain text, as the findings of `check --format json` (the README's table keeps the markdown). */
export function formatRulesJson(rows: readonly RuleRow[]): string {
  return `${JSON.stringify({ rules: rows.map((r) => ({ ...r, summary: plainText(r.summary) })) }, null, 2)}\n`;
}

/** Markdown table for the README; `|` in summaries is escaped so a cell never splits. */
export function formatRulesMarkdown(rows: readonly RuleRow[]): string {
  const lines = rows.map((r) => `| [\`${r.id}\`](${r.docUrl}) | ${r.severity} | ${oneLine(r.summary).replace(/\|/g, '\\|')}${r.live ? ' *(live)*' : ''} |`);
  return `${['| Rule | Severity | What it finds |', '| --- | --- | --- |', ...lines].join('\n')}\n`;
}

function oneLine(s: string): string {
  return s.replace(/\s*\r?\n\s*/g, ' ');
}

const TABLE_START = '<!-- rules-table:start -->';
const TABLE_END = '<!-- rules-table:end -->';

/** The README with the text between its rule-table markers replaced; undefined when a marker is missing. */
export function withRulesTable(readme: string, table: string): string | undefined {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start) return undefined;
  return `${readme.slice(0, start + TABLE_START.length)}\n${table}${readme.slice(end)}`;
}
