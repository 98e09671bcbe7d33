/**
 * The words of every write: the modal confirmation (account, identity, region, resource, exact API
 * call, what is deleted, what it costs) and the audit line. Plain functions, no `vscode`: the texts
 * are tested directly.
 */
import type { AuditEntry } from '../aws/writes/execute';
import { stepTarget, type WritePlan, type WriteStep } from '../core/live/writePlan';
import { capLines, capText, DETAIL_LIMIT, MESSAGE_LIMIT, OUTPUT_CHANNEL } from './shortText';

export interface Who {
  account: string;
  arn: string;
}

export interface ConfirmText {
  message: string;
  detail: string;
  /** The label of the button that writes; absent in dry-run mode (preview only). */
  button?: string;
  /** Lines the dialog only summarises: the caller writes them to the output channel. */
  logged: string[];
}

/** IAM calls: no Region (IAM is global). */
const GLOBAL = new Set<WriteStep['api']>(['CreateRole', 'UpdateAssumeRolePolicy', 'PutRolePolicy']);

/** `PutBucketReplication on bucket source-bucket in us-east-1`; IAM is global. */
export function callLine(step: WriteStep, homeRegion: string): string {
  const where = 'region' in step || !GLOBAL.has(step.api) ? `in ${('region' in step ? step.region : undefined) ?? homeRegion}` : '(IAM, global)';
  return `${step.api} on ${stepTarget(step)} ${where}`;
}

/**
 * The dialog holds at most a few thousand characters whatever the plan: long lists show their first
 * lines and a count, long sentences their start; `logged` holds everything left out.
 */
export function confirmation(plan: WritePlan, who: Who, options: { homeRegion: string; dryRun: boolean; endpoint?: string }): ConfirmText {
  const logged: string[] = [];
  const calls = plan.steps.map((s, i) => `${i + 1}. ${callLine(s, options.homeRegion)}`);
  const shownCalls = capLines(calls, undefined, '');
  const losses = capLines(plan.losses.map((l) => `- ${l}`));
  if (shownCalls.cut) logged.push(`${plan.title}: AWS calls, in this order:`, ...calls);
  if (losses.cut) logged.push(`${plan.title}: this deletes:`, ...plan.losses.map((l) => `- ${l}`));
  const lines = [
    `Account ${who.account}, as ${who.arn}${options.endpoint ? `, through the endpoint ${options.endpoint}` : ''}.`,
    '',
    plan.steps.length === 1 ? 'AWS call:' : 'AWS calls, in this order:',
    ...shownCalls.lines,
  ];
  if (plan.losses.length > 0) lines.push('', 'This deletes:', ...losses.lines);
  if (plan.warnings.length > 0) lines.push('', ...plan.warnings.map((w) => capText(w, MESSAGE_LIMIT).text));
  if (plan.warnings.some((w) => capText(w, MESSAGE_LIMIT).cut)) logged.push(...plan.warnings);
  if (plan.details?.length) {
    logged.push(...plan.details);
    lines.push('', `The full lists are in the "${OUTPUT_CHANNEL}" output channel.`);
  }
  lines.push('', options.dryRun ? 'Dry run (s3ReplicationDoctor.dryRun): nothing will be written.' : 'The diff editor shows each document as it is now and as it will be written.');
  const message = capText(`${options.dryRun ? 'Dry run: ' : ''}${plan.title}?`, MESSAGE_LIMIT).text;
  const detail = capText(lines.join('\n'), DETAIL_LIMIT);
  if (detail.cut) logged.push(lines.join('\n'));
  if (options.dryRun) return { message, detail: detail.text, logged };
  return { message, detail: detail.text, button: plan.losses.length > 0 ? 'Apply and Delete' : 'Apply', logged };
}

/** One line per AWS call for the log: what, where, the outcome and the request id; never a document or a credential. */
export function auditLine(a: AuditEntry): string {
  const outcome = a.outcome === 'ok' ? 'done' : `failed (${a.code ?? 'error'})`;
  return `${a.api} on ${a.target}, account ${a.account}, ${a.region}: ${outcome}${a.requestId ? `, request id ${a.requestId}` : ''}`;
}
