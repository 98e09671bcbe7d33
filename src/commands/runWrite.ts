/**
 * The one path every write takes: preview (diff editors), a modal confirmation naming the account,
 * region, resource and API call, nothing more in dry-run mode; then the calls with progress, an audit
 * line per call, a refresh of the explorer, and the outcome with the actions a failure calls for.
 */
import * as vscode from 'vscode';
import { plainText } from '../core/text';
import type { ExecuteResult, Prepared } from '../aws';
import { listSome } from '../core/live/listText';
import type { WritePlan } from '../core/live/writePlan';
import { enableVersioningOn } from './enableVersioning';
import { auditLine, confirmation } from './confirmation';
import type { FixContext } from './fixContext';
import { FIX_COMMANDS } from './ids';
import { notify } from './notify';
import type { PreviewDocuments } from './preview';

export interface WriteOptions {
  /** The user confirmed each loss the plan lists (e.g. live rules they chose to delete). */
  acceptLosses?: boolean;
  /** Buckets whose explorer nodes show what was written. */
  refresh: readonly string[];
  /** Runs the command again (offered when AWS throttled it). */
  retry?: () => Thenable<unknown> | Promise<unknown>;
  /**
   * Plans the command again from the live state as it is now, with a new preview and confirmation:
   * offered when a document changed between the preview and the write.
   */
  replan?: () => Thenable<unknown> | Promise<unknown>;
}

async function offerNext(ctx: FixContext, result: ExecuteResult, options: WriteOptions): Promise<void> {
  const failure = result.failure;
  if (!failure) return;
  const done = result.audit.filter((a) => a.outcome === 'ok').length;
  const partial = done > 0 ? ` (${done} of the calls before it were made; running the command again continues from the new state.)` : '';
  const actions = new Map<string, () => Thenable<unknown> | Promise<unknown>>();
  for (const next of failure.next) {
    if (next.kind === 'copyPermissions') actions.set('Copy Required Permissions', () => vscode.env.clipboard.writeText(next.statement));
    if (next.kind === 'enableVersioning') actions.set(`Enable Versioning on ${next.bucket}`, () => vscode.commands.executeCommand(FIX_COMMANDS.enableVersioning, { id: `bucket:${next.bucket}`, bucket: next.bucket }));
    if (next.kind === 'retry' && options.retry) actions.set('Try Again', options.retry);
  }
  const choice = await notify(ctx.log, 'error', failure.message + partial, {}, ...actions.keys());
  if (choice) await actions.get(choice)?.();
}

/**
 * Someone else wrote a document between the preview and the write: nothing more was sent. The user
 * sees why and can look at the new state's preview before anything is written over it.
 */
async function offerNewPreview(ctx: FixContext, result: ExecuteResult, options: WriteOptions): Promise<void> {
  const changed = result.changed;
  if (!changed) return;
  const done = result.audit.filter((a) => a.outcome === 'ok').length;
  const sent = done > 0 ? `Only the ${done} call${done === 1 ? '' : 's'} before it ${done === 1 ? 'was' : 'were'} made.` : 'Nothing was written.';
  ctx.log.warn(`[fix] stopped before ${changed.step.api}: ${changed.detail}`);
  const again = 'Show New Preview';
  const choice = await notify(
    ctx.log,
    'warning',
    `${changed.detail} ${sent}`,
    { modal: true, detail: 'Someone or something else changed it after the preview was shown. Writing now would replace their change with a document you have not seen. Plan again from the live state to see the new diff.' },
    ...(options.replan ? [again] : []),
  );
  if (choice === again) await options.replan?.();
}

/**
 * A write S3 would refuse until buckets are versioned: the user is offered Enable Versioning (its own
 * preview and confirmation) and, once it is done, the write is planned again from the live state and
 * shown as usual. No dead end that tells the user to run an `aws` command by hand.
 */
