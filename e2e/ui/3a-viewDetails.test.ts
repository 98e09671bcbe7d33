/**
 * The Replication view's details a user meets before fixing anything: the profile picker starts at
 * the profile in use, switching profiles keeps what was expanded, the status bar says where the
 * endpoint setting is set, and Enable Versioning on a right-clicked bucket goes straight to its
 * preview, whose diff tab closes with the modal. Runs after 3-explorer (the view open, source-bucket
 * and its Problems expanded) and before 4-fixFromExplorer, which needs the endpoint unchanged: nothing
 * here writes to it.
 */
import { strict as assert } from 'node:assert';
import { Locator } from 'playwright-core';
import { bucketVersioning } from './awsCli';
import { ariaLabel, expand, problemRows, viewRow } from './replicationView';
import { contextMenu, dismissDialog, eventually, extensionLog, hidePanel, modalDialog, pressDialogButton, previewTabTitles, screenshot, ui, UI_TIMEOUT_MS } from './workbench';

/** The status bar item of the view's profile ("<profile> · us-east-1"). */
function profileItem(): Locator {
  return ui().page.locator('.part.statusbar .statusbar-item').filter({ hasText: / · us-east-1/ }).first();
}

/** Opens the profile picker from the status bar; returns the label of the row it focuses. */
async function openPicker(): Promise<string> {
  await profileItem().locator('a').first().click();
  const widget = ui().page.locator('.quick-input-widget');
  await widget.locator('.quick-input-list .monaco-list-row').first().waitFor({ timeout: UI_TIMEOUT_MS });
  return eventually('a focused row in the profile picker', focusedLabel, (t) => t !== undefined).then((t) => t ?? '');
}

/** The label of the picker's focused row (its first label: the second is the row's detail line). */
async function focusedLabel(): Promise<string | undefined> {
  const labels = await ui().page.locator('.quick-input-widget .quick-input-list .monaco-list-row.focused .label-name').allInnerTexts();
  return labels[0]?.replace(/\u00a0/g, ' ');
}

/** A failed test may leave the picker open: Escape closes it, so the next test's Quick Pick is its own. */
async function closePicker(): Promise<void> {
  const widget = ui().page.locator('.quick-input-widget');
  if (!(await widget.isVisible())) return;
  await ui().page.keyboard.press('Escape');
  await widget.waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });
}

/** Moves the focus to `label` with the arrow keys and accepts it with Enter, as a keyboard user does. */
async function pickWithKeyboard(label: string): Promise<void> {
  const { page } = ui();
  const widget = page.locator('.quick-input-widget');
  for (let i = 0; i < 10 && (await focusedLabel()) !== label; i++) await page.keyboard.press('ArrowDown');
  assert.equal(await focusedLabel(), label);
  await page.keyboard.press('Enter');
  await widget.waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });
}

const listedLines = (profile: string) => extensionLog().split('\n').filter((l) => l.includes(`[explorer] ${profile} · us-east-1: `) && / buckets? listed$/.test(l)).length;

/** Expanded rows stay expanded for a while (a refresh that lost them would show them collapsed). */
async function staysExpanded(labels: string[]): Promise<void> {
  const until = Date.now() + 2_000;
  while (Date.now() < until) {
    for (const label of labels) assert.equal(await viewRow(label).getAttribute('aria-expanded', { timeout: UI_TIMEOUT_MS }), 'true', `"${label}" collapsed after the profile switch`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('UI: the Replication view\'s details', () => {
  afterEach(async () => {
    await dismissDialog();
    await closePicker();
  });

  before(async () => {
    await hidePanel();
    await expand('source-bucket');
    await expand('Problems');
  });

  it('says in the status bar tooltip where the endpoint setting is set: the remote machine\'s settings of code-server\'s window', async () => {
    await profileItem().hover();
    const hover = ui().page.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'Endpoint:' }).first();
    await hover.waitFor({ timeout: UI_TIMEOUT_MS });
    const text = (await hover.innerText()).replace(/\s+/g, ' ');
    assert.match(text, /Endpoint: http:\/\/127\.0\.0\.1:\d+, from s3ReplicationDoctor\.endpoint in the remote machine's settings \(the Settings editor's Remote tab\)/);
    assert.doesNotMatch(text, /user settings/);
    await ui().page.mouse.move(600, 300);
  });

  it('opens the profile picker on the current profile, and a switch to another profile of the account keeps source-bucket and its Problems expanded', async () => {
    assert.equal(await openPicker(), 'sandbox', 'the picker focuses the profile in use, not "Default credential chain"');
    await screenshot('profile-picker');
    const before = listedLines('default');
    await pickWithKeyboard('default');
    await eventually('the status bar on the new profile', () => profileItem().innerText(), (t) => /default · us-east-1/.test(t));
    // The view listed the buckets again with the new profile...
    await eventually('the list read with the profile "default"', async () => listedLines('default'), (n) => n > before);
    // ...and shows them with what was expanded still expanded, the problems checked again under it.
    await eventually('the source bucket checked with the new profile', () => ariaLabel(viewRow('source-bucket')), (l) => /^source-bucket \d+ problems/.test(l));
    await staysExpanded(['source-bucket', 'Problems']);
    assert.equal(await problemRows('ls-dest-versioning').count(), 1);
    await screenshot('profile-switched');

    // Back to the walkthrough's profile: the picker now starts at "default".
    assert.equal(await openPicker(), 'default');
    const back = listedLines('sandbox');
    await pickWithKeyboard('sandbox');
    await eventually('the list read with the profile "sandbox" again', async () => listedLines('sandbox'), (n) => n > back);
    await staysExpanded(['source-bucket', 'Problems']);
  });

  it('runs Enable Versioning on a right-clicked bucket for that bucket, without asking which; Cancel closes its preview and writes nothing', async () => {
    // After the switch back the view checks its buckets again and redraws their rows: a context menu
    // opened on a row being redrawn closes before its entry is chosen. Wait for the checks to end.
    await eventually('the view idle (no scan count in the status bar)', () => profileItem().innerText(), (t) => /sandbox · us-east-1/.test(t) && !/\d+\/\d+/.test(t));
    await eventually('the destination bucket row checked', () => ariaLabel(viewRow('destination-bucket')), (l) => /no replication/.test(l));
    await new Promise((r) => setTimeout(r, 1_000));
    await contextMenu(viewRow('destination-bucket'), 'Enable Versioning…');
    const dialog = await modalDialog();
    assert.equal(await ui().page.locator('.quick-input-widget').isVisible(), false, 'no bucket was asked for');
    assert.match(dialog.message, /destination-bucket\?$/);
    assert.match(dialog.detail, /PutBucketVersioning on bucket destination-bucket in eu-west-1/);
    const tabs = await previewTabTitles();
    assert.equal(tabs.length, 1, tabs.join(' | '));
    assert.ok(tabs[0].includes('bucket destination-bucket: versioning.json (live ↔ proposed)'), tabs[0]);
    await pressDialogButton('Cancel');
    await eventually('the preview tabs after Cancel', previewTabTitles, (t) => t.length === 0);
    assert.equal(await bucketVersioning('destination-bucket', 'eu-west-1'), undefined);
  });
});
