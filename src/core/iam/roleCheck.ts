/**
 * A replication role's permission policy checked against what its configurations need: every
 * requirement evaluated through the evaluator. Shared by the role rules and (on fetched policies)
 * the live explorer.
 *
 * A policy is checked when a configuration analysed with it names its role or buckets it writes
 * to; a policy that names replication actions but meets no configuration is checked against the
 * buckets it names itself (its replication destinations and source).
 */
import { JsonDocument } from '../document';
import { LiveFacts } from '../facts';
import { Workspace } from '../rule';
import { EvaluationBudgetExceeded } from './budget';
import { parseArn, s3BucketName, s3Parts } from './arn';
import { configsForPermissionPolicy, DESTINATION_WRITES, inferSources, namesReplicationActions, partitionOf } from './associate';
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
  const inferred = configs.length === 0;
  if (inferred) {
    if (!namesReplicationActions(view)) return undefined;
    configs = [inferredSummary(doc, view)];
  }
  return checkAgainst(view, configs, inferred, ws.facts);
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
