/** Entry point of the `s3-replication-doctor` command (bundled to dist/cli.js). */
import { main } from './cli/main';

// A closed pipe (`... | head`) is not an error worth a stack trace.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
});

void main(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  cwd: process.cwd(),
  env: process.env,
  stdoutIsTTY: process.stdout.isTTY === true,
}).then((code) => {
  process.exitCode = code;
});
