/**
 * The engine's entry point: documents (from files or from AWS) in, findings out.
 * Cross-file rules see every document of the call through the workspace.
 */
import { DocumentInput, JsonDocument, parseDocument } from './document';
import { LiveFacts } from './facts';
import { Finding } from './findings';
import { Rule, Workspace, createContext } from './rule';
import { ALL_RULES } from './rules';

export interface AnalyzeOptions {
  facts?: LiveFacts;
  /** Defaults to every registered rule. */
  rules?: readonly Rule[];
  /**
   * URIs whose findings are wanted; the other documents are context for cross-file rules only.
   * The editor re-checks one open file against the whole workspace without re-checking the workspace.
   */
  targets?: ReadonlySet<string>;
}

export interface Analysis {
  documents: JsonDocument[];
  findings: Finding[];
}

/** Analyses documents together. Inputs may be raw text or documents parsed earlier (editor cache). */
export function analyze(inputs: readonly (DocumentInput | JsonDocument)[], options: AnalyzeOptions = {}): Analysis {
  const documents = inputs.map((i) => ('kind' in i && 'root' in i ? (i as JsonDocument) : parseDocument(i)));
  const workspace: Workspace = { documents, facts: options.facts };
  const rules = options.rules ?? ALL_RULES;
  const findings: Finding[] = [];
  for (const doc of documents) {
    if (doc.kind === 'unrelated') continue;
    if (options.targets && !options.targets.has(doc.uri)) continue;
    for (const rule of rules) {
      if (!rule.kinds.includes(doc.kind)) continue;
      if (rule.live && !options.facts) continue;
      const ctx = createContext(rule, doc, workspace, findings);
      try {
        rule.check(ctx);
      } catch (err) {
        // A rule bug must cost one finding, never the whole analysis (or the extension host).
        ctx.report({
          offset: 0,
          length: 1,
          severity: 'info',
          message: `Internal error in rule ${rule.id}: ${err instanceof Error ? err.message : String(err)}. Please report it.`,
        });
      }
    }
  }
  findings.sort((a, b) => (a.uri === b.uri ? a.offset - b.offset : a.uri < b.uri ? -1 : 1));
  return { documents, findings };
}

/** Convenience for one document. */
export function analyzeText(uri: string, text: string, options: AnalyzeOptions = {}): Analysis {
  return analyze([{ uri, text }], options);
}
