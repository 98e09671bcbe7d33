/** The printed tree is exactly what JSON.stringify prints and jsonc-parser reads back from it. */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { Node, parseTree } from 'jsonc-parser';
import { printJsonTree } from '../../../src/core/embedded/jsonTree';

function sameTree(a: Node | undefined, b: Node | undefined, path = '$'): void {
  assert.ok(a && b, `${path}: both trees have a node`);
  assert.equal(a.type, b.type, `${path}: type`);
  assert.equal(a.offset, b.offset, `${path}: offset`);
  assert.equal(a.length, b.length, `${path}: length`);
  assert.ok(Object.is(a.value, b.value), `${path}: value ${String(a.value)} / ${String(b.value)}`);
  assert.equal(a.colonOffset, b.colonOffset, `${path}: colonOffset`);
  assert.equal('parent' in a, 'parent' in b, `${path}: a parent or none`);
  assert.equal(a.children?.length, b.children?.length, `${path}: children`);
  a.children?.forEach((c, i) => {
    assert.equal(c.parent, a, `${path}[${i}]: its parent is the node holding it`);
    sameTree(c, b.children?.[i], `${path}[${i}]`);
  });
}

function check(value: unknown): void {
  const expected = JSON.stringify(value ?? null, null, 2);
  const printed = printJsonTree(value);
  assert.equal(printed.text, expected);
  sameTree(printed.root, parseTree(expected));
}

describe('embedded: JSON printed with its syntax tree', () => {
  it('prints and places documents as JSON.stringify and parseTree do', () => {
    check({ Rules: [{ ID: 'a', Priority: 1, Filter: {}, Tags: [], Destination: { Bucket: 'arn:aws:s3:::b' } }], Role: 'r' });
    check({ Statement: [{ Effect: 'Allow', Action: ['s3:*'], Resource: '*', Condition: { Bool: { 'aws:SecureTransport': false } } }] });
    check(['x', 1.5, -0, 1e21, true, null, [], {}, [[]], { '': '' }]);
    check({ 'quote"and\\back': 'line\nbreak\u2028\u0001é😀', 2: 'integer keys first', a: undefined, f: () => 1 });
    check([undefined, Number.NaN, Infinity]);
    check(null);
    check(undefined);
    check('top-level string');
  });

  it('on any JSON value (property)', () => {
    fc.assert(fc.property(fc.jsonValue(), check), { numRuns: 300 });
  });
});
