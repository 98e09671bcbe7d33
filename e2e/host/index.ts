/**
 * Entry point of the in-host tier: code-server's extension host calls `run()` (the `extensionTestsPath`
 * of the `payload` URL). Results go to results.json beside this bundle for the harness; mocha's spec
 * output reaches the harness's terminal through the workbench's `codeAutomationLog`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createMocha, redirectReporterOutput, runMocha } from '../harness/mocha';
import { HOST_REPORT_MARK } from '../harness/results';

export async function run(): Promise<void> {
  redirectReporterOutput((line) => console.log(HOST_REPORT_MARK + line));
  const mocha = createMocha({ timeout: 30_000, slow: 5_000 });
  // The test files are part of this bundle: give them mocha's globals, then load them in order
  // (`.js` specifiers as Node16 resolution wants them; esbuild maps them to the .ts files).
  mocha.suite.emit('pre-require', globalThis, 'e2e/host', mocha);
  await import('./closedFiles.test.js');
  await import('./extension.test.js');
  await import('./diagnostics.test.js');
  await import('./schemas.test.js');
  await import('./quickFixes.test.js');
  await import('./sourceFormats.test.js');
  await import('./actionAssist.test.js');
  await import('./projectConfig.test.js');
  await import('./explorer.test.js');
  const report = await runMocha(mocha);
  writeFileSync(join(__dirname, 'results.json'), JSON.stringify(report, null, 2));
  if (report.failed > 0) throw new Error(`${report.failed} in-host test(s) failed`);
}
