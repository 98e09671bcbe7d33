/** The UI tier's shared state (set by the harness) and the workbench gestures its tests are made of. */
import { join } from 'node:path';
import { Locator, Page } from 'playwright-core';
import { TimeoutError } from '../harness/poll';

export interface UiContext {
  page: Page;
  /** Workbench URL with the test workspace open. */
  url: string;
  workspace: string;
  screenshots: string;
  /** The tier's own loopback endpoint (the fix tests write to it); absent when it did not start. */
  endpoint?: string;
  /** The workbench's AWS environment (profile, credentials files, region), for clients that check the endpoint independently. */
  awsEnv: NodeJS.ProcessEnv;
}

// Shared through globalThis: the harness and mocha may load this module through different loaders.
const KEY = Symbol.for('s3-replication-doctor.e2e.ui');
type Holder = { [KEY]?: UiContext };

export function setUiContext(ctx: UiContext): void {
  (globalThis as Holder)[KEY] = ctx;
}

export function ui(): UiContext {
  const ctx = (globalThis as Holder)[KEY];
  if (!ctx) throw new Error('UI tests run only through the E2E harness (npm run test:e2e)');
  return ctx;
}

export const UI_TIMEOUT_MS = 20_000;

/** Polls `read` until `ok` accepts its value; on timeout the error quotes the last value seen. */
export async function eventually<T>(what: string, read: () => Promise<T>, ok: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + UI_TIMEOUT_MS;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new TimeoutError(`${what}: still ${JSON.stringify(value)} after ${UI_TIMEOUT_MS / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function screenshot(name: string): Promise<void> {
  const { page, screenshots } = ui();
  await page.screenshot({ path: join(screenshots, `${name}.png`) });
}

/** Loads the workbench and waits until the workspace's files are listed (extensions scanned, explorer ready). */
export async function loadWorkbench(): Promise<void> {
  const { page, url } = ui();
  await page.goto(url);
  await page.locator('.monaco-workbench').waitFor({ timeout: UI_TIMEOUT_MS * 2 });
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'replication-config.json' }).waitFor({ timeout: UI_TIMEOUT_MS });
}

/** Quick Open (Ctrl+P) a workspace file and wait for its tab to be active. */
export async function openFile(name: string): Promise<void> {
  const { page } = ui();
  await page.locator('.monaco-workbench .part.editor').click();
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.fill(name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: UI_TIMEOUT_MS });
  await page.keyboard.press('Enter');
  await page.locator('.tab.active', { hasText: name }).waitFor({ timeout: UI_TIMEOUT_MS });
}

export function activeEditor(): Locator {
  return ui().page.locator('.editor-group-container.active .monaco-editor').first();
}

/** The status bar's problem counts, e.g. "Errors: 2, Warnings: 0". */
export async function problemsStatus(): Promise<string> {
  return (await ui().page.locator('#status\\.problems a').getAttribute('aria-label')) ?? '';
}

/** Red squiggles in the active editor. */
export function errorSquiggles(): Locator {
  return activeEditor().locator('.squiggly-error');
}

/** The active editor's text as rendered (all walkthrough files fit on screen). */
export async function editorText(): Promise<string> {
  const lines = await activeEditor().locator('.view-lines .view-line').evaluateAll((els) =>
    els
      .map((e) => ({ top: parseFloat(/top:\s*(-?[\d.]+)px/.exec(e.getAttribute('style') ?? '')?.[1] ?? '0'), text: e.textContent ?? '' }))
      .sort((a, b) => a.top - b.top)
      .map((l) => l.text.replace(/\u00a0/g, ' ')),
  );
  return lines.join('\n');
}

/** Puts the cursor at the start of a 1-based line (Go to Line). */
export async function goToLine(line: number): Promise<void> {
  const { page } = ui();
  await activeEditor().click();
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget input').fill(`:${line}`); // Ctrl+G opens Quick Open with the ':' prefix
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });
}
