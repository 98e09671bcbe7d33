/**
 * Turns a role policy's requirement checks into findings, once per document and analysis; each
 * rule of the role family then reports its own. What each evaluation means:
 * allowed → nothing (or a least-privilege note for wildcards); allowed under conditions → nothing,
 * unless a condition names the wrong KMS Region; denied → the Deny statement; partially allowed →
 * the prefix-scoped grant; not allowed → the missing permission, on the statement it belongs in.
 */
import { JsonDocument } from '../../document';
import { Fix } from '../../findings';
import { planFix } from '../../fixes';
import { Workspace } from '../../rule';
import { arnCovers, s3Parts } from '../../iam/arn';
import { evaluate } from '../../iam/evaluate';
import { Grant, GrantPrincipal, planGrants } from '../../iam/merge';
import { PolicyView, StatementView, policyView } from '../../iam/policy';
import { Requirement } from '../../iam/requirements';
import { analyzeRolePolicy, RequirementCheck, RolePolicyAnalysis, requestContext } from '../../iam/roleCheck';
import { policyRoleName } from '../../iam/associate';
import { statementsNear } from '../../iam/statementIndex';
import { listText, needsRelated, PendingFinding, perAnalysis, policyAnchor } from './common';
import { kmsContextFindings } from './kmsContext';
import { denyFindings, viaServiceMismatch, wildcardFindings } from './roleNotes';

export const roleFindings = perAnalysis((doc: JsonDocument, ws: Workspace): PendingFinding[] => {
  const analysis = analyzeRolePolicy(doc, ws);
  return analysis ? compute(doc, analysis, ws) : [];
});

/**
 * The role's other permission policies among the files (same role name), and whether `doc` is the
 * first of them: IAM grants what any of a role's policies allows, and a permission none of them
 * grants is reported once, on the first.
 */
function rolePolicies(doc: JsonDocument, ws: Workspace): { others: PolicyView[]; first: boolean } {
  const name = roleKey(doc);
  const group = name === undefined ? undefined : policiesByRole(ws).get(name);
  if (!group) return { others: [], first: true };
  const others = group.filter((d) => d !== doc).map(policyView).filter((v): v is PolicyView => v !== undefined);
  return { others, first: group[0] === doc };
}

const byRoleCache = new WeakMap<readonly JsonDocument[], Map<string, JsonDocument[]>>();

/** Permission policies by the role they belong to, built once per analysis. */
function policiesByRole(ws: Workspace): Map<string, JsonDocument[]> {
  let index = byRoleCache.get(ws.documents);
  if (index) return index;
  index = new Map();
  for (const d of ws.documents) {
    const key = d.kind === 'permission-policy' ? roleKey(d) : undefined;
    if (key === undefined) continue;
    const group = index.get(key);
    if (group) group.push(d);
    else index.set(key, [d]);
  }
  byRoleCache.set(ws.documents, index);
  return index;
}

function roleKey(doc: JsonDocument): string | undefined {
  return policyRoleName(doc)?.toLowerCase();
}

/** Decisions that are a missing permission (reported by `missing` or `partial`). */
const MISSING = new Set(['implicit-deny', 'conditional-deny', 'partial']);

