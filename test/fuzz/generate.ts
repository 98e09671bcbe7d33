/**
 * Document N of a seed: a seed document (walkthrough or our fixtures, or a generated
 * configuration), mutated as JSON (members deleted, added, replaced with the values rules look at),
 * written in one of the layouts people use, then mutated as text: comments everywhere, repeated
 * keys, numbers such as `1e400`, non-ASCII text and lone surrogates, exotic spaces, deep nesting,
 * trailing commas, a BOM, CRLF / CR / mixed line endings, damage. Sometimes analysed beside the
 * walkthrough (cross-file rules) or under a forced kind; rarely a 2 MB configuration.
 */
import { Node, SyntaxKind, createScanner, parseTree } from 'jsonc-parser';
import { generateConfig } from '../../bench/generateConfig';
import { DOCUMENT_KINDS, DocumentKind } from '../../src/core/classify';
import { DocumentInput } from '../../src/core/document';
import { Prng } from './prng';
import { Seed, ownSeeds, walkthrough } from './seeds';

export interface FuzzDocument {
  /** The document the fixes are checked on. */
  target: DocumentInput;
  /** Other documents analysed with it (cross-file rules); never rewritten. */
  context: DocumentInput[];
  /** What was done to it, for the failure report. */
  recipe: string[];
}

const DOMAIN_KEYS = [
  'Role', 'Rules', 'ID', 'Status', 'Priority', 'Filter', 'Prefix', 'Tag', 'And', 'Tags', 'Key', 'Value',
  'DeleteMarkerReplication', 'Destination', 'Bucket', 'Account', 'StorageClass', 'AccessControlTranslation', 'Owner',
  'EncryptionConfiguration', 'ReplicaKmsKeyID', 'ReplicationTime', 'Time', 'Minutes', 'Metrics', 'EventThreshold',
  'SourceSelectionCriteria', 'SseKmsEncryptedObjects', 'ReplicaModifications', 'ExistingObjectReplication',
  'Version', 'Statement', 'Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Principal', 'NotPrincipal',
  'Service', 'AWS', 'Condition', 'StringEquals', 'StringLike', 'aws:SourceAccount',
];

/** Numbers JavaScript cannot hold as written; written into the text in place of their marker strings. */
const ODD_NUMBERS = ['1e400', '-1e400', '1E-400', '-0', '12345678901234567890123', '0.1e1', '15.0', '1e2'];
const NUMBER_MARK = '@@num:';

const DOMAIN_VALUES: unknown[] = [
  'Enabled', 'Disabled', 'enabled', '', '*', 's3:*', 's3:ReplicateObject', 's3:GetObjectVersionForReplication', 's3:ListBucket',
  'arn:aws:s3:::source-bucket', 'arn:aws:s3:::dest-bucket/*', 'arn:aws:iam::123456789012:role/replication', 's3.amazonaws.com',
  'sts:AssumeRole', 'Allow', 'Deny', 'allow', 'GLACIER', 'STANDARD_IA', 'Destination', '123456789012', 'logs/', '/x',
  15, 0, -1, 1.5, 2, null, true, false, [], {}, { Status: 'Enabled' }, { Key: 'k', Value: 'v' }, ['s3:GetObject', 's3:PutObject'],
  'd\u00e9j\u00e0 \u2603 \ud83d\ude00', 'lone \ud800 surrogate', '\u3000', `${NUMBER_MARK}1e400`,
];

const KINDS = DOCUMENT_KINDS.filter((k) => k !== 'unrelated');

type Container = Record<string, unknown> | unknown[];

function containers(v: unknown, out: Container[] = []): Container[] {
  if (v !== null && typeof v === 'object') {
    out.push(v as Container);
    for (const child of Object.values(v)) containers(child, out);
  }
  return out;
}

function mutateValue(rng: Prng, root: unknown, recipe: string[]): void {
  const count = rng.int(4);
  for (let n = 0; n < count; n++) {
    const all = containers(root);
    if (all.length === 0) return;
    const target = rng.pick(all);
    const value = structuredClone(rng.pick(DOMAIN_VALUES));
    const op = rng.pick(['delete', 'insert', 'replace'] as const);
    if (Array.isArray(target)) {
      const i = rng.int(target.length + (op === 'insert' ? 1 : 0));
      if (op === 'insert') target.splice(i, 0, value);
      else if (target.length > 0 && op === 'delete') target.splice(i, 1);
      else if (target.length > 0) target[i] = value;
    } else {
      const keys = Object.keys(target);
      if (op === 'insert' || keys.length === 0) target[rng.pick(DOMAIN_KEYS)] = value;
      else if (op === 'delete') delete target[rng.pick(keys)];
      else target[rng.pick(keys)] = value;
    }
    recipe.push(`value:${op}`);
  }
}

