/**
 * The command itself, run in the worker thread `cli.ts` starts (or, when that worker runs out of
 * its bounded heap, in the main thread). Writes to this process's stdout and stderr.
 */
import { isMainThread, workerData } from 'node:worker_threads';
import { main } from './cli/main';

export function runCli(argv: readonly string[], stdoutIsTTY: boolean): Promise<number> {
  return main(argv, {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    cwd: process.cwd(),
    env: process.env,
    stdoutIsTTY,
  });
}

if (!isMainThread) {
  const { argv, stdoutIsTTY } = workerData as { argv: string[]; stdoutIsTTY: boolean };
  void runCli(argv, stdoutIsTTY).then((code) => {
    process.exitCode = code;
  });
}
