/**
 * A plain JSON value as compact JSON text and the jsonc-parser tree of that text, built together:
 * the same nodes `parseTree` would give (offsets, lengths, parents, property colons), without
 * printing the value and scanning the print again. Embedded documents are built this way; a
 * 1,000-rule configuration would otherwise be parsed once more on every analysis.
 */
import { Node } from 'jsonc-parser';

/** jsonc-parser's node, writable while it is built. */
type Building = { -readonly [K in keyof Node]: Node[K] };

export function jsonTree(value: unknown): { text: string; root: Node } {
  const parts: string[] = [];
  let at = 0;
  const emit = (s: string) => {
    parts.push(s);
    at += s.length;
  };
  const build = (v: unknown, parent: Node | undefined): Node => {
    const offset = at;
    if (Array.isArray(v)) {
      const node: Building = { type: 'array', offset, length: 0, parent, children: [] };
      emit('[');
      v.forEach((item, i) => {
        if (i > 0) emit(',');
        node.children?.push(build(item, node));
      });
      emit(']');
      node.length = at - offset;
      return node;
    }
    if (v !== null && typeof v === 'object') {
      const node: Building = { type: 'object', offset, length: 0, parent, children: [] };
      emit('{');
      let first = true;
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        if (x === undefined || typeof x === 'function') continue;
        if (!first) emit(',');
        first = false;
        const property: Building = { type: 'property', offset: at, length: 0, parent: node, children: [] };
        const keyText = JSON.stringify(k);
        const key: Node = { type: 'string', value: k, offset: at, length: keyText.length, parent: property };
        emit(keyText);
        property.colonOffset = at;
        emit(':');
        property.children = [key, build(x, property)];
        property.length = at - property.offset;
        node.children?.push(property);
      }
      emit('}');
      node.length = at - offset;
      return node;
    }
    const text = JSON.stringify(v ?? null) ?? 'null';
    emit(text);
    if (typeof v === 'string') return { type: 'string', value: v, offset, length: text.length, parent };
    if (typeof v === 'boolean') return { type: 'boolean', value: v, offset, length: text.length, parent };
    if (typeof v === 'number' && text !== 'null') return { type: 'number', value: Number(text), offset, length: text.length, parent };
    return { type: 'null', value: null, offset, length: text.length, parent };
  };
  const root = build(value, undefined);
  return { text: parts.join(''), root };
}