function compute(doc: JsonDocument, a: RolePolicyAnalysis, ws: Workspace): PendingFinding[] {
  const out: PendingFinding[] = [];
  // The role's other policies are not in these files: what this one lacks may be granted there.
  const grantsUnknown = doc.live?.policiesElsewhere === true;
  const siblings = a.inferred ? { others: [], first: true } : rolePolicies(doc, ws);
  const notReportedHere = (check: RequirementCheck): boolean => {
    if (siblings.others.length === 0) return false;
    const d = evaluate([a.view, ...siblings.others], { ...check.requirement, context: requestContext(check.requirement, a.role) }).decision;
    // Granted by the role's policies together; or not, and then said once, on the first of them.
    return d === 'allowed' || d === 'conditional' || !siblings.first;
  };
  for (const check of grantsUnknown ? [] : a.checks) {
    if (MISSING.has(check.evaluation.decision) && notReportedHere(check)) continue;
    switch (check.evaluation.decision) {
      case 'implicit-deny':
      case 'conditional-deny':
        out.push(...missing(doc, a, check));
        break;
      case 'partial':
        out.push(partial(doc, a, check));
        break;
      default:
        break;
    }
  }
  out.push(...denyFindings(a.checks, doc.uri, a.role, { ruleId: 'iam-explicit-deny', where: 'role policy' }), ...wildcardFindings(a), ...kmsContextFindings(a));
  // One condition can fail several requirements (Encrypt and GenerateDataKey): report it once.
  const seen = new Set<string>();
  const once = out.filter((f) => {
    const key = `${f.ruleId}@${f.offset}`;
    if (f.ruleId !== 'iam-kms-viaservice-region') return true;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  // Not certainly a replication role: only what would fail replication is said, and as a warning;
  // a weaker finding on a policy that may be no replication role at all is noise.
  return a.certain ? once : once.filter((f) => f.severity === 'error').map((f) => ({ ...f, severity: 'warning' }));
}

/** Actions people grant believing they authorize replication; they do not. */
const STAND_INS: Record<string, string[]> = {
  's3:GetObjectVersionForReplication': ['s3:GetObject'],
  's3:ReplicateObject': ['s3:PutObject'],
  's3:ReplicateDelete': ['s3:DeleteObject', 's3:DeleteObjectVersion'],
  's3:GetObjectVersionAcl': ['s3:GetObjectAcl'],
  's3:GetObjectVersionTagging': ['s3:GetObjectTagging'],
  's3:ReplicateTags': ['s3:PutObjectTagging'],
};

// The same question comes back for every missing requirement ("is s3:ReplicateObject allowed on
// any destination?"): answered once per policy, not once per requirement.
const allowedCache = new WeakMap<PolicyView, Map<string, boolean>>();

function allowedOn(view: PolicyView, action: string, resource: string, scope: 'all' | 'some' = 'all'): boolean {
  let answers = allowedCache.get(view);
  if (!answers) allowedCache.set(view, (answers = new Map()));
  const key = `${scope} ${action} ${resource}`;
  const hit = answers.get(key);
  if (hit !== undefined) return hit;
  const d = evaluate([view], { action, resource, scope }).decision;
  const out = d === 'allowed' || d === 'conditional';
  answers.set(key, out);
  return out;
}

/** The same bucket at the other level (bucket ARN <-> its objects), when the requirement names one bucket. */
function otherLevel(r: Requirement): string | undefined {
  const p = r.exact ? s3Parts(r.resource) : undefined;
  if (!p) return undefined;
  return p.object === undefined ? `arn:${p.partition}:s3:::${p.bucket}/*` : `arn:${p.partition}:s3:::${p.bucket}`;
}

/** The Allow statement that grants on the requirement's resource: where a missing action belongs. */
export function homeStatement(view: PolicyView, r: Requirement): StatementView | undefined {
  if (r.scope === 'some') return undefined;
  const candidates = statementsNear(view, r.resource).filter(
    (s) => s.effect === 'Allow' && s.action && s.resource && s.resource.items.every((i) => i.value !== '*'),
  );
  return (
    candidates.find((s) => s.resource?.items.some((i) => i.value === r.resource)) ??
    candidates.find((s) => s.resource?.items.some((i) => arnCovers(i.value, r.resource) || arnCovers(r.resource, i.value)))
  );
}

export function mergeFix(doc: JsonDocument, grants: Grant[], title: string, preferred: boolean, principal?: GrantPrincipal): Fix | undefined {
  return planFix(doc, title, preferred, () => {
    const plan = planGrants(doc, grants, principal);
    return plan.problem === undefined ? plan.steps : undefined;
  });
}

const missingCache = new WeakMap<RolePolicyAnalysis, Map<string, Requirement[]>>();

/** The exact requirements not allowed at all, by resource (built once, not per finding). */
function missingOn(a: RolePolicyAnalysis): Map<string, Requirement[]> {
  let out = missingCache.get(a);
  if (out) return out;
  out = new Map();
  for (const c of a.checks) {
    if (c.evaluation.decision !== 'implicit-deny' || !c.requirement.exact) continue;
    const list = out.get(c.requirement.resource);
    if (list) list.push(c.requirement);
    else out.set(c.requirement.resource, [c.requirement]);
  }
  missingCache.set(a, out);
  return out;
}

function placeholder(r: Requirement): string {
  switch (r.side) {
    case 'source-bucket':
      return 'the source bucket (`arn:aws:s3:::SOURCE-BUCKET`)';
    case 'source-objects':
      return 'the source objects (`arn:aws:s3:::SOURCE-BUCKET/*`)';
    case 'source-key':
      return 'the KMS key(s) that encrypt the source objects';
    default:
      return `\`${r.resource}\``;
  }
}

function missing(doc: JsonDocument, a: RolePolicyAnalysis, check: RequirementCheck): PendingFinding[] {
  const r = check.requirement;
  const view = a.view;
  const wrongRegion = viaServiceMismatch(a, check);
  if (wrongRegion.length > 0) return wrongRegion;
  const other = otherLevel(r);
  // Granted on the wrong level of the same bucket: iam-resource-level-mismatch reports (and moves) it.
  if (other && r.side !== 'destination-key' && allowedOn(view, r.action, other)) return [];
  let ruleId = r.ruleId;
  let severity = r.severity;
  const where = r.scope === 'some' ? `any resource of ${placeholder(r)}` : `\`${r.resource}\``;
  // With a conditional Deny in the way, the Deny is what the user must look at first (iam-explicit-deny points at it).
  let what =
    check.evaluation.decision === 'conditional-deny'
      ? `A Deny in this policy may block \`${r.action}\` on ${where} (when its conditions hold), and no statement allows it${r.severity === 'info' ? '; ' : ': '}${r.why}.`
      : `This policy does not allow \`${r.action}\` on ${where}${r.severity === 'info' ? '; ' : ': '}${r.why}.`;
  const partition = s3Parts(r.resource)?.partition ?? 'aws';
  if (r.action === 's3:ReplicateObject' && allowedOn(view, r.action, `arn:${partition}:s3:::*/*`, 'some')) {
    ruleId = 'iam-all-destinations-covered';
    what = `\`s3:ReplicateObject\` is allowed on other destinations but not on \`${r.resource}\`, so replication to "${r.bucket}" fails (DstPutObjectNotPermitted for every object). This is common after adding a destination.`;
  }
  if (r.action === 's3:GetObjectVersionForReplication' && allowedOn(view, 's3:GetObjectVersion', r.resource)) {
    ruleId = 'iam-get-object-version-vs-for-replication';
    severity = a.sseKms ? 'error' : 'warning';
    what =
      `This policy allows \`s3:GetObjectVersion\` on \`${r.resource}\` but not \`s3:GetObjectVersionForReplication\`: unencrypted and SSE-S3 objects replicate, SSE-KMS and DSSE-KMS objects do not` +
      (a.sseKms ? ' (and this configuration replicates SSE-KMS objects).' : '.');
  }
  const standIn = (STAND_INS[r.action] ?? []).find((s) => allowedOn(view, s, r.resource, r.scope));
  const standInText = standIn ? ` It allows \`${standIn}\` there, but that action does not authorize replication: S3 replicates with \`${r.action}\`.` : '';
  const home = homeStatement(view, r);
  // The fix joins a statement only when it grants on exactly this resource (merge.ts widens nothing);
  // a statement on a wider resource (`bucket/*` for a rule's `bucket/logs/*`) keeps its scope.
  const how = !r.exact
    ? ` Grant it on ${placeholder(r)}.`
    : home?.resource?.items.some((i) => i.value === r.resource)
      ? ` Add it to the statement that grants on \`${r.resource}\`.`
      : ` Add a statement that grants it on \`${r.resource}\`.`;
  const note = !a.inferred
    ? ''
    : a.certain
      ? ' (No replication configuration naming this role was analysed with this policy; it was checked against the buckets it names.)'
      : ' (No replication configuration naming this role was analysed with this policy, and it names replication actions for one side only: it was checked as a replication role because of those actions, so this is a warning.)';
  const anchor = home?.action?.key ?? policyAnchor(view);
  const grants: Grant[] = ruleId === 'iam-all-destinations-covered' ? (missingOn(a).get(r.resource) ?? [r]) : [r];
  const title =
    ruleId === 'iam-all-destinations-covered'
      ? `Allow ${listText(grants.map((g) => g.action))} on ${r.resource}`
      : `Allow ${r.action} on ${r.resource}`;
  return [
    {
      ruleId,
      severity,
      offset: anchor.offset,
      length: anchor.length,
      message: what + standInText + how + note,
      // An info requirement is optional (s3:ReplicateTags): the rule does not "need" it.
      related: needsRelated(r.needs.filter((n) => n.uri !== doc.uri), severity === 'info' ? `\`${r.action}\` (optional)` : `\`${r.action}\``, severity === 'info' ? 'can use' : 'needs'),
      fixes: r.exact ? [mergeFix(doc, grants, title, severity !== 'info')] : [],
    },
  ];
}

function partial(doc: JsonDocument, a: RolePolicyAnalysis, check: RequirementCheck): PendingFinding {
  const r = check.requirement;
  const grant = check.evaluation.allows.find((m) => m.partial)?.statement;
  const scoped = grant?.resource?.items.filter((i) => arnCovers(r.resource, i.value) || arnCovers(i.value, r.resource)).map((i) => `\`${i.value}\``) ?? [];
  const anchor = grant?.resource?.key ?? policyAnchor(a.view);
  const labels = listText([...new Set(r.needs.map((n) => n.label))]);
  return {
    ruleId: 'iam-prefix-scope-covers-filters',
    severity: 'warning',
    offset: anchor.offset,
    length: anchor.length,
    message:
      `\`${r.action}\` is allowed only on ${listText(scoped) || 'part of the objects'}, but ${labels} replicate${r.needs.length === 1 ? 's' : ''} \`${r.resource}\`: ` +
      `objects outside that scope fail (${r.why}). Align the resource with the rule's filter, or the filter with the resource.`,
    related: needsRelated(r.needs.filter((n) => n.uri !== doc.uri), `\`${r.action}\` on \`${r.resource}\``),
    fixes: r.exact ? [mergeFix(doc, [r], `Allow ${r.action} on ${r.resource}`, false)] : [],
  };
}

