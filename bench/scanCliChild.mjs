/**
 * `s3-replication-doctor scan` from the bundle (dist/cli.js), run in this process exactly as the
 * command runs (its worker thread and that worker's heap limits included), for scan.bench.ts. On exit
 * the last line on stderr is `SCAN-BENCH {"ms","cpuMs","maxRssKb"}`: this process's wall time, CPU
 * time and peak RSS, the worker's included. Arguments: the bundle's path, then the command's own.
 */
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

const [cli, ...args] = process.argv.slice(2);
process.argv = [process.argv[0], cli, ...args];
const start = performance.now();
const cpu = process.cpuUsage();
process.on('exit', () => {
  const used = process.cpuUsage(cpu);
  process.stderr.write(`\nSCAN-BENCH ${JSON.stringify({ ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000, maxRssKb: process.resourceUsage().maxRSS })}\n`);
});
createRequire(import.meta.url)(resolve(cli));
