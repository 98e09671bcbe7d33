/**
 * Merges missing grants into an existing policy text, adding only what is missing and keeping every
 * existing statement, Sid, condition and comment. A missing action joins the statement that already
 * grants on exactly the right resources (when adding it there widens nothing); everything else goes
 * into new least-privilege statements with exact ARNs. Backs the quick fixes and the "Repair the
 * replication role" command, and builds generated policies from an empty one.
 */
import { FormattingOptions } from 'jsonc-parser';
import { JsonDocument, parseDocument } from '../document';
import { raw } from '../edit/serialize';
import { Step, applySteps } from '../edit/steps';
import { evaluate } from './evaluate';
import { JsonPath, PolicyView, policyView, StatementView } from './policy';
import { Side } from './requirements';

export interface Grant {
  action: string;
  resource: string;
  /** Names new statements (`Sid`) after what they grant on. */
  side?: Side;
}

export interface Added {
  action: string;
  resource: string;
  /** Index of the statement it went into, after the merge. */
  statement: number;
  newStatement: boolean;
}

export interface MergeResult {
  text: string;
  added: Added[];
  /** Grants not added because an explicit Deny in the policy blocks them; an Allow would not help. */
  denied: Grant[];
  /** Set when nothing could be merged, e.g. the text is not a valid JSON policy. */
  problem?: string;
}

const SIDS: Record<Side, string> = {
  'source-bucket': 'ReplicationSourceBucket',
  'source-objects': 'ReplicationSourceObjects',
  'destination-objects': 'ReplicationDestinationObjects',
  'source-key': 'ReplicationSourceKmsKey',
  'destination-key': 'ReplicationDestinationKmsKey',
};

/** The principal a resource policy (a destination bucket policy) grants to. */
export interface GrantPrincipal {
  arn: string;
  account?: string;
}

/**
 * `formatting` defaults to the text's own indentation and line endings. With `principal` (resource
 * policies), only statements naming exactly that principal take grants, and new statements name it.
 */
export function mergeGrants(policyText: string, grants: readonly Grant[], formatting?: FormattingOptions, principal?: GrantPrincipal): MergeResult {
  const doc = parseDocument({ uri: 'policy.json', text: policyText, kind: principal ? 'bucket-policy' : 'permission-policy', formatting });
  const plan = planGrants(doc, grants, principal);
  if (plan.problem !== undefined) return { ...unchanged(policyText, plan.problem), denied: plan.denied };
  const result = plan.steps.length > 0 ? applySteps(plan.doc, plan.steps) : { text: policyText };
  if (!result) return { ...unchanged(policyText, 'the policy could not be edited in place'), denied: plan.denied };
  return { text: result.text, added: plan.added, denied: plan.denied };
}

/** What merging grants into a policy takes: the edit steps (paths into `doc`), and what they add. */
export interface GrantPlan {
  doc: JsonDocument;
  steps: Step[];
  added: Added[];
  denied: Grant[];
  problem?: string;
}

