/**
 * Section (c): the replication role's trust policy. S3 must be able to assume the role
 * (`Service: s3.amazonaws.com`, `sts:AssumeRole`); otherwise every object fails with
 * AssumeRoleNotPermitted. Only trust policies that are about replication are judged: those naming
 * an S3 service principal (or a near miss), those of a configuration's role, and trust policy files
 * beside a configuration that trust no other service.
 */
import { JsonDocument } from '../../document';
import { replaceSpanFix, setValueFix } from '../../fixes';
import { relatedList } from '../../related';
import { Workspace } from '../../rule';
import { DOCS } from '../../sources';
import { configsForTrustPolicy, fileNameOf, folderOf, policyRoleName, workspaceIndex } from '../../iam/associate';
import { compile, matches } from '../../iam/pattern';
import { actionApplies, evaluate } from '../../iam/evaluate';
import { PolicyView, policyView, ValueItem } from '../../iam/policy';
import { editDistance } from '../../iam/suggest';
import { appendStatementFix, perAnalysis, policyAnchor, policyRule, related, statementAnchor } from './common';

const S3 = 's3.amazonaws.com';
const BATCH = 'batchoperations.s3.amazonaws.com';
const ACCEPTED = new Set([S3, BATCH, 's3.amazonaws.com.cn', 'batchoperations.s3.amazonaws.com.cn']);

/** The S3 principal a misspelled value was meant to be, if it is a near miss. */
export function s3PrincipalMeant(value: string): string | undefined {
  const v = value.trim().toLowerCase();
  if (ACCEPTED.has(value)) return undefined;
  if (ACCEPTED.has(v)) return v;
  // Only the domain part can be misspelled: `ec2.amazonaws.com` is two edits from S3's, and right.
  if (/^batch/.test(v) && (editDistance(v, BATCH, 5) <= 5 || /\.s3\./.test(v))) return BATCH;
  if (v.startsWith('s3.') && editDistance(v, S3, 5) <= 5) return S3;
  return undefined;
}

function services(view: PolicyView): ValueItem[] {
  return view.statements.flatMap((s) => [...(s.principal?.service ?? []), ...(s.notPrincipal?.service ?? [])]);
}

/** Is this trust policy the replication role's? See the file comment for the signals used. */
const isReplicationTrust = perAnalysis((doc: JsonDocument, ws: Workspace): boolean => {
  const view = policyView(doc);
  if (!view) return false;
  const named = services(view);
  if (named.some((s) => ACCEPTED.has(s.value) || s3PrincipalMeant(s.value) !== undefined)) return true;
  const { configs, byName } = configsForTrustPolicy(doc, ws);
  return configs.length > 0 && (byName || (named.length === 0 && /trust|assume|replication/i.test(fileNameOf(doc.uri))));
});

function trustRule(def: Parameters<typeof policyRule>[0]) {
  return policyRule({
    ...def,
    kinds: ['trust-policy'],
    check(ctx, view) {
      if (isReplicationTrust(ctx.doc, ctx.workspace)) def.check(ctx, view);
    },
  });
}

const assumeBy = (view: PolicyView, service: string) => evaluate([view], { action: 'sts:AssumeRole', resource: '*', principal: { service } });

export const trustS3ServicePrincipal = trustRule({
  id: 'trust-s3-service-principal',
  severity: 'error',
  evidence: 'D',
  summary: 'The replication role must trust `s3.amazonaws.com` (a misspelling such as `s3.amazon.com` trusts nobody).',
  docUrl: DOCS.UG_PERM,
  check(ctx, view) {
    const misspelled = services(view).filter((s) => s3PrincipalMeant(s.value));
    for (const s of misspelled) {
      const meant = s3PrincipalMeant(s.value) as string;
      ctx.report({
        node: s.node,
        message: `"${s.value}" is not a service principal; S3's is "${meant}". No service can use this trust, so S3 cannot assume the role and every object fails with AssumeRoleNotPermitted.`,
        fixes: [replaceSpanFix(ctx.doc, s.node.offset, s.node.length, JSON.stringify(meant), `Change to "${meant}"`, true)],
      });
    }
    if (misspelled.length > 0) return;
    const names = services(view).map((s) => s.value);
    // A Batch Operations job role needs no live-replication trust.
    if (names.includes(BATCH) && !names.includes(S3)) return;
    const decision = assumeBy(view, S3).decision;
    if ((decision !== 'implicit-deny' && decision !== 'conditional-deny') || view.statements.some((s) => s.effect === 'Allow' && s.principal?.service.some((p) => p.value === S3))) return;
    ctx.report({
      ...policyAnchor(view),
      message: `No statement lets \`${S3}\` assume this role, so S3 cannot use it: every object fails with AssumeRoleNotPermitted. Add a statement allowing \`sts:AssumeRole\` for the service principal \`${S3}\`.`,
      fixes: [
        appendStatementFix(ctx.doc, { Effect: 'Allow', Principal: { Service: S3 }, Action: 'sts:AssumeRole' }, `Allow ${S3} to assume the role`),
      ],
    });
  },
});

export const trustActionAssumeRole = trustRule({
  id: 'trust-action-assume-role',
  severity: 'error',
  evidence: 'D',
  summary: 'The statement trusting `s3.amazonaws.com` must allow `sts:AssumeRole`.',
  docUrl: DOCS.UG_PERM,
  check(ctx, view) {
    for (const s of view.statements) {
      if (s.effect !== 'Allow' || !s.principal?.service.some((p) => p.value === S3 || p.value === BATCH)) continue;
      if (actionApplies(s, 'sts:AssumeRole')) continue;
      const list = s.action ?? s.notAction;
      ctx.report({
        ...(list ? { node: list.key } : statementAnchor(s)),
        message: 'This statement trusts the S3 service but does not allow `sts:AssumeRole`, the only action S3 uses to take the role: replication fails with AssumeRoleNotPermitted. Use `"Action": "sts:AssumeRole"`.',
        fixes: s.notAction ? [] : [setValueFix(ctx.doc, [...s.path, 'Action'], 'sts:AssumeRole', 'Use "Action": "sts:AssumeRole"', true)],
      });
    }
  },
});