async function offerPrerequisites(ctx: FixContext, previews: PreviewDocuments, plan: WritePlan, options: WriteOptions): Promise<void> {
  const needed = plan.prerequisites ?? [];
  const button = needed.length === 1 ? `Enable Versioning on ${needed[0].bucket}…` : `Enable Versioning on ${needed.length} Buckets…`;
  ctx.log.info(`[fix] ${plan.title}: waits on ${needed.map((p) => `versioning of ${p.bucket}`).join(', ')}`);
  const choice = await notify(
    ctx.log,
    'warning',
    `${plan.title}: ${plan.refused ?? ''}`,
    { modal: true, detail: 'Versioning is enabled first, with its own preview and confirmation. Then this write is planned again from the live state and shown to you before anything more is written.' },
    button,
  );
  if (choice !== button) return;
  if (await enableVersioningOn(ctx, previews, needed)) await options.replan?.();
}

/** Returns the result when the calls were made, undefined when nothing was sent. */
export async function runWrite(ctx: FixContext, previews: PreviewDocuments, prepared: Prepared, options: WriteOptions): Promise<ExecuteResult | undefined> {
  const { plan, identity } = prepared;
  for (const line of plan.details ?? []) ctx.log.info(`[fix] ${line}`);
  if (plan.refused && plan.prerequisites?.length && options.replan) {
    await offerPrerequisites(ctx, previews, plan, options);
    return undefined;
  }
  if (plan.refused) throw new Error(plan.refused);
  if (plan.steps.length === 0) {
    const notes = plan.warnings.length ? ` ${plan.warnings.join(' ')}` : '';
    void notify(ctx.log, 'info', `Nothing to do: ${plan.title.charAt(0).toLowerCase()}${plan.title.slice(1)} is already in place.${notes}`);
    return undefined;
  }
  const shown = await previews.show(plan);
  const dryRun = ctx.dryRun;
  const text = confirmation(plan, identity, { homeRegion: ctx.session.region, dryRun, endpoint: ctx.session.endpoint });
  for (const line of text.logged.filter((l) => !plan.details?.includes(l))) ctx.log.info(`[fix] ${line}`);
  if (!text.button) {
    ctx.log.info(`[fix] dry run, nothing written: ${plan.title} (${plan.steps.map((s) => s.api).join(', ')})`);
    await vscode.window.showInformationMessage(plainText(text.message), { modal: true, detail: plainText(text.detail) });
    await previews.close(shown);
    return undefined;
  }
  const choice = await vscode.window.showWarningMessage(plainText(text.message), { modal: true, detail: plainText(text.detail) }, text.button);
  if (choice !== text.button) {
    ctx.log.info(`[fix] not confirmed, nothing written: ${plan.title}`);
    // The preview belonged to the question: once it is answered, it would show a proposal no one is making.
    await previews.close(shown);
    return undefined;
  }
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: plan.title }, (progress) =>
    ctx.fixer().apply(prepared, { acceptLosses: options.acceptLosses, onStep: (step) => progress.report({ message: step.title }) }),
  );
  for (const a of result.audit) (a.outcome === 'ok' ? ctx.log.info : ctx.log.error).call(ctx.log, `[fix] ${auditLine(a)}`);
  await ctx.refresh(plan.steps, options.refresh);
  // Written, or stopped because the live document changed: the diff is history. A failed call keeps it, beside the error it explains.
  if (!result.failure || result.changed) await previews.close(shown);
  if (result.changed) {
    await offerNewPreview(ctx, result, options);
    return result;
  }
  if (result.failure) {
    await offerNext(ctx, result, options);
    return result;
  }
  for (const m of result.mismatches) ctx.log.warn(`[fix] read back after writing: ${m}`);
  if (result.mismatches.length > 0) void notify(ctx.log, 'warning', `Written, but reading it back shows a difference: ${listSome(result.mismatches, 3, '; ')}. Refresh the bucket to see the live state.`);
  else if (!result.job) void vscode.window.showInformationMessage(`Done: ${plan.title}. Read back from AWS and refreshed in the Replication view.`);
  return result;
}
