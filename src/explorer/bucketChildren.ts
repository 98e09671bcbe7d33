/**
 * What a bucket shows when expanded: its problems (the engine's findings), versioning, each rule with
 * its destination's region and versioning, and the role with its trust and permission policies.
 */
import { prerequisiteOf } from '../core/live/prerequisites';
import { ruleById } from '../core/rules';
import type { Finding, Severity } from '../core/findings';
import { severityRank } from '../core/findings';
import type { AwsFailure, DestinationState, LiveDocument, RoleState } from '../aws/types';
import type { BucketEntry } from './bucketsModel';
import type { BucketReport } from './diagnose';
import { failureText } from './healthSummary';
import { detail, findingLabel, firstSentence, message, type NodeIcon, type TreeNode } from './nodes';
import { ruleSummaries, type RuleSummary } from './ruleSummary';
import { countReasons } from '../core/live/failureEvents';
import { sinceText } from '../core/live/telemetry';
import { bucketTelemetryNodes, eventsOfRule, ruleTelemetryChildren, ruleTelemetryText, ruleTelemetryTooltip } from './telemetryNodes';

const SEVERITY_ICON: Record<Severity, NodeIcon> = {
  error: { id: 'error', color: 'error' },
  warning: { id: 'warning', color: 'warning' },
  info: { id: 'info', color: 'info' },
};
const OK_ICON: NodeIcon = { id: 'pass', color: 'ok' };

function worst(findings: readonly Finding[]): Severity | undefined {
  return findings.reduce<Severity | undefined>((w, f) => (w === undefined || severityRank(f.severity) > severityRank(w) ? f.severity : w), undefined);
}

/** `2 problems`, `1 problem`, `no problems` (the node's icon says how bad); info findings are notes, not problems. */
function problemsText(findings: readonly Finding[]): string {
  const problems = findings.filter((f) => f.severity !== 'info');
  if (problems.length === 0) return 'no problems';
  return `${problems.length} problem${problems.length > 1 ? 's' : ''}`;
}

function iconFor(findings: readonly Finding[]): NodeIcon {
  const w = worst(findings.filter((f) => f.severity !== 'info'));
  return w ? SEVERITY_ICON[w] : OK_ICON;
}

function failureNode(id: string, label: string, f: AwsFailure, severity: 'error' | 'warning'): TreeNode {
  return {
    id,
    kind: 'failure',
    label,
    description: failureText(f),
    tooltip: `**${f.operation}** ${f.target ? `on \`${f.target}\` ` : ''}failed: \`${f.code}\`\n\n${f.message}`,
    icon: SEVERITY_ICON[severity],
    contextValue: 'failure',
    collapsible: 'none',
  };
}

export function findingNode(id: string, f: Finding, doc: LiveDocument | undefined, source: string): TreeNode {
  const rule = ruleById(f.ruleId);
  const fix = f.fixes?.[0];
  // Versioning is fixed on the bucket, not in the document: the node offers Enable Versioning instead.
  const versioning = doc?.kind === 'replication-config' ? prerequisiteOf(f, doc.text, source) : undefined;
  const lines = [`**${f.ruleId}** (${f.severity})`, f.message];
  if (doc) lines.push(`In: ${doc.title}`);
  if (fix) lines.push(`Fix: ${fix.title}. Open the document to apply it as a quick fix.`);
  if (versioning) lines.push(`Fix: *Enable Versioning…* on ${versioning.bucket} (inline action).`);
  if (rule?.docUrl) lines.push(`[AWS documentation](${rule.docUrl})`);
  return {
    id,
    kind: 'finding',
    // Labels are short plain text; the tooltip (markdown) has the whole message.
    label: findingLabel(f.message),
    description: fix || versioning ? `${f.ruleId} · fix available` : f.ruleId,
    tooltip: lines.join('\n\n'),
    icon: SEVERITY_ICON[f.severity],
    contextValue: fix ? 'findingWithFix' : versioning ? 'versioningFinding' : 'finding',
    collapsible: 'none',
    open: { uri: f.uri, offset: f.offset, length: f.length },
    ...(versioning ? { versioning: { bucket: versioning.bucket, side: versioning.side } } : {}),
  };
}

