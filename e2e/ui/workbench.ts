/** The UI tier's shared state (set by the harness) and the workbench gestures its tests are made of. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
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
  /** code-server's logs of the profile: the extension's output channel is written there, which says when it has started. */
  logsDir: string;
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

/**
 * A cold start (load the bundle, activate, read the workspace) takes as long as the machine's load
 * makes it, unlike any gesture after it: it gets its own bound, and the waits after it keep theirs.
 */
export const EXTENSION_START_MS = 60_000;
const EXTENSION_LOG = join('s3-replication-doctor.s3-replication-doctor', 'S3 Replication Doctor.log');

/** The extension's output channel so far, as code-server writes it to the profile's logs. */
export function extensionLog(): string {
  const { logsDir } = ui();
  // <session>/exthost<N>/<extension id>/<channel>.log: one session and one extension host here.
  const dirs = (dir: string) => (existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => join(dir, e.name)) : []);
  const files = dirs(logsDir).flatMap(dirs).map((host) => join(host, EXTENSION_LOG));
  return files.filter((f) => existsSync(f)).map((f) => readFileSync(f, 'utf8')).join('');
}

/**
 * Waits until the extension has started: activated (opening a JSON file does it) and its first
 * workspace scan done, as its output channel says ("Workspace scan: …"). Until then no squiggle can
 * show, however long the workbench is given.
 */
export async function extensionStarted(): Promise<void> {
  const { logsDir } = ui();
  const logged = () => extensionLog();
  const deadline = Date.now() + EXTENSION_START_MS;
  while (!/ Workspace scan: /.test(logged())) {
    if (Date.now() > deadline) {
      const log = logged();
      throw new TimeoutError(`the extension did not start in ${EXTENSION_START_MS / 1000} s: its log ${log ? `reads ${JSON.stringify(log.slice(-400))}` : `is not in ${logsDir}`}`);
    }
    await new Promise((r) => setTimeout(r, 200));
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
export function editorText(): Promise<string> {
  return renderedText(activeEditor());
}

/** An editor's text as rendered, its lines in screen order (the view does not keep them in order in the DOM). */
async function renderedText(editor: Locator): Promise<string> {
  const lines = await editor.locator('.view-lines .view-line').evaluateAll((els) =>
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

/**
 * Right-clicks `target` and runs `item` from its context menu: hovered (which focuses it), then Enter.
 * A click right after the menu opens can be swallowed while the tree under it re-renders.
 */
export async function contextMenu(target: Locator, item: string): Promise<void> {
  const { page } = ui();
  await target.click({ button: 'right' });
  const menu = page.locator('.context-view .monaco-menu');
  const entry = menu.locator('.action-item', { has: page.getByRole('menuitem', { name: item, exact: true }) });
  await entry.hover({ timeout: UI_TIMEOUT_MS });
  await eventually(`"${item}" focused in the context menu`, async () => (await entry.getAttribute('class')) ?? '', (c) => c.split(' ').includes('focused'));
  await page.keyboard.press('Enter');
  await menu.waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });
}

export interface ModalDialog {
  message: string;
  /** Line breaks kept. */
  detail: string;
  buttons: string[];
}

function dialogBox(): Locator {
  return ui().page.locator('.monaco-dialog-box');
}

/** The modal dialog on screen (VS Code's own, as users see it without the smoke-test driver). */
export async function modalDialog(): Promise<ModalDialog> {
  const box = dialogBox();
  await box.waitFor({ timeout: UI_TIMEOUT_MS });
  return {
    message: await box.locator('.dialog-message-text').innerText(),
    detail: await box.locator('.dialog-message-detail').innerText(),
    buttons: await box.locator('.dialog-buttons .monaco-button').allInnerTexts(),
  };
}

export async function pressDialogButton(label: string): Promise<void> {
  const box = dialogBox();
  await box.getByRole('button', { name: label, exact: true }).click({ timeout: UI_TIMEOUT_MS });
  await box.waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });
}

/** Hides the bottom panel (Problems, Output…) if it is open, for editor room. */
export async function hidePanel(): Promise<void> {
  const panel = ui().page.locator('.part.panel');
  if (!(await panel.isVisible())) return;
  await panel.locator('.action-label[aria-label^="Hide Panel"]').click({ timeout: UI_TIMEOUT_MS });
  await panel.waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });
}

/**
 * Closes a modal dialog left open (a failed test's), as Escape does, so the next test starts from the
 * workbench. It says which dialog it was, with a screenshot (`dialog-left-open.png`): the failure
 * screenshot is taken after this hook and no longer shows it.
 */
export async function dismissDialog(): Promise<void> {
  const box = dialogBox();
  if (!(await box.isVisible())) return;
  const message = await box.locator('.dialog-message-text').innerText().catch(() => '(no message)');
  console.log(`      a modal dialog was left open, dismissed with Escape: "${message}"`);
  await screenshot('dialog-left-open');
  await ui().page.keyboard.press('Escape');
  await box.waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });
}

export const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Picks the Quick Pick entry whose label is exactly `label` (a timeout quotes the labels shown). */
export async function quickPick(label: string): Promise<void> {
  const widget = ui().page.locator('.quick-input-widget');
  const rows = widget.locator('.quick-input-list .monaco-list-row');
  const labels = () => rows.locator('.label-name').evaluateAll((els) => els.map((e) => (e.textContent ?? '').replace(/\u00a0/g, ' ')));
  await eventually(`"${label}" in the Quick Pick`, labels, (shown) => shown.includes(label));
  // The row by its label, not by index: rows of an earlier Quick Pick can linger hidden in the list.
  const exact = new RegExp(`^${escapeRegExp(label)}$`);
  await rows.filter({ has: ui().page.locator('.label-name', { hasText: exact }) }).filter({ visible: true }).first().click({ timeout: UI_TIMEOUT_MS });
  await widget.waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });
}

/**
 * Waits for a notification toast whose text matches `expected` and returns its text. An error
 * notification shown meanwhile fails at once, with its text: the command failed.
 */
export async function notification(expected: RegExp): Promise<string> {
  const toasts = () =>
    ui()
      .page.locator('.notifications-toasts .notification-list-item')
      .evaluateAll((items) => items.map((i) => ({ error: !!i.querySelector('.codicon-error'), text: i.querySelector('.notification-list-item-message')?.textContent ?? '' })));
  const seen = await eventually(`a notification matching ${expected}`, toasts, (list) => list.some((t) => t.error || expected.test(t.text)));
  const error = seen.find((t) => t.error);
  if (error) throw new Error(`the command failed: ${error.text}`);
  return seen.find((t) => expected.test(t.text))?.text ?? '';
}

/** Titles of the open editor tabs that preview a write ("… (live ↔ proposed)"), in every group. */
export function previewTabTitles(): Promise<string[]> {
  return ui().page.locator('.tabs-container .tab').filter({ hasText: '↔ proposed' }).allInnerTexts().then((t) => t.map((x) => x.trim()));
}

/** The active diff editor: its tab title and both sides' text as rendered (short documents fit on screen). */
export async function activeDiff(): Promise<{ title: string; original: string; modified: string }> {
  const diff = ui().page.locator('.editor-group-container.active .monaco-diff-editor').first();
  await diff.locator('.editor.modified .view-lines').waitFor({ timeout: UI_TIMEOUT_MS });
  return {
    title: (await ui().page.locator('.editor-group-container.active .tab.active').innerText()).trim(),
    original: await renderedText(diff.locator('.editor.original')),
    modified: await renderedText(diff.locator('.editor.modified')),
  };
}
