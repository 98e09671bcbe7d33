/**
 * Section (d): bucket policies of the buckets a configuration replicates between. A destination in
 * another account must let the replication role write replicas; any bucket policy, source or
 * destination, must not deny the role what replication needs.
 */
import { JsonDocument } from '../../document';
import { replaceSpanFix } from '../../fixes';
import { Rule, Workspace } from '../../rule';
import { DOCS } from '../../sources';
import { roleParts } from '../../iam/arn';
import { bucketsOfPolicy, configsForBucketPolicy, sourcesOf, workspaceIndex } from '../../iam/associate';
import { evaluate } from '../../iam/evaluate';
import { PolicyView, policyView } from '../../iam/policy';
import { ConfigSummary, configSummary, crossAccount } from '../../iam/replicationConfig';
import { replicationRequirements } from '../../iam/requirements';
import { requestContext, RequirementCheck } from '../../iam/roleCheck';
import { FamilyMeta, familyRules, needsRelated, PendingFinding, perAnalysis, policyAnchor, related } from './common';
import { mergeFix } from './roleFindings';
import { denyFindings } from './roleNotes';

type Role = NonNullable<ConfigSummary['role']>;

const WRITES: Record<string, { ruleId: string; severity: 'error' | 'warning'; wanted: (r: { severity: string }) => boolean }> = {
  's3:ReplicateObject': { ruleId: 'bp-cross-account-required', severity: 'error', wanted: () => true },
  // Only where delete markers replicate (the requirement is an error there).
  's3:ReplicateDelete': { ruleId: 'bp-cross-account-delete', severity: 'warning', wanted: (r) => r.severity === 'error' },
  's3:ObjectOwnerOverrideToBucketOwner': { ruleId: 'bp-owner-override', severity: 'error', wanted: () => true },
};

const bucketFindings = perAnalysis((doc: JsonDocument, ws: Workspace): PendingFinding[] => {
  if (doc.kind === 'replication-config') return absentPolicies(doc, ws);
  const view = policyView(doc);
  return view ? compute(doc, view, ws) : [];
});

/**
 * Live only: a destination owned by another account than the replication role that has no bucket
 * policy at all grants the role nothing, so every replica is refused. Reported on the rule's
 * destination (there is no policy document to put it on).
 */
function absentPolicies(doc: JsonDocument, ws: Workspace): PendingFinding[] {
  const facts = ws.facts;
  if (!facts || !doc.live?.sourceBucket) return [];
  const config = configSummary(doc);
  const role = config.role;
  if (!role) return [];
  const out: PendingFinding[] = [];
  const seen = new Set<string>();
  for (const rule of config.rules) {
    const d = rule.destination;
    const dest = d ? facts.buckets[d.bucket] : undefined;
    if (!d || !dest || seen.has(d.bucket) || dest.policy !== 'absent' || !dest.ownerAccount || dest.ownerAccount === role.account) continue;
    seen.add(d.bucket);
    out.push({
      ruleId: 'bp-cross-account-required',
      severity: 'error',
      offset: d.node.offset,
      length: d.node.length,
      message:
        `Destination bucket "${d.bucket}" belongs to account ${dest.ownerAccount}, not to the replication role's account ${role.account}, and has no bucket policy: ` +
        `nothing lets the role \`${role.arn}\` write replicas there, so every object fails (\`DstPutObjectNotPermitted\`). ` +
        'Add a bucket policy allowing the role `s3:ReplicateObject` (and `s3:ReplicateDelete`) on the bucket\'s objects.',
      related: [related(doc, role.node, 'the replication role')],
    });
  }
  return out;
}

function compute(doc: JsonDocument, view: PolicyView, ws: Workspace): PendingFinding[] {
  const out: PendingFinding[] = [];
  const named = bucketsOfPolicy(doc, view);
  const denyChecks: RequirementCheck[] = [];
  let role: Role | undefined;
  for (const { config, bucket } of configsForBucketPolicy(doc, ws)) {
    if (!config.role || !config.rules.some((r) => r.destination?.bucket === bucket)) continue;
    role = config.role;
    const checks = destinationChecks(view, config, bucket, ws);
    denyChecks.push(...checks);
    const misnamed = principalMisnamed(view, config);
    out.push(...misnamed);
    const foreign = config.rules.some((r) => r.destination?.bucket === bucket && crossAccount(config, r)) || isForeign(config.role, bucket, ws);
    if (foreign && misnamed.length === 0) out.push(...missingWrites(doc, view, config, bucket, checks));
  }
  // Source bucket policies: only their denies matter (the role's own policy grants the reads).
  for (const config of workspaceIndex(ws).configs) {
    if (!config.role) continue;
    for (const source of sourcesOf(config, ws).filter((s) => named.has(s))) {
      role = config.role;
      const reqs = replicationRequirements(config, { sources: [source], facts: ws.facts }).filter((r) => r.side === 'source-bucket' || r.side === 'source-objects');
      denyChecks.push(...reqs.map((r) => ({ requirement: r, evaluation: evaluate([view], { ...r, principal: principalOf(config.role as Role), context: requestContext(r, config.role) }) })));
    }
  }
  out.push(...denyFindings(denyChecks, doc.uri, role, { ruleId: 'bp-deny-required', tagsOnlyRuleId: 'bp-deny-replicate-tags', where: 'bucket policy' }));
  return out;
}

