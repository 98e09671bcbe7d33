import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { JSONPath, applyEdits, modify } from 'jsonc-parser';
import { generateConfig } from '../../bench/generateConfig';
import { parseDocument } from '../../src/core/document';
import { modifyInDocument, modifyText } from '../../src/core/localModify';

/** Whole-document `modify`, the reference; `undefined` when it throws. */
function reference(text: string, path: JSONPath, value: unknown, formatting: ReturnType<typeof parseDocument>['formatting']): string | undefined {
  try {
    return applyEdits(text, modify(text, path, value, { formattingOptions: formatting }));
  } catch {
    return undefined;
  }
}

function local(text: string, path: JSONPath, value: unknown): string | undefined {
  const doc = parseDocument({ uri: 'x.json', text });
  try {
    return applyEdits(text, modifyInDocument(doc, path, value));
  } catch {
    return undefined;
  }
}

const layouts = [
  (v: unknown) => JSON.stringify(v, null, 2),
  (v: unknown) => JSON.stringify(v, null, 4).replace(/\n/g, '\r\n'),
  (v: unknown) => JSON.stringify(v, null, '\t'),
  (v: unknown) => JSON.stringify(v),
  // Hand-written shapes: several members on one line, comments, a nested object opening mid-line.
  (v: unknown) => JSON.stringify(v, null, 2).replace(/,\n\s+"Status"/g, ', "Status"').replace(/"Rules": \[/, '"Rules": [ // all rules'),
];

const stripComments = (t: string) => t.replace(/ \/\/ all rules/, '');

/** The value with the array element at `path` removed, when there is one. */
function withoutElement(value: unknown, path: JSONPath): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let at: unknown = copy;
  for (const k of path.slice(0, -1)) at = at && typeof at === 'object' ? (at as Record<string | number, unknown>)[k] : undefined;
  const i = path[path.length - 1] as number;
  if (Array.isArray(at) && i < at.length) at.splice(i, 1);
  return copy;
}

describe('modifyInDocument', () => {
  it('gives the same text as modify on the whole document, for sets, inserts and removals anywhere', () => {
    const base = JSON.parse(generateConfig(4, { defective: true })) as unknown;
    const segment = fc.oneof(
      fc.constantFrom('Rules', 'Destination', 'Filter', 'Status', 'DeleteMarkerReplication', 'Metrics', 'And', 'Tags', 'Role', 'New'),
      fc.nat({ max: 5 }),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...layouts),
        fc.array(segment, { minLength: 1, maxLength: 5 }),
        fc.oneof(fc.constant(undefined), fc.jsonValue({ maxDepth: 2 })),
        (show, tail, value) => {
          // Mostly paths that exist in part, so edits land deep inside the document.
          const path: JSONPath = ['Rules', tail[0] === 'Rules' ? 0 : 1, ...tail.slice(1)];
          const text = show(base);
          if (value === undefined && typeof path[path.length - 1] === 'number') {
            // Array elements are cut, not re-formatted (jsonc-parser's own removal breaks one-line documents): same value, same layout.
            const out = local(text, path, value);
            if (out === undefined) return assert.equal(reference(text, path, value, parseDocument({ uri: 'x.json', text }).formatting), undefined);
            assert.deepEqual(JSON.parse(stripComments(out)), withoutElement(JSON.parse(stripComments(text)), path));
            return;
          }
          assert.equal(local(text, path, value), reference(text, path, value, parseDocument({ uri: 'x.json', text }).formatting));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('matches on a 1,000-rule document too (its speed is measured by npm run bench)', () => {
    const text = generateConfig(1000);
    const doc = parseDocument({ uri: 'x.json', text });
    const edits = modifyInDocument(doc, ['Rules', 500, 'Destination', 'StorageClass'], 'GLACIER');
    assert.equal(applyEdits(text, edits), reference(text, ['Rules', 500, 'Destination', 'StorageClass'], 'GLACIER', doc.formatting));
  });

  it('removes array elements in one-line documents without breaking them, and keeps every layout', () => {
    const cases: [string, JSONPath, string][] = [
      ['{"a":["x","y"],"b":"a:b:c"}', ['a', 1], '{"a":["x"],"b":"a:b:c"}'],
      ['{"a":["x","y"],"b":"a:b:c"}', ['a', 0], '{"a":["y"],"b":"a:b:c"}'],
      ['{"a":["x"],"b":1}', ['a', 0], '{"a":[],"b":1}'],
      ['{\n  "a": [\n    "x",\n    "y"\n  ]\n}', ['a', 1], '{\n  "a": [\n    "x"\n  ]\n}'],
      ['{\n  "a": [\n    "x",\n    "y"\n  ]\n}', ['a', 0], '{\n  "a": [\n    "y"\n  ]\n}'],
    ];
    for (const [text, path, expected] of cases) {
      assert.equal(local(text, path, undefined), expected, text);
      assert.equal(applyEdits(text, modifyText(text, path, undefined, { tabSize: 2, insertSpaces: true })), expected, text);
    }
  });
});
