/**
 * `npm run sandbox [-- --port N] [-- --scenario file.json] [-- --quiet]`: the loopback endpoint with the
 * walkthrough's scenario (or another), for trying the extension and the AWS CLI without an AWS account.
 * The first line printed is the endpoint URL (tools wait for it); then how to point clients at it.
 */
import { isAbsolute, resolve } from 'node:path';
import { startLoopback, type LoopbackServer, type RequestLogEntry } from './index';
import { withFailingBucket } from './scenario/demo';
import { walkthroughScenario } from './scenario/walkthrough';

export const DEFAULT_SANDBOX_PORT = 4599;
const ACCESS_KEY = 'AKIDEXAMPLE';
const SECRET_KEY = 'loopback-sandbox';

interface Args {
  port: number;
  scenario?: string;
  quiet: boolean;
}

const USAGE = `usage: npm run sandbox -- [--port N] [--scenario file.json] [--quiet]
  --port N         listen on 127.0.0.1:N (default ${DEFAULT_SANDBOX_PORT}; 0 = any free port)
  --scenario FILE  start from this scenario file instead of the walkthrough and the failing demo bucket (format: loopback/README.md)
  --quiet          do not log requests on stderr`;

function parseArgs(argv: string[]): Args {
  const args: Args = { port: DEFAULT_SANDBOX_PORT, quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--port') {
      const port = Number(value());
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0-65535, got ${argv[i]}`);
      args.port = port;
    } else if (arg === '--scenario') {
      const file = value();
      // npm runs scripts from the package root; a relative path means the caller's directory.
      args.scenario = isAbsolute(file) ? file : resolve(process.env.INIT_CWD ?? process.cwd(), file);
    } else if (arg === '--quiet') args.quiet = true;
    else if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`unknown argument ${arg}`);
  }
  return args;
}

function instructions(url: string): string {
  return `
# AWS CLI (bash): credentials can be anything, requests only go to ${url}
export AWS_ACCESS_KEY_ID=${ACCESS_KEY} AWS_SECRET_ACCESS_KEY=${SECRET_KEY} AWS_DEFAULT_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true
export AWS_ENDPOINT_URL=${url}   # AWS CLI v2.13+ and the SDKs; older CLIs: add --endpoint-url ${url} to each command
aws --endpoint-url ${url} s3api list-buckets

# Or a profile: ~/.aws/config
[profile loopback]
region = us-east-1
endpoint_url = ${url}
# ~/.aws/credentials
[loopback]
aws_access_key_id = ${ACCESS_KEY}
aws_secret_access_key = ${SECRET_KEY}

# The extension (VS Code user settings.json):
"s3ReplicationDoctor.endpoint": "${url}",
"s3ReplicationDoctor.profile": "loopback"

# Ctrl-C stops the endpoint.`;
}

function logLine(e: RequestLogEntry): string {
  const outcome = e.dropped ? 'connection dropped (fault)' : `${e.status}${e.error ? ` ${e.error}` : ''}`;
  return `${new Date().toISOString()} ${e.operation}${e.bucket ? ` ${e.bucket}` : ''} -> ${outcome}`;
}

async function main(): Promise<void> {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`sandbox: ${(err as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  let server: LoopbackServer;
  try {
    server = await startLoopback({
      port: args.port,
      scenario: args.scenario ?? withFailingBucket(walkthroughScenario()),
      onRequest: args.quiet ? undefined : (e) => console.error(logLine(e)),
    });
  } catch (err) {
    const error = err as NodeJS.ErrnoException;
    const message = error.code === 'EADDRINUSE' ? `port ${args.port} is in use; pass --port N (0 picks a free port)` : error.message;
    console.error(`sandbox: cannot start: ${message}`);
    process.exit(1);
  }
  console.log(server.url);
  console.log(instructions(server.url));
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    void server.close().then(() => {
      console.error(`sandbox: stopped (${signal})`);
      process.exit(0);
    });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

void main();
