/**
 * Builds what the E2E run installs and loads: the production .vsix (exactly what users get) and the
 * in-host test bundle. The bundle lives in its own tiny "runner" extension folder outside the .vsix,
 * so the extension under test is the installed package, not the sources.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { HOST_TESTS, ROOT, VSIX } from './paths';

export interface PackagedExtension {
  vsix: string;
  id: string;
  version: string;
}

/**
 * `npm run package`; its output goes to `logFile` and is quoted if it fails. `progress` hears every
 * 20 s that it is still running (it takes 20 to 60 s on a busy machine, mostly vsce's secret scan).
 */
export async function packageExtension(logFile: string, progress?: (line: string) => void): Promise<PackagedExtension> {
  const started = Date.now();
  const timer = progress && setInterval(() => progress(`still packaging (${Math.round((Date.now() - started) / 1000)} s)`), 20_000);
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn('npm', ['run', 'package'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      writeFileSync(logFile, out);
      if (code === 0) resolve(out);
      else {
        const lines = out.trimEnd().split('\n').filter((l) => !l.startsWith('npm warn'));
        // The line that says why (esbuild's ✘, vsce's ERROR), first: it is what the summary shows.
        const why = lines.find((l) => /error|✘/i.test(l))?.trim() ?? `exit ${String(code)}`;
        reject(new Error(`npm run package failed: ${why}\n${lines.slice(-30).join('\n')}`));
      }
    });
  }).finally(() => clearInterval(timer));
  if (!existsSync(VSIX)) throw new Error(`npm run package succeeded but ${VSIX} is missing:\n${output}`);
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };
  return { vsix: VSIX, id: `${manifest.publisher}.${manifest.name}`, version: manifest.version };
}

export function describeVsix(pkg: PackagedExtension): string {
  return `${pkg.id}@${pkg.version} (${Math.round(statSync(pkg.vsix).size / 1024)} KiB)`;
}

/**
 * Bundles e2e/host/index.ts into `runnerDir/host.js` and makes `runnerDir` a minimal extension
 * (the `extensionDevelopmentPath` of the test run). mocha and vscode stay external: mocha
 * resolves from the repository's node_modules, vscode is the extension host's.
 */
export async function buildHostTests(runnerDir: string): Promise<string> {
  mkdirSync(runnerDir, { recursive: true });
  writeFileSync(
    join(runnerDir, 'package.json'),
    JSON.stringify({ name: 'e2e-runner', publisher: 's3-replication-doctor', version: '0.0.0', engines: { vscode: '^1.90.0' } }, null, 2),
  );
  const outfile = join(runnerDir, 'host.js');
  await build({
    entryPoints: [join(HOST_TESTS, 'index.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    // Tests that run the engine itself (closedFiles.test.ts): jsonc-parser's UMD `main` has lazy
    // requires esbuild cannot follow; its ESM build bundles (as in scripts/build.mjs).
    mainFields: ['module', 'main'],
    logLevel: 'warning',
    absWorkingDir: ROOT,
  });
  return outfile;
}