/** Errors and warnings, expanded; info findings go to a collapsed "Notes" group so problems stand out. */
function findingGroups(base: string, report: BucketReport): TreeNode[] {
  const byUri = new Map(report.live.documents.map((d) => [d.uri, d]));
  const problems = report.findings.filter((f) => f.severity !== 'info').sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
  const notes = report.findings.filter((f) => f.severity === 'info');
  const out: TreeNode[] = [];
  if (problems.length > 0) {
    out.push({
      id: `${base}/problems`,
      kind: 'problems',
      label: 'Problems',
      description: problemsText(problems),
      icon: iconFor(problems),
      contextValue: 'problems',
      collapsible: 'expanded',
      children: problems.map((f, i) => findingNode(`${base}/problems/${i}`, f, byUri.get(f.uri), report.live.bucket.name)),
    });
  }
  if (notes.length > 0) {
    out.push({
      id: `${base}/notes`,
      kind: 'problems',
      label: 'Notes',
      description: String(notes.length),
      icon: SEVERITY_ICON.info,
      contextValue: 'notes',
      collapsible: 'collapsed',
      children: notes.map((f, i) => findingNode(`${base}/notes/${i}`, f, byUri.get(f.uri), report.live.bucket.name)),
    });
  }
  return out;
}

function destinationText(rule: RuleSummary, destinations: readonly DestinationState[], source: string, sourceAccount: string | undefined): { text: string; icon?: NodeIcon; tooltip?: string } {
  if (!rule.destinationBucket) return { text: rule.destinationText ? `not a bucket ARN: ${rule.destinationText}` : 'not set', icon: SEVERITY_ICON.error };
  if (rule.destinationBucket === source) return { text: 'the source bucket itself', icon: SEVERITY_ICON.error };
  const d = destinations.find((x) => x.name === rule.destinationBucket);
  if (!d) return { text: 'not checked' };
  if (d.exists === false) return { text: 'does not exist', icon: SEVERITY_ICON.error };
  // The account and Object Ownership matter when the destination is another account's (owner override, replica owners).
  const crossAccount = d.account !== sourceAccount;
  const parts = [
    ...(crossAccount ? [d.account ? `account ${d.account}` : 'account unknown'] : []),
    d.region ?? 'region unknown',
    d.versioning ? `versioning ${d.versioning}` : d.failures[0] ? failureText(d.failures[0]) : 'versioning unknown',
  ];
  if (d.objectLock) parts.push('Object Lock');
  if (d.requesterPays) parts.push('Requester Pays');
  if (crossAccount && d.ownership) parts.push(d.ownership);
  const tooltip = [`Read with ${d.via ?? 'the view\'s profile'}.`, ...unknowns(d).map((u) => `Unknown: ${u}`)].join('\n\n');
  return { text: parts.join(' · '), tooltip };
}

/** What could not be read about a destination, and why: shown, never taken as a pass. */
function unknowns(d: DestinationState): string[] {
  return d.failures.map((f) => `${READ_LABEL[f.operation] ?? f.operation}, because ${f.message}`);
}

/** Documents of the rule's other side: the destination's bucket policy and the replica key's policy. */
function otherSideDocuments(rule: RuleSummary, report: BucketReport): LiveDocument[] {
  return report.live.documents.filter((d) => (d.live?.bucketPolicyOf !== undefined && d.live.bucketPolicyOf === rule.destinationBucket) || (d.live?.keyArn !== undefined && report.live.keys?.some((k) => k.facts?.arn === d.live?.keyArn && k.use === 'replica' && k.ref === rule.replicaKey)));
}

