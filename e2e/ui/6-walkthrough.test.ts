/**
 * The Get Started walkthrough as a new user meets it: opened from the command palette, its steps
 * with their explanations, the first button opening the sample beside it with the problem S3 rejects
 * it for, the Problems panel and a quick fix from the next buttons, each step ticked when done; and the
 * Replication view's context menu on a bucket (Copy Name, Copy ARN, Open in AWS Console) against the
 * sandbox. Screenshots: `walkthrough.png` and `tree-actions.png` (the README's Get started images).
 */
import { strict as assert } from 'node:assert';
import { Frame, Locator } from 'playwright-core';
import { viewRow } from './replicationView';
import { activeEditor, eventually, hidePanel, quickPick, screenshot, ui, UI_TIMEOUT_MS } from './workbench';

const STEPS = ['openSample', 'seeProblems', 'fixProblem', 'connectProfile', 'trySandbox'];
const SAMPLE = 'sample-replication-config.json';

function step(id: string): Locator {
  return ui().page.locator(`button.getting-started-step[data-step-id$="#getStarted#${id}"]`);
}

/** A step's button (the walkthrough shows the buttons of the selected step only). */
async function pressStepButton(id: string, label: string): Promise<void> {
  const s = step(id);
  if ((await s.getAttribute('aria-expanded')) !== 'true') await s.click();
  await s.locator('.button-container a', { hasText: label }).click({ timeout: UI_TIMEOUT_MS });
}

async function checked(id: string): Promise<string> {
  return (await step(id).getAttribute('aria-checked')) ?? '';
}

/** The text of the step's markdown media: it renders in a webview, a frame of its own. */
async function mediaText(): Promise<string> {
  const texts = await Promise.all(
    ui()
      .page.frames()
      .map((f: Frame) => f.locator('body').innerText({ timeout: 1_000 }).catch(() => '')),
  );
  return texts.join('\n');
}

/**
 * The rule ids of the errors the Problems panel lists under the sample: its rows are a tree, a file
 * row (level 1) followed by its problems (level 2), in `data-index` order.
 */
async function sampleErrors(): Promise<string[]> {
  const rows = await ui()
    .page.locator('.markers-panel .monaco-list-row')
    .evaluateAll((els) =>
      els.map((e) => ({
        index: Number(e.getAttribute('data-index')),
        level: e.getAttribute('aria-level'),
        text: (e.textContent ?? '').replace(/\u00a0/g, ' '),
        error: !!e.querySelector('.codicon-error'),
      })),
    );
  let file = '';
  const errors: string[] = [];
  for (const row of rows.sort((a, b) => a.index - b.index)) {
    if (row.level === '1') file = row.text;
    else if (file.startsWith(SAMPLE) && row.error) errors.push(/S3 Replication Doctor([a-z0-9]+(?:-[a-z0-9]+)+)\[Ln \d+, Col \d+\]$/.exec(row.text)?.[1] ?? row.text);
  }
  return errors;
}

async function runCommand(title: string): Promise<void> {
  const { page } = ui();
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input').fill(`>${title}`);
  await quickPick(title);
}

async function closeAllEditors(): Promise<void> {
  const { page } = ui();
  await runCommand('View: Close All Editors');
  // The earlier tests' edits were saved or discarded by them; a dialog here would be a new unsaved change.
  await eventually('the editors closed', () => page.locator('.part.editor .tabs-container .tab').count(), (n) => n === 0);
}

