/**
 * What is wrong with a text that is not JSON, said the way a user can act on it. The AWS CLI's
 * parser (Python's `json`) stops at the first error, so we report one problem where jsonc-parser
 * reports a cascade (a truncated file gave five "expected" errors at one position), except
 * trailing commas: those are each their own small mistake, the tree around them is complete,
 * and each has an exact fix.
 */
import { Node, ParseError, ParseErrorCode, SyntaxKind, createScanner, parseTree, printParseErrorCode } from 'jsonc-parser';
import { LineIndex } from './lines';

export type SyntaxProblemKind =
  /** A comma after the last member or element; the rest of the document parses. */
  | 'trailing-comma'
  /** The text ends before the JSON does (cut off while saving or copying). */
  | 'truncated'
  | 'syntax';

export interface SyntaxProblem {
  offset: number;
  length: number;
  /** What is wrong, as a sentence without the consequence (the rules add what AWS does). */
  message: string;
  kind?: SyntaxProblemKind;
  /** For a trailing comma: inside an object or an array (the AWS CLI's message differs). */
  container?: 'object' | 'array';
}

export interface ParsedText {
  root: Node | undefined;
  /** Trailing commas, then at most one other problem (the first), in text order. */
  problems: SyntaxProblem[];
  /** The tree is incomplete: some problem other than a trailing comma. */
  broken: boolean;
}

const PARSE_ERROR_TEXT: Record<string, string> = {
  InvalidSymbol: 'Invalid symbol',
  InvalidNumberFormat: 'Invalid number format',
  PropertyNameExpected: 'Property name expected',
  ValueExpected: 'Value expected',
  ColonExpected: 'Colon expected',
  CommaExpected: 'Comma expected',
  CloseBraceExpected: 'Closing brace expected',
  CloseBracketExpected: 'Closing bracket expected',
  EndOfFileExpected: 'End of file expected: there is more text after the JSON value',
  InvalidCommentToken: 'Invalid comment token',
  UnexpectedEndOfComment: 'A block comment is never closed (`*/` is missing)',
  UnexpectedEndOfString: 'A string is never closed (its `"` is missing)',
  UnexpectedEndOfNumber: 'Unexpected end of number',
  InvalidUnicode: 'Invalid unicode sequence',
  InvalidEscapeCharacter: 'Invalid escape character',
  InvalidCharacter: 'Invalid character in a string (control characters must be escaped)',
};

/**
 * Parses leniently (comments allowed: JSONC is what editors hold) and explains the errors. The
 * common valid case costs one parse; trailing commas are looked for only when the parse failed.
 */
export function parseJsonText(text: string): ParsedText {
  const errors: ParseError[] = [];
  const strict = parseTree(text, errors, { allowTrailingComma: false, disallowComments: false });
  if (errors.length === 0) return { root: strict, problems: [], broken: false };

  const commas = trailingCommas(text);
  const closers = new Set(commas.map((c) => c.closer));
  const explained = (e: ParseError) =>
    closers.has(e.offset) && (e.error === ParseErrorCode.PropertyNameExpected || e.error === ParseErrorCode.ValueExpected);
  const others = errors.filter((e) => !explained(e));
  const problems: SyntaxProblem[] = commas.map((c) => ({
    offset: c.offset,
    length: 1,
    kind: 'trailing-comma',
    container: c.container,
    message: `Trailing comma: JSON allows no comma after the last ${c.container === 'object' ? 'member of an object' : 'element of an array'}`,
  }));
  if (others.length === 0) {
    // Only trailing commas: the lenient tree is the document the author meant, so every rule can run.
    return { root: parseTree(text, [], { allowTrailingComma: true, disallowComments: false }), problems, broken: false };
  }
  const first = others.reduce((a, b) => (b.offset < a.offset ? b : a));
  problems.push(describe(text, first));
  problems.sort((a, b) => a.offset - b.offset);
  return { root: strict, problems, broken: true };
}

interface TrailingComma {
  offset: number;
  /** Offset of the `}` or `]` that follows it. */
  closer: number;
  container: 'object' | 'array';
}

function trailingCommas(text: string): TrailingComma[] {
  const out: TrailingComma[] = [];
  const scanner = createScanner(text, true);
  let comma = -1;
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    if (kind === SyntaxKind.LineCommentTrivia || kind === SyntaxKind.BlockCommentTrivia) continue;
    if (kind === SyntaxKind.CommaToken) {
      comma = scanner.getTokenOffset();
      continue;
    }
    if (comma >= 0 && (kind === SyntaxKind.CloseBraceToken || kind === SyntaxKind.CloseBracketToken)) {
      out.push({ offset: comma, closer: scanner.getTokenOffset(), container: kind === SyntaxKind.CloseBraceToken ? 'object' : 'array' });
    }
    comma = -1;
  }
  return out;
}

function describe(text: string, e: ParseError): SyntaxProblem {
  const code = printParseErrorCode(e.error);
  const atEnd = text.slice(e.offset).trim() === '';
  const stringToEnd = e.error === ParseErrorCode.UnexpectedEndOfString && !/[\r\n]/.test(text.slice(e.offset));
  if (atEnd || stringToEnd) {
    const open = unclosed(text);
    const where = new LineIndex(text);
    const shown = open.slice(0, 3).map((o) => `\`${text[o]}\` on line ${where.positionAt(o).line + 1}`);
    const more = open.length > shown.length ? ` and ${open.length - shown.length} more` : '';
    const brackets = open.length === 0 ? '' : `; ${open.length === 1 ? 'one bracket is' : `${open.length} brackets are`} still open (${shown.join(', ')}${more})`;
    return {
      // From the cut to the end, so the squiggle shows where the text stops.
      offset: e.offset,
      length: Math.max(text.length - e.offset, 0),
      kind: 'truncated',
      message: `The file ends${stringToEnd ? ' inside a string,' : ''} before its JSON is complete, as if it was cut off${brackets}`,
    };
  }
  return { offset: e.offset, length: Math.max(e.length, 1), kind: 'syntax', message: PARSE_ERROR_TEXT[code] ?? code };
}

/** Offsets of the `{` and `[` never closed, outermost first. */
function unclosed(text: string): number[] {
  const stack: number[] = [];
  const scanner = createScanner(text, true);
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    if (kind === SyntaxKind.OpenBraceToken || kind === SyntaxKind.OpenBracketToken) stack.push(scanner.getTokenOffset());
    else if (kind === SyntaxKind.CloseBraceToken || kind === SyntaxKind.CloseBracketToken) stack.pop();
  }
  return stack;
}