function ruleNode(base: string, rule: RuleSummary, report: BucketReport, configUri: string, observing: boolean): TreeNode {
  const id = `${base}/rule:${rule.index}`;
  const other = new Set(otherSideDocuments(rule, report).map((d) => d.uri));
  // A finding on the destination's bucket policy or the replica key's policy is the rule's problem too.
  const inRule = report.findings.filter((f) => f.severity !== 'info' && ((f.uri === configUri && f.offset >= rule.offset && f.offset < rule.offset + rule.length) || other.has(f.uri)));
  const dest = destinationText(rule, report.live.destinations, report.live.bucket.name, report.live.account);
  const destName = rule.destinationBucket ?? rule.destinationText ?? '?';
  const open = { uri: configUri, offset: rule.offset, length: rule.length };
  const o = report.observations;
  const telemetry = o?.rules[rule.index];
  const reasons = countReasons(eventsOfRule(o?.capture?.events, rule.id));
  const window = o ? sinceText(o.window.sinceMs) : '24 h';
  const status = ruleTelemetryText(telemetry, observing);
  const bucket = report.live.bucket.name;
  const tooltip = [`**${rule.id ?? `Rule ${rule.index + 1}`}** → \`${destName}\``, ...ruleTelemetryTooltip(telemetry, reasons, window)];
  return {
    id,
    kind: 'rule',
    label: rule.id ?? `Rule ${rule.index + 1}`,
    description: [rule.status ?? 'no status', rule.priority !== undefined ? `priority ${rule.priority}` : undefined, rule.filter, `→ ${destName}`, status.text || undefined].filter(Boolean).join(' · '),
    tooltip: tooltip.join('\n\n'),
    icon: status.failing ? SEVERITY_ICON.error : inRule.length > 0 ? iconFor(inRule) : rule.status === 'Enabled' ? OK_ICON : { id: 'circle-slash' },
    contextValue: status.failing ? 'ruleFailing' : telemetry?.none === 'metrics-off' ? 'ruleWithoutMetrics' : 'rule',
    collapsible: 'collapsed',
    bucket,
    open,
    children: [
      ...ruleTelemetryChildren(id, bucket, telemetry, reasons, window),
      detail(`${id}/status`, 'Status', rule.status ?? 'not set'),
      detail(`${id}/priority`, 'Priority', rule.priority !== undefined ? String(rule.priority) : 'not set'),
      detail(`${id}/filter`, 'Filter', rule.filter),
      {
        ...detail(`${id}/destination`, `Destination ${destName}`, dest.text, dest.icon),
        ...(dest.tooltip ? { tooltip: dest.tooltip } : {}),
        bucket: report.live.bucket.name,
        destination: rule.destinationBucket,
        keyRef: rule.replicaKey,
        contextValue: rule.destinationBucket ? 'destination' : 'detail',
      },
      ...destinationUnknowns(id, rule, report),
      detail(`${id}/deleteMarkers`, 'Delete marker replication', rule.deleteMarkers ?? 'not set'),
      ...inRule.map((f, i) => findingNode(`${id}/finding:${i}`, f, report.live.documents.find((d) => d.uri === f.uri), report.live.bucket.name)),
    ],
  };
}

/** "Unknown, because …" nodes for what could not be read on the rule's other side (destination, replica key). */
function destinationUnknowns(id: string, rule: RuleSummary, report: BucketReport): TreeNode[] {
  const d = report.live.destinations.find((x) => x.name === rule.destinationBucket);
  const key = report.live.keys?.find((k) => k.ref === rule.replicaKey);
  const failures = [...(d?.failures ?? []), ...(key?.failures ?? [])];
  return failures.map((f, i) => ({
    ...failureNode(`${id}/unknown:${i}`, `Unknown: ${READ_LABEL[f.operation] ?? f.operation}`, f, 'warning'),
    description: `not checked, because ${firstSentence(f.message)}`,
    tooltip: `**${f.operation}** ${f.target ? `on \`${f.target}\` ` : ''}failed${f.via ? ` (${f.via})` : ''}: \`${f.code}\`\n\n${f.message}\n\nThe rules that need it did not run: this is not a pass.`,
    contextValue: f.code === 'NoProfileForAccount' ? 'unmappedAccount' : 'failure',
    account: f.code === 'NoProfileForAccount' ? f.target : undefined,
  }));
}

function documentNode(id: string, doc: LiveDocument, report: BucketReport, bucket: string): TreeNode {
  const own = report.findings.filter((f) => f.uri === doc.uri);
  const problems = own.filter((f) => f.severity !== 'info');
  return {
    id,
    kind: 'document',
    label: doc.title,
    description: problemsText(own),
    icon: iconFor(own),
    tooltip: `Open ${doc.title} as fetched from AWS (read-only).`,
    contextValue: 'liveDocument',
    collapsible: problems.length ? 'collapsed' : 'none',
    bucket,
    open: { uri: doc.uri },
    children: problems.map((f, i) => findingNode(`${id}/finding:${i}`, f, doc, bucket)),
  };
}

function roleNode(base: string, role: RoleState, report: BucketReport): TreeNode {
  const id = `${base}/role`;
  const bucket = report.live.bucket.name;
  const docs = [...(role.trust ? [role.trust] : []), ...role.policies];
  const own = report.findings.filter((f) => docs.some((d) => d.uri === f.uri));
  let description: string;
  let icon: NodeIcon;
  if (role.exists === false) [description, icon] = ['does not exist', SEVERITY_ICON.error];
  else if (role.exists === undefined) [description, icon] = [role.failures[0] ? failureText(role.failures[0]) : 'not checked', SEVERITY_ICON.warning];
  else [description, icon] = [problemsText(own), iconFor(own)];
  return {
    id,
    kind: 'role',
    label: `Role ${role.name}`,
    description,
    icon,
    tooltip: role.arn ? `\`${role.arn}\`` : undefined,
    contextValue: role.exists ? 'role' : 'roleUnavailable',
    collapsible: 'collapsed',
    bucket,
    ...(role.exists && role.arn ? { role: { name: role.name, arn: role.arn } } : {}),
    children: [
      ...(role.trust ? [documentNode(`${id}/trust`, role.trust, report, bucket)] : []),
      ...role.policies.map((p, i) => documentNode(`${id}/policy:${i}`, p, report, bucket)),
      ...(role.exists && role.policies.length === 0 ? [detail(`${id}/none`, 'No permission policies', 'S3 cannot read or replicate anything', SEVERITY_ICON.error)] : []),
      ...role.failures.map((f, i) => failureNode(`${id}/failure:${i}`, f.operation, f, 'warning')),
    ],
  };
}

