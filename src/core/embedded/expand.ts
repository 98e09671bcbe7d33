/**
 * Turns the analysis inputs into the documents rules read: plain JSON files as they are, and each
 * file an adapter claims (a template, a Terraform module) into a container document plus the
 * API-shaped documents found inside it. Extractions are cached by their files' text, so the editor
 * re-extracts only what changed.
 */
import { registerCache } from '../caches';
import { DocumentInput, JsonDocument, parseDocument } from '../document';
import { LiveFacts } from '../facts';
import { detectStyle } from '../format';
import { Finding } from '../findings';
import { FormatAdapter, Extraction, SourceText } from './types';
import { virtualDocument } from './virtual';

export interface Expanded {
  /** One per input, in input order: plain documents, and a `template` container for each claimed file. */
  documents: JsonDocument[];
  /** The documents found inside the containers. */
  embedded: JsonDocument[];
  /** Findings the adapters made themselves (syntax, format-only rules), in source coordinates. */
  findings: Finding[];
  /** Facts the files declare about buckets and roles. */
  facts?: LiveFacts;
  /**
   * Inputs a group read and extracted documents from (a policy file a Terraform module reads with
   * `file()`): analysed through those documents, not on their own.
   */
  superseded: Set<string>;
  /** Every extraction of the analysis (their `amend` hooks speak for the buckets they declare). */
  extractions: Extraction[];
}

interface CacheEntry {
  texts: string[];
  uris: string[];
  extraction: Extraction;
  /** Texts of the other files the extraction read, as they were. */
  read: Map<string, string | undefined>;
  /** The virtual documents of each file, built once: the editor re-analyses unchanged context often. */
  virtual: Map<string, JsonDocument[]>;
}

/** Enough for a workspace's templates and modules; an editor session touches far fewer. */
const CACHE_LIMIT = 256;
const cache = new Map<string, CacheEntry>();
registerCache(() => cache.clear());

function isParsed(input: DocumentInput | JsonDocument): input is JsonDocument {
  return 'kind' in input && 'root' in input;
}

/** The adapter for an input: the one that made a container, or the first that claims raw text. */
export function adapterFor(input: DocumentInput | JsonDocument, adapters: readonly FormatAdapter[]): FormatAdapter | undefined {
  if (isParsed(input)) return input.kind === 'template' ? adapters.find((a) => a.id === input.format) : undefined;
  // A forced kind is the user's word that this is a plain document.
  if (input.kind !== undefined && input.kind !== 'template') return undefined;
  // Only the head of a file too large to read was read: no adapter can make sense of a cut file.
  if (input.tooLarge) return undefined;
  return adapters.find((a) => a.claims(input));
}

export function expand(inputs: readonly (DocumentInput | JsonDocument)[], adapters: readonly FormatAdapter[]): Expanded {
  const documents: JsonDocument[] = new Array(inputs.length);
  const groups = new Map<string, { adapter: FormatAdapter; indexes: number[] }>();
  inputs.forEach((input, i) => {
    const adapter = adapterFor(input, adapters);
    documents[i] = isParsed(input) ? input : documentOf(input, adapters, adapter);
    if (!adapter) return;
    const key = `${adapter.id}\u0000${adapter.groupOf(input.uri)}`;
    const group = groups.get(key) ?? { adapter, indexes: [] };
    group.indexes.push(i);
    groups.set(key, group);
  });
  const embedded: JsonDocument[] = [];
  const findings: Finding[] = [];
  const superseded = new Set<string>();
  const extractions: Extraction[] = [];
  let facts: LiveFacts | undefined;
  let byUri: Map<string, JsonDocument> | undefined;
  const read = (uri: string): string | undefined => {
    byUri ??= new Map(documents.map((d) => [d.uri, d]));
    return byUri.get(uri)?.text;
  };
  for (const [key, { adapter, indexes }] of groups) {
    const files = indexes.map((i) => documents[i]);
    const entry = extractCached(key, adapter, files, read);
    const { extraction } = entry;
    extractions.push(extraction);
    findings.push(...extraction.findings);
    if (extraction.facts) facts = mergeFacts(facts, extraction.facts);
    const own = new Set(files.map((f) => f.uri));
    for (const [uri, docs] of extraction.documents) {
      // A document in a file the group read (not one of its own) stands for that file, when it is analysed here.
      if (!own.has(uri)) {
        if (read(uri) === undefined) continue;
        superseded.add(uri);
      }
      let virtual = entry.virtual.get(uri);
      if (!virtual) {
        virtual = docs.map((e) => virtualDocument(uri, e, extraction.display));
        entry.virtual.set(uri, virtual);
      }
      embedded.push(...virtual);
    }
  }
  return { documents, embedded, findings, facts, superseded, extractions };
}