describe('UI: the Get Started walkthrough', () => {
  it('opens from the command palette with its five steps, each explained beside it', async () => {
    const { page } = ui();
    await closeAllEditors();
    await hidePanel();
    // The side bar (widened for the view's problems) is hidden so the walkthrough and the sample share the screen.
    if (await page.locator('.part.sidebar').isVisible()) await page.keyboard.press('Control+B');
    await runCommand('S3 Replication Doctor: Get Started');
    await page.getByText('Get Started with S3 Replication Doctor', { exact: true }).first().waitFor({ timeout: UI_TIMEOUT_MS });
    const ids = await page.locator('button.getting-started-step').evaluateAll((els) => els.map((e) => (e.getAttribute('data-step-id') ?? '').split('#').pop()));
    assert.deepEqual(ids, STEPS);
    assert.deepEqual(await page.locator('.getting-started-step .step-title').allInnerTexts(), [
      'Open a replication configuration',
      'See what S3 would reject',
      'Fix it',
      'Connect an AWS profile',
      'Try it without an AWS account',
    ]);
    for (const id of ['openSample', 'seeProblems', 'fixProblem']) assert.equal(await checked(id), 'false', `${id} is not done yet`);
    // The first webview of a fresh profile can stay blank while VS Code's service worker takes over
    // (seen in code-server): selecting another step and back renders it, as a user's click would.
    await eventually(
      'the first step\'s explanation',
      async () => {
        const text = await mediaText();
        if (!text.includes('A configuration S3 rejects')) {
          await step('seeProblems').click();
          await step('openSample').click();
        }
        return text.includes('A configuration S3 rejects');
      },
      (shown) => shown,
    );
    await screenshot('walkthrough');
  });

  it('its first button opens the sample beside it, with the errors S3 rejects it for', async () => {
    const { page } = ui();
    await pressStepButton('openSample', 'Open Sample Configuration');
    await page.locator('.editor-group-container.active .tab.active', { hasText: SAMPLE }).waitFor({ timeout: UI_TIMEOUT_MS });
    await eventually('the sample\'s red squiggles', () => activeEditor().locator('.squiggly-error').count(), (n) => n === 2);
    // The walkthrough stays open in the other group, its first step ticked.
    await eventually('the first step done', () => checked('openSample'), (c) => c === 'true');
    assert.equal(await page.locator('.editor-group-container').count(), 2);
    assert.equal(await page.locator('.editor-group-container .tab', { hasText: SAMPLE }).count(), 1, 'the sample opens once');
  });

  it('shows the problems in the Problems panel, then fixes one through a quick fix', async () => {
    const { page } = ui();
    await pressStepButton('seeProblems', 'Show Problems');
    await runCommand('View: Toggle Maximized Panel'); // every file's rows on screen: the list renders only those
    const errors = await eventually('the sample\'s errors in the Problems panel', sampleErrors, (rules) => rules.length === 2);
    assert.deepEqual(errors.sort(), ['rc-rtc-requires-metrics', 'rc-v2-delete-marker-required']);
    await screenshot('walkthrough-problems');
    await runCommand('View: Toggle Maximized Panel');
    await eventually('the second step done', () => checked('seeProblems'), (c) => c === 'true');

    await pressStepButton('fixProblem', 'Show a Quick Fix');
    const fix = page.locator('.action-widget .monaco-list-row', { hasText: 'Add "DeleteMarkerReplication": {"Status": "Disabled"}' });
    await fix.waitFor({ timeout: UI_TIMEOUT_MS });
    await fix.click();
    await eventually('one red squiggle left in the sample', () => activeEditor().locator('.squiggly-error').count(), (n) => n === 1);
    await eventually('the third step done', () => checked('fixProblem'), (c) => c === 'true');
    await hidePanel();
  });

  it('offers Copy Name, Copy ARN and Open in AWS Console on a bucket of the sandbox, and ticks the profile and sandbox steps', async () => {
    const { page } = ui();
    await page.locator('.activitybar .action-item a[aria-label^="S3 Replication Doctor"]').click();
    const bucket = viewRow('source-bucket');
    await bucket.waitFor({ timeout: UI_TIMEOUT_MS });
    // Listing the sandbox's buckets is what the two steps wait for.
    await eventually('the profile and sandbox steps done', async () => [await checked('connectProfile'), await checked('trySandbox')], (c) => c.every((x) => x === 'true'));
    await bucket.click({ button: 'right' });
    const menu = page.locator('.context-view .monaco-menu');
    await menu.waitFor({ timeout: UI_TIMEOUT_MS });
    const items = (await menu.getByRole('menuitem').allInnerTexts()).map((t) => t.trim());
    for (const item of ['Copy Name', 'Copy ARN', 'Open in AWS Console', 'Enable Versioning…', 'Repair Replication Role…']) {
      assert.ok(items.some((t) => t.startsWith(item)), `"${item}" in the bucket's context menu: ${JSON.stringify(items)}`);
    }
    await menu.getByRole('menuitem', { name: 'Copy ARN' }).hover();
    await screenshot('tree-actions');
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });
  });
});
