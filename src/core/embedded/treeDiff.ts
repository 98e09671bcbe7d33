/**
 * The changes between two API-shaped values, as tree operations. A fix is computed as JSON text
 * edits on the API-shaped document (rules do not know the format); this turns its effect back
 * into the few operations an adapter writes in its own syntax: set, remove, rename.
 */
import { ApiPath, TreeOp } from './types';

export function treeDiff(before: unknown, after: unknown, path: ApiPath = []): TreeOp[] {
  if (deepEqual(before, after)) return [];
  if (isRecord(before) && isRecord(after)) return objectDiff(before, after, path);
  if (Array.isArray(before) && Array.isArray(after)) return arrayDiff(before, after, path);
  return [{ op: 'set', path, value: after }];
}

/**
 * Renames, then changes inside kept members, then additions, then removals: an object whose members
 * are all replaced (`Filter: {Prefix, Tag}` → `Filter: {And}`) never passes through empty, which a
 * writer could only express by rewriting it (a YAML block would become `{}`).
 */
function objectDiff(before: Record<string, unknown>, after: Record<string, unknown>, path: ApiPath): TreeOp[] {
  const renames: TreeOp[] = [];
  const removes: TreeOp[] = [];
  const removed = Object.keys(before).filter((k) => !(k in after));
  const added = Object.keys(after).filter((k) => !(k in before));
  for (const key of removed) {
    // A member that reappears under another name with the same value was renamed (`Id` → `ID`).
    const to = added.find((a) => deepEqual(before[key], after[a]));
    if (to !== undefined) {
      added.splice(added.indexOf(to), 1);
      renames.push({ op: 'rename', path: [...path, key], to });
    } else {
      removes.push({ op: 'remove', path: [...path, key] });
    }
  }
  const ops: TreeOp[] = [...renames];
  for (const key of Object.keys(after)) {
    if (key in before) ops.push(...treeDiff(before[key], after[key], [...path, key]));
  }
  for (const key of added) ops.push({ op: 'set', path: [...path, key], value: after[key] });
  return [...ops, ...removes];
}

/**
 * Element-wise when only the ends changed (appends, removals at one place), else the whole array:
 * fixes add or drop elements, they do not reorder them.
 */
function arrayDiff(before: unknown[], after: unknown[], path: ApiPath): TreeOp[] {
  let head = 0;
  while (head < before.length && head < after.length && deepEqual(before[head], after[head])) head++;
  let tail = 0;
  while (tail < before.length - head && tail < after.length - head && deepEqual(before[before.length - 1 - tail], after[after.length - 1 - tail])) tail++;
  const gone = before.length - head - tail;
  const come = after.length - head - tail;
  if (gone === come) {
    const ops: TreeOp[] = [];
    for (let i = head; i < head + gone; i++) ops.push(...treeDiff(before[i], after[i], [...path, i]));
    return ops;
  }
  if (come === 0) {
    // Removed from the back first, so each index still names the element it named before.
    const ops: TreeOp[] = [];
    for (let i = head + gone - 1; i >= head; i--) ops.push({ op: 'remove', path: [...path, i] });
    return ops;
  }
  if (gone === 0 && tail === 0) {
    return after.slice(head).map((value, i) => ({ op: 'set' as const, path: [...path, head + i], value }));
  }
  return [{ op: 'set', path, value: after }];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => deepEqual(x, bb[i]));
  }
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
