/** A parser's error range, inside the text and at least one character long when the text has one (an error at its very end marks the last character). */
export function within(text: string, offset: number, length: number): { offset: number; length: number } {
  if (text.length === 0) return { offset: 0, length: 0 };
  const start = Math.max(0, Math.min(offset, text.length - 1));
  return { offset: start, length: Math.max(1, Math.min(length, text.length - start)) };
}
