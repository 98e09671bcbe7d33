/**
 * An embedded document as the rules see it: a JSON document (printed from the API-shaped value)
 * whose every node knows where it was written in the source file. Rules run on it unchanged; its
 * findings are then moved back to the source file, and its fixes written there by the adapter.
 */
import { Node, getNodeValue, parseTree, ParseError } from 'jsonc-parser';
import { JsonDocument } from '../document';
import { Finding, Fix, RelatedLocation, TextEdit } from '../findings';
import { classify } from '../classify';
import { jsonTree } from './jsonTree';
import { applyTextEdits } from '../fixes';
import { fixEdits } from '../edit/apply';
import { maxNesting } from '../nesting';
import { OWN_ACCOUNT, containsUnknown, displayNames, displaySymbols } from './symbols';
import { treeDiff } from './treeDiff';
import { ApiPath, EmbeddedDocument, SourceRange, SourceSpan, SpanLookup, pathKey, spansAlong } from './types';

export interface EmbeddedSource {
  /** The file the document was written in; findings are reported there. */
  fileUri: string;
  document: EmbeddedDocument;
  /** Symbols of the file's group, for messages. */
  display?: ReadonlyMap<string, string>;
}

const INDENT = { tabSize: 2, insertSpaces: true, eol: '\n' } as const;

export function virtualDocument(fileUri: string, embedded: EmbeddedDocument, display?: ReadonlyMap<string, string>): JsonDocument {
  // Compact JSON and its tree, built together (rules read the tree; fixes edit the text).
  const { text, root } = embedded.json ?? jsonTree(embedded.value ?? null);
  const c = classify(root, embedded.kind);
  return {
    uri: `${fileUri}#${embedded.name}`,
    text,
    root,
    syntaxErrors: [],
    comments: [],
    kind: c.kind,
    config: c.config,
    configPath: c.configPath,
    policy: c.policy,
    policyPath: c.policyPath,
    formatting: { ...INDENT },
    // What JSON.stringify(…, null, 2) writes: fixes on it are translated into the source format's syntax.
    style: { eol: '\n', indent: '  ', multiline: true, colon: ': ', comma: ', ' },
    nesting: maxNesting(text),
    live: embedded.origin,
    embedded: { fileUri, document: embedded, display },
  };
}

/**
 * The innermost node holding `offset`, as jsonc-parser's `findNodeAtOffset` finds it, but with a
 * binary search among each node's children: a configuration of 1,000 rules has 1,000 of them, and
 * every finding is placed this way.
 */
function nodeAt(root: Node, offset: number): Node | undefined {
  if (offset < root.offset || offset >= root.offset + root.length) return undefined;
  let node = root;
  for (;;) {
    const children = node.children;
    if (!children || children.length === 0) return node;
    let lo = 0;
    let hi = children.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (children[mid].offset <= offset) lo = mid;
      else hi = mid - 1;
    }
    const child = children[lo];
    if (child.offset > offset || offset >= child.offset + child.length) return node;
    node = child;
  }
}

/** The innermost object or list holding every edit inside its brackets (the root when none does). */
function editScope(root: Node, edits: readonly TextEdit[]): Node {
  if (edits.length === 0) return root;
  let start = Infinity;
  let end = -Infinity;
  for (const e of edits) {
    start = Math.min(start, e.offset);
    end = Math.max(end, e.offset + e.length);
  }
  for (let node = nodeAt(root, start); node && node !== root; node = node.parent) {
    if ((node.type === 'object' || node.type === 'array') && node.offset < start && end < node.offset + node.length) return node;
  }
  return root;
}

/**
 * A node's path, as jsonc-parser's `getNodePath` gives it, with each list index found by binary
 * search (`indexOf` among 1,000 rules, for every finding, is what made placing findings slow).
 */
function nodePath(node: Node): (string | number)[] {
  const path: (string | number)[] = [];
  for (let n = node; n.parent?.children; n = n.parent) {
    const p = n.parent;
    if (p.type === 'property') path.push(p.children?.[0].value as string);
    else if (p.type === 'array') path.push(indexOf(p.children as Node[], n));
  }
  return path.reverse();
}

