/**
 * What an unknown member was meant to be: the same member in another case or spelling (rename),
 * a member of a nearby object (move: `ReplicaKmsKeyID` directly under `Destination` belongs in
 * `Destination.EncryptionConfiguration`), or a list written as a single object (`"Rule": {...}`
 * for `"Rules": [...]`). Only an unambiguous reading gets a fix.
 */
import { Node } from 'jsonc-parser';
import { JsonDocument } from '../../document';
import { Fix } from '../../findings';
import { moveValueFix, renameAndWrapFix, renameKeyFix } from '../../fixes';
import { keyNode, member, properties, propertyKey } from '../../json';
import { closest } from '../../iam/suggest';
import { JsonPath, UnknownMember } from './memberCheck';
import { MemberDef, MemberType, Model, ShapeName } from './model';

export interface Suggestion {
  /** For messages: `Did you mean "ID"?`, or where the member belongs. */
  hint: string;
  fix?: Fix;
  /** The member the fix renames this one to, in the same object. */
  renamedTo?: string;
}

/** Case and separators do not tell members apart for a human: `replica_kms_key_id` is `ReplicaKmsKeyID`. */
function norm(name: string): string {
  return name.toLowerCase().replace(/[-_\s]/g, '');
}

/** A member reachable from an object through nested objects (never through a list). */
interface Slot {
  names: string[];
  def: MemberDef;
}

const MAX_DEPTH = 3;

function slotsBelow(model: Model, shape: ShapeName, depth = 1, skip?: string): Slot[] {
  const out: Slot[] = [];
  for (const def of model[shape]) {
    if (depth === 1 && def.name === skip) continue;
    out.push({ names: [def.name], def });
    if (def.type.kind === 'structure' && depth < MAX_DEPTH) {
      for (const s of slotsBelow(model, def.type.shape, depth + 1)) out.push({ names: [def.name, ...s.names], def: s.def });
    }
  }
  return out;
}

/** Can a value of this JSON type stand at a member of `type`, possibly wrapped in a list? */
function fits(type: MemberType, value: Node | undefined): 'yes' | 'wrap' | 'no' {
  if (!value) return 'yes';
  switch (type.kind) {
    case 'string':
      return value.type === 'string' ? 'yes' : 'no';
    case 'integer':
      return value.type === 'number' ? 'yes' : 'no';
    case 'structure':
      return value.type === 'object' ? 'yes' : 'no';
    case 'list':
      return value.type === 'array' ? 'yes' : value.type === 'object' ? 'wrap' : 'no';
    case 'stringList':
      return value.type === 'array' ? 'yes' : 'no';
  }
}

/** Whether a value can be written at `names` below `base`: objects (or nothing) on the way, nothing at the end. */
function free(base: Node, names: readonly string[]): boolean {
  let at: Node | undefined = base;
  for (let i = 0; i < names.length; i++) {
    if (!at) return true;
    if (at.type !== 'object') return false;
    if (i === names.length - 1) return keyNode(at, names[i]) === undefined;
    at = member(at, names[i]);
  }
  return true;
}

/** The CLI's name for an object below `label`. */
function full(label: string, names: readonly string[]): string {
  return [label, ...names].join('.');
}

/** The same, from the rule (or the configuration) on: for fix titles. */
function short(path: string): string {
  return path.replace(/^ReplicationConfiguration\.Rules\[\d+\]\.?/, '').replace(/^ReplicationConfiguration\.?/, '') || 'the rule';
}

export function suggest(doc: JsonDocument, model: Model, u: UnknownMember): Suggestion | undefined {
  const key = u.prop.children?.[0];
  if (!key) return undefined;
  const wanted = norm(u.key);
  const present = new Set(properties(u.obj).map(propertyKey));

  // 1. The same member, written in another case or with separators.
  const same = model[u.shape].find((m) => norm(m.name) === wanted);
  if (same) return rename(doc, u, key, same, present);

  // 2. A member of an object below this one (the nearest, when several are: `Filter.Tags` means
  // `And.Tags`, not the exclusion filter's `Not.Or.Tags`), else one beside it under the same parent.
  const below = slotsBelow(model, u.shape).filter((s) => s.names.length > 1 && norm(s.def.name) === wanted);
  const nearest = Math.min(...below.map((s) => s.names.length));
  const candidates = below.filter((s) => s.names.length === nearest).map((s) => ({ base: u.obj, path: u.path, label: u.label, names: s.names, def: s.def }));
  if (u.parent && candidates.length === 0) {
    const p = u.parent;
    const parentLabel = u.label.slice(0, u.label.lastIndexOf('.'));
    for (const s of slotsBelow(model, p.shape, 1, p.via)) {
      if (norm(s.def.name) === wanted) candidates.push({ base: p.obj, path: p.path, label: parentLabel, names: s.names, def: s.def });
    }
  }
  if (candidates.length === 1) {
    const c = candidates[0];
    const where = full(c.label, c.names.slice(0, -1));
    const name = c.def.name;
    const fit = fits(c.def.type, u.value);
    const hint = ` \`${name}\` belongs in ${where}${c.names.length === 1 ? ' (one level up)' : ''}.`;
    if (!u.value || fit === 'no' || !free(c.base, c.names)) return { hint };
    const to = [...c.path, ...c.names];
    const title = `Move "${u.key}" into ${short(where)}${name !== u.key ? ` as "${name}"` : ''}`;
    return { hint, fix: moveValueFix(doc, to, u.value, title, true, fit === 'wrap') };
  }
  if (candidates.length > 1) return undefined;

  // 3. A near miss of a member this object takes, of a type that can hold the value.
  const open = model[u.shape].filter((m) => !present.has(m.name) && fits(m.type, u.value) !== 'no');
  const near = closest(u.key, open.map((m) => m.name));
  const def = near ? open.find((m) => m.name === near) : undefined;
  return def ? rename(doc, u, key, def, present) : undefined;
}

function rename(doc: JsonDocument, u: UnknownMember, key: Node, def: MemberDef, present: Set<string | undefined>): Suggestion {
  const fit = fits(def.type, u.value);
  const hint = fit === 'wrap' ? ` Did you mean "${def.name}"? It is a list: \`"${def.name}": [ ... ]\`.` : ` Did you mean "${def.name}"?`;
  // Renaming onto a member that is already there would only make a duplicate key.
  if (present.has(def.name) || fit === 'no') return { hint };
  const renamedTo = def.name;
  if (fit === 'wrap' && u.value) return { hint, renamedTo, fix: renameAndWrapFix(doc, key, u.value, def.name, `Change to "${def.name}": [ ... ] (a list)`, true) };
  return { hint, renamedTo, fix: renameKeyFix(doc, key, def.name, `Change to "${def.name}"`, true) };
}

export type { JsonPath };
