import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { Node, parseTree } from 'jsonc-parser';
import { jsonTree } from '../../../src/core/embedded/jsonTree';

/** The tree without parent links (cyclic), for comparison. */
function shape(n: Node | undefined): unknown {
  if (!n) return undefined;
  return { type: n.type, offset: n.offset, length: n.length, value: n.value, colonOffset: n.colonOffset, children: n.children?.map(shape) };
}

function parentsConsistent(n: Node): boolean {
  return (n.children ?? []).every((c) => c.parent === n && parentsConsistent(c));
}

describe('jsonTree: compact JSON and its tree in one pass', () => {
  it('gives the text JSON.stringify gives and the tree parseTree gives, for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), (value) => {
        const { text, root } = jsonTree(value);
        assert.equal(text, JSON.stringify(value));
        assert.deepEqual(shape(root), shape(parseTree(text)));
        assert.ok(parentsConsistent(root));
      }),
      { numRuns: 300 },
    );
  });

  it('writes what JSON cannot hold as JSON would (undefined members dropped, non-finite numbers as null)', () => {
    const { text, root } = jsonTree({ a: undefined, b: Infinity, c: [1, -0] });
    assert.equal(text, JSON.stringify({ a: undefined, b: Infinity, c: [1, -0] }));
    assert.deepEqual(shape(root), shape(parseTree(text)));
  });
});
