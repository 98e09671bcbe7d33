/**
 * Runs Debian's AWS CLI (/usr/bin/aws) against an endpoint with a clean, throw-away environment: no
 * real credentials, profiles or endpoints of the machine's user can leak in.
 */
import { execFile } from 'node:child_process';
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const AWS_CLI = '/usr/bin/aws';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface AwsCli {
  run(...args: string[]): Promise<CliResult>;
  /** Runs and parses the JSON answer; fails the test on a non-zero exit. */
  ok(...args: string[]): Promise<Record<string, unknown>>;
  /** The CLI's own throw-away home (config and credentials files are empty). */
  home: string;
  /** A file in the CLI's home, for `file://` arguments. */
  file(name: string, text: string): string;
  dispose(): void;
}

export function awsCliAvailable(): boolean {
  return existsSync(AWS_CLI);
}

export interface CliOptions {
  accessKeyId?: string;
  /** Only matters for keys whose secret the endpoint knows (AssumeRole's, a scenario's signingSecrets): it verifies their signatures. */
  secretAccessKey?: string;
  sessionToken?: string;
  region?: string;
  /** Let the CLI retry as it does by default (a redirect to the bucket's Region is one). Off: a refusal is what is looked at. */
  retries?: boolean;
}

/** A throw-away home for the CLI and the environment that points it there, with nothing of the user's AWS setup. */
export function cliHome(options: CliOptions = {}): { home: string; env: NodeJS.ProcessEnv } {
  const home = mkdtempSync(join(tmpdir(), 'loopback-cli-'));
  writeFileSync(join(home, 'config'), '');
  writeFileSync(join(home, 'credentials'), '');
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')));
  const env = {
    ...base,
    HOME: home,
    AWS_ACCESS_KEY_ID: options.accessKeyId ?? 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: options.secretAccessKey ?? 'loopback-cli',
    ...(options.sessionToken ? { AWS_SESSION_TOKEN: options.sessionToken } : {}),
    AWS_DEFAULT_REGION: options.region ?? 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: join(home, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
    AWS_PAGER: '',
    ...(options.retries ? {} : { AWS_MAX_ATTEMPTS: '1' }),
  };
  return { home, env };
}

export function awsCli(endpoint: string, options: CliOptions = {}): AwsCli {
  const { home, env } = cliHome(options);
  const run = (...args: string[]) =>
    new Promise<CliResult>((resolve) => {
      execFile(AWS_CLI, ['--endpoint-url', endpoint, '--output', 'json', ...args], { env, timeout: 30_000 }, (err, stdout, stderr) => {
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
      });
    });
  return {
    home,
    run,
    async ok(...args) {
      const r = await run(...args);
      assert.equal(r.code, 0, `aws ${args.join(' ')} failed:\n${r.stderr}`);
      return r.stdout.trim() ? (JSON.parse(r.stdout) as Record<string, unknown>) : {};
    },
    file(name, text) {
      const path = join(home, name);
      writeFileSync(path, text);
      return `file://${path}`;
    },
    dispose: () => rmSync(home, { recursive: true, force: true }),
  };
}
