/**
 * The source layer: how a file in some format (a CloudFormation template, a Terraform module, …)
 * becomes the API-shaped documents our rules read. Rules never see the format; an adapter does
 * all of the translating, in both directions (ranges for findings, syntax for fixes).
 */
import type { Node } from 'jsonc-parser';
import type { DocumentKind } from '../classify';
import type { LiveOrigin } from '../document';
import type { LiveFacts } from '../facts';
import type { Finding, TextEdit } from '../findings';

export type ApiPath = (string | number)[];

export interface SourceRange {
  offset: number;
  length: number;
}

/** Where one node of the API-shaped tree was written in the source file. */
export interface SourceSpan {
  /** The value as written (a scalar, an object, an intrinsic function…). */
  value: SourceRange;
  /** The member name as written, when the node is an object member. */
  key?: SourceRange;
  /**
   * The value could not be resolved (a parameter without default, an import, a condition):
   * findings about it are dropped, never reported as a mismatch.
   */
  unknown?: boolean;
}

/**
 * Spans by path key: a `Map`, or a lookup that finds a span when asked (only findings ask, so a
 * document of 10,000 nodes need not make 10,000 keys).
 */
export interface SpanLookup {
  get(key: string): SourceSpan | undefined;
  /** The span at every prefix of `path`, shortest (`[]`) first, found in one walk (else one `get` each). */
  along?(path: ApiPath): (SourceSpan | undefined)[];
}

/** The span at every prefix of `path`, shortest first. */
export function spansAlong(spans: SpanLookup, path: ApiPath): (SourceSpan | undefined)[] {
  return spans.along ? spans.along(path) : prefixKeys(path).map((k) => spans.get(k));
}

/** One change to the API-shaped tree, as a fix makes it; the adapter writes it in its own syntax. */
export type TreeOp =
  | { op: 'set'; path: ApiPath; value: unknown }
  | { op: 'remove'; path: ApiPath }
  | { op: 'rename'; path: ApiPath; to: string };

/** A document found inside a source file, in the shape the AWS API takes it. */
export interface EmbeddedDocument {
  /** Unique within its file and free of `/` (it ends the virtual URI: `file#name`). */
  name: string;
  kind: DocumentKind;
  /** Plain JSON value, API member names; symbols (see symbols.ts) stand for references. */
  value: unknown;
  /** Source spans by `pathKey(path)`; a node without its own span uses its nearest ancestor's. */
  spans: SpanLookup;
  /**
   * `value` as compact JSON text and its jsonc-parser tree, when the adapter built them in the walk
   * that made the value (else `jsonTree(value)` builds them).
   */
  json?: { text: string; root: Node };
  /** The bucket this configuration belongs to, or the role this policy belongs to, as declared. */
  origin?: LiveOrigin;
  /** Source edits for a fix's changes; undefined when the format cannot express them. */
  write(ops: readonly TreeOp[]): TextEdit[] | undefined;
  /** Member names as the user wrote them, for messages and fix titles (`ID` → `Id`). */
  names?: Readonly<Record<string, string>>;
  /**
   * A fix title, or a message, as the file's syntax says it (`Add delete_marker_replication { status =
   * "Disabled" }` in HCL for the rule's `Add "DeleteMarkerReplication": {"Status": "Disabled"}`);
   * else `names` applies.
   */
  fixTitle?(title: string): string;
  /**
   * What the document is, put before its findings' messages where the file alone does not say it
   * (the resource address of a configuration in a Terraform plan).
   */
  label?: string;
}

/** What an adapter found in a group of files (a template; a Terraform module's folder). */
export interface Extraction {
  /** By file URI. */
  documents: Map<string, EmbeddedDocument[]>;
  /** Findings the adapter makes itself, already in source coordinates (syntax, format-only rules). */
  findings: Finding[];
  /** What the files declare about buckets and roles: the live rules read these as they read AWS's. */
  facts?: LiveFacts;
  /** Symbol → how to name it in a message (`DestinationBucket`). */
  display?: Map<string, string>;
  /**
   * Other files of the analysis the group read (a Terraform `file("policy.json")`): the extraction
   * is redone when one of them changes. Documents keyed by such a file's URI stand for that file:
   * it is analysed through them (with the group's references and origins), not on its own.
   */
  reads?: string[];
  /**
   * Rewrites a finding whose `change` is about a bucket these files declare (the facts the rule read
   * are the extraction's): the advice in the format's terms and, when the finding is in the file that
   * declares the bucket, a fix that edits the declaration.
   */
  amend?(finding: Finding): Finding;
}

export interface SourceText {
  uri: string;
  text: string;
}

export interface FormatAdapter {
  /** `cloudformation`, `terraform`, … */
  id: string;
  /** What users call a file of the format, for messages: `CloudFormation template`. */
  label?: string;
  /** File name endings (lower case, with the dot) worth reading when walking a folder: `.yaml`, `.tf`. */
  fileExtensions: readonly string[];
  /**
   * Editor language ids its files open with (`yaml`; `cloudformation` with AWS's extension). A file
   * of one of `fileExtensions` that opens as plain text is checked too.
   */
  languageIds?: readonly string[];
  /**
   * Loads what `extract` needs (a parser in WebAssembly, say) before the first file of the format is
   * analysed; `analyze` itself stays synchronous. Callers await `prepareFormats` for the files they have.
   */
  prepare?(): Promise<void>;
  /** Decides by name and content; cheap (it runs on every file). */
  claims(file: SourceText): boolean;
  /** Files extracted together: one file for a template, a folder for a Terraform module. */
  groupOf(uri: string): string;
  /**
   * Extracts a group. `read` gives the text of another file of the analysis (one the group refers
   * to, such as a policy read with Terraform's `file()`), or undefined when the caller has none.
   */
  extract(files: readonly SourceText[], read?: (uri: string) => string | undefined): Extraction;
  /**
   * Other files a group refers to (Terraform's `file("policy.json")`), for callers to read and pass
   * in with the group; needs `prepare` first.
   */
  references?(files: readonly SourceText[]): string[];
  /** The text is still well-formed in this format (checked after fixes, which must never break a file). */
  parses(text: string): boolean;
}

export function pathKey(path: readonly (string | number)[]): string {
  return JSON.stringify(path);
}

/** `pathKey([...path, step])` from `pathKey(path)`, without serialising the whole path again. */
export function childPathKey(parent: string, step: string | number): string {
  return parent === '[]' ? `[${JSON.stringify(step)}]` : `${parent.slice(0, -1)},${JSON.stringify(step)}]`;
}

/** The key of every prefix of `path`, shortest first (`[]` included). */
export function prefixKeys(path: readonly (string | number)[]): string[] {
  const keys = ['[]'];
  for (const step of path) keys.push(childPathKey(keys[keys.length - 1], step));
  return keys;
}
