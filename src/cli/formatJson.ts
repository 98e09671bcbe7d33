/**
 * `--format json`: one flat, stable list for scripts; positions 1-based, paths relative with `/`.
 * A file named on the command line but not checked is a warning at 1:1 with `code: null` (ESLint's
 * JSON has `ruleId: null` for it).
 */
import { CheckReport, portableRelativePath } from './report';

export function formatJson(report: CheckReport): string {
  const notChecked = report.notChecked.map((n) => ({
    file: portableRelativePath(report.cwd, n.path) ?? n.path,
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 1,
    severity: 'warning',
    code: null,
    message: n.message,
  }));
  const checked = report.findings.map((f) => ({
    file: portableRelativePath(report.cwd, f.at.path) ?? f.at.path,
    line: f.at.line,
    column: f.at.column,
    endLine: f.at.endLine,
    endColumn: f.at.endColumn,
    severity: f.severity,
    code: f.ruleId,
    message: f.message,
  }));
  return `${JSON.stringify({ findings: [...notChecked, ...checked] }, null, 2)}\n`;
}
