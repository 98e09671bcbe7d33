/**
 * Edits on a JSON file holding an embedded document (a JSON CloudFormation template): the same
 * edit engine our JSON fixes use, at the template path, so layout, line endings and comments survive.
 */
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import { detectStyle } from '../../format';
import { applyTextEdits } from '../../fixes';
import { Editable, removeEdits, setEdits } from '../../edit/jsonEdits';
import { WriteValue, toJsonValue } from './value';

export type SourcePath = (string | number)[];

function editable(text: string): Editable | undefined {
  const root = parseTree(text);
  return root ? { text, root, style: detectStyle(text, root) } : undefined;
}

export function jsonSet(text: string, path: SourcePath, value: WriteValue): string | undefined {
  const t = editable(text);
  if (!t?.root) return undefined;
  const parent = findNodeAtLocation(t.root, path.slice(0, -1));
  const last = path[path.length - 1];
  if (!parent || (typeof last === 'number' ? parent.type !== 'array' : parent.type !== 'object')) return undefined;
  const edits = setEdits(t, path, toJsonValue(value));
  return edits && applyTextEdits(text, edits);
}

export function jsonRemove(text: string, path: SourcePath): string | undefined {
  const t = editable(text);
  if (!t?.root || !findNodeAtLocation(t.root, path)) return undefined;
  const edits = removeEdits(t, path);
  return edits && applyTextEdits(text, edits);
}

export function jsonRename(text: string, path: SourcePath, to: string): string | undefined {
  const root = parseTree(text);
  const value = root ? findNodeAtLocation(root, path) : undefined;
  const key = value?.parent?.type === 'property' ? value.parent.children?.[0] : undefined;
  if (!key) return undefined;
  return text.slice(0, key.offset) + JSON.stringify(to) + text.slice(key.offset + key.length);
}
