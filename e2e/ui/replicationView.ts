/** The Replication view's rows and the gestures on them, shared by the UI tests of the view. */
import { Locator } from 'playwright-core';
import { eventually, ui, UI_TIMEOUT_MS } from './workbench';

const VIEW = '[id="workbench.view.extension.s3ReplicationDoctor"]';

/** A row of the view by its label (tree rows are labelled "<label> <description>"). */
export function viewRow(label: string): Locator {
  return ui().page.locator(`${VIEW} .monaco-list-row[aria-label^="${label} "]`).first();
}

/** The rows of the view's problems with this rule id (finding rows are described "<rule id>" or "<rule id> · fix available"). */
export function problemRows(ruleId: string): Locator {
  return ui().page.locator(`${VIEW} .monaco-list-row[aria-label*=" ${ruleId}"]`);
}

/** Every row the view shows, with the given text. */
export function rowsWithText(text: string): Locator {
  return ui().page.locator(`${VIEW} .monaco-list-row`).filter({ hasText: text });
}

export function ariaLabel(row: Locator): Promise<string> {
  return row.getAttribute('aria-label', { timeout: UI_TIMEOUT_MS }).then((l) => l ?? '');
}

/** Expands a row by its twistie, once: the tree re-renders as checks finish, so the state is re-read before acting. */
export async function expand(label: string): Promise<void> {
  const row = viewRow(label);
  await eventually(`"${label}" expanded`, async () => {
    const state = await row.getAttribute('aria-expanded', { timeout: UI_TIMEOUT_MS });
    if (state === 'false') await row.locator('.monaco-tl-twistie').click();
    return state;
  }, (state) => state === 'true');
}

/** Runs a row's inline action (the icons shown on hover) by its title. */
export async function inlineAction(row: Locator, title: string): Promise<void> {
  await row.hover();
  await row.locator(`.actions .action-label[aria-label^="${title}"]`).click({ timeout: UI_TIMEOUT_MS });
}

/** Drags the side bar's edge by `dx` pixels: wider so whole problem labels show, narrower so a diff editor fits beside it. */
export async function resizeSideBar(dx: number): Promise<void> {
  const { page } = ui();
  const box = await page.locator('.part.sidebar').boundingBox();
  if (!box) throw new Error('the side bar is not visible');
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width + 1, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width + dx, y, { steps: 5 });
  await page.mouse.up();
  await page.mouse.move(box.x + 20, box.y + box.height - 20); // off the sash, or it stays highlighted
}
