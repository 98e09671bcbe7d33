/**
 * The command itself, run in the worker thread `cli.ts` starts (or, when that worker runs out of
 * its bounded heap, in the main thread). Writes to this process's stdout and stderr.
 */
import { isMainThread, workerData } from 'node:worker_threads';
import { main } from './cli/main';

// The bundled SDK warns on Node < 22 that its *future* releases will need Node 22: advice for whoever
// upgrades the SDK (us), not for someone running this CLI, whose bundled SDK never changes.
// A user who wants to see it sets the variable to anything else.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

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
