/**
 * Runs Debian's AWS CLI (/usr/bin/aws) against an endpoint with a clean, throw-away environment: no
 * real credentials, profiles or endpoints of the machine's user can leak in.
 */
import { execFile } from 'node:child_process';
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
  /** A file in the CLI's home, for `file://` arguments. */
  file(name: string, text: string): string;
  dispose(): void;
}

export function awsCliAvailable(): boolean {
  return existsSync(AWS_CLI);
}

export function awsCli(endpoint: string, options: { accessKeyId?: string; region?: string } = {}): AwsCli {
  const home = mkdtempSync(join(tmpdir(), 'loopback-cli-'));
  writeFileSync(join(home, 'config'), '');
  writeFileSync(join(home, 'credentials'), '');
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')));
  const env = {
    ...base,
    HOME: home,
    AWS_ACCESS_KEY_ID: options.accessKeyId ?? 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'loopback-cli',
    AWS_DEFAULT_REGION: options.region ?? 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: join(home, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
    AWS_PAGER: '',
    // No retries: a refusal is what is being looked at.
    AWS_MAX_ATTEMPTS: '1',
  };
  return {
    run: (...args) =>
      new Promise((resolve) => {
        execFile(AWS_CLI, ['--endpoint-url', endpoint, '--output', 'json', ...args], { env, timeout: 30_000 }, (err, stdout, stderr) => {
          resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
        });
      }),
    file(name, text) {
      const path = join(home, name);
      writeFileSync(path, text);
      return `file://${path}`;
    },
    dispose: () => rmSync(home, { recursive: true, force: true }),
  };
}
