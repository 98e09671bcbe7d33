/**
 * Fix operations on an embedded document, written into the template in its own syntax: member
 * names as CloudFormation spells them, references as `!Ref`/`!Sub` again, edits confined to the
 * nodes the fix changes.
 */
import { diffEdit } from '../../fixes';
import { TextEdit } from '../../findings';
import { Symbols } from '../../embedded/symbols';
import { SNode, at } from '../../embedded/sourceTree';
import { parseJsonSource } from '../../embedded/parsers/json';
import { parseYamlSource } from '../../embedded/parsers/yaml';
import { ApiPath, TreeOp, pathKey } from '../../embedded/types';
import { jsonRemove, jsonRename, jsonSet } from '../../embedded/writers/json';
import { yamlRemove, yamlRename, yamlSet } from '../../embedded/writers/yaml';
import { Tagged, WriteValue } from '../../embedded/writers/value';
import { Shape, child, sourceName } from './shapes';
import { SourcePath } from './toApi';
import { Template, intrinsic } from './template';

export interface DocumentPlace {
  shape: Shape;
  /** API path key → template path, for every node of the document as extracted. */
  sourcePaths: ReadonlyMap<string, SourcePath>;
}

export function templateWriter(t: Template, place: DocumentPlace): (ops: readonly TreeOp[]) => TextEdit[] | undefined {
  return (ops) => {
    let text = t.text;
    for (const op of ops) {
      const path = sourcePath(place, op.path);
      if (!path || crossesFunction(t, text, path)) return undefined;
      let next: string | undefined;
      if (op.op === 'remove') next = t.syntax === 'json' ? jsonRemove(text, path) : yamlRemove(text, path);
      else if (op.op === 'rename') next = rename(t, text, path, sourceName(shapeAt(place.shape, op.path.slice(0, -1)), op.to));
      else next = set(t, text, path, toSource(t.symbols, op.value, shapeAt(place.shape, op.path)));
      if (next === undefined) return undefined;
      text = next;
    }
    return text === t.text ? undefined : [diffEdit(t.text, text)];
  };
}

/** Edits for one change at a template path, made by the adapter itself (not through a document); none when it cannot be written. */
export function setAt(t: Template, path: SourcePath, value: WriteValue): TextEdit[] {
  return edits(t, set(t, t.text, path, value));
}

/** Several values set one after the other (each path as the text stands after the previous change). */
export function setManyAt(t: Template, changes: readonly { path: SourcePath; value: WriteValue }[]): TextEdit[] {
  let text: string | undefined = t.text;
  for (const c of changes) {
    if (text === undefined) return [];
    text = set(t, text, c.path, c.value);
  }
  return edits(t, text);
}

export function removeAt(t: Template, path: SourcePath): TextEdit[] {
  return edits(t, t.syntax === 'json' ? jsonRemove(t.text, path) : yamlRemove(t.text, path));
}

export function renameAt(t: Template, path: SourcePath, to: string): TextEdit[] {
  return edits(t, rename(t, t.text, path, to));
}

function edits(t: Template, next: string | undefined): TextEdit[] {
  return next === undefined || next === t.text ? [] : [diffEdit(t.text, next)];
}

function set(t: Template, text: string, path: SourcePath, value: WriteValue): string | undefined {
  return t.syntax === 'json' ? jsonSet(text, path, value) : yamlSet(text, path, value);
}

function rename(t: Template, text: string, path: SourcePath, to: string): string | undefined {
  return t.syntax === 'json' ? jsonRename(text, path, to) : yamlRename(text, path, to);
}

function shapeAt(shape: Shape, path: ApiPath): Shape | undefined {
  let s: Shape | undefined = shape;
  for (const step of path) s = child(s, step);
  return s;
}

/** The template path of an API path: the longest prefix extracted, then names as CloudFormation spells them. */
function sourcePath(place: DocumentPlace, path: ApiPath): SourcePath | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const known = place.sourcePaths.get(pathKey(path.slice(0, depth)));
    if (!known) continue;
    let shape = shapeAt(place.shape, path.slice(0, depth));
    const rest = path.slice(depth).map((step) => {
      const name = typeof step === 'number' ? step : sourceName(shape, step);
      shape = child(shape, step);
      return name;
    });
    return [...known, ...rest];
  }
  return undefined;
}

/**
 * A fix must not write into (or through) an intrinsic function: its value is computed at deploy time.
 * The value branch of an `Fn::If` is the exception: it is written in the template as it deploys.
 */
function crossesFunction(t: Template, text: string, path: SourcePath): boolean {
  const root: SNode | undefined = (t.syntax === 'json' ? parseJsonSource(text) : parseYamlSource(text)).root;
  for (let depth = 1; depth < path.length; depth++) {
    const node = at(root, path.slice(0, depth));
    if (!node) return false;
    const fn = intrinsic(node);
    if (!fn) continue;
    const branch = node.tag ? path[depth] : path[depth] === 'Fn::If' ? path[depth + 1] : undefined;
    if (fn.fn === 'Fn::If' && (branch === 1 || branch === 2)) continue;
    return true;
  }
  return false;
}

/** An API value in the template's terms: CloudFormation member names, references instead of symbols. */
function toSource(symbols: Symbols, value: unknown, shape: Shape | undefined): WriteValue {
  if (Array.isArray(value)) return value.map((v, i) => toSource(symbols, v, child(shape, i)));
  if (value && typeof value === 'object') {
    const out: { [key: string]: WriteValue } = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[sourceName(shape, k)] = toSource(symbols, v, child(shape, k));
    return out;
  }
  if (typeof value === 'string') return reference(symbols, value);
  return (value ?? null) as WriteValue;
}

function reference(symbols: Symbols, s: string): WriteValue {
  const found = [...symbols.display.keys()].filter((sym) => s.includes(sym));
  if (found.length === 0) return s;
  if (found.length === 1 && s === found[0]) return new Tagged('!Ref', 'Ref', symbols.display.get(found[0]) as string);
  let sub = s.replace(/\$\{/g, '${!');
  for (const sym of found.sort((a, b) => b.length - a.length)) sub = sub.split(sym).join(`\${${symbols.display.get(sym)}}`);
  return new Tagged('!Sub', 'Fn::Sub', sub);
}
