/**
 * One analysed JSON document: its text, tolerant syntax tree, syntax errors and classification.
 * Parsed once per text; the editor caches these per document version.
 */
import { Node, ParseError, parseTree, printParseErrorCode, FormattingOptions, visit } from 'jsonc-parser';
import { classify, DocumentKind } from './classify';
import { detectFormatting } from './format';
import type { EmbeddedSource } from './embedded/virtual';

export interface SyntaxProblem {
  offset: number;
  length: number;
  message: string;
}

export interface JsonDocument {
  /** Path or URI, as the caller named the document; findings carry it back. */
  uri: string;
  text: string;
  root: Node | undefined;
  syntaxErrors: SyntaxProblem[];
  /** Offsets of `//` and block comments: valid JSONC, but the AWS CLI refuses them in `file://` input. */
  comments: SyntaxProblem[];
  kind: DocumentKind;
  /** For a replication configuration: the configuration object (inside a `ReplicationConfiguration` wrapper if any). */
  config?: Node;
  /** JSON path of `config` from the root, for jsonc `modify` fixes: `[]` or `['ReplicationConfiguration']`. */
  configPath?: (string | number)[];
  /** For policies: the policy object (the root, or the `PolicyDocument`/`AssumeRolePolicyDocument` inside a wrapper). */
  policy?: Node;
  policyPath?: (string | number)[];
  formatting: FormattingOptions;
  /**
   * The bucket or role the document belongs to: set when it was fetched from AWS, or when a
   * template declares it (a configuration on a bucket resource, a policy of a role resource).
   */
  live?: LiveOrigin;
  /** For a `template` document: the adapter that reads it (`cloudformation`, `terraform`). */
  format?: string;
  /** Set for a document found inside another file (a template): where it lives there. */
  embedded?: EmbeddedSource;
}

/** Where a live document came from, so live-state rules can look up the right facts. */
export interface LiveOrigin {
  /** The bucket whose replication configuration this is. */
  sourceBucket?: string;
  /** The IAM role whose policy (inline or attached) or trust policy this is. */
  roleName?: string;
}

export interface DocumentInput {
  uri: string;
  text: string;
  /** Forces a kind (from the `fileKinds` glob setting); content classification is used otherwise. */
  kind?: DocumentKind;
  live?: LiveOrigin;
  formatting?: FormattingOptions;
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
  EndOfFileExpected: 'End of file expected',
  InvalidCommentToken: 'Invalid comment token',
  UnexpectedEndOfComment: 'Unexpected end of comment',
  UnexpectedEndOfString: 'Unexpected end of string',
  UnexpectedEndOfNumber: 'Unexpected end of number',
  InvalidUnicode: 'Invalid unicode sequence',
  InvalidEscapeCharacter: 'Invalid escape character',
  InvalidCharacter: 'Invalid character',
};

/** Past this size a document is first scanned for the members that could make it ours. */
const LARGE = 64 * 1024;

/** Top-level members `classify` looks for; a document with none of them is unrelated whatever else it holds. */
const MARKERS = new Set(['ReplicationConfiguration', 'Rules', 'Rule', 'Role', 'Statement', 'PolicyDocument', 'AssumeRolePolicyDocument']);

/**
 * Does a top-level member of this JSON text name something `classify` looks at? A scan without a
 * syntax tree: a multi-megabyte CloudFormation template or package-lock.json would otherwise cost
 * tens of megabytes of tree only to be found unrelated.
 */
function mayBeOurs(text: string): boolean {
  let depth = 0;
  let found = false;
  visit(text, {
    onObjectBegin: () => void depth++,
    onObjectEnd: () => void depth--,
    onArrayBegin: () => void depth++,
    onArrayEnd: () => void depth--,
    onObjectProperty: (name) => {
      if (depth === 1 && MARKERS.has(name)) found = true;
    },
  });
  return found;
}

export function parseDocument(input: DocumentInput): JsonDocument {
  if (input.kind === undefined && input.text.length > LARGE && !mayBeOurs(input.text)) {
    return { uri: input.uri, text: input.text, root: undefined, syntaxErrors: [], comments: [], kind: 'unrelated', formatting: input.formatting ?? detectFormatting(input.text), live: input.live };
  }
  const errors: ParseError[] = [];
  const root = parseTree(input.text, errors, { allowTrailingComma: false, disallowComments: false });
  const comments = findComments(input.text, errors.length > 0);
  const syntaxErrors = errors.map((e) => ({
    offset: e.offset,
    length: Math.max(e.length, 1),
    message: PARSE_ERROR_TEXT[printParseErrorCode(e.error)] ?? printParseErrorCode(e.error),
  }));
  const c = classify(root, input.kind, input.uri);
  return {
    uri: input.uri,
    text: input.text,
    root,
    syntaxErrors,
    comments,
    kind: c.kind,
    config: c.config,
    configPath: c.configPath,
    policy: c.policy,
    policyPath: c.policyPath,
    formatting: input.formatting ?? detectFormatting(input.text),
    live: input.live,
  };
}

/**
 * Comment ranges, found with a scan that understands strings. Skipped for broken documents: the
 * syntax errors say more there, and an unterminated string would make the ranges meaningless.
 */
function findComments(text: string, broken: boolean): SyntaxProblem[] {
  if (broken || (text.indexOf('//') < 0 && text.indexOf('/*') < 0)) return [];
  const out: SyntaxProblem[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text.charCodeAt(i);
    if (ch === 34 /* " */) {
      i++;
      while (i < text.length && text.charCodeAt(i) !== 34) i += text.charCodeAt(i) === 92 /* \ */ ? 2 : 1;
      i++;
    } else if (ch === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? text.length : end;
      out.push({ offset: i, length: stop - i, message: 'line comment' });
      i = stop;
    } else if (ch === 47 && text.charCodeAt(i + 1) === 42 /* * */) {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? text.length : end + 2;
      out.push({ offset: i, length: stop - i, message: 'block comment' });
      i = stop;
    } else {
      i++;
    }
  }
  return out;
}
