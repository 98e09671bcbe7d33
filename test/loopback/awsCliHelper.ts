/** Debian's AWS CLI (/usr/bin/aws) against an endpoint, with nothing of the user's AWS setup leaking in. */
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
  home: string;
  dispose(): void;
}

/** Undefined when the CLI is absent (the caller skips, saying so). */
export function awsCli(endpoint: () => string): AwsCli | undefined {
  if (!existsSync(AWS_CLI)) return undefined;
  const home = mkdtempSync(join(tmpdir(), 'loopback-cli-'));
  writeFileSync(join(home, 'config'), '');
  writeFileSync(join(home, 'credentials'), '');
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')));
  const env = {
    ...base,
    HOME: home,
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'loopback-cli',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: join(home, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
    AWS_PAGER: '',
  };
  const run = (...args: string[]) =>
    new Promise<CliResult>((resolve) => {
      execFile(AWS_CLI, ['--endpoint-url', endpoint(), '--output', 'json', ...args], { env, timeout: 30_000 }, (err, stdout, stderr) => {
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
    dispose: () => rmSync(home, { recursive: true, force: true }),
  };
}