/** JSON in a chosen layout: indentation `null` writes one line. */
function write(value: unknown, indent: string | null, colon: string, comma: string, base = ''): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  const entries = Array.isArray(value) ? value.map((v) => [undefined, v] as const) : Object.entries(value).map(([k, v]) => [k, v] as const);
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  if (entries.length === 0) return open + close;
  const inner = indent === null ? base : base + indent;
  const items = entries.map(([k, v]) => (k === undefined ? '' : JSON.stringify(k) + colon) + write(v, indent, colon, comma, inner));
  if (indent === null) return open + items.join(comma) + close;
  return `${open}\n${items.map((i) => inner + i).join(',\n')}\n${base}${close}`;
}

const LAYOUTS: { name: string; indent: string | null; colon: string; comma: string }[] = [
  { name: 'indent-2', indent: '  ', colon: ': ', comma: ', ' },
  { name: 'indent-4', indent: '    ', colon: ': ', comma: ', ' },
  { name: 'indent-tab', indent: '\t', colon: ': ', comma: ', ' },
  { name: 'indent-none', indent: '', colon: ': ', comma: ', ' },
  { name: 'one-line', indent: null, colon: ': ', comma: ', ' },
  { name: 'minified', indent: null, colon: ':', comma: ',' },
];

/** Token boundaries of a text: after each token, where trivia may go. */
function tokenEnds(text: string): { end: number; kind: SyntaxKind }[] {
  const scanner = createScanner(text, true);
  const out: { end: number; kind: SyntaxKind }[] = [];
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) out.push({ end: scanner.getTokenOffset() + scanner.getTokenLength(), kind });
  return out;
}

function insertAt(text: string, at: number, s: string): string {
  return text.slice(0, at) + s + text.slice(at);
}

function addComments(rng: Prng, text: string, recipe: string[]): string {
  const ends = tokenEnds(text);
  if (ends.length === 0) return text;
  const picks = new Set<number>();
  const n = rng.chance(0.2) ? rng.range(5, 40) : rng.range(1, 4);
  for (let i = 0; i < n; i++) picks.add(ends[rng.int(ends.length)].end);
  // From the end, so earlier positions stay valid.
  for (const at of [...picks].sort((a, b) => b - a)) {
    const id = `c${rng.int(1_000_000)}`;
    const style = rng.int(5);
    if (style === 0) text = insertAt(text, at, ` /* ${id} */`);
    else if (style === 1) text = insertAt(text, at, `/*${id}*/`);
    else if (style === 2) text = insertAt(text, at, ` // ${id}\n`);
    else if (style === 3) text = insertAt(text, at, `\n// ${id}\n`);
    else text = insertAt(text, at, ` /* ${id}\n   spans lines */ `);
  }
  recipe.push(`comments:${picks.size}`);
  return text;
}

function propertiesOf(root: Node | undefined): Node[] {
  const out: Node[] = [];
  const stack = root ? [root] : [];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    if (node.type === 'property') out.push(node);
    for (const c of node.children ?? []) stack.push(c);
  }
  return out;
}

function duplicateKey(rng: Prng, text: string, recipe: string[]): string {
  const props = propertiesOf(parseTree(text));
  if (props.length === 0) return text;
  const p = rng.pick(props);
  const own = text.slice(p.offset, p.offset + p.length);
  const key = text.slice(p.children?.[0].offset ?? p.offset, (p.children?.[0].offset ?? p.offset) + (p.children?.[0].length ?? 0));
  const variant = rng.int(3);
  // An exact twin, a twin with another value, before or after the original.
  const twin = variant === 0 ? own : `${key}: ${JSON.stringify(rng.pick(DOMAIN_VALUES)) ?? 'null'}`;
  recipe.push(`dup-key:${variant === 0 ? 'same' : 'other'}`);
  if (rng.chance(0.5)) return insertAt(text, p.offset + p.length, `, ${twin}`);
  return insertAt(text, p.offset, `${twin}, `);
}

function oddNumbers(rng: Prng, text: string, recipe: string[]): string {
  const scanner = createScanner(text, true);
  const numbers: [number, number][] = [];
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    if (kind === SyntaxKind.NumericLiteral) numbers.push([scanner.getTokenOffset(), scanner.getTokenLength()]);
  }
  if (numbers.length === 0) return text;
  const [at, len] = rng.pick(numbers);
  recipe.push('odd-number');
  return text.slice(0, at) + rng.pick(ODD_NUMBERS) + text.slice(at + len);
}

function exoticSpace(rng: Prng, text: string, recipe: string[]): string {
  const ends = tokenEnds(text);
  if (ends.length === 0) return text;
  recipe.push('exotic-space');
  return insertAt(text, rng.pick(ends).end, rng.pick(['\u3000', '\u00a0', '\u2028', '\ufeff', '\u000b']));
}

