/**
 * The YAML source parser types plain scalars itself (YAML 1.1 as CloudFormation reads it), faster than
 * the `yaml` package's 1.1 schema: the two must agree on every plain scalar but timestamps, which
 * CloudFormation keeps as text (`2012-10-17` is a policy version, not a date).
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { parse } from 'yaml';
import { parseYamlSource, plainValue } from '../../../src/core/embedded/parsers/yaml';

const TYPED = [
  '', '~', 'null', 'Null', 'NULL', 'true', 'True', 'FALSE', 'yes', 'No', 'on', 'OFF', 'y', 'n', 'Y',
  '0', '1', '-1', '+7', '015', '0b101', '0x1F', '-0x1f', '1_000', '1:30', '-1:00:00', '1.5', '-.5', '1e3', '6.02e+23',
  '.inf', '-.Inf', '.NaN', '15', '2', 'Enabled', 's3:GetObject', 'arn:aws:s3:::b/*', '1.2.3', '0o17', '12abc',
];

function yaml11(s: string): unknown {
  return parse(`v: ${s}`, { version: '1.1', logLevel: 'silent' }).v as unknown;
}

describe('YAML source parser: plain scalars', () => {
  it('types them as the yaml package\'s YAML 1.1 schema does', () => {
    for (const s of TYPED) {
      const ours = plainValue(s);
      const theirs = yaml11(s);
      if (typeof theirs === 'number' && Number.isNaN(theirs)) assert.ok(Number.isNaN(ours as number), s);
      else assert.deepEqual(ours, theirs, JSON.stringify(s));
    }
  });

  it('agrees on random plain scalars, timestamps apart', () => {
    const chars = fc.constantFrom(...'0123456789-+._:xXbeEaAfFnNoOyYtTrRuUlLsS~ '.split(''));
    fc.assert(
      fc.property(fc.array(chars, { minLength: 1, maxLength: 10 }).map((a) => a.join('').trim()), (s) => {
        fc.pre(s.length > 0 && !/[\s:]$/.test(s) && !/^[-?:~]\s/.test(s) && !/:\s/.test(s) && !/\s#/.test(s) && !/^\d{4}-\d\d?-\d\d?/.test(s));
        const theirs = (() => {
          try {
            return { ok: true, v: yaml11(s) };
          } catch {
            return { ok: false, v: undefined };
          }
        })();
        fc.pre(theirs.ok && (typeof theirs.v !== 'string' || theirs.v === s) && (theirs.v === null || typeof theirs.v !== 'object'));
        // The yaml package reads a float pattern without digits (`.`, `-.`, `.e1`) as NaN; PyYAML and
        // we keep such text a string.
        fc.pre(!(typeof theirs.v === 'number' && Number.isNaN(theirs.v) && !/^\.nan$/i.test(s)));
        const ours = parseYamlSource(`v: ${s}`).root;
        const value = ours?.type === 'map' ? ours.entries[0]?.value : undefined;
        if (value?.type !== 'scalar') return;
        if (typeof theirs.v === 'number' && Number.isNaN(theirs.v)) assert.ok(Number.isNaN(value.value as number), s);
        else assert.deepEqual(value.value, theirs.v, JSON.stringify(s));
      }),
      { numRuns: 500 },
    );
  });

  it('keeps a date-like value as text, and quoted and tagged scalars as written', () => {
    const root = parseYamlSource("a: 2012-10-17\nb: '15'\nc: !Ref X\nd: \"true\"\n").root;
    assert.ok(root?.type === 'map');
    const values = root.entries.map((e) => (e.value.type === 'scalar' ? e.value.value : undefined));
    assert.deepEqual(values, ['2012-10-17', '15', 'X', 'true']);
    assert.equal(root.entries[2].value.tag, '!Ref');
  });
});
