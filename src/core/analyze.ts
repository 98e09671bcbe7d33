/**
 * The engine's entry point: documents (from files or from AWS) in, findings out.
 * Cross-file rules see every document of the call through the workspace. Files in other formats
 * (templates, Terraform) are first expanded into the API-shaped documents they hold (`embedded/`);
 * their findings are moved back to the file and written in its terms.
 */
import { DocumentKind } from './classify';
import { DocumentInput, JsonDocument } from './document';
import { expand, mergeFacts } from './embedded/expand';
import { Extraction, SourceRange } from './embedded/types';
import { movedToSource, sourceRange } from './embedded/virtual';
import { LiveFacts } from './facts';
import { Finding } from './findings';
import { FORMAT_ADAPTERS } from './formats';
import { EvaluationBudgetExceeded, STATEMENT_MATCH_BUDGET, spendMatches, statementMatchesSpent, withEvaluationBudget } from './iam/budget';
import { applySettings, ruleIsOff } from './projectConfig/apply';
import { FileSettings } from './projectConfig/types';
import { DocumentContext, FindingMover, Rule, Workspace, createContext } from './rule';
import { recalled, remember } from './ruleMemo';
import { ALL_RULES } from './rules';
import { jsonTooLarge } from './rules/document/jsonTooLarge';

export interface AnalyzeOptions {
  facts?: LiveFacts;
  /** Defaults to every registered rule. */
  rules?: readonly Rule[];
  /**
   * URIs whose findings are wanted; the other documents are context for cross-file rules only.
   * The editor re-checks one open file against the whole workspace without re-checking the workspace.
   */
  targets?: ReadonlySet<string>;
  /**
   * The user's configuration per document (project file, `--rule`, editor setting): severities
   * replaced, `off` rules not run, ignored documents not checked but still context.
   */
  settings?: (uri: string) => FileSettings | undefined;
}

export interface Analysis {
  /** One per input, in input order (a template is a `template` document); feed them back to re-analyse. */
  documents: JsonDocument[];
  /** The API-shaped documents found inside templates; their findings are reported on the template. */
  embedded: JsonDocument[];
  findings: Finding[];
}

/** Analyses documents together. Inputs may be raw text or documents parsed earlier (editor cache). */
export function analyze(inputs: readonly (DocumentInput | JsonDocument)[], options: AnalyzeOptions = {}): Analysis {
  const expanded = expand(inputs, FORMAT_ADAPTERS);
  // A file a module read (a policy behind Terraform's `file()`) is analysed through the module's document for it.
  const own = expanded.superseded.size > 0 ? expanded.documents.filter((d) => !expanded.superseded.has(d.uri)) : expanded.documents;
  const documents = [...own, ...expanded.embedded];
  const facts = expanded.facts ? mergeFacts(options.facts, expanded.facts) : options.facts;
  // A document too large to analyse is no context either: checking other files against it would
  // cost what analysing it costs.
  const context = documents.some((d) => d.tooLarge) ? documents.filter((d) => !d.tooLarge) : documents;
  const workspace: Workspace = { documents: context, facts };
  const rules = options.rules ?? ALL_RULES;
  const findings: Finding[] = [];
  const wanted = (uri: string) => !options.targets || options.targets.has(uri);
  let byUri: Map<string, JsonDocument> | undefined;
  const documentsByUri = () => (byUri ??= new Map(documents.map((d) => [d.uri, d])));
  for (const doc of documents) {
    if (doc.kind === 'unrelated') continue;
    const fileUri = doc.embedded?.fileUri ?? doc.uri;
    if (!wanted(fileUri)) continue;
    // Settings are the file's: a template's embedded documents follow the template's configuration.
    const settings = options.settings?.(fileUri);
    if (settings?.ignored) continue;
    // An embedded document's findings are reported in its file, as they are made.
    const mover: FindingMover<SourceRange> | undefined = doc.embedded
      ? { place: (offset, length, message) => sourceRange(doc, offset, length, message), move: (f, range) => movedToSource(f, doc, documentsByUri(), range) }
      : undefined;
    let stopped = false;
    const ctx = new DocumentContext<SourceRange>(rules[0], doc, workspace, findings, mover);
    withEvaluationBudget(STATEMENT_MATCH_BUDGET, () => {
      for (const rule of rulesFor(rules, doc.kind)) {
        if ((doc.broken || doc.tooLarge) && !rule.anyText) continue;
        if (rule.live && !facts) continue;
        if (ruleIsOff(settings, rule.id)) continue;
        // Findings placed in another file depend on that file too: only a document's own are remembered.
        const memo = mover ? undefined : recalled(doc, rule);
        ctx.rule = rule;
        ctx.workspaceRead = false;
        const first = findings.length;
        const spentBefore = statementMatchesSpent();
        try {
          if (memo) {
            spendMatches(memo.spent);
            for (const f of memo.findings) findings.push({ ...f });
            continue;
          }
          rule.check(ctx);
          if (!mover && !ctx.workspaceRead) remember(doc, rule, findings.slice(first).map((f) => ({ ...f })), statementMatchesSpent() - spentBefore);
        } catch (err) {
          if (err instanceof EvaluationBudgetExceeded) {
            // Once per document: the rules after this one stop at their first evaluation.
            if (!stopped) reportStopped(doc, workspace, findings, rule.id, err, mover);
            stopped = true;
            continue;
          }
          // A rule bug must cost one finding, never the whole analysis (or the extension host).
          ctx.report({
            offset: 0,
            length: 1,
            severity: 'info',
            message: `Internal error in rule ${rule.id}: ${err instanceof Error ? err.message : String(err)}. Please report it.`,
          });
        }
      }
    });
  }
  if (expanded.findings.length > 0) {
    const ruleIds = new Set(rules.map((r) => r.id));
    for (const f of expanded.findings) if (wanted(f.uri) && ruleIds.has(f.ruleId)) findings.push(f);
  }
  amendDeclared(findings, expanded.extractions, facts);
  const effective = options.settings ? applySettings(findings, options.settings) : findings;
  effective.sort(byPosition);
  return { documents: expanded.documents, embedded: expanded.embedded, findings: effective };
}