function extractCached(key: string, adapter: FormatAdapter, files: readonly SourceText[], read: (uri: string) => string | undefined): CacheEntry {
  const hit = cache.get(key);
  if (
    hit &&
    hit.texts.length === files.length &&
    files.every((f, i) => f.text === hit.texts[i] && f.uri === hit.uris[i]) &&
    [...hit.read].every(([uri, text]) => read(uri) === text)
  ) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const extraction = adapter.extract(files, read);
  const seen = new Map((extraction.reads ?? []).map((uri) => [uri, read(uri)]));
  const entry: CacheEntry = { texts: files.map((f) => f.text), uris: files.map((f) => f.uri), extraction, read: seen, virtual: new Map() };
  cache.set(key, entry);
  if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  return entry;
}

/**
 * The document for a file's text: a container when an adapter claims it; a plain JSON document;
 * or, for a file of a format's own extension that no adapter claims and that is no JSON (a YAML
 * file that is not a template), an unrelated document: it is never read as JSON, whose syntax
 * errors would mean nothing there. A forced kind is the user's word that the file is plain JSON.
 */
export function documentOf(input: DocumentInput, adapters: readonly FormatAdapter[], adapter = adapterFor(input, adapters)): JsonDocument {
  if (adapter) return containerDocument(input, adapter);
  if (input.kind === undefined && notJson(input, adapters)) return unrelatedDocument(input);
  return parseDocument(input);
}

function notJson(file: DocumentInput, adapters: readonly FormatAdapter[]): boolean {
  const lower = file.uri.toLowerCase();
  if (/\.jsonc?$/.test(lower) || /^\s*[{[]/.test(file.text)) return false;
  return adapters.some((a) => a.fileExtensions.some((x) => x !== '.json' && lower.endsWith(x)));
}

function unrelatedDocument(file: DocumentInput): JsonDocument {
  return {
    uri: file.uri,
    text: file.text,
    root: undefined,
    syntaxErrors: [],
    comments: [],
    kind: 'unrelated',
    formatting: file.formatting,
    // Never fixed; computed only if something asks.
    get style() {
      return detectStyle(file.text, undefined, file.formatting);
    },
    nesting: 0,
    live: file.live,
  };
}

/** The file itself: it carries the syntax problems of JSON-based formats and names the format. */
function containerDocument(file: DocumentInput, adapter: FormatAdapter): JsonDocument {
  if (/^\s*[{[]/.test(file.text)) return { ...parseDocument({ uri: file.uri, text: file.text, kind: 'template', formatting: file.formatting, encoding: file.encoding }), format: adapter.id };
  return {
    uri: file.uri,
    text: file.text,
    root: undefined,
    syntaxErrors: [],
    comments: [],
    encoding: file.encoding ?? 'utf8',
    kind: 'template',
    formatting: file.formatting ?? { tabSize: 2, insertSpaces: true, eol: '\n' },
    get style() {
      return detectStyle(file.text, undefined, file.formatting);
    },
    nesting: 0,
    format: adapter.id,
  };
}

/** `a` wins where both know a bucket or role (live facts over declared ones). */
export function mergeFacts(a: LiveFacts | undefined, b: LiveFacts): LiveFacts {
  if (!a) return b;
  return {
    accountId: a.accountId ?? b.accountId,
    buckets: { ...b.buckets, ...a.buckets },
    roles: { ...(b.roles ?? {}), ...(a.roles ?? {}) },
  };
}
