/** The loopback AWS endpoint (walkthrough scenario) as a child process: `npm run sandbox`'s entry point. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './paths';
import { ManagedProcess, startProcess } from './processes';

export const SANDBOX_ENTRY = join(ROOT, 'loopback', 'sandbox.ts');
const START_TIMEOUT_MS = 30_000;

export interface Sandbox {
  url: string;
  process: ManagedProcess;
  stop(): Promise<void>;
}

/** Starts the endpoint on `port` (0: any free port) and reads its URL from the first line it prints. */
export async function startSandbox(port: number, logFile: string): Promise<Sandbox> {
  if (!existsSync(SANDBOX_ENTRY)) throw new Error(`The loopback endpoint is missing: ${SANDBOX_ENTRY} does not exist.`);
  const proc = startProcess('loopback endpoint', process.execPath, ['--import', 'tsx', SANDBOX_ENTRY, '--port', String(port)], {
    cwd: ROOT,
    logFile,
  });
  try {
    const [url] = await proc.waitForOutput(/http:\/\/127\.0\.0\.1:\d+/, START_TIMEOUT_MS, 'its URL');
    return { url, process: proc, stop: () => proc.stop() };
  } catch (err) {
    await proc.stop();
    throw err;
  }
}
