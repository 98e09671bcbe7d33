/** The code-action provider over real engine findings, as the editor calls it. */
import './useFakeVscode';
import { analyze } from '../../src/core/analyze';
import { Finding } from '../../src/core/findings';
import { ReplicationCodeActions } from '../../src/editor/codeActions';
import type { DiagnosticsController, PublishedFindings } from '../../src/editor/diagnostics';
import { diagnosticKey, toDiagnostic } from '../../src/editor/diagnosticFactory';
import { CodeActionKind, Diagnostic, FakeDocument, Range } from './fakeVscode';

export interface Harness {
  document: FakeDocument;
  provider: ReplicationCodeActions;
  findings: Finding[];
  diagnostics: Diagnostic[];
}

/** Analyses `text` as the diagnostics controller does and keeps its findings for the provider. */
export function harness(text: string, uri = 'file:///work/replication.json', languageId = 'json'): Harness {
  const document = new FakeDocument(uri, text, 1, languageId);
  const { findings } = analyze([{ uri, text }], { targets: new Set([uri]) });
  const byKey = new Map<string, Finding>();
  const diagnostics = findings.map((f) => {
    const d = toDiagnostic(f, document as never, () => undefined) as unknown as Diagnostic;
    byKey.set(diagnosticKey(d as never), f);
    return d;
  });
  const published: PublishedFindings = { version: document.version, byKey, findings };
  const controller = { findingsFor: (d: { version: number }) => (d.version === published.version ? published : undefined) } as unknown as DiagnosticsController;
  return { document, provider: new ReplicationCodeActions(controller), findings, diagnostics };
}

/** The context VS Code passes for a range: the diagnostics that intersect it. */
export function contextFor(h: Harness, range: Range, only?: CodeActionKind) {
  const before = (a: { line: number; character: number }, b: { line: number; character: number }) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  const diagnostics = h.diagnostics.filter((d) => before(d.range.start, range.end) && before(range.start, d.range.end));
  return { diagnostics, only, triggerKind: 1 } as never;
}
