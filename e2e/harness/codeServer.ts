/** code-server (VS Code in the browser) on Node 24: installing the .vsix into a profile and serving a workbench. */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CODE_SERVER, NODE24_BIN, XDG } from './paths';
import { poll } from './poll';
import { ManagedProcess, startProcess } from './processes';
import { Profile, withoutAwsVariables } from './profile';

const run = promisify(execFile);
const START_TIMEOUT_MS = 60_000;

/**
 * Node 24 first on PATH (code-server is a `#!/usr/bin/env node` script), no gallery, no writes into ~,
 * and none of the caller's AWS_* variables: the workbench only ever gets the sandbox's (`extra`).
 */
export function codeServerEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...withoutAwsVariables(process.env),
    PATH: `${NODE24_BIN}:${process.env.PATH ?? ''}`,
    ...XDG,
    // Without a gallery, nothing in the code-server tree tries to reach the internet.
    EXTENSIONS_GALLERY: '{}',
    ...extra,
  };
}

/** Installs the packaged extension and checks code-server lists it at the packaged version. */
export async function installExtension(profile: Profile, vsix: string, expected: { id: string; version: string }): Promise<void> {
  const dirs = ['--user-data-dir', profile.userDataDir, '--extensions-dir', profile.extensionsDir];
  await run(CODE_SERVER, [...dirs, '--force', '--install-extension', vsix], { env: codeServerEnv() });
  const { stdout } = await run(CODE_SERVER, [...dirs, '--list-extensions', '--show-versions'], { env: codeServerEnv() });
  const want = `${expected.id}@${expected.version}`;
  if (!stdout.split('\n').some((l) => l.trim().toLowerCase() === want.toLowerCase())) {
    throw new Error(`code-server did not list ${want} after installing ${vsix}; it listed:\n${stdout}`);
  }
}

export interface CodeServerOptions {
  profile: Profile;
  /** 0 picks a free port. */
  port: number;
  host?: string;
  /** Needed for in-host tests (the `payload` URL route); it also suppresses toasts and dialogs. */
  smokeTestDriver: boolean;
  env: NodeJS.ProcessEnv;
  logFile: string;
}

export interface CodeServer {
  /** e.g. http://127.0.0.1:41234 (no trailing slash). */
  origin: string;
  process: ManagedProcess;
  /** Workbench URL opening `folder`, with an optional `payload` (VS Code's list of [key, value] pairs). */
  urlFor(folder: string, payload?: [string, string][]): string;
  stop(): Promise<void>;
}

export async function startCodeServer(opts: CodeServerOptions): Promise<CodeServer> {
  const host = opts.host ?? '127.0.0.1';
  const args = [
    '--bind-addr', `${host}:${opts.port}`,
    '--auth', 'none',
    '--user-data-dir', opts.profile.userDataDir,
    '--extensions-dir', opts.profile.extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    ...(opts.smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
  ];
  const proc = startProcess('code-server', CODE_SERVER, args, { env: codeServerEnv(opts.env), logFile: opts.logFile });
  try {
    const [, origin] = await proc.waitForOutput(/HTTP server listening on (http:\/\/[^\s/]+)\/?/, START_TIMEOUT_MS, 'the HTTP server to listen');
    await poll(`${origin}/healthz`, async () => (await fetch(`${origin}/healthz`)).ok, { timeoutMs: START_TIMEOUT_MS, intervalMs: 100 });
    return {
      origin,
      process: proc,
      urlFor(folder, payload) {
        // The folder stays readable (slashes unescaped), as code-server prints it itself.
        const query = `folder=${encodeURI(folder)}` + (payload ? `&payload=${encodeURIComponent(JSON.stringify(payload))}` : '');
        return `${origin}/?${query}`;
      },
      stop: () => proc.stop(),
    };
  } catch (err) {
    await proc.stop();
    throw err;
  }
}

/** The `vscode-remote://` form the workbench needs for files served by this code-server. */
export function remoteUri(server: CodeServer, absolutePath: string): string {
  return `vscode-remote://${new URL(server.origin).host}${join('/', absolutePath)}`;
}
