/**
 * What is wrong with a text that is not JSON, said the way a user can act on it. The AWS CLI's
 * parser (Python's `json`) stops at the first error, so we report one problem where jsonc-parser
 * reports a cascade (a truncated file gave five "expected" errors at one position), except
 * trailing commas: those are each their own small mistake, the tree around them is complete,
 * and each has an exact fix.
 */
import { Node, ParseError, ParseErrorCode, ScanError, SyntaxKind, createScanner, parseTree, printParseErrorCode } from 'jsonc-parser';
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
  /**
   * What Python's `json` (the AWS CLI's parser for structure parameters) says when this is the
   * first problem it meets, without its position suffix; absent where we cannot tell for sure.
   */
  python?: string;
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
    const python = stringToEnd ? 'Unterminated string starting at' : pythonJsonMessage(text, text.length);
    return {
      // From the cut to the end, so the squiggle shows where the text stops.
      offset: e.offset,
      length: Math.max(text.length - e.offset, 0),
      kind: 'truncated',
      message: `The file ends${stringToEnd ? ' inside a string,' : ''} before its JSON is complete, as if it was cut off${brackets}`,
      ...(python ? { python } : {}),
    };
  }
  // Errors inside a token (a bad escape, a control character) Python words its own way: not guessed.
  const python = STRUCTURAL.has(e.error) ? pythonJsonMessage(text, e.offset) : undefined;
  return { offset: e.offset, length: Math.max(e.length, 1), kind: 'syntax', message: PARSE_ERROR_TEXT[code] ?? code, ...(python ? { python } : {}) };
}

/** jsonc-parser errors about what comes between tokens, where Python's message follows from the tokens before. */
const STRUCTURAL = new Set<ParseErrorCode>([
  ParseErrorCode.InvalidSymbol,
  ParseErrorCode.PropertyNameExpected,
  ParseErrorCode.ValueExpected,
  ParseErrorCode.ColonExpected,
  ParseErrorCode.CommaExpected,
  ParseErrorCode.CloseBraceExpected,
  ParseErrorCode.CloseBracketExpected,
  ParseErrorCode.EndOfFileExpected,
]);

/**
 * The message Python's `json` gives when it meets something that is not JSON at `offset` (a
 * comment, a stray character, the end of a cut-off text), after valid JSON up to there: it follows
 * from the last token before (Python 3.12 and earlier, the AWS CLI's; 3.13 words trailing commas
 * differently). `undefined` when the text before is not valid JSON either (Python stops earlier).
 */
export function pythonJsonMessage(text: string, offset: number): string | undefined {
  const scanner = createScanner(text, false);
  const open: ('{' | '[')[] = [];
  let last: 'open-object' | 'open-array' | 'comma' | 'colon' | 'key' | 'value' | undefined;
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF && scanner.getTokenOffset() < offset; kind = scanner.scan()) {
    switch (kind) {
      case SyntaxKind.LineCommentTrivia:
      case SyntaxKind.BlockCommentTrivia:
        // Python stops at the first comment: one before `offset` would be the problem it reports.
        return undefined;
      case SyntaxKind.OpenBraceToken:
        open.push('{');
        last = 'open-object';
        break;
      case SyntaxKind.OpenBracketToken:
        open.push('[');
        last = 'open-array';
        break;
      case SyntaxKind.CloseBraceToken:
      case SyntaxKind.CloseBracketToken:
        // A trailing comma before `offset` is where Python stops.
        if (last === 'comma') return undefined;
        open.pop();
        last = 'value';
        break;
      case SyntaxKind.CommaToken:
        last = 'comma';
        break;
      case SyntaxKind.ColonToken:
        last = 'colon';
        break;
      case SyntaxKind.StringLiteral:
        if (scanner.getTokenError() !== ScanError.None) return undefined;
        last = open[open.length - 1] === '{' && (last === 'open-object' || last === 'comma') ? 'key' : 'value';
        break;
      case SyntaxKind.NumericLiteral:
      case SyntaxKind.TrueKeyword:
      case SyntaxKind.FalseKeyword:
      case SyntaxKind.NullKeyword:
        last = 'value';
        break;
      case SyntaxKind.Trivia:
      case SyntaxKind.LineBreakTrivia:
        break;
      default:
        return undefined;
    }
  }
  if (last === undefined) return 'Expecting value';
  if (open.length === 0) return last === 'value' ? 'Extra data' : undefined;
  switch (last) {
    case 'open-object':
      return 'Expecting property name enclosed in double quotes';
    case 'comma':
      return open[open.length - 1] === '{' ? 'Expecting property name enclosed in double quotes' : 'Expecting value';
    case 'key':
      return "Expecting ':' delimiter";
    case 'value':
      return "Expecting ',' delimiter";
    default:
      return 'Expecting value';
  }
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
