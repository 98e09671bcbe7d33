/** The Replication view as a user meets it: the activity bar icon, the sandbox buckets with their health, the problems. */
import { Locator } from 'playwright-core';
import { eventually, screenshot, ui, UI_TIMEOUT_MS } from './workbench';

/** A row of the view by its label (tree rows are labelled "<label> <description>"). */
function viewRow(label: string): Locator {
  return ui().page.locator(`[id="workbench.view.extension.s3ReplicationDoctor"] .monaco-list-row[aria-label^="${label} "]`).first();
}

function ariaLabel(row: Locator): Promise<string> {
  return row.getAttribute('aria-label', { timeout: UI_TIMEOUT_MS }).then((l) => l ?? '');
}

/** Expands a row by its twistie, once: the tree re-renders as checks finish, so the state is re-read before acting. */
async function expand(label: string): Promise<void> {
  const row = viewRow(label);
  await eventually(`"${label}" expanded`, async () => {
    const state = await row.getAttribute('aria-expanded', { timeout: UI_TIMEOUT_MS });
    if (state === 'false') await row.locator('.monaco-tl-twistie').click();
    return state;
  }, (state) => state === 'true');
}

/** Drags the side bar's edge so whole problem labels show (for the screenshot a README uses). */
async function widenSideBar(): Promise<void> {
  const { page } = ui();
  const box = await page.locator('.part.sidebar').boundingBox();
  if (!box) throw new Error('the side bar is not visible');
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width + 1, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width + 320, y, { steps: 5 });
  await page.mouse.up();
  await page.mouse.move(box.x + 20, box.y + box.height - 20); // off the sash, or it stays highlighted
}

describe('UI: the Replication view', () => {
  it('opens from the activity bar and lists the sandbox buckets with their health', async () => {
    await ui().page.locator('.activitybar .action-item a[aria-label^="S3 Replication Doctor"]').click();
    await eventually('the source bucket row', () => ariaLabel(viewRow('source-bucket')), (l) => /problems ✗/.test(l));
    await eventually('the destination bucket row', () => ariaLabel(viewRow('destination-bucket')), (l) => /no replication/.test(l));
    await screenshot('explorer');
  });

  it('shows the walkthrough\'s problems under the source bucket', async () => {
    await expand('source-bucket');
    await expand('Problems');
    const rows = ui().page.locator('[id="workbench.view.extension.s3ReplicationDoctor"] .monaco-list-row');
    for (const problem of ['DeleteMarkerReplication', 'Replication Time Control', 'Versioning on source', 'Versioning on destination']) {
      await rows.filter({ hasText: problem }).first().waitFor({ timeout: UI_TIMEOUT_MS });
    }
    await widenSideBar();
    await screenshot('explorer-problems');
  });
});
