/**
 * Bounds on what a dialog or a notification shows. AWS answers and plans about 1,000-rule
 * configurations can be tens of thousands of characters; a dialog shows the start, says how much
 * more there is, and the output channel holds the rest. Plain functions, no `vscode`: tested directly.
 */

/** A notification's or a modal's one-line message. */
export const MESSAGE_LIMIT = 1_000;
/** A modal's detail. */
export const DETAIL_LIMIT = 4_000;
/** Lines of a list inside a modal's detail (calls, deletions) before "and N more". */
export const DETAIL_LIST_LINES = 10;

export const OUTPUT_CHANNEL = 'S3 Replication Doctor';

export interface Capped {
  text: string;
  /** True when part of the text was left out (the caller logs the whole text). */
  cut: boolean;
}

/** The text, or its start cut at a word boundary with how much was left out. */
export function capText(text: string, limit: number): Capped {
  if (text.length <= limit) return { text, cut: false };
  const note = ` … (${(text.length - limit).toLocaleString('en-US')}+ more characters: the full text is in the "${OUTPUT_CHANNEL}" output channel)`;
  const room = Math.max(0, limit - note.length);
  const space = text.lastIndexOf(' ', room);
  const cutAt = space > room / 2 ? space : room;
  return { text: text.slice(0, cutAt).trimEnd() + note, cut: true };
}

/** The first lines of a list, then one line saying how many more there are. */
export function capLines(lines: readonly string[], max = DETAIL_LIST_LINES, prefix = '- '): { lines: string[]; cut: boolean } {
  if (lines.length <= max) return { lines: [...lines], cut: false };
  return { lines: [...lines.slice(0, max), `${prefix}and ${lines.length - max} more (all of them are listed in the "${OUTPUT_CHANNEL}" output channel)`], cut: true };
}