function principalOf(role: Role) {
  return { arn: role.arn, account: role.account };
}

function destinationChecks(view: PolicyView, config: ConfigSummary, bucket: string, ws: Workspace): RequirementCheck[] {
  const role = config.role as Role;
  return replicationRequirements(config, { facts: ws.facts })
    .filter((r) => r.side === 'destination-objects' && r.bucket === bucket)
    .map((r) => ({ requirement: r, evaluation: evaluate([view], { ...r, principal: principalOf(role), context: requestContext(r, role) }) }));
}

/** The live facts say the bucket belongs to another account than the role. */
function isForeign(role: Role, bucket: string, ws: Workspace): boolean {
  const owner = ws.facts?.buckets[bucket]?.ownerAccount;
  return !!owner && owner !== role.account;
}

function missingWrites(doc: JsonDocument, view: PolicyView, config: ConfigSummary, bucket: string, checks: RequirementCheck[]): PendingFinding[] {
  const role = config.role as Role;
  const out: PendingFinding[] = [];
  for (const c of checks) {
    const r = c.requirement;
    const rule = WRITES[r.action];
    if (!rule || !rule.wanted(r) || c.evaluation.decision === 'allowed' || c.evaluation.decision === 'conditional' || c.evaluation.decision === 'denied') continue;
    const home = view.statements.find((s) => s.effect === 'Allow' && s.principal?.aws.some((a) => a.value === role.arn));
    const anchor = home?.action?.key ?? policyAnchor(view);
    out.push({
      ruleId: rule.ruleId,
      severity: rule.severity,
      offset: anchor.offset,
      length: anchor.length,
      message:
        `The destination bucket "${bucket}" belongs to another account than the replication role (${role.account}), so its bucket policy must allow the role \`${r.action}\` on \`${r.resource}\`; it does not: ${r.why}. ` +
        `Add a statement for the principal \`${role.arn}\` (the S3 console's "Receive replicated objects" writes the same).`,
      related: [related(config.doc, role.node, 'the replication role'), ...needsRelated(r.needs, `\`${r.action}\``)],
      fixes: [mergeFix(doc, [r], `Allow ${role.arn.slice(role.arn.indexOf(':role/') + 1)} ${r.action} on ${r.resource}`, rule.severity === 'error', principalOf(role))],
    });
  }
  return out;
}

/** A principal that is meant to be the role (same account and name) but is not its exact ARN. */
function principalMisnamed(view: PolicyView, config: ConfigSummary): PendingFinding[] {
  const role = config.role as Role;
  const out: PendingFinding[] = [];
  for (const s of view.statements) {
    for (const a of s.principal?.aws ?? []) {
      const p = roleParts(a.value);
      if (!p || a.value === role.arn || p.account !== role.account || p.name.toLowerCase() !== role.name.toLowerCase()) continue;
      out.push({
        ruleId: 'bp-principal-exact-role-arn',
        severity: 'error',
        offset: a.node.offset,
        length: a.node.length,
        message: `This principal looks like the replication role but is not its ARN: the configuration uses \`${role.arn}\`. IAM matches role ARNs exactly, path included, so this statement does not apply to the role. Copy the ARN exactly.`,
        related: [related(config.doc, role.node, 'the role in the configuration')],
        fixes: [replaceSpanFix(view.doc, a.node.offset, a.node.length, JSON.stringify(role.arn), `Use ${role.arn}`, true)],
      });
    }
  }
  return out;
}

const META: FamilyMeta[] = [
  {
    id: 'bp-cross-account-required',
    severity: 'error',
    summary: 'A destination bucket in another account must allow the replication role `s3:ReplicateObject` on its objects.',
    docUrl: DOCS.UG_PERM,
  },
  {
    id: 'bp-cross-account-delete',
    severity: 'warning',
    summary: 'Cross-account with delete markers replicated: the destination bucket policy must allow `s3:ReplicateDelete`.',
    docUrl: DOCS.UG_PERM,
  },
  {
    id: 'bp-principal-exact-role-arn',
    severity: 'error',
    summary: 'The bucket policy names the replication role with a different ARN (most often the `service-role/` path).',
    docUrl: DOCS.UG_PERM,
  },
  {
    id: 'bp-owner-override',
    severity: 'error',
    summary: 'Cross-account owner override needs `s3:ObjectOwnerOverrideToBucketOwner` in the destination bucket policy.',
    docUrl: DOCS.UG_OWN,
  },
  { id: 'bp-deny-required', severity: 'error', summary: 'A bucket policy Deny hits the replication role on a permission replication needs.', docUrl: DOCS.UG_TRB },
  { id: 'bp-deny-replicate-tags', severity: 'info', summary: 'The destination denies `s3:ReplicateTags`: objects replicate without their tags.', docUrl: DOCS.UG_PERM },
];

// Configurations too: a live destination without any bucket policy is reported on the rule.
export const BUCKET_POLICY_RULES: readonly Rule[] = familyRules(META, ['bucket-policy', 'replication-config'], bucketFindings);

