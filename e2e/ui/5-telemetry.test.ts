/**
 * What S3 reports, in the real view: the sandbox's demo bucket (`orders-bucket`, whose role grants
 * `s3:PutObject` instead of `s3:ReplicateObject`) fails every upload. The bucket row says how many
 * failed in 24 h, its rule shows the count with a trend in its tooltip and the reasons S3 named under
 * it, and the reason's inline action repairs the role; a new upload then replicates (read back with
 * the AWS CLI) and the count stops growing. The walkthrough's buckets (tests 3 and 4) are left alone.
 */
import { strict as assert } from 'node:assert';
import { awsCli } from './awsCli';
import { ariaLabel, expand, inlineAction, resizeSideBar, rowsWithText, viewRow } from './replicationView';
import { dismissDialog, eventually, modalDialog, notification, pressDialogButton, quickPick, screenshot, ui, UI_TIMEOUT_MS } from './workbench';

/**
 * Closes every editor (the previews the earlier tests left open), so the view has the screen. The
 * quick-fix test (2) leaves its fix unsaved in the walkthrough's configuration, so VS Code first asks
 * whether to save it: nothing here needs it on disk, so "Don't Save" (the workspace file stays as
 * copied). Any other dialog fails the test with its text.
 */
async function closeAllEditors(): Promise<void> {
  const { page } = ui();
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input').fill('>View: Close All Editors');
  await quickPick('View: Close All Editors');
  const tabs = page.locator('.part.editor .tabs-container .tab');
  const dialog = page.locator('.monaco-dialog-box');
  const outcome = await eventually(
    'the editors closed, or a save confirmation',
    async () => ((await dialog.isVisible()) ? 'dialog' : (await tabs.count()) === 0 ? 'closed' : `${await tabs.count()} editors open`),
    (s) => s === 'dialog' || s === 'closed',
  );
  if (outcome === 'dialog') {
    assert.equal((await modalDialog()).message, 'Do you want to save the changes you made to replication-config.json?');
    await pressDialogButton("Don't Save");
    await eventually('the editors closed', () => tabs.count(), (n) => n === 0);
  }
}

/** Collapses a row if it is expanded (the walkthrough's bucket, opened by the earlier tests). */
async function collapse(label: string): Promise<void> {
  const row = viewRow(label);
  if ((await row.count()) === 0) return;
  if ((await row.getAttribute('aria-expanded', { timeout: UI_TIMEOUT_MS })) === 'true') await row.locator('.monaco-tl-twistie').click();
}

describe('UI: telemetry and failure reasons in the Replication view', () => {
  afterEach(dismissDialog);

  it('shows the failing bucket, its rule\'s failed count with a trend, and the reasons S3 named', async () => {
    await closeAllEditors();
    await collapse('source-bucket');
    await collapse('destination-bucket');
    await eventually('the demo bucket row', () => ariaLabel(viewRow('orders-bucket')), (l) => /16 failed in 24 h(,|$)/.test(l));
    await expand('orders-bucket');
    await expand('orders-to-dr');
    await eventually('the rule row', () => ariaLabel(viewRow('orders-to-dr')), (l) => / · 16 failed/.test(l));
    await eventually('the other rule, without metrics', () => ariaLabel(viewRow('logs-to-dr')), (l) => /no telemetry/.test(l));
    await eventually('the first reason', () => ariaLabel(viewRow('DstPutObjectNotPermitted')), (l) => /15 · Repair Replication Role/.test(l));
    await collapse('Problems');
    await eventually('the archived object\'s reason', () => ariaLabel(viewRow('SrcObjectNotEligible')), (l) => /1 · Replicate FAILED objects/.test(l));
    await rowsWithText('Failure events captured').first().waitFor({ timeout: UI_TIMEOUT_MS });
    await resizeSideBar(320);
    // The rule's tooltip: the numbers of the last 24 h with their trend, and the reasons.
    await viewRow('orders-to-dr').hover();
    const hover = ui().page.locator('.monaco-hover .rendered-markdown').filter({ hasText: 'Failed operations' });
    await hover.first().waitFor({ timeout: UI_TIMEOUT_MS });
    assert.match(await hover.first().innerText(), /Failed operations\s+16/);
    await screenshot('telemetry');
    await resizeSideBar(-320);
  });

  it('repairs the role from the reason\'s inline action; a new upload replicates and the count stops growing', async () => {
    await inlineAction(viewRow('DstPutObjectNotPermitted'), 'Repair Replication Role');
    const dialog = await modalDialog();
    assert.match(dialog.message, /^Repair the replication role of bucket orders-bucket\?$/);
    assert.match(dialog.detail, /PutRolePolicy on role orders-replication-role \(inline policy orders-replication\) \(IAM, global\)/);
    await pressDialogButton('Apply');
    await notification(/^Done: Repair the replication role of bucket orders-bucket\./);
    await awsCli(['s3api', 'put-object', '--bucket', 'orders-bucket', '--key', 'orders/2026/after-repair.json', '--body', __filename]);
    const status = await eventually(
      'the new upload to replicate',
      async () => ((await awsCli(['s3api', 'head-object', '--bucket', 'orders-bucket', '--key', 'orders/2026/after-repair.json'])) as { ReplicationStatus?: string }).ReplicationStatus,
      (s) => s === 'COMPLETED',
    );
    assert.equal(status, 'COMPLETED');
    await inlineAction(viewRow('orders-bucket'), 'Refresh Bucket');
    await eventually('the rule after the refresh', () => ariaLabel(viewRow('orders-to-dr')), (l) => / · 16 failed/.test(l));
  });
});
