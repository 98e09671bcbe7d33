/** The loopback AWS endpoint as a child process (`npm run sandbox`'s entry point), serving the walkthrough. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { walkthroughScenario, withFailingBucket, type ReplicationConfiguration } from '../../loopback';
import { ROOT, WALKTHROUGH } from './paths';
import { ManagedProcess, startProcess } from './processes';

export const SANDBOX_ENTRY = join(ROOT, 'loopback', 'sandbox.ts');
const START_TIMEOUT_MS = 30_000;

export interface Sandbox {
  url: string;
  process: ManagedProcess;
  stop(): Promise<void>;
}

/**
 * The walkthrough's account (buckets without versioning, the role with the post's policies, objects
 * uploaded before any rule) with the walkthrough's replication configuration on the source bucket:
 * the live state the README promises the explorer tells "the same story" about. With `failing`, also
 * the demo bucket whose objects fail (loopback/scenario/demo.ts): `npm start` and the UI tier show
 * telemetry with it. Written as a `--scenario` file; returns its path.
 */
export function writeWalkthroughScenario(file: string, options: { failing?: boolean } = {}): string {
  const scenario = walkthroughScenario(WALKTHROUGH);
  const source = scenario.buckets?.find((b) => b.name === 'source-bucket');
  if (!source) throw new Error('the loopback walkthrough scenario has no source-bucket');
  source.replication = JSON.parse(readFileSync(join(WALKTHROUGH, 'replication-config.json'), 'utf8')) as ReplicationConfiguration;
  writeFileSync(file, JSON.stringify(options.failing ? withFailingBucket(scenario) : scenario, null, 2));
  return file;
}

/** Starts the endpoint on `port` (0: any free port) and reads its URL from the first line it prints. */
export async function startSandbox(port: number, scenarioFile: string, logFile: string): Promise<Sandbox> {
  if (!existsSync(SANDBOX_ENTRY)) throw new Error(`The loopback endpoint is missing: ${SANDBOX_ENTRY} does not exist.`);
  const args = ['--import', 'tsx', SANDBOX_ENTRY, '--port', String(port), '--scenario', scenarioFile];
  const proc = startProcess('loopback endpoint', process.execPath, args, {
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
