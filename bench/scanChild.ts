/**
 * One `scan --org` run in its own process (so its peak RSS is its own), for scan.bench.ts. Prints JSON.
 * Run with --expose-gc: when an account is done, a full collection measures what the scan still holds
 * (the heap after GC, its maximum over the accounts): flat in the number of accounts when nothing of a
 * finished account is kept, whatever V8 chooses to keep as headroom (peak RSS).
 */
import { ORG_AUDIT_ROLE } from '../loopback';
import { scan } from '../src/aws/scan';

async function main(): Promise<void> {
  const [url, concurrency] = [process.argv[2], Number(process.argv[3])];
  let findings = 0;
  let heapAfterGcMax = 0;
  const gc = (globalThis as { gc?: () => void }).gc;
  const onAccountDone = () => {
    if (!gc) return;
    gc();
    heapAfterGcMax = Math.max(heapAfterGcMax, process.memoryUsage().heapUsed);
  };
  const cpu = process.cpuUsage();
  const start = performance.now();
  const summary = await scan({ region: 'us-east-1', endpoint: url, credentials: { accessKeyId: 'AKIDMGMT', secretAccessKey: 'x' }, maxAttempts: 1, org: true, role: ORG_AUDIT_ROLE, concurrency, accountConcurrency: 4, onFinding: () => findings++, onAccountDone });
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  process.stdout.write(JSON.stringify({ ms, cpuMs: (used.user + used.system) / 1000, findings, summary, maxRssKb: process.resourceUsage().maxRSS, heapAfterGcMaxKb: gc ? Math.round(heapAfterGcMax / 1024) : undefined }));
}

void main();
