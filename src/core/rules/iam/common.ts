/** Shared pieces of the IAM rule family: rule definitions, anchors, related locations. */
import { Node } from 'jsonc-parser';
import { DocumentKind } from '../../classify';
import { JsonDocument } from '../../document';
import { Evidence, Fix, RelatedLocation, Severity } from '../../findings';
import { planFix } from '../../fixes';
import { anchorForMissing } from '../../json';
import { grammarOf, POLICY_KINDS } from '../../kinds';
import { relatedList } from '../../related';
import { Rule, RuleContext, Workspace } from '../../rule';
import { EvaluationBudgetExceeded } from '../../iam/budget';
import { Need } from '../../iam/requirements';
import { planStatements } from '../../iam/merge';
import { PolicyView, policyView, StatementView } from '../../iam/policy';

export { POLICY_KINDS, PRINCIPAL_POLICY_KINDS, RESOURCE_POLICY_KINDS } from '../../kinds';

type PolicyCheck = (ctx: RuleContext, view: PolicyView) => void;

/** A rule over policy documents: `check` receives the typed policy view (and is skipped when there is none). */
export function policyRule(def: Omit<Rule, 'check' | 'kinds'> & { kinds?: readonly DocumentKind[]; check: PolicyCheck }): Rule {
  const { check, kinds, ...meta } = def;
  return {
    ...meta,
    kinds: kinds ?? POLICY_KINDS,
    check(ctx) {
      const view = policyView(ctx.doc);
      if (view) check(ctx, view);
    },
  };
}

/** Who refuses a malformed document of this kind: IAM, S3, KMS, AWS Organizations, ... */
export function validatorOf(ctx: RuleContext): string {
  return grammarOf(ctx.doc.kind).validator;
}

/** Where a finding about a whole statement goes: its opening brace (length 1), so the statement is findable but not one long squiggle. */
export function statementAnchor(s: StatementView): { offset: number; length: number } {
  return { offset: s.node.offset, length: 1 };
}

/** Where a finding about something missing from the policy goes: the `Statement` key, else the policy's own anchor. */
export function policyAnchor(view: PolicyView): { offset: number; length: number } {
  const stmt = view.statementValue;
  const key = stmt?.parent?.children?.[0];
  if (key) return { offset: key.offset, length: key.length };
  return anchorForMissing(view.node);
}

export function related(doc: JsonDocument | string, node: Node | { offset: number; length: number }, message: string): RelatedLocation {
  return { uri: typeof doc === 'string' ? doc : doc.uri, offset: node.offset, length: node.length, message };
}

/**
 * Related locations for the configuration elements behind a requirement (capped, saying how many more).
 * `verb` says how much the element depends on it: "needs", or "can use" for an optional grant.
 */
export function needsRelated(needs: readonly Need[], what: string, verb = 'needs'): RelatedLocation[] {
  return relatedList(needs, (n) => related(n.uri, n.node, `${n.label} ${verb} ${what}`));
}

/** `a`, `a and b`, `a, b and c`. */
export function listText(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** A fix appending one statement to the document's policy. */
export function appendStatementFix(doc: JsonDocument, statement: Record<string, unknown>, title: string, preferred = false): Fix | undefined {
  return planFix(doc, title, preferred, () => planStatements(doc, [statement]));
}

/** A finding computed once for a family of rules; each rule of the family reports its own. */
export interface PendingFinding {
  ruleId: string;
  severity: Severity;
  offset: number;
  length: number;
  message: string;
  related?: RelatedLocation[];
  fixes?: (Fix | undefined)[];
}

export interface FamilyMeta {
  id: string;
  severity: Severity;
  evidence?: Evidence;
  summary: string;
  docUrl: string;
  live?: boolean;
}

/** Rules sharing one (cached) computation of their findings: `source` runs once per document and analysis. */
export function familyRules(metas: readonly FamilyMeta[], kinds: readonly DocumentKind[], source: (doc: JsonDocument, ws: Workspace) => PendingFinding[]): Rule[] {
  return metas.map((meta) => ({
    evidence: 'D',
    ...meta,
    kinds,
    check(ctx: RuleContext) {
      for (const f of source(ctx.doc, ctx.workspace)) {
        if (f.ruleId !== meta.id) continue;
        ctx.report({ offset: f.offset, length: f.length, severity: f.severity, message: f.message, related: f.related, fixes: f.fixes });
      }
    },
  }));
}

/**
 * Caches a per-document computation for the lifetime of one analysis (its document list). A
 * computation stopped by the evaluation budget stays stopped: every rule of a family asks again,
 * and redoing the work before the stop for each of them would multiply what the budget bounds.
 */
export function perAnalysis<T>(compute: (doc: JsonDocument, ws: Workspace) => T): (doc: JsonDocument, ws: Workspace) => T {
  const cache = new WeakMap<readonly JsonDocument[], WeakMap<JsonDocument, { value: T } | { stopped: EvaluationBudgetExceeded }>>();
  return (doc, ws) => {
    let perDoc = cache.get(ws.documents);
    if (!perDoc) cache.set(ws.documents, (perDoc = new WeakMap()));
    let hit = perDoc.get(doc);
    if (!hit) {
      try {
        hit = { value: compute(doc, ws) };
      } catch (err) {
        if (err instanceof EvaluationBudgetExceeded) perDoc.set(doc, { stopped: err });
        throw err;
      }
      perDoc.set(doc, hit);
    }
    if ('stopped' in hit) throw hit.stopped;
    return hit.value;
  };
}
