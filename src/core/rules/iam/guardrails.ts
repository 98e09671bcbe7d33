/**
 * `iam-explicit-deny` beyond the role's own policies: the role's permissions boundary, and the
 * AWS Organizations policies of the accounts replication touches. Read live only (their kinds are
 * given by the reader, with `live.roleName` or `live.account`):
 *
 * - a **permissions boundary** caps the role: what it denies, or does not allow, the role cannot do;
 * - an **SCP** of the role's account applies to the role's every call (explicit Denies reported: SCPs
 *   combine by level, and an allow-list SCP alone does not say what the others allow);
 * - an **RCP** of an account applies to calls on that account's resources (its buckets and keys).
 */
import { JsonDocument } from '../../document';
import { Workspace } from '../../rule';
import { workspaceIndex } from '../../iam/associate';
import { evaluate } from '../../iam/evaluate';
import { policyView } from '../../iam/policy';
import { replicationRequirements, Requirement } from '../../iam/requirements';
import { requestContext, RequirementCheck } from '../../iam/roleCheck';
import { ConfigSummary } from '../../iam/replicationConfig';
import { listText, needsRelated, PendingFinding, policyAnchor } from './common';
import { denyFindings } from './roleNotes';

export const GUARDRAIL_KINDS = ['permissions-boundary', 'service-control-policy', 'resource-control-policy'] as const;

/** The account that owns a requirement's resource: the bucket's owner, or the key's account. */
function resourceAccount(r: Requirement, ws: Workspace): string | undefined {
  if (r.bucket) return ws.facts?.buckets[r.bucket]?.ownerAccount;
  return /^arn:[\w-]+:kms:[^:]*:(\d{12}):/.exec(r.resource)?.[1];
}

function requirementsOf(config: ConfigSummary, ws: Workspace): Requirement[] {
  return replicationRequirements(config, { sources: config.sourceBucket ? [config.sourceBucket] : undefined, facts: ws.facts });
}

export function guardrailFindings(doc: JsonDocument, ws: Workspace): PendingFinding[] {
  const view = policyView(doc);
  if (!view || !doc.live) return [];
  const label = doc.live.account ? ` of account ${doc.live.account}` : '';
  const configs = workspaceIndex(ws).configs.filter((c) => c.role);
  const out: PendingFinding[] = [];
  for (const config of configs) {
    const role = config.role as NonNullable<ConfigSummary['role']>;
    const principal = { arn: role.arn, account: role.account };
    let applicable: Requirement[];
    let where: string;
    if (doc.kind === 'permissions-boundary') {
      if (doc.live.roleName?.toLowerCase() !== role.name.toLowerCase()) continue;
      applicable = requirementsOf(config, ws);
      where = 'permissions boundary of the role';
    } else if (doc.kind === 'service-control-policy') {
      if (doc.live.account !== role.account) continue;
      applicable = requirementsOf(config, ws);
      where = `service control policy${label}`;
    } else {
      applicable = requirementsOf(config, ws).filter((r) => doc.live?.account !== undefined && resourceAccount(r, ws) === doc.live.account);
      where = `resource control policy${label}`;
    }
    const checks: RequirementCheck[] = applicable.map((r) => ({ requirement: r, evaluation: evaluate([view], { ...r, principal, context: requestContext(r, role) }) }));
    out.push(...denyFindings(checks, doc.uri, role, { ruleId: 'iam-explicit-deny', where }));
    if (doc.kind !== 'permissions-boundary') continue;
    // A boundary that does not allow an action takes it away from the role as surely as a Deny.
    const capped = checks.filter((c) => c.evaluation.decision === 'implicit-deny' && c.requirement.severity === 'error');
    if (capped.length === 0) continue;
    const anchor = policyAnchor(view);
    out.push({
      ruleId: 'iam-explicit-deny',
      severity: 'error',
      ...anchor,
      message:
        `The role's permissions boundary does not allow ${listText([...new Set(capped.map((c) => `\`${c.requirement.action}\``))])}, so the role cannot use it whatever its own policies grant: ` +
        `${capped[0].requirement.why}. Allow it in the boundary (or remove the boundary).`,
      related: needsRelated(capped.flatMap((c) => c.requirement.needs), 'these permissions'),
    });
  }
  return out;
}
