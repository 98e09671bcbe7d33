/** Tier 2: what a user sees, driven through Chromium; mocha runs here in Node with the page shared via ui/workbench. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser } from 'playwright-core';
import { screenshot, setUiContext, type UiContext } from '../ui/workbench';
import { VIEWPORT } from './browser';
import { createMocha, runMocha } from './mocha';
import { UI_TESTS } from './paths';
import { TierReport } from './results';

const UI_TEST_TIMEOUT_MS = 60_000;

export async function runUiTier(browser: Browser, opts: Omit<UiContext, 'page'>): Promise<TierReport> {
  const page = await browser.newPage({ viewport: VIEWPORT });
  try {
    setUiContext({ page, ...opts });
    const mocha = createMocha({
      timeout: UI_TEST_TIMEOUT_MS,
      slow: 10_000,
      rootHooks: {
        // What the page looked like when a UI test failed, named after the test.
        async afterEach(this: Mocha.Context) {
          const test = this.currentTest;
          if (test?.state === 'failed') await screenshot(`failed-${test.fullTitle().replace(/[^\w.-]+/g, '-').slice(0, 100)}`);
        },
      },
    });
    // One workbench for the whole tier; the files run in name order and build on each other's state.
    for (const f of readdirSync(UI_TESTS).filter((n) => n.endsWith('.test.ts')).sort()) mocha.addFile(join(UI_TESTS, f));
    await mocha.loadFilesAsync();
    return await runMocha(mocha);
  } finally {
    await page.close();
  }
}
