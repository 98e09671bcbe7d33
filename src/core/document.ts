/**
 * One analysed JSON document: its text, tolerant syntax tree, syntax errors and classification.
 * Parsed once per text; the editor caches these per document version.
 */
import { Node, FormattingOptions, parseTree, visit } from 'jsonc-parser';
import { classify, DocumentKind, isPolicyKind } from './classify';
import { TextStyle, detectStyle } from './format';
import type { EmbeddedSource } from './embedded/virtual';
import { limitNesting } from './nesting';
import { parseJsonText, SyntaxProblem } from './syntax';

export type { SyntaxProblem } from './syntax';

/**
 * How the file's bytes were encoded, when the caller knows (the text is always decoded). The AWS
 * CLI reads `file://` parameters as UTF-8 without a byte order mark; anything else changes what
 * reaches AWS, or stops the CLI.
 */
export type TextEncoding = 'utf8' | 'utf8bom' | 'utf16le' | 'utf16be';

/**
 * Texts longer than this are not analysed. S3 accepts a replication configuration of at most 2 MB
 * (`rc-config-size-max`), and no policy kind comes near it (KMS key policies 32 KB, bucket
 * policies 20 KB, IAM 10,240 characters); 8 Mi characters leaves room for the whitespace of a
 * pretty-printed 2 MB configuration and keeps the tree and findings of the largest document in
 * the low hundreds of megabytes.
 */
export const MAX_DOCUMENT_CHARS = 8 * 1024 * 1024;
/**
 * Policies above this are not analysed: 32 times the largest policy AWS accepts (a KMS key policy,
 * 32 KB), so whitespace never pushes a real policy over it, and requirement checks stay bounded.
 */
export const MAX_POLICY_CHARS = 1024 * 1024;
/** How much of an oversized text is parsed, to say what it is. */
const CLASSIFY_PREFIX_CHARS = 64 * 1024;

/** Why a document was not analysed beyond its size. */
export interface TooLarge {
  /** Its size, in characters (or bytes when the caller did not read it all). */
  size: number;
  unit: 'characters' | 'bytes';
  limit: number;
}

export interface JsonDocument {
  /** Path or URI, as the caller named the document; findings carry it back. */
  uri: string;
  text: string;
  root: Node | undefined;
  /**
   * Why the text is not JSON: every trailing comma, then the first other error (the AWS CLI stops
   * at the first too). Empty for valid JSON (comments apart, which are in `comments`).
   */
  syntaxErrors: SyntaxProblem[];
  /** The tree is incomplete (an error other than trailing commas): only the document rules run. */
  broken?: boolean;
  /** How the file was encoded (absent: UTF-8 without a byte order mark). */
  encoding?: TextEncoding;
  /** Set when the text was too large to analyse; only the document rules run. */
  tooLarge?: TooLarge;
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
  /** The editor's indentation settings, when the document came from an editor (a fallback for `style`). */
  formatting?: FormattingOptions;
  /** The document's own layout, which every fix follows. */
  style: TextStyle;
  /** How deep the document nests at most (an upper bound), so a fix can tell cheaply it cannot nest it too deep. */
  nesting: number;
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
  /**
   * The role has permission policies these files do not hold (a template's `ManagedPolicyArns`):
   * what this policy lacks may be granted there, so a missing permission is not reported.
   */
  policiesElsewhere?: boolean;
  /** The bucket whose bucket policy this is. */
  bucketPolicyOf?: string;
  /** The KMS key (ARN) whose key policy this is. */
  keyArn?: string;
  /** Account that holds the document (the bucket's, role's or key's owner), when known. */
  account?: string;
}

export interface DocumentInput {
  uri: string;
  text: string;
  /** Forces a kind (from the `fileKinds` glob setting); content classification is used otherwise. */
  kind?: DocumentKind;
  live?: LiveOrigin;
  formatting?: FormattingOptions;
  /** How the file was encoded, when known (the CLI and the editor know; text from AWS is UTF-8). */
  encoding?: TextEncoding;
  /**
   * Set by a caller that did not read a file this large (`text` is then its beginning only, enough
   * to say what it is).
   */
  tooLarge?: TooLarge;
}

/** Past this size a document is first scanned for the members that could make it ours. */
const LARGE = 64 * 1024;

