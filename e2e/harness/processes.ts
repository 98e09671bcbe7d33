/**
 * Child processes the harness starts (endpoint, code-server), each in its own process group so
 * that stopping it also stops everything it spawned (extension hosts, pty host, file watcher).
 * Whatever happens (failure, Ctrl-C, an exception), every group started here is stopped on exit.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, WriteStream } from 'node:fs';
import { poll, TimeoutError } from './poll';

const STOP_GRACE_MS = 10_000;

export interface StartOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Everything the process prints goes here too, for post-mortems. */
  logFile: string;
}

export class ManagedProcess {
  private output = '';
  private exitCode: number | null | undefined;
  private readonly log: WriteStream;
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly name: string,
    private readonly child: ChildProcess,
    readonly logFile: string,
  ) {
    this.log = createWriteStream(logFile);
    const take = (chunk: Buffer) => {
      this.output += chunk.toString('utf8');
      this.log.write(chunk);
      this.notify();
    };
    child.stdout?.on('data', take);
    child.stderr?.on('data', take);
    child.on('exit', (code, signal) => {
      this.exitCode = code ?? (signal ? -1 : null);
      this.notify();
    });
    child.on('error', (err) => {
      this.output += `\n[harness] could not start ${name}: ${err.message}\n`;
      this.exitCode = -1;
      this.notify();
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get exited(): boolean {
    return this.exitCode !== undefined;
  }

  /** The last lines printed, to quote when something goes wrong. */
  tail(lines = 20): string {
    return this.output.trimEnd().split('\n').slice(-lines).join('\n');
  }

  /** Resolves with the first match of `pattern` in the output; rejects if the process exits first or time runs out. */
  waitForOutput(pattern: RegExp, timeoutMs: number, what: string): Promise<RegExpMatchArray> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const m = this.output.match(pattern);
        if (m) return finish(() => resolve(m));
        if (this.exited) finish(() => reject(new Error(`${this.name} exited (code ${String(this.exitCode)}) before ${what}:\n${this.tail()}`)));
      };
      const timer = setTimeout(
        () => finish(() => reject(new TimeoutError(`Timed out after ${timeoutMs / 1000} s waiting for ${what} from ${this.name}:\n${this.tail()}`))),
        timeoutMs,
      );
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        this.listeners.delete(check);
        settle();
      };
      this.listeners.add(check);
      check();
    });
  }

  /** Resolves when the process exits (with its code; -1 for a signal or a failed start). */
  whenExited(): Promise<number | null> {
    return new Promise((resolve) => {
      const check = () => {
        if (!this.exited) return;
        this.listeners.delete(check);
        resolve(this.exitCode ?? null);
      };
      this.listeners.add(check);
      check();
    });
  }

  /** SIGTERM to the whole group, SIGKILL if anything in it is still alive after the grace period. */
  async stop(): Promise<void> {
    const pgid = this.child.pid;
    running.delete(this);
    if (pgid !== undefined && groupAlive(pgid)) {
      signalGroup(pgid, 'SIGTERM');
      try {
        await poll(`${this.name} to stop`, () => !groupAlive(pgid), { timeoutMs: STOP_GRACE_MS, intervalMs: 100 });
      } catch {
        signalGroup(pgid, 'SIGKILL');
      }
    }
    await new Promise<void>((r) => this.log.end(r));
  }

  private notify(): void {
    for (const l of [...this.listeners]) l();
  }
}

const running = new Set<ManagedProcess>();
let stopping = false;

/** True once everything is being stopped on purpose: children exiting then is expected, not a failure. */
export function isStopping(): boolean {
  return stopping;
}

export function startProcess(name: string, command: string, args: string[], opts: StartOptions): ManagedProcess {
  const child = spawn(command, args, {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    detached: true, // its own process group: stop() reaches its grandchildren too
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const managed = new ManagedProcess(name, child, opts.logFile);
  running.add(managed);
  return managed;
}

export async function stopAll(): Promise<void> {
  stopping = true;
  await Promise.all([...running].map((p) => p.stop()));
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // Already gone.
  }
}

let installed = false;

/**
 * Stops every started group on Ctrl-C, SIGTERM, an uncaught error, or a plain exit
 * (the last one synchronously, with SIGKILL, because no more awaiting is possible then).
 */
export function stopEverythingOnExit(onSignal?: (signal: NodeJS.Signals) => void): void {
  if (installed) return;
  installed = true;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      onSignal?.(signal);
      void stopAll().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    });
  }
  process.on('uncaughtException', (err) => {
    console.error(`[harness] unexpected error: ${err.stack ?? err.message}`);
    void stopAll().finally(() => process.exit(1));
  });
  process.on('exit', () => {
    for (const p of running) if (p.pid !== undefined) signalGroup(p.pid, 'SIGKILL');
  });
}
