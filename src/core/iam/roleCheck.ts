/**
 * A replication role's permission policy checked against what its configurations need: every
 * requirement evaluated through the evaluator. Shared by the role rules and (on fetched policies)
 * the live explorer.
 *
 * A policy is checked when a configuration analysed with it names its role (see `associate.ts`);
 * a policy that names replication actions itself but meets no configuration is checked against the
 * buckets it names (its replication destinations and source). Only a policy naming both sides
 * (reading source objects for replication and writing replicas) is certainly a replication role
 * without a configuration: a one-sided one is held to the requirements as warnings.
 */
import { JsonDocument } from '../document';
import { LiveFacts } from '../facts';
import { Workspace } from '../rule';
import { EvaluationBudgetExceeded } from './budget';
import { parseArn, s3BucketName, s3Parts } from './arn';
import { configsForPermissionPolicy, DESTINATION_WRITES, explicitReplication, inferSources, partitionOf } from './associate';
import { actionApplies, evaluate, Evaluation } from './evaluate';
import { PolicyView, policyView } from './policy';
import { ConfigSummary, RuleSummary } from './replicationConfig';
import { combineRequirements, replicationRequirements, Requirement } from './requirements';

export interface RequirementCheck {
  requirement: Requirement;
  evaluation: Evaluation;
}

export interface RolePolicyAnalysis {
  view: PolicyView;
  configs: ConfigSummary[];
  /** No configuration was found for the policy: it was checked against the buckets it names. */
  inferred: boolean;
  /**
   * Replication fails if a requirement is missing: a configuration names the role, or the policy
   * itself names replication actions on both sides. Otherwise findings are at most warnings.
   */
  certain: boolean;
  /** Source buckets, as far as known. */
  sources?: string[];
  checks: RequirementCheck[];
  /** Whether any rule of the configurations replicates SSE-KMS objects. */
  sseKms: boolean;
  /** The replication role, when a configuration names it. */
  role?: { arn: string; account: string };
}

const cache = new WeakMap<readonly JsonDocument[], WeakMap<JsonDocument, RolePolicyAnalysis | null | EvaluationBudgetExceeded>>();

export function analyzeRolePolicy(doc: JsonDocument, ws: Workspace): RolePolicyAnalysis | undefined {
  let perDoc = cache.get(ws.documents);
  if (!perDoc) cache.set(ws.documents, (perDoc = new WeakMap()));
  const hit = perDoc.get(doc);
  // Stopped by the evaluation budget once: stopped for every rule that asks again.
  if (hit instanceof EvaluationBudgetExceeded) throw hit;
  if (hit !== undefined) return hit ?? undefined;
  let out: RolePolicyAnalysis | null;
  try {
    out = compute(doc, ws) ?? null;
  } catch (err) {
    if (err instanceof EvaluationBudgetExceeded) perDoc.set(doc, err);
    throw err;
  }
  perDoc.set(doc, out);
  return out ?? undefined;
}

function compute(doc: JsonDocument, ws: Workspace): RolePolicyAnalysis | undefined {
  const view = policyView(doc);
  if (!view) return undefined;
  let configs = configsForPermissionPolicy(doc, ws);
  if (configs.length > 0) return checkAgainst(view, configs, false, ws.facts);
  const sides = explicitReplication(view);
  if (!sides.source && !sides.destination) return undefined;
  configs = [inferredSummary(doc, view)];
  return { ...checkAgainst(view, configs, true, ws.facts), certain: sides.source && sides.destination };
}

