import { strict as assert } from 'node:assert';
import { limitNesting, maxNesting } from '../../src/core/nesting';

describe('bounded nesting', () => {
  it('leaves a document within the limit as it is', () => {
    const text = '{"a": [[1]], "b": "[[[[[["}';
    assert.deepEqual(limitNesting(text, 3), { text, problems: [], depth: 3 });
  });

  it('blanks out what is nested deeper, keeping every offset and line break, and says where it starts', () => {
    const text = '{"a": [[[1,\n2]]], "b": 1}';
    const { text: out, problems } = limitNesting(text, 3);
    assert.equal(out.length, text.length);
    assert.equal(out, '{"a": [[0  \n  ]], "b": 1}');
    assert.deepEqual(problems.map((p) => p.offset), [text.indexOf('[1')]);
  });

  it('brackets in strings and comments do not count', () => {
    const text = '{"a": "[[[[", // [[[[\n "b": /* {{{{ */ [1]}';
    assert.deepEqual(limitNesting(text, 2).problems, []);
    assert.equal(maxNesting(text), 2);
  });

  it('an unclosed part is blanked to the end', () => {
    const { text, problems } = limitNesting('{"a": [[[[', 2);
    assert.equal(text, '{"a": [0  ');
    assert.equal(problems.length, 1);
  });
});
