/**
 * The README's table of S3 replication failure reasons, from the engine's table: what each code
 * means, which rules predict it and what repairs it. `npm run docs` writes it between the README's
 * markers; a unit test fails when it is stale.
 */
import { FAILURE_REASONS, FIX_LABEL, type FailureReason } from '../core/live/failureReasons';

const cell = (s: string) => s.replace(/\s*\r?\n\s*/g, ' ').replace(/\|/g, '\\|');

function predictedBy(r: FailureReason): string {
  if (r.benign) return 'benign: a race, no rule';
  if (r.rules.length === 0) return r.batchOnly ? 'Batch Replication only' : 'no rule (live state we do not read)';
  return r.rules.map((id) => `\`${id}\``).join(', ');
}

function command(r: FailureReason): string {
  return r.fix === 'manual' || r.fix === 'none' ? '—' : FIX_LABEL[r.fix];
}

export function formatReasonsMarkdown(reasons: readonly FailureReason[] = FAILURE_REASONS): string {
  const rows = reasons.map((r) => `| \`${r.code}\` | ${cell(r.meaning)} | ${cell(predictedBy(r))} | ${command(r)} | ${cell(r.remedy)} |`);
  return `${['| Reason | What S3 means | Predicted by | Command | What to do |', '| --- | --- | --- | --- | --- |', ...rows].join('\n')}\n`;
}

const START = '<!-- failure-reasons:start -->';
const END = '<!-- failure-reasons:end -->';

/** The README with the text between its failure-reason markers replaced; undefined when a marker is missing. */
export function withReasonsTable(readme: string, table: string): string | undefined {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) return undefined;
  return `${readme.slice(0, start + START.length)}\n${table}${readme.slice(end)}`;
}
