/** `--format json`: one flat, stable list for scripts; positions 1-based, paths relative with `/`. */
import { CheckReport, portableRelativePath } from './report';

export function formatJson(report: CheckReport): string {
  const findings = report.findings.map((f) => ({
    file: portableRelativePath(report.cwd, f.at.path) ?? f.at.path,
    line: f.at.line,
    column: f.at.column,
    endLine: f.at.endLine,
    endColumn: f.at.endColumn,
    severity: f.severity,
    code: f.ruleId,
    message: f.message,
  }));
  return `${JSON.stringify({ findings }, null, 2)}\n`;
}
