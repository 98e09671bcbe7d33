/** What the CLI touches of its process, injected so tests run it in-process and capture everything. */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  /** Colours only for a terminal, and never with NO_COLOR set (https://no-color.org). */
  stdoutIsTTY: boolean;
  /** Everything on standard input, for `check -`. */
  readStdin(): Promise<Buffer>;
}

export function useColor(io: CliIO): boolean {
  return io.stdoutIsTTY && !io.env.NO_COLOR;
}