function indexOf(children: readonly Node[], child: Node): number {
  let lo = 0;
  let hi = children.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (children[mid].offset === child.offset) return mid;
    if (children[mid].offset < child.offset) lo = mid + 1;
    else hi = mid - 1;
  }
  return children.indexOf(child);
}

/**
 * The source range of the virtual node at `offset`. For a finding (`strict`), undefined when that
 * node, or any node on the way to it from the root, stands for an unresolved value (a mismatch with
 * an unknown is not a finding): one walk of the spans along the node's path answers both. A related
 * location is placed whatever it holds.
 */
function place(doc: JsonDocument, offset: number, length: number, strict: boolean): SourceRange | undefined {
  const source = doc.embedded;
  if (!source || !doc.root) return undefined;
  const found = nodeAt(doc.root, offset);
  const node = found ?? doc.root;
  const isKey = node.parent?.type === 'property' && node.parent.children?.[0] === node;
  // A member name's path is its member's (the key node itself has none of its own); `nodePath`
  // of the key node gives the same path.
  const path = nodePath(node);
  const spans = source.document.spans;
  const along = spansAlong(spans, path);
  // Under an unresolved value anywhere on the way (only asked for a node inside the document).
  if (strict && found) for (const span of along) if (span?.unknown === true) return undefined;
  for (let depth = path.length; depth >= 0; depth--) {
    const span: SourceSpan | undefined = along[depth];
    if (!span) continue;
    if (strict && span.unknown === true) return undefined;
    if (depth === path.length && isKey && span.key) return span.key;
    // "Missing member" findings sit on an object's `{`: the member name reads better there, and for
    // an element of a list (a YAML block of many lines) its first member's name.
    const onOpening = (node.type === 'object' || node.type === 'array') && offset === node.offset && length <= 1;
    if (onOpening && span.key) return span.key;
    const first = onOpening && depth === path.length && node.type === 'object' ? node.children?.[0]?.children?.[0] : undefined;
    const firstKey = typeof first?.value === 'string' ? spanAt(spans, [...path, first.value])?.key : undefined;
    if (firstKey) return firstKey;
    return span.value;
  }
  return undefined;
}

/**
 * The deploying account is a symbol whose number no file tells: a finding that sets it against a
 * written account number ("owned by account <deploying account>, not 111122223333") is a guess.
 */
function comparesOwnAccount(message: string): boolean {
  return message.includes(OWN_ACCOUNT) && /(?<!\d)(?!000000000000)\d{12}(?!\d)/.test(message);
}

/** The span at `path` itself. */
function spanAt(spans: SpanLookup, path: ApiPath): SourceSpan | undefined {
  return spans.along ? spans.along(path)[path.length] : spans.get(pathKey(path));
}

/** Texts as the file names things, by source: a thousand rules' findings share a few messages. */
const displayed = new WeakMap<EmbeddedSource, Map<string, string>>();
const displayedMessages = new WeakMap<EmbeddedSource, Map<string, string>>();

function memoized(cache: WeakMap<EmbeddedSource, Map<string, string>>, source: EmbeddedSource, text: string, make: (text: string) => string): string {
  let memo = cache.get(source);
  if (!memo) cache.set(source, (memo = new Map()));
  let out = memo.get(text);
  if (out === undefined) {
    if (memo.size >= 1000) memo.clear();
    memo.set(text, (out = make(text)));
  }
  return out;
}

function display(doc: JsonDocument, text: string): string {
  const source = doc.embedded;
  if (!source) return text;
  return memoized(displayed, source, text, (t) => displaySymbols(displayNames(t, source.document.names), source.display));
}

