import { FormattingOptions } from 'jsonc-parser';

/**
 * Guesses the indentation and line ending a document already uses, so that a fix written into it
 * looks as if the author had typed it. Editors pass their own options instead.
 */
export function detectFormatting(text: string): FormattingOptions {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const m = /\n([ \t]+)\S/.exec(text);
  if (!m) return { tabSize: 2, insertSpaces: true, eol };
  if (m[1].startsWith('\t')) return { tabSize: 4, insertSpaces: false, eol };
  return { tabSize: Math.min(Math.max(m[1].length, 1), 8), insertSpaces: true, eol };
}
