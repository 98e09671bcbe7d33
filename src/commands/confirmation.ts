/**
 * The words of every write: the modal confirmation (account, identity, region, resource, exact API
 * call, what is deleted, what it costs) and the audit line. Plain functions, no `vscode`: the texts
 * are tested directly.
 */
import type { AuditEntry } from '../aws/writes/execute';
import { stepTarget, type WritePlan, type WriteStep } from '../core/live/writePlan';

export interface Who {
  account: string;
  arn: string;
}

export interface ConfirmText {
  message: string;
  detail: string;
  /** The label of the button that writes; absent in dry-run mode (preview only). */
  button?: string;
}

/** `PutBucketReplication on bucket source-bucket in us-east-1`; IAM is global. */
export function callLine(step: WriteStep, homeRegion: string): string {
  const where = step.api === 'PutBucketVersioning' || step.api === 'PutBucketReplication' || step.api === 'CreateJob' ? `in ${step.region ?? homeRegion}` : '(IAM, global)';
  return `${step.api} on ${stepTarget(step)} ${where}`;
}

export function confirmation(plan: WritePlan, who: Who, options: { homeRegion: string; dryRun: boolean; endpoint?: string }): ConfirmText {
  const lines = [
    `Account ${who.account}, as ${who.arn}${options.endpoint ? `, through the endpoint ${options.endpoint}` : ''}.`,
    '',
    plan.steps.length === 1 ? 'AWS call:' : 'AWS calls, in this order:',
    ...plan.steps.map((s, i) => `${i + 1}. ${callLine(s, options.homeRegion)}`),
  ];
  if (plan.losses.length > 0) lines.push('', 'This deletes:', ...plan.losses.map((l) => `- ${l}`));
  if (plan.warnings.length > 0) lines.push('', ...plan.warnings);
  lines.push('', options.dryRun ? 'Dry run (s3ReplicationDoctor.dryRun): nothing will be written.' : 'The diff editor shows each document as it is now and as it will be written.');
  const message = `${options.dryRun ? 'Dry run: ' : ''}${plan.title}?`;
  if (options.dryRun) return { message, detail: lines.join('\n') };
  return { message, detail: lines.join('\n'), button: plan.losses.length > 0 ? 'Apply and Delete' : 'Apply' };
}

/** One line per AWS call for the log: what, where, the outcome and the request id; never a document or a credential. */
export function auditLine(a: AuditEntry): string {
  const outcome = a.outcome === 'ok' ? 'done' : `failed (${a.code ?? 'error'})`;
  return `${a.api} on ${a.target}, account ${a.account}, ${a.region}: ${outcome}${a.requestId ? `, request id ${a.requestId}` : ''}`;
}