/** Evaluates what `configs` need against one policy (also usable on policies fetched from AWS). */
export function checkAgainst(view: PolicyView, configs: ConfigSummary[], inferred: boolean, facts?: LiveFacts): RolePolicyAnalysis {
  const sourceSet = new Set<string>();
  const lists = configs.map((c) => {
    const sources = inferSources(c, view);
    for (const s of sources ?? []) sourceSet.add(s);
    return replicationRequirements(c, { sources, facts });
  });
  const requirements = combineRequirements(lists);
  // Conditions on the caller's own ARN or account can be settled: the caller is the replication role.
  const role = configs.find((c) => c.role)?.role;
  const checks = requirements.map((requirement) => ({ requirement, evaluation: evaluate([view], { ...requirement, context: requestContext(requirement, role) }) }));
  return {
    view,
    configs,
    inferred,
    certain: true,
    sources: sourceSet.size > 0 ? [...sourceSet] : undefined,
    checks,
    sseKms: configs.some((c) => c.rules.some((r) => r.sseKms)),
    role,
  };
}

/**
 * Condition keys whose value is certain for the request S3 makes: the caller is the replication
 * role, and S3 calls KMS in the key's own Region (`kms:ViaService` = `s3.<region>.amazonaws.com`).
 */
export function requestContext(r: Requirement, role: { arn: string; account: string } | undefined, withKmsRegion = true): Map<string, string> {
  const context = new Map<string, string>();
  if (role) {
    context.set('aws:principalarn', role.arn);
    context.set('aws:principalaccount', role.account);
  }
  const region = r.side === 'destination-key' && r.exact ? parseArn(r.resource)?.region : undefined;
  if (withKmsRegion && region) context.set('kms:viaservice', `s3.${region}.amazonaws.com`);
  return context;
}

const REPLICA_WRITES = DESTINATION_WRITES.filter((a) => a !== 's3:PutObject');

/**
 * A stand-in configuration from the policy itself: one rule per bucket (and key prefix) it grants
 * replication writes on, so a prefix-scoped policy is held to its own prefixes.
 */
function inferredSummary(doc: JsonDocument, view: PolicyView): ConfigSummary {
  const partition = partitionOf(view);
  const rules: RuleSummary[] = [];
  const seen = new Set<string>();
  for (const s of view.statements) {
    if (s.effect !== 'Allow' || !REPLICA_WRITES.some((a) => actionApplies(s, a))) continue;
    for (const item of s.resource?.items ?? []) {
      const parts = s3Parts(item.value);
      const bucket = s3BucketName(item.value);
      if (!parts || !bucket || parts.object === undefined) continue;
      const prefix = parts.object.split(/[*?]/)[0];
      if (seen.has(`${bucket}/${prefix}`)) continue;
      seen.add(`${bucket}/${prefix}`);
      rules.push({ label: `the replication to "${bucket}"`, anchor: item.node, prefix, tagFiltered: false, destination: { bucket, node: item.node } });
    }
  }
  if (rules.length === 0) {
    const anchor = view.statementValue ?? view.node;
    rules.push({ label: 'the replication this policy is written for', anchor, prefix: '', tagFiltered: false });
  }
  return { doc, partition, rules, outposts: false };
}

const NOTHING: ReadonlySet<string> = new Set();

/** Actions replication certainly needs from this permission policy (error-level requirements), as AWS spells them. */
export function requiredReplicationActions(doc: JsonDocument, ws: Workspace): ReadonlySet<string> {
  if (doc.kind !== 'permission-policy') return NOTHING;
  const a = analyzeRolePolicy(doc, ws);
  if (!a?.certain) return NOTHING;
  return new Set(a.checks.filter((c) => c.requirement.severity === 'error').map((c) => c.requirement.action));
}

/**
 * Actions (lower case) this permission policy must grant for replication to work and does not: a
 * configuration names its role (or the policy names both sides of replication), and the missing
 * requirement is an error. General IAM hygiene findings become errors on exactly these.
 */
export function blockedReplicationActions(doc: JsonDocument, ws: Workspace): ReadonlySet<string> {
  if (doc.kind !== 'permission-policy') return NOTHING;
  const a = analyzeRolePolicy(doc, ws);
  if (!a?.certain) return NOTHING;
  const out = new Set<string>();
  for (const c of a.checks) {
    if (c.requirement.severity === 'error' && c.evaluation.decision === 'implicit-deny') out.add(c.requirement.action.toLowerCase());
  }
  return out;
}
