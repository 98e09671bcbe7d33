import { strict as assert } from 'node:assert';
import { treeDiff } from '../../../src/core/embedded/treeDiff';

describe('treeDiff: a fix as tree operations', () => {
  it('says nothing for equal values', () => {
    assert.deepEqual(treeDiff({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }), []);
  });

  it('adds a member with its whole value', () => {
    assert.deepEqual(treeDiff({ Rules: [{ ID: 'x' }] }, { Rules: [{ ID: 'x', DeleteMarkerReplication: { Status: 'Disabled' } }] }), [
      { op: 'set', path: ['Rules', 0, 'DeleteMarkerReplication'], value: { Status: 'Disabled' } },
    ]);
  });

  it('removes a member', () => {
    assert.deepEqual(treeDiff({ a: 1, b: 2 }, { a: 1 }), [{ op: 'remove', path: ['b'] }]);
  });

  it('reads a member that reappears under another name with the same value as a rename', () => {
    assert.deepEqual(treeDiff({ Id: 'r1', Status: 'Enabled' }, { ID: 'r1', Status: 'Enabled' }), [{ op: 'rename', path: ['Id'], to: 'ID' }]);
  });

  it('replaces a scalar that changed', () => {
    assert.deepEqual(treeDiff({ Status: 'enabled' }, { Status: 'Enabled' }), [{ op: 'set', path: ['Status'], value: 'Enabled' }]);
  });

  it('appends array elements one by one', () => {
    assert.deepEqual(treeDiff({ Action: ['a', 'b'] }, { Action: ['a', 'b', 'c', 'd'] }), [
      { op: 'set', path: ['Action', 2], value: 'c' },
      { op: 'set', path: ['Action', 3], value: 'd' },
    ]);
  });

  it('removes array elements from the back, so each index still names its element', () => {
    assert.deepEqual(treeDiff(['a', 'b', 'c', 'd'], ['a', 'd']), [
      { op: 'remove', path: [2] },
      { op: 'remove', path: [1] },
    ]);
  });

  it('edits inside an element when the array keeps its length', () => {
    assert.deepEqual(treeDiff([{ x: 1 }, { x: 2 }], [{ x: 1 }, { x: 3 }]), [{ op: 'set', path: [1, 'x'], value: 3 }]);
  });

  it('replaces an array whose middle gained elements, and a value whose type changed', () => {
    assert.deepEqual(treeDiff(['a', 'c'], ['a', 'b', 'c']), [{ op: 'set', path: [], value: ['a', 'b', 'c'] }]);
    assert.deepEqual(treeDiff({ Action: 's3:A' }, { Action: ['s3:A', 's3:B'] }), [{ op: 'set', path: ['Action'], value: ['s3:A', 's3:B'] }]);
  });
});
