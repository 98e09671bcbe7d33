/**
 * "Fix this finding" on a document fetched from AWS: the engine's own fix, applied to the fetched
 * text, then written back with the API that owns the document. For a replication configuration the
 * result goes through the same plan as any other PutBucketReplication (diff, kept rules, refusal on
 * errors); S3 rejects a configuration while any error remains, so the preferred fixes of the other
 * errors in it are applied too, and the plan says which.
 */
import { analyze } from '../analyze';
import { DocumentInput } from '../document';
import { LiveFacts } from '../facts';
import { Finding, Fix } from '../findings';
import { applyNonOverlapping, applyTextEdits } from '../fixes';
import { planPutReplication, PutConfigRequest } from './configPlan';
import { isShortened, listSome } from './listText';
import { policyLosses } from './policyLoss';
import { refusedPlan, WritePlan } from './writePlan';

export type LiveTarget =
  | { kind: 'replication'; bucket: string; region?: string }
  | { kind: 'trust'; role: string }
  | { kind: 'inline'; role: string; policy: string }
  | { kind: 'managed'; role: string; policy: string };

export interface LiveFixRequest {
  /** Every document the finding was found among (configuration and role policies), as fetched. */
  documents: readonly DocumentInput[];
  facts?: LiveFacts;
  finding: Pick<Finding, 'uri' | 'ruleId' | 'offset' | 'length'>;
  /** The fix to apply, by title; the finding's preferred (else first) fix by default. */
  fixTitle?: string;
  /** Where the finding's document lives in AWS. */
  target: LiveTarget;
  format?: PutConfigRequest['format'];
}

/** Rounds of "apply the other errors' fixes": each round may uncover what the previous one hid. */
const MAX_ROUNDS = 5;

function pickFix(f: Finding, title: string | undefined): Fix | undefined {
  const fixes = f.fixes ?? [];
  return title !== undefined ? fixes.find((x) => x.title === title) : (fixes.find((x) => x.preferred) ?? fixes[0]);
}

export function planLiveFix(req: LiveFixRequest): WritePlan {
  const { documents, facts, finding } = req;
  const title = `Fix ${finding.ruleId} in AWS`;
  const analysis = analyze(documents, { facts });
  const same = analysis.findings.filter((f) => f.uri === finding.uri && f.ruleId === finding.ruleId);
  const found = same.find((f) => f.offset === finding.offset && f.length === finding.length) ?? (same.length === 1 ? same[0] : undefined);
  if (!found) return refusedPlan(title, `The finding ${finding.ruleId} is no longer reported on the live document: it changed since it was read. Refresh the bucket and try again.`);
  const fix = pickFix(found, req.fixTitle);
  if (!fix) return refusedPlan(title, `${finding.ruleId} has no automatic fix${req.fixTitle ? ` named "${req.fixTitle}"` : ''}.`);
  const doc = analysis.documents.find((d) => d.uri === finding.uri);
  if (!doc) return refusedPlan(title, 'The document of the finding is not among the fetched documents.');
  const fixTitle = `${title}: ${fix.title}`;
  let text = applyTextEdits(doc.text, fix.edits());
  const target = req.target;

  if (target.kind === 'managed') {
    return refusedPlan(
      fixTitle,
      `${target.policy} is an attached managed policy: it can be shared with other roles and is versioned, so this extension does not rewrite it. Use "Repair the replication role" to add what is missing to an inline policy of ${target.role} instead.`,
    );
  }
  if (target.kind === 'trust' || target.kind === 'inline') {
    const losses = policyLosses(doc.text, text).map((l) => `${l}, changed by the fix "${fix.title}"`);
    const step =
      target.kind === 'trust'
        ? { api: 'UpdateAssumeRolePolicy' as const, title: fixTitle, roleName: target.role, trustPolicy: text, before: doc.text, after: text, previewName: 'trust-policy.json' }
        : { api: 'PutRolePolicy' as const, title: fixTitle, roleName: target.role, policyName: target.policy, policy: text, before: doc.text, after: text, previewName: `${target.policy}.json` };
    return { title: fixTitle, steps: [step], warnings: [], losses };
  }

  const also: string[] = [];
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const others = analyze([...documents.filter((d) => d.uri !== doc.uri), { uri: doc.uri, text, kind: doc.kind, live: doc.live }], { facts, targets: new Set([doc.uri]) }).findings;
    const fixes = others.filter((f) => f.severity === 'error').flatMap((f) => {
      const x = pickFix(f, undefined);
      return x ? [{ f, x }] : [];
    });
    if (fixes.length === 0) break;
    const applied = applyNonOverlapping(text, fixes.map((p) => p.x));
    if (applied.applied === 0) break;
    text = applied.text;
    also.push(...fixes.map((p) => `${p.f.ruleId}: ${p.x.title}`));
  }
  const plan = planPutReplication({ bucket: target.bucket, region: target.region, text, uri: doc.uri, live: doc.text, facts, format: req.format });
  const others = [...new Set(also)];
  const warnings = others.length > 0 ? [`S3 rejects a configuration while any error remains, so these fixes are applied too: ${listSome(others, undefined, '; ')}.`, ...plan.warnings] : plan.warnings;
  const details = [...(plan.details ?? []), ...(isShortened(others) ? ['Fixes applied too:', ...others.map((o) => `  ${o}`)] : [])];
  return { ...plan, title: fixTitle, steps: plan.steps.map((s) => ({ ...s, title: fixTitle })), warnings, ...(details.length ? { details } : {}) };
}