/** A message in the file's terms: where the format writes members its own way (HCL), the snippets it quotes too. */
function displayMessage(doc: JsonDocument, text: string): string {
  const source = doc.embedded;
  const embedded = source?.document;
  if (!source || !embedded?.fixTitle) return display(doc, text);
  const fixTitle = embedded.fixTitle;
  return memoized(displayedMessages, source, text, (t) => displaySymbols(fixTitle(t), source.display));
}

/**
 * Where a finding about the virtual node at `offset` is reported in the source file; undefined when
 * it is about a value the file does not resolve (a mismatch with an unknown is not a finding).
 * Decided before the finding is made (see `createContext`), so a dropped finding costs no fixes.
 */
export function sourceRange(doc: JsonDocument, offset: number, length: number, message: string): SourceRange | undefined {
  if (containsUnknown(message) || comparesOwnAccount(message)) return undefined;
  return place(doc, offset, length, true);
}

/** The finding as the user sees it in the source file, at `range` (from `sourceRange`). */
export function movedToSource(finding: Finding, doc: JsonDocument, byUri: ReadonlyMap<string, JsonDocument>, range: SourceRange): Finding {
  const source = doc.embedded;
  if (!source) return finding;
  return {
    ...finding,
    uri: source.fileUri,
    offset: range.offset,
    length: range.length,
    message: source.document.label ? `${source.document.label}: ${displayMessage(doc, finding.message)}` : displayMessage(doc, finding.message),
    related: finding.related?.map((r) => toSourceRelated(r, byUri)),
    fixes: finding.fixes?.map((f) => toSourceFix(f, doc)),
    ...(finding.change ? { change: { ...finding.change, advice: display(doc, finding.change.advice) } } : {}),
  };
}

/**
 * The finding as the user sees it in the source file; undefined when it is about a value the file
 * does not resolve.
 */
export function toSourceFinding(finding: Finding, doc: JsonDocument, byUri: ReadonlyMap<string, JsonDocument>): Finding | undefined {
  if (!doc.embedded) return finding;
  const range = sourceRange(doc, finding.offset, finding.length, finding.message);
  return range && movedToSource(finding, doc, byUri, range);
}

function toSourceRelated(related: RelatedLocation, byUri: ReadonlyMap<string, JsonDocument>): RelatedLocation {
  const doc = byUri.get(related.uri);
  if (!doc?.embedded) return related;
  const placed = place(doc, related.offset, related.length, false);
  return {
    uri: doc.embedded.fileUri,
    offset: placed?.offset ?? 0,
    length: placed?.length ?? 0,
    message: display(doc, related.message),
  };
}

/**
 * The fix's effect on the API-shaped value, written by the adapter in the file's own syntax. A fix
 * whose result the format cannot express (or that would write an unresolved value) edits nothing.
 */
function toSourceFix(fix: Fix, doc: JsonDocument): Fix {
  const embedded = doc.embedded?.document;
  return {
    title: embedded?.fixTitle ? displaySymbols(embedded.fixTitle(fix.title), doc.embedded?.display) : display(doc, fix.title),
    preferred: fix.preferred,
    edits(): TextEdit[] {
      const edits = embedded && fixEdits(doc.text, fix);
      if (!embedded || !edits || !doc.root) return [];
      // Only the object or list the edits fall in is parsed again and compared: comparing the whole
      // document made fixing every rule of a 1,000-rule template quadratic.
      const scope = editScope(doc.root, edits);
      const before = doc.text.slice(scope.offset, scope.offset + scope.length);
      const after = applyTextEdits(before, edits.map((e) => ({ ...e, offset: e.offset - scope.offset })));
      const errors: ParseError[] = [];
      const tree = parseTree(after, errors);
      if (errors.length > 0 || !tree) return [];
      const ops = treeDiff(scope === doc.root ? embedded.value : getNodeValue(scope), getNodeValue(tree), scope === doc.root ? [] : nodePath(scope));
      if (ops.length === 0 || ops.some((o) => o.op === 'set' && containsUnknown(JSON.stringify(o.value)))) return [];
      return embedded.write(ops) ?? [];
    },
  };
}