/** Top-level members `classify` looks for; a document with none of them is unrelated whatever else it holds. */
const MARKERS = new Set(['ReplicationConfiguration', 'Rules', 'Rule', 'Role', 'Statement', 'PolicyDocument', 'AssumeRolePolicyDocument', 'NotificationConfiguration', 'EventBridgeConfiguration', 'QueueConfigurations', 'TopicConfigurations', 'LambdaFunctionConfigurations']);

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
  // A byte order mark that reached the text (the CLI and VS Code strip it, other callers may not)
  // is reported by `json-encoding`; parsed as a space, it keeps every offset and breaks nothing else.
  const bomInText = input.text.charCodeAt(0) === 0xfeff;
  const text = bomInText ? ` ${input.text.slice(1)}` : input.text;
  const encoding: TextEncoding = bomInText ? 'utf8bom' : (input.encoding ?? 'utf8');
  const tooLarge = input.tooLarge ?? (text.length > MAX_DOCUMENT_CHARS ? { size: text.length, unit: 'characters' as const, limit: MAX_DOCUMENT_CHARS } : undefined);
  if (tooLarge) return oversized(input, text, encoding, tooLarge);
  // The parser (and the scan below) recurse per nesting level: what is nested too deep never reaches them.
  const nesting = limitNesting(text);
  if (input.kind === undefined && text.length > LARGE && !mayBeOurs(nesting.text)) {
    return { uri: input.uri, text: input.text, root: undefined, syntaxErrors: [], broken: false, encoding, comments: [], kind: 'unrelated', formatting: input.formatting, get style() { return detectStyle(text, undefined, input.formatting); }, nesting: nesting.depth, live: input.live };
  }

  const parsed = parseJsonText(nesting.text);
  const broken = parsed.broken || nesting.problems.length > 0;
  const syntaxErrors = nesting.problems.length === 0 ? parsed.problems : [...nesting.problems.map((p) => ({ ...p, kind: 'syntax' as const })), ...parsed.problems].sort((a, b) => a.offset - b.offset);
  const comments = findComments(text, broken);
  const c = classify(parsed.root, input.kind, input.uri);
  const policyTooLarge = isPolicyKind(c.kind) && text.length > MAX_POLICY_CHARS;
  let style: TextStyle | undefined;
  return {
    uri: input.uri,
    text: input.text,
    root: parsed.root,
    syntaxErrors,
    broken,
    encoding,
    tooLarge: policyTooLarge ? { size: text.length, unit: 'characters', limit: MAX_POLICY_CHARS } : undefined,
    comments,
    kind: c.kind,
    config: c.config,
    configPath: c.configPath,
    policy: c.policy,
    policyPath: c.policyPath,
    formatting: input.formatting,
    nesting: nesting.depth,
    // Looked at only when a fix is computed: most parses (every keystroke) never need it.
    get style(): TextStyle {
      return (style ??= detectStyle(text, parsed.root, input.formatting));
    },
    live: input.live,
  };
}

/**
 * A text too large to analyse: its beginning is parsed to tell a replication configuration or a
 * policy (which get a "too large" finding) from other JSON (which stays silent, like any JSON we
 * do not check: a large `package-lock.json` is not our business).
 */
function oversized(input: DocumentInput, text: string, encoding: TextEncoding, tooLarge: TooLarge): JsonDocument {
  const prefix = limitNesting(text.slice(0, CLASSIFY_PREFIX_CHARS));
  const head = parseTree(prefix.text, [], { allowTrailingComma: true, disallowComments: false });
  const c = classify(head, input.kind, input.uri);
  return {
    uri: input.uri,
    text: input.text,
    root: undefined,
    syntaxErrors: [],
    broken: true,
    encoding,
    tooLarge,
    comments: [],
    kind: c.kind,
    formatting: input.formatting,
    // No fix runs on a document not analysed: computed only if something asks.
    get style(): TextStyle {
      return detectStyle(text.slice(0, CLASSIFY_PREFIX_CHARS), undefined, input.formatting);
    },
    nesting: prefix.depth,
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
      // A line comment ends at any line break: LF, CRLF or a lone CR.
      let stop = i;
      while (stop < text.length && text.charCodeAt(stop) !== 10 && text.charCodeAt(stop) !== 13) stop++;
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