function deepNesting(rng: Prng, text: string, recipe: string[]): string {
  const props = propertiesOf(parseTree(text)).filter((p) => p.children?.[1]);
  const depth = rng.pick([40, 999, 1000, 1001, 3000, 10_000, 20_000]);
  const open = rng.chance(0.5) ? '[' : '{"a":';
  const close = open === '[' ? ']' : '}';
  const closed = rng.chance(0.9);
  const deep = open.repeat(depth) + '1' + (closed ? close.repeat(depth) : '');
  recipe.push(`deep:${depth}${closed ? '' : '-unclosed'}`);
  if (props.length === 0) return deep;
  const v = rng.pick(props).children?.[1] as Node;
  return text.slice(0, v.offset) + deep + text.slice(v.offset + v.length);
}

function trailingComma(rng: Prng, text: string, recipe: string[]): string {
  const closers = tokenEnds(text).filter((t) => t.kind === SyntaxKind.CloseBraceToken || t.kind === SyntaxKind.CloseBracketToken);
  if (closers.length === 0) return text;
  recipe.push('trailing-comma');
  return insertAt(text, rng.pick(closers).end - 1, ',');
}

function damage(rng: Prng, text: string, recipe: string[]): string {
  const at = rng.int(text.length + 1);
  const cut = rng.int(8);
  recipe.push('damage');
  return text.slice(0, at) + rng.pick(['', '{', '"', ']', ',', ':', '/', 'x', '\\']) + text.slice(at + cut);
}

function lineEndings(rng: Prng, text: string, recipe: string[]): string {
  const mode = rng.pick(['crlf', 'cr', 'mixed'] as const);
  recipe.push(`eol:${mode}`);
  if (mode === 'crlf') return text.replace(/\n/g, '\r\n');
  if (mode === 'cr') return text.replace(/\n/g, '\r');
  return text.replace(/\n/g, () => rng.pick(['\n', '\r\n', '\r']));
}

/** Rules of a generated configuration for about 2 MB of text. */
const LARGE_RULES = 4200;

export class Generator {
  private readonly walk = walkthrough();
  private readonly seeds: Seed[] = [...ownSeeds(), ...this.walk.map((w) => ({ name: w.name, value: JSON.parse(w.text) as unknown }))];
  private readonly generated = [generateConfig(3), generateConfig(5, { defective: true })].map((text, i) => ({ name: `generated-${i}`, value: JSON.parse(text) as unknown }));
  private large?: string;

  constructor(private readonly seed: number) {}

  document(index: number): FuzzDocument {
    const rng = new Prng(this.seed, index);
    const recipe: string[] = [];
    let text: string;
    if (rng.chance(1 / 25_000)) {
      this.large ??= generateConfig(LARGE_RULES, { defective: true });
      text = this.large;
      recipe.push('2MB-config');
      if (rng.chance(0.5)) text = addComments(rng, text, recipe);
    } else if (rng.chance(0.15)) {
      // The walkthrough byte for byte as users have it, then text mutations only.
      const w = rng.pick(this.walk);
      text = w.text;
      recipe.push(w.name);
    } else {
      const base = rng.chance(0.1) ? rng.pick(this.generated) : rng.pick(this.seeds);
      recipe.push(base.name);
      const value = structuredClone(base.value);
      mutateValue(rng, value, recipe);
      const layout = rng.pick(LAYOUTS);
      recipe.push(layout.name);
      text = write(value, layout.indent, layout.colon, layout.comma);
      text = text.replace(new RegExp(`"${NUMBER_MARK}([^"]*)"`, 'g'), '$1');
      if (rng.chance(0.5)) text += '\n';
    }
    if (rng.chance(0.35)) text = addComments(rng, text, recipe);
    if (rng.chance(0.15)) text = duplicateKey(rng, text, recipe);
    if (rng.chance(0.05)) text = duplicateKey(rng, text, recipe);
    if (rng.chance(0.08)) text = oddNumbers(rng, text, recipe);
    if (rng.chance(0.05)) text = exoticSpace(rng, text, recipe);
    if (rng.chance(0.02)) text = deepNesting(rng, text, recipe);
    if (rng.chance(0.03)) text = trailingComma(rng, text, recipe);
    if (rng.chance(0.04)) text = damage(rng, text, recipe);
    if (rng.chance(0.25)) text = lineEndings(rng, text, recipe);
    if (rng.chance(0.03)) {
      text = `\ufeff${text}`;
      recipe.push('bom');
    }

    let kind: DocumentKind | undefined;
    if (rng.chance(0.05)) {
      kind = rng.pick(KINDS);
      recipe.push(`kind:${kind}`);
    }
    const context: DocumentInput[] = [];
    if (rng.chance(0.3)) {
      for (const w of this.walk) if (rng.chance(0.7)) context.push({ uri: w.name, text: w.text });
      if (context.length > 0) recipe.push(`context:${context.length}`);
    }
    return { target: { uri: `fuzz-${this.seed}-${index}.json`, text, kind }, context, recipe };
  }
}
