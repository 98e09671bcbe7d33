/**
 * `npm run test:e2e`: builds and packages the extension, installs the .vsix into fresh code-server
 * profiles, starts a loopback AWS endpoint per tier (walkthrough scenario), runs the in-host tier and
 * the UI tier, stops everything, and ends with the line CI reads: `N passed, N failed` (exit 1 on any failure).
 *
 *   node e2e/run.mjs [--tier host|ui]... [--update-screenshots]
 *
 * --update-screenshots: after a fully green UI tier, copy its best screenshots to media/ (the README's images).
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Browser } from 'playwright-core';
import { launchBrowser } from './browser';
import { buildHostTests, describeVsix, packageExtension, PackagedExtension } from './build';
import { CodeServer, installExtension, startCodeServer } from './codeServer';
import { runHostTier } from './hostTier';
import { ARTIFACTS, PROFILES, ROOT } from './paths';
import { stopAll, stopEverythingOnExit } from './processes';
import { copySourceFormats, copyWalkthrough, createProfile, extensionSettings, Profile, SANDBOX_PROFILE, sandboxAwsEnv, writeUserSettings } from './profile';
import { Tally, TierReport } from './results';
import { Sandbox, startSandbox, writeWalkthroughScenario } from './sandbox';
import { runUiTier } from './uiTier';

const TIERS = ['host', 'ui'] as const;
type Tier = (typeof TIERS)[number];
const KEEP_RUNS = 3;
/** UI-tier screenshot → the README image it becomes. */
const README_SCREENSHOTS: Record<string, string> = {
  'quick-fix-menu.png': 'media/screenshot-diagnostics.png',
  'explorer-problems.png': 'media/screenshot-explorer.png',
  'fix-modal.png': 'media/screenshot-fix.png',
  'telemetry.png': 'media/screenshot-telemetry.png',
  'walkthrough.png': 'media/screenshot-walkthrough.png',
  'tree-actions.png': 'media/screenshot-tree-actions.png',
};

const T0 = Date.now();
let current = 'starting';
const step = (message: string) => {
  current = message;
  console.log(`[e2e +${((Date.now() - T0) / 1000).toFixed(1)}s] ${message}`);
};

/** A line when nothing was printed for 20 s (packaging, a slow workbench start), so a run is never silent for half a minute. */
function heartbeat(): () => void {
  let last = Date.now();
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    last = Date.now();
    return write(chunk, ...rest);
  }) as typeof process.stdout.write;
  const timer = setInterval(() => {
    if (Date.now() - last >= 20_000) console.log(`[e2e +${((Date.now() - T0) / 1000).toFixed(1)}s] still busy: ${current}`);
  }, 1_000);
  timer.unref();
  return () => clearInterval(timer);
}

function chosenTiers(argv: string[]): Tier[] {
  const chosen = argv.flatMap((a, i) => (a === '--tier' ? [argv[i + 1]] : []));
  const unknown = argv.filter((a, i) => a.startsWith('--') && a !== '--tier' && a !== '--update-screenshots' && argv[i - 1] !== '--tier');
  if (unknown.length) throw new Error(`unknown option ${unknown.join(' ')}; usage: node e2e/run.mjs [--tier host|ui]... [--update-screenshots]`);
  for (const t of chosen) if (!TIERS.includes(t as Tier)) throw new Error(`unknown --tier ${t}; use ${TIERS.join(' or ')}`);
  return chosen.length ? (chosen as Tier[]) : [...TIERS];
}

/** Fresh profiles per run; only the last few are kept for post-mortems. */
function freshRunDir(): string {
  mkdirSync(PROFILES, { recursive: true });
  const old = readdirSync(PROFILES).sort();
  for (const name of old.slice(0, Math.max(0, old.length - (KEEP_RUNS - 1)))) rmSync(join(PROFILES, name), { recursive: true, force: true });
  const dir = join(PROFILES, new Date().toISOString().replace(/[:.]/g, '-'));
  mkdirSync(dir, { recursive: true });
  return dir;
}

function publishScreenshots(tally: Tally): void {
  if (!tally.green('ui')) {
    step('not updating the README screenshots: the UI tier did not pass');
    return;
  }
  for (const [shot, target] of Object.entries(README_SCREENSHOTS)) {
    const from = join(ARTIFACTS, shot);
    if (!existsSync(from)) throw new Error(`the UI tier passed but did not write ${shot}`);
    copyFileSync(from, join(ROOT, target));
    step(`updated ${target}`);
  }
}

interface Run {
  dir: string;
  logs: string;
  extension: PackagedExtension;
  hostBundle: string;
  browser: Browser;
  tally: Tally;
  installed: boolean;
}

