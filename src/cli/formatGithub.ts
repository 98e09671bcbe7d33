/**
 * `--format github`: GitHub Actions workflow commands. Each finding is a line `::error file=…,line=…,
 * col=…,endLine=…,endColumn=…,title=RULE::message` that the runner turns into an annotation on the
 * pull request's changed lines — what a private repository gets without code scanning (SARIF upload
 * needs GitHub Advanced Security there). Info findings are `::notice`. Related places join the message.
 * The summary lines of the text format follow, for the log.
 */
import { Severity } from '../core/findings';
import { checkedCount, filesLine, summaryLine } from './formatText';
import { CheckReport, Place, portableRelativePath } from './report';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/** Escapes of a command's message (GitHub's toolkit: `%`, CR and LF). */
function data(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes of a property value (also `:` and `,`, which end a property). */
function property(s: string): string {
  return data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function formatGithub(report: CheckReport): string {
  const file = (p: string) => property(portableRelativePath(report.cwd, p) ?? p);
  const where = (p: Place) => `${portableRelativePath(report.cwd, p.path) ?? p.path}:${p.line}:${p.column}`;
  const lines: string[] = [];
  for (const n of report.notChecked) lines.push(`::warning file=${file(n.path)},line=1,col=1,title=${property('File not checked')}::${data(n.message)}`);
  for (const f of report.findings) {
    const at = f.at;
    const related = f.related.length > 0 ? ` (${f.related.map((r) => `${where(r)}: ${r.message}`).join('; ')})` : '';
    const span = at.endLine === at.line ? `,endColumn=${at.endColumn}` : `,endLine=${at.endLine}`;
    lines.push(`::${COMMAND[f.severity]} file=${file(at.path)},line=${at.line},col=${at.column}${span},title=${property(f.ruleId)}::${data(f.message + related)}`);
  }
  lines.push(summaryLine(report.findings, report.notChecked, checkedCount(report)), filesLine(report));
  return `${lines.join('\n')}\n`;
}
