/** Runs the CLI in-process against throw-away folders, capturing what it prints. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { main } from '../../src/cli/main';

export const WALKTHROUGH = join(__dirname, '../../../shared/examples/seed-walkthrough');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(args: string[], cwd: string, opts: { tty?: boolean; env?: Record<string, string>; stdin?: string | Buffer } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    cwd,
    env: opts.env ?? {},
    stdoutIsTTY: opts.tty ?? false,
    readStdin: () => (opts.stdin === undefined ? Promise.reject(new Error('stdin read unexpectedly')) : Promise.resolve(Buffer.from(opts.stdin))),
  });
  return { code, stdout, stderr };
}

/** A fresh folder holding `files` (relative path → content); removed by `cleanup`. */
export class TempTree {
  readonly root = mkdtempSync(join(tmpdir(), 's3rd-cli-'));

  constructor(files: Record<string, string | Buffer> = {}) {
    for (const [rel, content] of Object.entries(files)) this.write(rel, content);
  }

  path(rel: string): string {
    return join(this.root, rel);
  }

  write(rel: string, content: string | Buffer): string {
    const p = this.path(rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, content);
    return p;
  }

  read(rel: string): string {
    return readFileSync(this.path(rel), 'utf8');
  }

  bytes(rel: string): Buffer {
    return readFileSync(this.path(rel));
  }

  cleanup(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

export function walkthroughFile(name: string): string {
  return readFileSync(join(WALKTHROUGH, name), 'utf8');
}

const DOCS_RULE = { ID: 'docs', Status: 'Enabled', Priority: 1, Filter: { Prefix: 'docs/' }, DeleteMarkerReplication: { Status: 'Disabled' }, Destination: { Bucket: 'arn:aws:s3:::destination-bucket' } };
const configWith = (rule: Record<string, unknown>) => JSON.stringify({ Role: 'arn:aws:iam::123456789012:role/s3-replication-role', Rules: [rule] }, null, 2);

/** A replication configuration with nothing wrong in it, for runs that must stay clean. */
export const CLEAN_CONFIG = configWith(DOCS_RULE);

/** A V2 rule without `DeleteMarkerReplication`: one error with a preferred fix. */
export const CONFIG_MISSING_DELETE_MARKER = configWith({ ...DOCS_RULE, DeleteMarkerReplication: undefined });
