/**
 * A plain JSON value as compact JSON text and the jsonc-parser tree of that text, built together:
 * the same nodes `parseTree` would give (offsets, lengths, parents, property colons), without
 * printing the value and scanning the print again. Embedded documents are built this way; a
 * 1,000-rule configuration would otherwise be parsed once more on every analysis.
 *
 * `JsonTreeBuilder` is the same printer driven step by step, for an adapter that walks its own value
 * tree and would otherwise build a plain value only for `jsonTree` to walk it again.
 */
import { Node } from 'jsonc-parser';

/** jsonc-parser's node, writable while it is built. */
export type Building = { -readonly [K in keyof Node]: Node[K] };

export class JsonTreeBuilder {
  private readonly parts: string[] = [];
  private at = 0;
  /** Member names as JSON, written once each: a thousand rules repeat a dozen names. */
  private readonly keys = new Map<string, string>();
  /**
   * How many children each open object or list has so far, innermost last. A list grown by `push`
   * reserves room for 17 items from the first: with the size given when it is opened, each holds
   * exactly its children, and the tree a 1,000-rule configuration keeps is that much smaller.
   */
  private readonly counts: number[] = [];

  private emit(s: string): void {
    this.parts.push(s);
    this.at += s.length;
  }

  text(): string {
    return this.parts.join('');
  }

  /** A scalar as `JSON.stringify` writes it (anything it writes as `null`, `null`). */
  scalar(v: unknown, parent: Node | undefined): Node {
    const offset = this.at;
    const text = JSON.stringify(v ?? null) ?? 'null';
    this.emit(text);
    if (typeof v === 'string') return { type: 'string', value: v, offset, length: text.length, parent };
    if (typeof v === 'boolean') return { type: 'boolean', value: v, offset, length: text.length, parent };
    if (typeof v === 'number' && text !== 'null') return { type: 'number', value: Number(text), offset, length: text.length, parent };
    return { type: 'null', value: null, offset, length: text.length, parent };
  }

  /** Opens a list (of `size` items, when known); its items follow, each after `separator` and given to `item`, then `close`. */
  openArray(parent: Node | undefined, size?: number): Building {
    const node: Building = { type: 'array', offset: this.at, length: 0, parent, children: size === undefined ? [] : new Array<Node>(size) };
    this.counts.push(0);
    this.emit('[');
    return node;
  }

  /** Opens an object (of `size` members, when known); its members follow, each opened with `property` and closed with `endProperty`, then `close`. */
  openObject(parent: Node | undefined, size?: number): Building {
    const node: Building = { type: 'object', offset: this.at, length: 0, parent, children: size === undefined ? [] : new Array<Node>(size) };
    this.counts.push(0);
    this.emit('{');
    return node;
  }

  /** An item of the innermost open list. */
  item(list: Building, value: Node): void {
    (list.children as Node[])[this.counts[this.counts.length - 1]++] = value;
  }

  /** Before every item or member but the first. */
  separator(): void {
    this.emit(',');
  }

  /** A member's name and colon; its value is built next, with the returned node as its parent. */
  property(object: Node, key: string): Building {
    let keyText = this.keys.get(key);
    if (keyText === undefined) this.keys.set(key, (keyText = JSON.stringify(key)));
    // Every member set here, the colon's too: one added later would need storage of its own, per node.
    const property: Building = { type: 'property', offset: this.at, length: 0, parent: object, children: undefined, colonOffset: this.at + keyText.length };
    // The key alone until `endProperty` adds the value: a list grown by `push` would reserve room for 17.
    property.children = [{ type: 'string', value: key, offset: this.at, length: keyText.length, parent: property }];
    this.emit(keyText);
    this.emit(':');
    return property;
  }

  endProperty(object: Building, property: Building, value: Node): void {
    const key = property.children?.[0];
    property.children = key ? [key, value] : [value];
    property.length = this.at - property.offset;
    (object.children as Node[])[this.counts[this.counts.length - 1]++] = property;
  }

  /** Closes an object or a list. */
  close(node: Building): Node {
    this.emit(node.type === 'array' ? ']' : '}');
    node.length = this.at - node.offset;
    const count = this.counts.pop() ?? 0;
    const children = node.children as Node[];
    if (children.length !== count) children.length = count;
    return node;
  }
}

export function jsonTree(value: unknown): { text: string; root: Node } {
  const b = new JsonTreeBuilder();
  const build = (v: unknown, parent: Node | undefined): Node => {
    if (Array.isArray(v)) {
      const node = b.openArray(parent);
      v.forEach((item, i) => {
        if (i > 0) b.separator();
        b.item(node, build(item, node));
      });
      return b.close(node);
    }
    if (v !== null && typeof v === 'object') {
      const node = b.openObject(parent);
      let first = true;
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        if (x === undefined || typeof x === 'function') continue;
        if (!first) b.separator();
        first = false;
        const property = b.property(node, k);
        b.endProperty(node, property, build(x, property));
      }
      return b.close(node);
    }
    return b.scalar(v, parent);
  };
  const root = build(value, undefined);
  return { text: b.text(), root };
}
