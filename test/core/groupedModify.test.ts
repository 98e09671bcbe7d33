import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { FormattingOptions, applyEdits } from 'jsonc-parser';
import { parseDocument } from '../../src/core/document';
import { ModifyStep, modifySteps } from '../../src/core/groupedModify';
import { modifyText } from '../../src/core/localModify';

/** What `modifySteps` must equal: each step on the whole text the previous one produced. */
function oneByOne(text: string, steps: ModifyStep[], formatting: FormattingOptions): string {
  let out = text;
  for (const s of steps) out = applyEdits(out, modifyText(out, s.path, s.value, formatting));
  return out;
}

const rule = fc.record({
  ID: fc.constantFrom('a', 'b', 'logs'),
  Status: fc.constantFrom('Enabled', 'Disabled'),
  Prefix: fc.constantFrom('logs/', ''),
  Destination: fc.record({ Bucket: fc.constant('arn:aws:s3:::d'), Account: fc.constant('111122223333') }),
});

const layout = fc.record({
  indent: fc.constantFrom<string | number>(2, 4, '\t', 0),
  eol: fc.constantFrom('\n', '\r\n'),
});

/** Steps of the kind fixes make, each inside one rule. */
function stepsFor(count: number): fc.Arbitrary<ModifyStep[]> {
  const one = fc.tuple(fc.nat(count - 1), fc.nat(5)).map(([i, k]): ModifyStep[] => {
    const at = ['Rules', i];
    switch (k) {
      case 0:
        return [{ path: [...at, 'Prefix'], value: undefined }, { path: [...at, 'Filter'], value: { Prefix: 'logs/' } }];
      case 1:
        return [{ path: [...at, 'Priority'], value: i + 1 }];
      case 2:
        return [{ path: [...at, 'DeleteMarkerReplication'], value: { Status: 'Enabled' } }];
      case 3:
        return [{ path: [...at, 'Status'], value: 'Enabled' }];
      case 4:
        return [{ path: [...at, 'Destination', 'Account'], value: undefined }, { path: [...at, 'Destination', 'StorageClass'], value: 'STANDARD_IA' }];
      default:
        return [{ path: [...at, 'Destination', 'Metrics'], value: { Status: 'Enabled', EventThreshold: { Minutes: 15 } } }];
    }
  });
  return fc.array(one, { minLength: 1, maxLength: 6 }).map((lists) => lists.flat());
}

describe('modifySteps (several modifications as one fix)', () => {
  it('gives exactly the text of the steps applied one by one to the whole document, in any layout', () => {
    const input = fc.array(rule, { minLength: 1, maxLength: 5 }).chain((rules) => fc.tuple(fc.constant(rules), layout, stepsFor(rules.length)));
    fc.assert(
      fc.property(input, ([rules, { indent, eol }, steps]) => {
        let text = JSON.stringify({ Role: 'arn:aws:iam::123456789012:role/r', Rules: rules }, null, indent === 0 ? undefined : indent);
        if (eol === '\r\n') text = text.replace(/\n/g, '\r\n');
        const doc = parseDocument({ uri: 'c.json', text });
        assert.equal(applyEdits(text, modifySteps(doc, steps)), oneByOne(text, steps, doc.formatting));
      }),
      { numRuns: 600, seed: 3 },
    );
  });

  it('edits each rule where it is, not the whole document', () => {
    const text = JSON.stringify({ Role: 'arn:aws:iam::123456789012:role/r', Rules: [{ ID: 'a', Prefix: 'x/' }, { ID: 'b', Prefix: 'y/' }] }, null, 2);
    const doc = parseDocument({ uri: 'c.json', text });
    const edits = modifySteps(doc, [
      { path: ['Rules', 0, 'Priority'], value: 1 },
      { path: ['Rules', 1, 'Priority'], value: 2 },
    ]);
    assert.equal(edits.length, 2);
    assert.ok(edits.every((e) => e.length < 20 && e.content.includes('"Priority"')), JSON.stringify(edits));
  });
});