/**
 * The permission policy showing that the role runs S3 Batch Replication jobs: it allows
 * `s3:InitiateReplication`, which only Batch Replication uses. The role's own policies (same role
 * name, as live documents and `get-role` output say) or, for files that name no role, a policy file
 * in the same folder (a guess). Broad grants (`*`, `s3:*`) say nothing about what a role is for.
 */
const batchJobEvidence = perAnalysis((doc: JsonDocument, ws: Workspace): { policy: JsonDocument; node: ValueItem['node']; byName: boolean } | undefined => {
  const role = policyRoleName(doc)?.toLowerCase();
  for (const policy of workspaceIndex(ws).permissionPolicies) {
    const other = policyRoleName(policy)?.toLowerCase();
    const byName = role !== undefined && other === role;
    if (!byName && !(role === undefined && other === undefined && folderOf(policy.uri) === folderOf(doc.uri))) continue;
    for (const s of policyView(policy)?.statements ?? []) {
      if (s.effect !== 'Allow') continue;
      const item = s.action?.items.find((a) => {
        const v = a.value.toLowerCase();
        return v !== '*' && v !== 's3:*' && matches(compile(v), 's3:initiatereplication');
      });
      if (item) return { policy, node: item.node, byName };
    }
  }
  return undefined;
});

export const trustBatchPrincipal = trustRule({
  id: 'trust-batch-principal',
  severity: 'error',
  evidence: 'D',
  summary: 'A role that runs S3 Batch Replication jobs (its policy allows `s3:InitiateReplication`) must trust `batchoperations.s3.amazonaws.com`.',
  docUrl: DOCS.UG_BATCH_IAM,
  check(ctx, view) {
    const names = services(view).map((s) => s.value);
    if (names.includes(BATCH) || !names.includes(S3)) return;
    // Live replication needs only S3's principal: without a sign of Batch Replication this role is fine as it is.
    const evidence = batchJobEvidence(ctx.doc, ctx.workspace);
    if (!evidence) return;
    const statement = view.statements.find((s) => s.effect === 'Allow' && s.principal?.service.some((p) => p.value === S3));
    const node = statement?.principal?.service.find((p) => p.value === S3)?.node;
    if (!statement || !node) return;
    const path = [...statement.path, 'Principal', 'Service'];
    ctx.report({
      node,
      message:
        `This role's permission policy allows \`s3:InitiateReplication\`, so it runs S3 Batch Replication jobs, but only "${S3}" may assume it: ` +
        `Batch Operations cannot take the role and the job fails. Add "${BATCH}" beside "${S3}".`,
      related: [related(evidence.policy, evidence.node, 'S3 Batch Replication uses this grant')],
      // A policy file that names no role is tied to this trust policy only by its folder: never applied by --fix.
      fixes: [setValueFix(ctx.doc, path, [...(statement.principal?.service ?? []).map((p) => p.value), BATCH], `Also trust ${BATCH}`, evidence.byName)],
    });
  },
});

export const trustConditions = trustRule({
  id: 'trust-conditions',
  severity: 'warning',
  evidence: 'U',
  summary: 'Conditions on the S3 trust statement: S3 may not supply the keys they test, and then it cannot assume the role.',
  docUrl: DOCS.UG_PERM,
  check(ctx, view) {
    for (const s of view.statements) {
      if (s.effect !== 'Allow' || !s.condition || !s.principal?.service.some((p) => p.value === S3)) continue;
      const key = s.condition.parent?.children?.[0];
      ctx.report({
        ...(key ? { node: key } : statementAnchor(s)),
        message:
          `This trust statement adds conditions (${[...new Set(s.conditions.map((c) => c.key))].join(', ')}). AWS's replication trust policies have none, and which condition keys S3 supplies when it assumes the replication role is not documented; ` +
          'a condition on a key S3 does not send fails, and every object then fails with AssumeRoleNotPermitted. Test replication after adding conditions, or keep the documented form.',
      });
    }
  },
});

export const trustExplicitDeny = trustRule({
  id: 'trust-explicit-deny',
  severity: 'error',
  evidence: 'D',
  summary: 'A Deny in the trust policy stops S3 from assuming the role.',
  docUrl: DOCS.UG_FAIL,
  check(ctx, view) {
    const denies = assumeBy(view, S3).denies;
    const overridden = denies.length > 0 ? view.statements.filter((o) => o.effect === 'Allow' && o.principal?.service.some((p) => p.value === S3)) : [];
    for (const m of denies) {
      const s = m.statement;
      ctx.report({
        ...(s.action?.key ? { node: s.action.key } : statementAnchor(s)),
        severity: m.conditional ? 'warning' : undefined,
        message: m.conditional
          ? 'This Deny may stop `s3.amazonaws.com` from assuming the role, depending on conditions the documents cannot settle; if it applies, every object fails with AssumeRoleNotPermitted. Scope it so it cannot match S3.'
          : 'This Deny stops `s3.amazonaws.com` from assuming the role, whatever the Allow statements say: every object fails with AssumeRoleNotPermitted. Remove it or scope it away from S3.',
        related: relatedList(overridden, (o) => related(ctx.doc, statementAnchor(o), 'the Allow it overrides')),
      });
    }
  },
});
