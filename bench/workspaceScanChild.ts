/**
 * One workspace scan in its own process (so its peak RSS and event-loop delays are its own), for
 * workspaceScan.bench.ts: the editor's scan schedule (src/editor/workspaceScan.ts) over a folder,
 * with Node's file system in place of `vscode.workspace.fs` and the engine's `readDocument` as the
 * editor's store parses files. `baseline` is the scan as it was before: every file read and parsed,
 * no pre-filter, no yield. Prints JSON.
 */
import { readdirSync, statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { decodeBytes } from '../src/core/encoding';
import { readDocument } from '../src/core/formats';
import { ScanCost, scanFiles } from '../src/editor/workspaceScan';

const MAX_SCAN_BYTES = 2 * 1024 * 1024;

function list(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) list(path, out);
    else if (/\.(json|ya?ml|template|tf)$/i.test(name)) out.push(path);
  }
  return out;
}

async function load(path: string): Promise<Uint8Array | undefined> {
  if ((await stat(path)).size > MAX_SCAN_BYTES) return undefined;
  return readFile(path);
}

/** The scan before this change: read, decode and parse every file in turn, nothing between them but the reads. */
async function baseline(paths: string[]): Promise<ScanCost> {
  const cost: ScanCost = { listed: paths.length, read: 0, bytes: 0, parsed: 0, relevant: 0, notRead: 0, ms: 0, longestBlockMs: 0, stoppedEarly: false, cancelled: false };
  const started = performance.now();
  for (const path of paths) {
    const bytes = await load(path);
    if (!bytes) continue;
    const t = performance.now();
    cost.read++;
    cost.bytes += bytes.byteLength;
    const { text, encoding } = decodeBytes(bytes);
    cost.parsed++;
    if (readDocument({ uri: path, text, encoding }).kind !== 'unrelated') cost.relevant++;
    const block = performance.now() - t;
    if (block > cost.longestBlockMs) [cost.longestBlockMs, cost.longestBlockFile] = [block, path];
  }
  cost.ms = performance.now() - started;
  return cost;
}

async function main(): Promise<void> {
  const [folder, mode] = [process.argv[2], process.argv[3] as 'scan' | 'full' | 'baseline'];
  const paths = list(folder);
  const baseRssKb = process.resourceUsage().maxRSS;
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const cost =
    mode === 'baseline'
      ? await baseline(paths)
      : await scanFiles(
          paths.map((path) => ({ uri: path, path })),
          {
            load: async (f) => {
              const bytes = await load(f.path);
              return bytes && { bytes };
            },
            keep: (f, text, encoding) => readDocument({ uri: f.uri, text, encoding }).kind !== 'unrelated',
            cancelled: () => false,
          },
          { quietLimit: mode === 'full' ? 0 : undefined },
        );
  delay.disable();
  const loopMaxMs = delay.max / 1e6;
  process.stdout.write(JSON.stringify({ cost, loopMaxMs, loopP99Ms: delay.percentile(99) / 1e6, baseRssKb, maxRssKb: process.resourceUsage().maxRSS }));
}

void main();
