/**
 * The command itself, run in the worker thread `cli.ts` starts (or, when that worker runs out of
 * its bounded heap, in the main thread). Writes to this process's stdout and stderr.
 */
import { isMainThread, workerData } from 'node:worker_threads';
import { main } from './cli/main';

/** @param stdin standard input, read by `cli.ts` when the command names `-` */
export function runCli(argv: readonly string[], stdoutIsTTY: boolean, stdin?: Uint8Array): Promise<number> {
  return main(argv, {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    cwd: process.cwd(),
    env: process.env,
    stdoutIsTTY,
    readStdin: () => (stdin ? Promise.resolve(Buffer.from(stdin.buffer, stdin.byteOffset, stdin.byteLength)) : Promise.reject(new Error('not read (no "-" among the arguments)'))),
  });
}

if (!isMainThread) {
  const { argv, stdoutIsTTY, stdin } = workerData as { argv: string[]; stdoutIsTTY: boolean; stdin?: Uint8Array };
  void runCli(argv, stdoutIsTTY, stdin).then((code) => {
    process.exitCode = code;
  });
}
