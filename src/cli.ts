/**
 * Entry point of the `s3-replication-doctor` command (bundled to dist/cli.js). The command runs in
 * a worker thread whose heap is bounded: V8 otherwise lets a run over thousands of files grow its
 * heap to several times what it keeps alive (garbage of documents already analysed), and the point
 * of the streaming check is a small, flat memory footprint. A run that needs more than the bound
 * (thousands of large replication configurations) is not refused: it runs again in this thread.
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

const argv = process.argv.slice(2);

// Old generation bound high enough for any real repository, low enough that V8 collects before growing
// the heap far past what is alive (S3_REPLICATION_DOCTOR_WORKER_HEAP_MB lowers it so tests can exercise
// the fallback). Checking files, the young generation is small: a file's garbage dies young and cheap.
// The live commands keep hundreds of reads in flight, each alive for a network round trip: a small young
// generation copies and promotes them all, which cost `scan` about 15% more CPU per request.
const LIVE_COMMANDS = new Set(['scan', 'status']);
const OLD_GENERATION_MB = Number(process.env.S3_REPLICATION_DOCTOR_WORKER_HEAP_MB) || 512;
const LIMITS = LIVE_COMMANDS.has(argv[0]) ? { maxOldGenerationSizeMb: OLD_GENERATION_MB } : { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: OLD_GENERATION_MB };

// A closed pipe (`... | head`) is not an error worth a stack trace.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
});

const stdoutIsTTY = process.stdout.isTTY === true;
const script = join(__dirname, 'cliMain.js');

/**
 * `check -`: standard input is read here, whole, before the worker starts, so that a run repeated in
 * this thread (the worker ran out of heap) checks the same bytes; the worker gets a copy.
 */
async function readStdin(): Promise<Buffer | undefined> {
  if (!argv.includes('-')) return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function inThisThread(stdin: Buffer | undefined): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { runCli } = require(script) as typeof import('./cliMain');
  void runCli(argv, stdoutIsTTY, stdin).then((code) => {
    process.exitCode = code;
  });
}

void readStdin().then(
  (stdin) => {
    const worker = new Worker(script, { workerData: { argv, stdoutIsTTY, stdin }, resourceLimits: LIMITS });
    worker.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ERR_WORKER_OUT_OF_MEMORY') return inThisThread(stdin);
      process.stderr.write(`s3-replication-doctor: internal error: ${err.message}. This is a bug; please report it with the command you ran.\n`);
      process.exitCode = 2;
    });
    worker.on('exit', (code) => {
      process.exitCode ??= code;
    });
  },
  (err: unknown) => {
    process.stderr.write(`s3-replication-doctor: cannot read standard input: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