/** What a tier's tests run against. */
interface Workbench {
  server: CodeServer;
  workspace: string;
  /** Absent when the endpoint did not start (counted as a failure; the editor checks still run). */
  sandbox?: Sandbox;
  /** The AWS environment of the workbench (config and credentials files, profile, region, endpoint). */
  awsEnv: NodeJS.ProcessEnv;
  /** code-server's logs of this profile (the extension host's, the extension's own output channel). */
  logsDir: string;
}

/**
 * Each tier has its own loopback endpoint, fresh from the scenario: the UI tier writes to its own
 * (fixes from the explorer), so the other tier always meets the walkthrough's broken state,
 * whichever order the tiers run in.
 */
async function startTierSandbox(run: Run, tier: Tier): Promise<Sandbox | undefined> {
  try {
    // The in-host tier checks the walkthrough's exact bucket list; the UI tier also shows telemetry on the failing demo bucket.
    const scenario = writeWalkthroughScenario(join(run.dir, tier, 'scenario.json'), { failing: tier === 'ui' });
    const sandbox = await startSandbox(0, scenario, join(run.logs, `loopback-${tier}.log`));
    step(`${tier} tier: loopback endpoint (the walkthrough, its configuration applied) at ${sandbox.url}`);
    return sandbox;
  } catch (err) {
    // The editor checks do not need it; the explorer checks will fail on their own.
    run.tally.fail(tier, 'start the loopback AWS endpoint', err);
    return undefined;
  }
}

/** A profile with the .vsix installed (shared extensions dir), the user settings, a fresh workspace copy, its own endpoint and code-server. */
async function withWorkbench(run: Run, tier: Tier, body: (bench: Workbench) => Promise<TierReport>): Promise<void> {
  const profile: Profile = createProfile(join(run.dir, tier), join(run.dir, 'extensions'));
  if (!run.installed) {
    await installExtension(profile, run.extension.vsix, run.extension);
    run.installed = true;
  }
  const sandbox = await startTierSandbox(run, tier);
  try {
    writeUserSettings(profile, extensionSettings(sandbox?.url, SANDBOX_PROFILE), { merge: false });
    const awsEnv = sandboxAwsEnv(join(run.dir, tier, 'aws'), sandbox?.url);
    const workspace = copyWalkthrough(join(run.dir, tier, 'workspace'));
    if (tier === 'host') copySourceFormats(workspace);
    const server = await startCodeServer({
      profile,
      port: 0,
      // The payload route of the in-host tier needs the driver; the UI tier runs as users see it, without.
      smokeTestDriver: tier === 'host',
      env: awsEnv,
      logFile: join(run.logs, `code-server-${tier}.log`),
    });
    step(`${tier} tier: code-server at ${server.origin}`);
    try {
      run.tally.add(tier, await body({ server, workspace, sandbox, awsEnv, logsDir: join(profile.userDataDir, 'logs') }));
    } finally {
      await server.stop();
      step(`${tier} tier: code-server stopped`);
    }
  } finally {
    await sandbox?.stop();
  }
}

async function main(): Promise<number> {
  stopEverythingOnExit((signal) => console.error(`\n[e2e] ${signal}: stopping everything this run started`));
  heartbeat();
  const tiers = chosenTiers(process.argv.slice(2));
  const tally = new Tally();
  rmSync(ARTIFACTS, { recursive: true, force: true });
  const logs = join(ARTIFACTS, 'logs');
  mkdirSync(logs, { recursive: true });
  const dir = freshRunDir();

  let extension: PackagedExtension;
  let hostBundle: string;
  try {
    step('building and packaging the extension');
    extension = await packageExtension(join(logs, 'package.log'));
    hostBundle = await buildHostTests(join(dir, 'runner'));
    step(`packaged ${describeVsix(extension)}`);
  } catch (err) {
    tally.fail('build', 'build, package and bundle the in-host tests', err);
    tally.print();
    return 1;
  }

  const browser = await launchBrowser();
  const run: Run = { dir, logs, extension, hostBundle, browser, tally, installed: false };
  try {
    for (const tier of tiers) {
      step(`${tier} tier`);
      try {
        await withWorkbench(run, tier, ({ server, workspace, sandbox, awsEnv, logsDir }) =>
          tier === 'host'
            ? runHostTier(browser, server, {
                workspace,
                bundle: hostBundle,
                screenshot: join(ARTIFACTS, 'host-tier.png'),
                consoleLog: join(logs, 'workbench-console-host.log'),
              })
            : runUiTier(browser, { url: server.urlFor(workspace), workspace, screenshots: ARTIFACTS, endpoint: sandbox?.url, awsEnv, logsDir }),
        );
      } catch (err) {
        tally.fail(tier, `${tier} tier`, err);
      }
    }
  } finally {
    await browser.close();
    await stopAll();
  }
  if (process.argv.includes('--update-screenshots')) publishScreenshots(tally);
  step(`done; screenshots and logs in ${ARTIFACTS}`);
  tally.print();
  return tally.failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  async (err: unknown) => {
    console.error(err);
    await stopAll();
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
