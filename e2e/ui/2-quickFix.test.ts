/** Applying a quick fix the way a user does: the lightbulb in the gutter, its menu, the preferred entry. */
import { strict as assert } from 'node:assert';
import { editorText, errorSquiggles, eventually, goToLine, openFile, problemsStatus, screenshot, ui, UI_TIMEOUT_MS } from './workbench';

describe('UI: quick fix from the lightbulb', () => {
  it('offers the fixes for the "Filter" line, the preferred one first and focused', async () => {
    const { page } = ui();
    await openFile('replication-config.json');
    await goToLine(8);
    // The auto-fix variant of the lightbulb means a preferred fix exists.
    const bulb = page.locator('.monaco-editor .codicon-gutter-lightbulb-auto-fix');
    await bulb.waitFor({ timeout: UI_TIMEOUT_MS });
    await bulb.click();
    const focused = page.locator('.action-widget .monaco-list-row.action.focused');
    await focused.waitFor({ timeout: UI_TIMEOUT_MS });
    assert.equal(await focused.textContent(), 'Add "DeleteMarkerReplication": {"Status": "Disabled"}');
    await screenshot('quick-fix-menu');
  });

  it('applies it: the member appears, the squiggle and the error go away', async () => {
    const { page } = ui();
    await page.locator('.action-widget .monaco-list-row.action.focused').click();
    const text = await eventually('the fixed configuration', editorText, (t) => t.includes('"DeleteMarkerReplication"'));
    assert.match(text, /"DeleteMarkerReplication": \{\s*"Status": "Disabled"\s*\}/);
    await eventually('red squiggles left', () => errorSquiggles().count(), (n) => n === 1);
    // The warning is the closed role policy's missing permission.
    await eventually('status bar problem counts', problemsStatus, (label) => /^Errors: 1, Warnings: 1(, Infos: \d+)?$/.test(label));
    await screenshot('quick-fix-applied');
  });
});
