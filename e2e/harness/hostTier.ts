/**
 * Tier 1: mocha inside code-server's Node extension host. The workbench, opened with a `payload` URL
 * (honoured because code-server runs with the smoke-test driver), loads the runner folder as a
 * development extension and calls `run()` of the test bundle; it reports back through the page's
 * `codeAutomationLog` / `codeAutomationExit` hooks.
 */
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { format } from 'node:util';
import { Browser } from 'playwright-core';
import { VIEWPORT } from './browser';
import { CodeServer, remoteUri } from './codeServer';
import { withTimeout } from './poll';
import { HOST_REPORT_MARK, TierReport } from './results';

const HOST_TIMEOUT_MS = 180_000;

export async function runHostTier(browser: Browser, server: CodeServer, opts: { workspace: string; bundle: string; screenshot: string; consoleLog: string }): Promise<TierReport> {
  const page = await browser.newPage({ viewport: VIEWPORT });
  const consoleLog = createWriteStream(opts.consoleLog);
  try {
    let exit!: (code: number) => void;
    const exited = new Promise<number>((resolve) => (exit = resolve));
    // Both hooks must exist before the workbench loads.
    await page.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => {
      const text = format(...(Array.isArray(args) ? args : [args]));
      consoleLog.write(text + '\n');
      for (const line of text.split('\n')) if (line.startsWith(HOST_REPORT_MARK)) console.log(line.slice(HOST_REPORT_MARK.length));
    });
    await page.exposeFunction('codeAutomationExit', (code: number) => exit(code));
    const runner = dirname(opts.bundle);
    await page.goto(
      server.urlFor(opts.workspace, [
        ['extensionDevelopmentPath', remoteUri(server, runner)],
        ['extensionTestsPath', remoteUri(server, opts.bundle)],
      ]),
    );
    const code = await withTimeout(exited, HOST_TIMEOUT_MS, 'the in-host tests to finish (codeAutomationExit)');
    await page.screenshot({ path: opts.screenshot });
    const results = join(runner, 'results.json');
    if (!existsSync(results)) {
      throw new Error(`the extension host exited with code ${code} without results: the test bundle did not load or run (see the code-server log)`);
    }
    return JSON.parse(readFileSync(results, 'utf8')) as TierReport;
  } finally {
    await page.close();
    consoleLog.end();
  }
}
