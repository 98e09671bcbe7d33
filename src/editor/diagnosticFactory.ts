/** The one place findings become VS Code diagnostics. */
import * as vscode from 'vscode';
import { Finding, Severity } from '../core/findings';
import { LineIndex } from '../core/lines';
import { ruleById } from '../core/rules';
import { plainText } from '../core/text';

export const DIAGNOSTIC_SOURCE = 'S3 Replication Doctor';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/**
 * @param textOf the text of another document a related location points into. Line indexes are
 * built once per document and call (`lineIndexes`): a thousand findings pointing into one file
 * must not scan it a thousand times.
 * @param infoAsHint info findings become hints: dots under the text, hover only, not in the Problems panel
 */
export function toDiagnostic(f: Finding, document: Pick<vscode.TextDocument, 'uri' | 'positionAt'>, textOf: (uri: string) => string | undefined, lineIndexes = new Map<string, LineIndex | undefined>(), infoAsHint = false): vscode.Diagnostic {
  const range = new vscode.Range(document.positionAt(f.offset), document.positionAt(f.offset + f.length));
  // The Problems panel and the editor's hover show a diagnostic's message as plain text.
  const d = new vscode.Diagnostic(range, plainText(f.message), f.severity === 'info' && infoAsHint ? vscode.DiagnosticSeverity.Hint : SEVERITY[f.severity]);
  d.source = DIAGNOSTIC_SOURCE;
  const docUrl = ruleById(f.ruleId)?.docUrl;
  d.code = docUrl ? { value: f.ruleId, target: vscode.Uri.parse(docUrl) } : f.ruleId;
  if (f.related?.length) {
    d.relatedInformation = f.related.flatMap((r) => {
      if (r.uri === document.uri.toString()) {
        const loc = new vscode.Location(document.uri, new vscode.Range(document.positionAt(r.offset), document.positionAt(r.offset + r.length)));
        return [new vscode.DiagnosticRelatedInformation(loc, plainText(r.message))];
      }
      if (!lineIndexes.has(r.uri)) {
        const text = textOf(r.uri);
        lineIndexes.set(r.uri, text === undefined ? undefined : new LineIndex(text));
      }
      const idx = lineIndexes.get(r.uri);
      if (!idx) return [];
      const s = idx.positionAt(r.offset);
      const e = idx.positionAt(r.offset + r.length);
      const loc = new vscode.Location(vscode.Uri.parse(r.uri), new vscode.Range(s.line, s.character, e.line, e.character));
      return [new vscode.DiagnosticRelatedInformation(loc, plainText(r.message))];
    });
  }
  return d;
}

/** Identifies a diagnostic across the round trip through VS Code (objects are not preserved). */
export function diagnosticKey(d: vscode.Diagnostic): string {
  const code = typeof d.code === 'object' ? d.code.value : d.code;
  const r = d.range;
  return `${String(code)}|${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}|${d.message}`;
}
