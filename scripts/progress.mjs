#!/usr/bin/env node
// Runs a long, quiet step (type-check, lint, packaging, an install) and says it is still running:
// when the step has printed nothing for 20 s, one line "[label] still running (N s)". CI logs and
// people watching a fresh set-up then never wait more than half a minute without a sign of life.
//
//   node scripts/progress.mjs <label> -- <command> [args...]
//
// The step's output passes through unchanged (colours kept for a terminal); its exit code is ours.
import { spawn } from 'node:child_process';

const QUIET_MS = Number(process.env.S3RD_PROGRESS_QUIET_MS ?? 20_000);
const argv = process.argv.slice(2);
const sep = argv.indexOf('--');
if (sep !== 1 || argv.length < 3) {
  console.error('usage: node scripts/progress.mjs <label> -- <command> [args...]');
  process.exit(2);
}
const label = argv[0];
const [command, ...args] = argv.slice(2);
const started = Date.now();
let last = started;

// A pipe is not a terminal: tell colour-aware tools (chalk, supports-color) what the user's is.
const env = { ...process.env };
if (process.stdout.isTTY && env.NO_COLOR === undefined) env.FORCE_COLOR ??= '1';
const child = spawn(command, args, { stdio: ['inherit', 'pipe', 'pipe'], env, shell: process.platform === 'win32' });
const relay = (to) => (chunk) => {
  last = Date.now();
  to.write(chunk);
};
child.stdout.on('data', relay(process.stdout));
child.stderr.on('data', relay(process.stderr));

const timer = setInterval(() => {
  if (Date.now() - last < QUIET_MS) return;
  last = Date.now();
  console.log(`[${label}] still running (${Math.round((Date.now() - started) / 1000)} s)`);
}, 1_000);

const forward = (signal) => () => child.kill(signal);
process.on('SIGINT', forward('SIGINT'));
process.on('SIGTERM', forward('SIGTERM'));
child.on('error', (err) => {
  clearInterval(timer);
  console.error(`[${label}] could not start ${command}: ${err.message}`);
  process.exit(127);
});
child.on('close', (code, signal) => {
  clearInterval(timer);
  const seconds = (Date.now() - started) / 1000;
  if (seconds >= QUIET_MS / 1000) console.log(`[${label}] ${code === 0 ? 'done' : 'failed'} in ${Math.round(seconds)} s`);
  process.exit(code ?? (signal ? 1 : 0));
});