const byKind = new WeakMap<readonly Rule[], Map<DocumentKind, Rule[]>>();

/** The rules of a list that run on a kind of document, in list order (asked for every document). */
function rulesFor(rules: readonly Rule[], kind: DocumentKind): readonly Rule[] {
  let kinds = byKind.get(rules);
  if (!kinds) byKind.set(rules, (kinds = new Map()));
  let list = kinds.get(kind);
  if (!list) kinds.set(kind, (list = rules.filter((r) => r.kinds.includes(kind))));
  return list;
}

/** Says, on the policy, that its permission checks were cut short (see `iam/budget.ts`). */
function reportStopped<P>(doc: JsonDocument, workspace: Workspace, findings: Finding[], ruleId: string, err: EvaluationBudgetExceeded, mover: FindingMover<P> | undefined): void {
  const anchor = doc.policy ?? doc.config ?? doc.root;
  createContext(jsonTooLarge, doc, workspace, findings, mover).report({
    offset: anchor?.offset ?? 0,
    length: 1,
    severity: 'info',
    message:
      `Not fully checked: answering which permissions this document grants took more than ${err.spent.toLocaleString('en-US')} statement comparisons ` +
      `(statements whose \`Resource\` matches every bucket are compared with every question), so the checks stopped at \`${ruleId}\` and its findings and those of the rules after it are missing. ` +
      'Scoping wildcard resources to the buckets they are for, or splitting the policy, makes it checkable.',
  });
}

/**
 * A finding about a bucket's state speaks the terms of the file that declares the bucket, when the
 * facts the rule read are that file's (live facts win over declared ones, and then AWS's advice holds).
 */
function amendDeclared(findings: Finding[], extractions: readonly Extraction[], facts: LiveFacts | undefined): void {
  if (!facts) return;
  for (let i = 0; i < findings.length; i++) {
    const change = findings[i].change;
    if (!change) continue;
    const used = facts.buckets[change.bucket];
    const declaring = extractions.find((e) => e.amend && e.facts?.buckets[change.bucket] === used);
    if (used && declaring?.amend) findings[i] = declaring.amend(findings[i]);
  }
}

/** The order of findings: by document URI, then offset; stable, so a document keeps its rules' order. */
export function byPosition(a: Finding, b: Finding): number {
  return a.uri === b.uri ? a.offset - b.offset : a.uri < b.uri ? -1 : 1;
}

/** Convenience for one document. */
export function analyzeText(uri: string, text: string, options: AnalyzeOptions = {}): Analysis {
  return analyze([{ uri, text }], options);
}
