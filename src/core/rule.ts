/**
 * What a rule is, and what it sees while it runs. One rule (or one tight family sharing a check)
 * per file; `rules/index.ts` is the registry.
 */
import { Node } from 'jsonc-parser';
import { DocumentKind } from './classify';
import { JsonDocument } from './document';
import { LiveFacts } from './facts';
import { Evidence, Finding, Fix, RelatedLocation, Severity, StateChange } from './findings';

export interface RuleMeta {
  /** Catalogue id, e.g. `rc-v2-delete-marker-required`. */
  id: string;
  /** Catalogue severity; a rule may report lower (never higher than error) for a given case. */
  severity: Severity;
  evidence: Evidence;
  /** Document kinds the rule runs on. */
  kinds: readonly DocumentKind[];
  /** One line for the README rule table and SARIF `shortDescription`. */
  summary: string;
  /** The AWS documentation page that backs the rule. */
  docUrl: string;
  /** Needs live AWS state (facts); silent on plain files. */
  live?: boolean;
  /**
   * Runs on documents that are not JSON or too large to analyse. Every other rule is skipped there:
   * AWS never sees such a document, and a half-parsed tree only yields findings about the cut.
   */
  anyText?: boolean;
}

export interface Rule extends RuleMeta {
  check(ctx: RuleContext): void;
}

export interface Report {
  /** The node the finding is about; or give offset/length directly. */
  node?: Node;
  offset?: number;
  length?: number;
  message: string;
  /** Lower than the catalogue severity for this case (e.g. a U-evidence variant). */
  severity?: Severity;
  /**
   * A function is called only when the finding is kept: a finding inside a Terraform module or a
   * template is dropped when it is about a value the file does not resolve, and a rule that reports
   * on each of a thousand rules should not build their related locations or fixes for nothing.
   */
  related?: RelatedLocation[] | (() => RelatedLocation[] | undefined);
  /**
   * A fix builder returns `undefined` for a fix that cannot be made or would change nothing: it is
   * not offered. A function is called only when the finding is kept (as for `related`).
   */
  fixes?: readonly (Fix | undefined)[] | (() => readonly (Fix | undefined)[]);
  /** For findings about a bucket's state: what would resolve it (see `StateChange`). */
  change?: StateChange;
}

/** All documents analysed together, plus live facts when the input came from AWS. */
export interface Workspace {
  documents: readonly JsonDocument[];
  facts?: LiveFacts;
}

export interface RuleContext {
  readonly doc: JsonDocument;
  readonly workspace: Workspace;
  report(r: Report): void;
}

/**
 * Where the findings of a document go when they are reported in another file (an embedded
 * document's, in its template or module): `place` says where, or that the finding is dropped;
 * `move` rewrites the finding there.
 */
export interface FindingMover<P> {
  place(offset: number, length: number, message: string): P | undefined;
  move(finding: Finding, placed: P): Finding;
}

/**
 * The context rules run in on one document: one object for every rule of the document (an analysis
 * runs a hundred rules on each of thousands of documents in a scan), told which rule runs now. It
 * notes whether the running rule read the workspace: what a rule found without reading it depends
 * on the document alone (ruleMemo.ts).
 */
export class DocumentContext<P> implements RuleContext {
  /** The rule running now; findings carry its id and severity. */
  rule: RuleMeta;
  /** Whether `workspace` was read since `rule` was set. */
  workspaceRead = false;

  constructor(
    rule: RuleMeta,
    readonly doc: JsonDocument,
    private readonly ws: Workspace,
    private readonly sink: Finding[],
    private readonly mover?: FindingMover<P>,
  ) {
    this.rule = rule;
  }

  get workspace(): Workspace {
    this.workspaceRead = true;
    return this.ws;
  }

  report(r: Report): void {
    const doc = this.doc;
    // Kept inside the text: "the object's `{`, length 1" does not exist in an empty document.
    const end = doc.text.length;
    const offset = Math.min(Math.max(r.node ? r.node.offset : (r.offset ?? 0), 0), end);
    const length = Math.min(Math.max(r.node ? r.node.length : (r.length ?? 1), 0), end - offset);
    const mover = this.mover;
    const placed = mover?.place(offset, length, r.message);
    if (mover && placed === undefined) return;
    const fixes = typeof r.fixes === 'function' ? r.fixes() : r.fixes;
    const finding: Finding = {
      uri: doc.uri,
      offset,
      length,
      ruleId: this.rule.id,
      severity: r.severity ?? this.rule.severity,
      message: r.message,
      related: typeof r.related === 'function' ? r.related() : r.related,
      fixes: fixes?.filter((f): f is Fix => f !== undefined),
      ...(r.change ? { change: r.change } : {}),
    };
    this.sink.push(mover ? mover.move(finding, placed as P) : finding);
  }
}

export function createContext<P>(rule: RuleMeta, doc: JsonDocument, workspace: Workspace, sink: Finding[], mover?: FindingMover<P>): RuleContext {
  return new DocumentContext(rule, doc, workspace, sink, mover);
}
