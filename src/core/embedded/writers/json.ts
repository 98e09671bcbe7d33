/**
 * Edits on a JSON file holding an embedded document (a JSON CloudFormation template): the same
 * jsonc-parser edits our JSON fixes use, at the template path, so layout and comments survive.
 */
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import { detectFormatting } from '../../format';
import { applyTextEdits } from '../../fixes';
import { modifyText } from '../../localModify';
import { WriteValue, toJsonValue } from './value';

export type SourcePath = (string | number)[];

export function jsonSet(text: string, path: SourcePath, value: WriteValue): string | undefined {
  const root = parseTree(text);
  if (!root) return undefined;
  const parent = findNodeAtLocation(root, path.slice(0, -1));
  const last = path[path.length - 1];
  if (!parent || (typeof last === 'number' ? parent.type !== 'array' : parent.type !== 'object')) return undefined;
  return applyTextEdits(text, modifyText(text, path, toJsonValue(value), detectFormatting(text)));
}

export function jsonRemove(text: string, path: SourcePath): string | undefined {
  const root = parseTree(text);
  if (!root || !findNodeAtLocation(root, path)) return undefined;
  return applyTextEdits(text, modifyText(text, path, undefined, detectFormatting(text)));
}

export function jsonRename(text: string, path: SourcePath, to: string): string | undefined {
  const root = parseTree(text);
  const value = root ? findNodeAtLocation(root, path) : undefined;
  const key = value?.parent?.type === 'property' ? value.parent.children?.[0] : undefined;
  if (!key) return undefined;
  return text.slice(0, key.offset) + JSON.stringify(to) + text.slice(key.offset + key.length);
}
