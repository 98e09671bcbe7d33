/**
 * `npm start`: try the extension without an AWS account. Builds and packages it, starts the sandbox
 * AWS endpoint (the walkthrough, and a bucket whose objects fail) and code-server with the fresh .vsix installed and pointed at
 * the sandbox, all on 127.0.0.1, and prints the URL to open. Ctrl-C stops everything it started.
 *
 *   npm start [-- --port 8080] [-- --sandbox-port 4599]
 *
 * The profile (settings, installed extension) and the workspace persist in .e2e/start-profile;
 * delete .e2e/start-profile/workspace to get the walkthrough files back as shipped.
 */
import { createServer } from 'node:net';
import { join, relative } from 'node:path';
import { describeVsix, packageExtension } from './build';
import { installExtension, startCodeServer } from './codeServer';
import { ROOT, START_PROFILE } from './paths';
import { isStopping, stopAll, stopEverythingOnExit } from './processes';
import { copyWalkthrough, createProfile, extensionSettings, SANDBOX_PROFILE, sandboxAwsEnv, writeUserSettings } from './profile';
import { startSandbox, writeWalkthroughScenario } from './sandbox';

const DEFAULT_PORT = 8080;
const DEFAULT_SANDBOX_PORT = 4599;

const say = (message: string) => console.log(`[start] ${message}`);

function portOption(argv: string[], name: string, fallback: number): number {
  const i = argv.indexOf(name);
  if (i === -1) return fallback;
  const port = Number(argv[i + 1]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`${name} needs a port number (1-65535), got ${String(argv[i + 1])}`);
  return port;
}

/** `preferred` if nothing listens on it on 127.0.0.1, else 0 (any free port), saying so. */
function portOrAny(preferred: number, what: string): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => {
      say(`port ${preferred} is taken; ${what} will use a free port instead`);
      resolve(0);
    });
    probe.listen(preferred, '127.0.0.1', () => probe.close(() => resolve(preferred)));
  });
}

async function main(): Promise<void> {
  stopEverythingOnExit(() => say('stopping code-server and the sandbox endpoint…'));
  const argv = process.argv.slice(2);
  const port = portOption(argv, '--port', DEFAULT_PORT);
  const sandboxPort = portOption(argv, '--sandbox-port', DEFAULT_SANDBOX_PORT);

  const profile = createProfile(START_PROFILE);
  say('building and packaging the extension');
  const extension = await packageExtension(join(START_PROFILE, 'package.log'), say);
  await installExtension(profile, extension.vsix, extension);
  say(`installed ${describeVsix(extension)}`);

  const scenario = writeWalkthroughScenario(join(START_PROFILE, 'scenario.json'), { failing: true });
  const sandbox = await startSandbox(await portOrAny(sandboxPort, 'the sandbox endpoint'), scenario, join(START_PROFILE, 'sandbox.log'));
  writeUserSettings(profile, extensionSettings(sandbox.url, SANDBOX_PROFILE), { merge: true });
  const workspace = copyWalkthrough(join(START_PROFILE, 'workspace'));
  const server = await startCodeServer({
    profile,
    port: await portOrAny(port, 'code-server'),
    smokeTestDriver: false,
    env: sandboxAwsEnv(join(START_PROFILE, 'aws'), sandbox.url),
    logFile: join(START_PROFILE, 'code-server.log'),
  });

  const rel = (p: string) => relative(ROOT, p);
  console.log(`
  S3 Replication Doctor is running, with a sandbox AWS account (no real AWS is contacted).

    Open:        ${server.urlFor(workspace)}
    Sandbox:     ${sandbox.url}  (the walkthrough's buckets and role, its replication configuration applied)
    Workspace:   ${rel(workspace)}  (the walkthrough files; delete the folder to start over)
    Logs:        ${rel(join(START_PROFILE, 'code-server.log'))}, ${rel(join(START_PROFILE, 'sandbox.log'))}

  Press Ctrl-C to stop everything.
`);

  // Either child dying on its own ends the session: half a demo is worse than a clear message.
  const [name, code] = await Promise.race([
    sandbox.process.whenExited().then((c) => ['the sandbox endpoint', c] as const),
    server.process.whenExited().then((c) => ['code-server', c] as const),
  ]);
  if (isStopping()) return; // Ctrl-C: the signal handler is stopping everything and exits
  console.error(`[start] ${name} exited unexpectedly (code ${String(code)}); see the logs above. Stopping.`);
  await stopAll();
  process.exit(1);
}

main().catch(async (err: unknown) => {
  console.error(`[start] ${err instanceof Error ? err.message : String(err)}`);
  await stopAll();
  process.exit(1);
});
