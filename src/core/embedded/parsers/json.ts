/** JSON (and JSONC) text as a source tree. */
import { Node, ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';
import { within } from './range';
import { SNode } from '../sourceTree';

export interface ParsedJson {
  root: SNode | undefined;
  errors: { offset: number; length: number; message: string }[];
}

export function parseJsonSource(text: string): ParsedJson {
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: false, disallowComments: false });
  return {
    root: tree ? fromJson(tree) : undefined,
    errors: errors.map((e) => ({ ...within(text, e.offset, e.length), message: printParseErrorCode(e.error) })),
  };
}

export function fromJson(node: Node): SNode {
  const range = { offset: node.offset, length: node.length };
  switch (node.type) {
    case 'object':
      return {
        type: 'map',
        range,
        entries: (node.children ?? []).flatMap((p) => {
          const [k, v] = p.children ?? [];
          if (!k || !v || typeof k.value !== 'string') return [];
          return [{ key: k.value, keyRange: { offset: k.offset, length: k.length }, value: fromJson(v) }];
        }),
      };
    case 'array':
      return { type: 'seq', range, items: (node.children ?? []).map(fromJson) };
    default:
      return { type: 'scalar', range, value: (node.value ?? null) as string | number | boolean | null };
  }
}
