/** Role findings beyond "missing": explicit denies, KMS conditions naming the wrong Region, broad wildcards. */
import { Node } from 'jsonc-parser';
import { compile, hasWildcard, matches } from '../../iam/pattern';
import { evaluate } from '../../iam/evaluate';
import { parseArn } from '../../iam/arn';
import { StatementView } from '../../iam/policy';
import { requestContext, RequirementCheck, RolePolicyAnalysis } from '../../iam/roleCheck';
import { Requirement } from '../../iam/requirements';
import { listText, needsRelated, PendingFinding, statementAnchor } from './common';

export interface DenyRules {
  /** The rule reporting a Deny that blocks required permissions. */
  ruleId: string;
  /** The rule for a Deny that only stops tag replication (a documented opt-out); `ruleId` when unset. */
  tagsOnlyRuleId?: string;
  /** Whose policy this is, for messages: "role policy", "bucket policy". */
  where: string;
}

/**
 * One finding per Deny statement, naming every required permission it blocks. A Deny that blocks
 * only `s3:ReplicateTags` is how AWS documents opting out of tag replication: reported as info.
 */
export function denyFindings(checks: readonly RequirementCheck[], docUri: string, role: { arn: string } | undefined, rules: DenyRules): PendingFinding[] {
  const byStatement = new Map<StatementView, { requirements: Requirement[]; unconditional: boolean }>();
  for (const c of checks) {
    for (const d of c.evaluation.denies) {
      const entry = byStatement.get(d.statement) ?? { requirements: [], unconditional: false };
      entry.requirements.push(c.requirement);
      entry.unconditional ||= !d.conditional;
      byStatement.set(d.statement, entry);
    }
  }
  return [...byStatement].map(([s, { requirements, unconditional }]) => {
    const anchor = s.action?.key ?? s.notAction?.key ?? statementAnchor(s);
    const actions = listText([...new Set(requirements.map((r) => `\`${r.action}\``))]);
    const resources = listText([...new Set(requirements.map((r) => `\`${r.resource}\``))]);
    const exempt = role ? ` (for example \`"ArnNotEquals": {"aws:PrincipalArn": "${role.arn}"}\`)` : '';
    const related = needsRelated(requirements.flatMap((r) => r.needs).filter((n) => n.uri !== docUri), 'these permissions');
    if (requirements.every((r) => r.action === 's3:ReplicateTags')) {
      return {
        ruleId: rules.tagsOnlyRuleId ?? rules.ruleId,
        severity: 'info',
        offset: anchor.offset,
        length: anchor.length,
        message: `This ${rules.where} denies \`s3:ReplicateTags\` to the replication role: objects still replicate, their tags do not. That is the documented way to opt out of tag replication; remove the Deny if tags should replicate.`,
        related,
      };
    }
    // What the Deny blocks decides: a documented-but-not-failing permission makes it a warning.
    const breaks = requirements.some((r) => r.severity === 'error');
    return {
      ruleId: rules.ruleId,
      severity: unconditional && breaks ? 'error' : 'warning',
      offset: anchor.offset,
      length: anchor.length,
      message: unconditional
        ? `This Deny in the ${rules.where} blocks ${actions} on ${resources} for the replication role, and an explicit Deny wins over every Allow: ${requirements[0].why}. Exempt the role from the Deny${exempt} or narrow it.`
        : `This Deny in the ${rules.where} covers ${actions} on ${resources} unless its conditions exclude S3's replication requests, which the documents cannot tell (network-origin conditions such as aws:SourceIp or aws:SourceVpce never match them). If it applies, ${requirements[0].why}. Exempt the role explicitly${exempt}.`,
      related,
    };
  });
}

/**
 * A KMS grant for the replica key whose `kms:ViaService` condition names another Region: S3 uses
 * the key through `s3.<key's Region>.amazonaws.com`, so the grant never applies to replication.
 */
export function viaServiceMismatch(a: RolePolicyAnalysis, check: RequirementCheck): PendingFinding[] {
  const r = check.requirement;
  const region = r.side === 'destination-key' && r.exact ? parseArn(r.resource)?.region : undefined;
  if (!region) return [];
  const loose = evaluate([a.view], { ...r, context: requestContext(r, a.role, false) });
  const wanted = `s3.${region}.amazonaws.com`;
  const out: PendingFinding[] = [];
  const seen = new Set<Node>();
  for (const m of loose.allows) {
    for (const e of m.statement.conditions) {
      if (e.key.toLowerCase() !== 'kms:viaservice' || seen.has(e.valueNode)) continue;
      if (e.values.some((v) => matches(compile(v), wanted))) continue;
      seen.add(e.valueNode);
      out.push({
        ruleId: 'iam-kms-viaservice-region',
        severity: 'error',
        offset: e.valueNode.offset,
        length: e.valueNode.length,
        message:
          `\`kms:ViaService\` allows ${listText(e.values.map((v) => `"${v}"`))}, but the replica key \`${r.resource}\` is in ${region}: S3 uses it through "${wanted}", ` +
          `so this statement never applies to replication and replicas of SSE-KMS objects cannot be encrypted. Use "${wanted}".`,
        related: needsRelated(r.needs.filter((n) => n.uri !== a.view.doc.uri), `\`${r.action}\``),
      });
    }
  }
  return out;
}

/** Wildcard actions that satisfy the source-object reads: fine, but broader than replication needs. */
export function wildcardFindings(a: RolePolicyAnalysis): PendingFinding[] {
  const byItem = new Map<Node, { value: string; actions: Set<string> }>();
  for (const c of a.checks) {
    if (c.evaluation.decision !== 'allowed' || c.requirement.side !== 'source-objects') continue;
    for (const m of c.evaluation.allows) {
      for (const item of m.statement.action?.items ?? []) {
        if (item.value === '*' || !hasWildcard(item.value) || !matches(compile(item.value.toLowerCase()), c.requirement.action.toLowerCase())) continue;
        const entry = byItem.get(item.node) ?? { value: item.value, actions: new Set<string>() };
        entry.actions.add(`\`${c.requirement.action}\``);
        byItem.set(item.node, entry);
      }
    }
  }
  return [...byItem].map(([node, { value, actions }]) => ({
    ruleId: 'iam-get-wildcard-ok',
    severity: 'info',
    offset: node.offset,
    length: node.length,
    message: `\`${value}\` already includes ${listText([...actions])}, which replication needs on the source objects. It also allows every other action it matches; for least privilege, list the replication actions instead.`,
  }));
}