/** The steps of `mergeGrants` on a parsed policy (a fix plans on the document its rule read). */
export function planGrants(doc: JsonDocument, grants: readonly Grant[], principal?: GrantPrincipal): GrantPlan {
  const policyText = doc.text;
  const refuse = (problem: string): GrantPlan => ({ doc, steps: [], added: [], denied: [], problem });
  if (doc.syntaxErrors.length > 0) return refuse('the policy is not valid JSON; fix its syntax first');
  const view = policyView(doc);
  if (!view) return refuse('the document is not a JSON object with a policy in it');
  const statementValue = view.statementValue;
  if (statementValue && statementValue.type !== 'array' && statementValue.type !== 'object') {
    return refuse('"Statement" is neither an object nor an array');
  }

  const missing: Grant[] = [];
  const denied: Grant[] = [];
  const seen = new Set<string>();
  for (const g of grants) {
    const key = `${g.action}\u0000${g.resource}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const decision = evaluate([view], { action: g.action, resource: g.resource, principal: principal }).decision;
    if (decision === 'denied') denied.push(g);
    // Allowed under conditions is the author's choice; an unconditional grant beside it would undo it.
    else if (decision !== 'allowed' && decision !== 'conditional') missing.push(g);
  }
  if (missing.length === 0) return { doc, steps: [], added: [], denied };

  const steps: Step[] = [];
  const added: Added[] = [];

  // 1. A new resource for a statement whose actions are all needed there (a second destination).
  const extended = extendResources(view, missing, principal);
  for (const [s, resources] of extended.byStatement) {
    const list = s.resource;
    if (!list) continue;
    if (list.value.type === 'array') resources.forEach((r) => steps.push({ path: list.path, value: r, append: true }));
    else steps.push({ path: list.path, value: [raw(policyText, list.value), ...resources] });
  }
  added.push(...extended.added);

  // 2. Actions into statements that already grant on exactly the right resources.
  const leftover: Grant[] = [];
  const byStatement = new Map<StatementView, Grant[]>();
  for (const g of missing.filter((m) => !extended.taken.has(m))) {
    const target = view.statements.find((s) => canTake(view, s, g, missing, principal));
    if (!target) leftover.push(g);
    else byStatement.set(target, [...(byStatement.get(target) ?? []), g]);
  }
  for (const [s, list] of byStatement) {
    const actions = [...new Set(list.map((g) => g.action))];
    const action = s.action;
    if (!action) continue;
    if (action.value.type === 'array') actions.forEach((a) => steps.push({ path: action.path, value: a, append: true }));
    else steps.push({ path: action.path, value: [raw(policyText, action.value), ...actions] });
    for (const g of list) added.push({ action: g.action, resource: g.resource, statement: s.index, newStatement: false });
  }

  // 3. New statements for the rest, one per distinct action set.
  if (leftover.length > 0) {
    const fresh = newStatements(view, leftover, principal);
    const first = appendTo(view, fresh.map((f) => f.json), steps);
    fresh.forEach((st, i) => {
      for (const g of st.grants) added.push({ action: g.action, resource: g.resource, statement: first + i, newStatement: true });
    });
  }
  return { doc, steps, added, denied };
}

/**
 * Statements that can take a whole new resource: plain Allows whose every action is needed (missing
 * or already allowed) on it, and at least one of them missing. Their missing grants are then covered.
 */
function extendResources(
  view: PolicyView,
  missing: readonly Grant[],
  principal: GrantPrincipal | undefined,
): { byStatement: Map<StatementView, string[]>; taken: Set<Grant>; added: Added[] } {
  const byStatement = new Map<StatementView, string[]>();
  const taken = new Set<Grant>();
  const added: Added[] = [];
  const resources = [...new Set(missing.map((g) => g.resource))];
  for (const resource of resources) {
    const wanted = missing.filter((g) => g.resource === resource);
    for (const s of view.statements) {
      if (!plainAllow(s, principal) || !s.action || !s.resource || s.resource.items.some((i) => i.value === resource)) continue;
      const actions = s.action.items.map((i) => i.value);
      if (actions.some((a) => /[*?]/.test(a))) continue;
      const needed = actions.every(
        (a) => wanted.some((g) => g.action.toLowerCase() === a.toLowerCase()) || evaluate([view], { action: a, resource, principal }).decision === 'allowed',
      );
      const covers = wanted.filter((g) => !taken.has(g) && actions.some((a) => a.toLowerCase() === g.action.toLowerCase()));
      if (!needed || covers.length === 0) continue;
      byStatement.set(s, [...(byStatement.get(s) ?? []), resource]);
      for (const g of covers) {
        taken.add(g);
        added.push({ action: g.action, resource, statement: s.index, newStatement: false });
      }
    }
  }
  return { byStatement, taken, added };
}

/** An unconditional Allow for exactly `principal` (or, without one, for whoever holds the policy). */
function plainAllow(s: StatementView, principal: GrantPrincipal | undefined): boolean {
  if (s.effect !== 'Allow' || s.condition || s.notAction || s.notResource || s.notPrincipal) return false;
  if (s.action?.invalid.length !== 0 || s.resource?.invalid.length !== 0) return false;
  if (!principal) return !s.principal;
  const p = s.principal;
  return !!p && !p.everyone && p.service.length === 0 && p.federated.length === 0 && p.canonicalUser.length === 0 && p.aws.length === 1 && p.aws[0].value === principal.arn;
}

/**
 * Appends statements to the policy's `Statement` (turning a single statement object into an array
 * that keeps it first, as written); returns the index of the first appended statement.
 */
function appendTo(view: PolicyView, statements: readonly Record<string, unknown>[], steps: Step[]): number {
  const value = view.statementValue;
  const base: JsonPath = [...view.path, 'Statement'];
  if (value?.type === 'array') {
    statements.forEach((st) => steps.push({ path: base, value: st, append: true }));
    return value.children?.length ?? 0;
  }
  if (value?.type === 'object') {
    steps.push({ path: base, value: [raw(view.doc.text, value)] });
    statements.forEach((st) => steps.push({ path: base, value: st, append: true }));
    return 1;
  }
  steps.push({ path: base, value: [...statements] });
  return 0;
}

/** Appends whole statements to a policy text (for statements with principals, e.g. trust and bucket policies). */
export function appendStatements(policyText: string, statements: readonly Record<string, unknown>[], formatting?: FormattingOptions): string {
  const doc = parseDocument({ uri: 'policy.json', text: policyText, kind: 'permission-policy', formatting });
  const steps = planStatements(doc, statements);
  return (steps && applySteps(doc, steps)?.text) ?? policyText;
}

/** The steps of `appendStatements` on a parsed policy; `undefined` when it is not one they can go into. */
export function planStatements(doc: JsonDocument, statements: readonly Record<string, unknown>[]): Step[] | undefined {
  const view = doc.syntaxErrors.length === 0 ? policyView(doc) : undefined;
  if (!view || (view.statementValue && view.statementValue.type !== 'array' && view.statementValue.type !== 'object')) return undefined;
  const steps: Step[] = [];
  appendTo(view, statements, steps);
  return steps;
}

function unchanged(text: string, problem: string): MergeResult {
  return { text, added: [], denied: [], problem };
}

/**
 * A statement can take a missing grant when it is a plain Allow (no conditions, no `Not*`, no
 * principal) that names the grant's exact resource, and adding the action there grants it on
 * nothing else: each of its resources is one the action is allowed or being added on.
 */
function canTake(view: PolicyView, s: StatementView, g: Grant, missing: readonly Grant[], principal: GrantPrincipal | undefined): boolean {
  if (!plainAllow(s, principal) || !s.resource) return false;
  const resources = s.resource.items.map((i) => i.value);
  if (!resources.includes(g.resource)) return false;
  return resources.every(
    (r) => missing.some((m) => m.action === g.action && m.resource === r) || evaluate([view], { action: g.action, resource: r, principal }).decision === 'allowed',
  );
}

interface NewStatement {
  json: Record<string, unknown>;
  grants: Grant[];
}

function newStatements(view: PolicyView, grants: readonly Grant[], principal: GrantPrincipal | undefined): NewStatement[] {
  // Actions per resource, then resources sharing the same action list share a statement.
  const byResource = new Map<string, Grant[]>();
  for (const g of grants) byResource.set(g.resource, [...(byResource.get(g.resource) ?? []), g]);
  const groups = new Map<string, { actions: string[]; resources: string[]; grants: Grant[]; side?: Side }>();
  for (const [resource, list] of byResource) {
    const actions = [...new Set(list.map((g) => g.action))];
    const key = `${list[0].side ?? ''}\u0000${actions.join(',')}`;
    const group = groups.get(key);
    if (group) {
      group.resources.push(resource);
      group.grants.push(...list);
    } else groups.set(key, { actions, resources: [resource], grants: [...list], side: list[0].side });
  }
  const sids = sidAllocator(view);
  return [...groups.values()].map((g) => {
    const sid = sids(g.side ? SIDS[g.side] : 'Replication');
    return {
      grants: g.grants,
      json: {
        ...(sid ? { Sid: sid } : {}),
        Effect: 'Allow',
        ...(principal ? { Principal: { AWS: principal.arn } } : {}),
        Action: g.actions,
        Resource: g.resources.length === 1 ? g.resources[0] : g.resources,
      },
    };
  });
}

/**
 * New statements get a Sid when the policy's statements all have one (a policy written with Sids
 * stays consistent; one without stays without). Sids stay unique.
 */
function sidAllocator(view: PolicyView): (base: string) => string | undefined {
  const used = new Set(view.statements.flatMap((s) => (s.sid ? [s.sid.value] : [])));
  const wanted = view.statements.every((s) => s.sid !== undefined);
  return (base) => {
    if (!wanted) return undefined;
    let sid = base;
    for (let n = 2; used.has(sid); n++) sid = `${base}${n}`;
    used.add(sid);
    return sid;
  };
}