export function bucketChildren(entry: BucketEntry): TreeNode[] {
  const base = `bucket:${entry.bucket.name}`;
  const out: TreeNode[] = [];
  if (entry.error) out.push(message(`${base}/error`, `Check failed: ${entry.error}`, SEVERITY_ICON.error));
  const report = entry.report;
  if (!report) return out.length ? out : [message(`${base}/unchecked`, 'Not checked yet', { id: 'loading~spin' })];
  const { live } = report;

  const healthy = live.replication.ok && live.replication.value.configured && live.failures.length === 0 && report.health.problems === 0;
  if (healthy) out.push(detail(`${base}/healthy`, 'No problems found', undefined, OK_ICON));
  out.push(...findingGroups(base, report));

  if (live.versioning.ok) out.push(detail(`${base}/versioning`, 'Versioning', live.versioning.value, { id: 'history' }));
  else if (live.replication.ok || live.versioning.failure !== live.replication.failure) out.push(failureNode(`${base}/versioning`, 'Versioning', live.versioning.failure, 'warning'));

  if (!live.replication.ok) out.push(failureNode(`${base}/replication`, 'Replication configuration', live.replication.failure, 'error'));
  else if (!live.replication.value.configured) out.push(detail(`${base}/replication`, 'Replication', 'not configured', { id: 'circle-slash' }));
  else {
    const configDoc = live.replication.value.document;
    const parsed = report.documents.find((d) => d.uri === configDoc.uri);
    const rules = ruleSummaries(parsed);
    out.push({
      id: `${base}/rules`,
      kind: 'rules',
      label: 'Replication rules',
      description: String(rules.length),
      icon: { id: 'list-tree' },
      tooltip: 'Open the replication configuration as fetched from AWS (read-only).',
      contextValue: 'rules',
      collapsible: 'expanded',
      bucket: live.bucket.name,
      open: { uri: configDoc.uri },
      children: rules.map((r) => ruleNode(base, r, report, configDoc.uri, entry.observing === true)),
    });
    const notification = live.notification;
    out.push(
      ...bucketTelemetryNodes(
        base,
        live.bucket.name,
        report.observations,
        notification ? (notification.ok ? { ok: true, capture: notification.value.capture } : { ok: false, failure: notification.failure }) : undefined,
        rules.map((r) => r.id),
      ),
    );
  }
  if (live.role) out.push(roleNode(base, live.role, report));
  // SCPs and RCPs are only readable from the management or a delegated administrator account: say they were not checked.
  if (live.guardrailsNote) out.push(detail(`${base}/guardrails`, 'SCPs and RCPs', 'not checked', { id: 'question' }, { tooltip: live.guardrailsNote }));
  else if (live.guardrailsNone) out.push(detail(`${base}/guardrails`, 'SCPs and RCPs', 'none apply (no organization)', OK_ICON, { tooltip: live.guardrailsNone }));
  else if (live.guardrails?.length) out.push(detail(`${base}/guardrails`, 'SCPs and RCPs', `${live.guardrails.length} read`, { id: 'organization' }));
  const shown = new Set([live.replication.ok ? undefined : live.replication.failure, live.versioning.ok ? undefined : live.versioning.failure, ...(live.role?.failures ?? [])]);
  live.failures.filter((f) => !shown.has(f)).forEach((f, i) => out.push(failureNode(`${base}/failure:${i}`, READ_LABEL[f.operation] ?? f.operation, f, 'warning')));
  return out;
}

const READ_LABEL: Record<string, string> = {
  GetBucketOwnershipControls: 'Object ownership',
  GetObjectLockConfiguration: 'Object Lock',
  GetBucketLocation: 'Region',
  GetBucketVersioning: 'Versioning',
  GetBucketRequestPayment: 'Requester Pays',
  GetBucketPolicy: 'Bucket policy',
  GetBucketEncryption: 'Default encryption',
  DescribeKey: 'Replica key',
  GetKeyPolicy: 'Key policy',
  AccountAccess: 'Account',
  AssumeRole: 'Account',
  GetCallerIdentity: 'Account',
};
