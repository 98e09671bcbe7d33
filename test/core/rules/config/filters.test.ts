import { strict as assert } from 'node:assert';
import { applyTextEdits } from '../../../../src/core/fixes';
import { applyFix, findings, json } from '../../../helpers';
import { config, expectNone, expectOne, offsetOf, ROLE, v1Rule, v2Rule } from './fixtures';

const TAG = { Key: 'team', Value: 'a' };

describe('rc-rule-needs-prefix-or-filter', () => {
  const RULE = 'rc-rule-needs-prefix-or-filter';
  it('fires on the rule\'s first member name; the preferred fix makes a complete V2 rule', () => {
    const text = config([v2Rule({ Filter: undefined, Priority: undefined, DeleteMarkerReplication: undefined })]);
    const f = expectOne(text, RULE, '"ID"', 'error');
    assert.equal(f.offset, offsetOf(text, '"ID"', 0));
    const out = JSON.parse(applyFix(text, RULE));
    assert.deepEqual([out.Rules[0].Filter, out.Rules[0].Priority, out.Rules[0].DeleteMarkerReplication], [{}, 1, { Status: 'Disabled' }]);
    assert.deepEqual(findings(JSON.stringify(out)).filter((x) => x.severity === 'error'), []);
  });
  it('prefers a V1 "Prefix" in an all-V1 configuration', () => {
    const text = config([v1Rule(), { ID: 'b', Status: 'Enabled', Destination: { Bucket: 'arn:aws:s3:::dest' } }]);
    const f = expectOne(text, RULE, '"ID"');
    assert.deepEqual(f.fixes?.map((x) => x.preferred), [false, true]);
    assert.equal(JSON.parse(applyFix(text, RULE, 1)).Rules[1].Prefix, '');
  });
  it('is silent with a Filter or a Prefix', () => {
    expectNone(config([v2Rule()]), RULE);
    expectNone(config([v1Rule()]), RULE);
  });
});

describe('rc-rule-prefix-and-filter', () => {
  const RULE = 'rc-rule-prefix-and-filter';
  it('moves the prefix into an empty Filter', () => {
    const text = config([v2Rule({ Prefix: 'logs/', Filter: {} })]);
    expectOne(text, RULE, '"Prefix"', 'warning');
    const out = JSON.parse(applyFix(text, RULE));
    assert.deepEqual([out.Rules[0].Prefix, out.Rules[0].Filter], [undefined, { Prefix: 'logs/' }]);
  });
  it('combines the prefix with a Tag filter under And', () => {
    const out = JSON.parse(applyFix(config([v2Rule({ Prefix: 'logs/', Filter: { Tag: TAG } })]), RULE));
    assert.deepEqual(out.Rules[0].Filter, { And: { Prefix: 'logs/', Tags: [TAG] } });
  });
  it('only offers removal when the prefixes conflict', () => {
    const f = expectOne(config([v2Rule({ Prefix: 'a/', Filter: { Prefix: 'b/' } })]), RULE, '"Prefix"');
    assert.equal(f.fixes?.[0].preferred, false);
  });
  it('is silent on plain V1 and V2 rules', () => {
    expectNone(config([v2Rule()]), RULE);
    expectNone(config([v1Rule()]), RULE);
  });
});

describe('rc-filter-one-child', () => {
  const RULE = 'rc-filter-one-child';
  it('fires on the Filter key when Prefix and Tag sit side by side, and wraps them in And', () => {
    const text = config([v2Rule({ Filter: { Prefix: 'logs/', Tag: TAG } })]);
    expectOne(text, RULE, '"Filter"', 'error');
    assert.deepEqual(JSON.parse(applyFix(text, RULE)).Rules[0].Filter, { And: { Prefix: 'logs/', Tags: [TAG] } });
  });
  it('merges a Tag into an existing And', () => {
    const other = { Key: 'env', Value: 'prod' };
    const out = JSON.parse(applyFix(config([v2Rule({ Filter: { Tag: TAG, And: { Prefix: 'p/', Tags: [other] } } })]), RULE));
    assert.deepEqual(out.Rules[0].Filter, { And: { Prefix: 'p/', Tags: [TAG, other] } });
  });
  it('offers no fix when two different prefixes would have to be merged', () => {
    const f = expectOne(config([v2Rule({ Filter: { Prefix: 'a/', And: { Prefix: 'b/', Tags: [TAG] } } })]), RULE, '"Filter"');
    assert.equal(f.fixes, undefined);
  });
  it('is silent with one child', () => expectNone(config([v2Rule({ Filter: { And: { Prefix: 'p/', Tags: [TAG] } } })]), RULE));
});

describe('rc-filter-and-single', () => {
  const RULE = 'rc-filter-and-single';
  it('notes an And with one predicate and unwraps it on request', () => {
    const text = config([v2Rule({ Filter: { And: { Tags: [TAG] } }, DeleteMarkerReplication: { Status: 'Disabled' } })]);
    const f = expectOne(text, RULE, '"And"', 'info');
    assert.notEqual(f.fixes?.[0].preferred, true);
    assert.deepEqual(JSON.parse(applyFix(text, RULE)).Rules[0].Filter, { Tag: TAG });
    assert.deepEqual(JSON.parse(applyFix(config([v2Rule({ Filter: { And: { Prefix: 'p/' } } })]), RULE)).Rules[0].Filter, { Prefix: 'p/' });
  });
  it('is silent for two predicates', () => expectNone(config([v2Rule({ Filter: { And: { Prefix: 'p/', Tags: [TAG] } } })]), RULE));
});

describe('rc-filter-empty-all-objects', () => {
  const RULE = 'rc-filter-empty-all-objects';
  it('notes Filter {} and an empty prefix', () => {
    expectOne(config([v2Rule({ Filter: {} })]), RULE, '{}', 'info');
    expectOne(config([v2Rule({ Filter: { Prefix: '' } })]), RULE, '""', 'info');
    expectOne(config([v1Rule({ Prefix: '' })]), RULE, '""', 'info');
  });
  it('is silent for a real prefix or a tag filter', () => {
    expectNone(config([v2Rule()]), RULE);
    expectNone(config([v2Rule({ Filter: { Tag: TAG } })]), RULE);
  });
});

describe('rc-filter-tag-key-value', () => {
  const RULE = 'rc-filter-tag-key-value';
  it('fires on a tag without Value (Tag key) and on an empty Key', () => {
    expectOne(config([v2Rule({ Filter: { Tag: { Key: 'k' } } })]), RULE, '"Tag"', 'error');
    const text = config([v2Rule({ Filter: { And: { Prefix: 'p/', Tags: [TAG, { Key: '', Value: 'v' }] } } })]);
    expectOne(text, RULE, '""', 'error');
  });
  it('is silent for complete tags, empty values included', () => expectNone(config([v2Rule({ Filter: { Tag: { Key: 'k', Value: '' } } })]), RULE));
});

describe('rc-filter-tag-dup-keys', () => {
  const RULE = 'rc-filter-tag-dup-keys';
  it('warns on each repeat; an identical repeat is removed', () => {
    const text = config([v2Rule({ Filter: { And: { Prefix: 'p/', Tags: [TAG, { Key: 'env', Value: 'x' }, TAG] } } })]);
    const fs = findings(text, RULE);
    assert.equal(fs.length, 2);
    assert.ok(fs.every((f) => f.severity === 'warning' && f.related?.length === 1));
    const fixed = fs[1].fixes?.[0];
    assert.ok(fixed?.preferred);
    assert.deepEqual(JSON.parse(applyTextEdits(text, fixed.edits())).Rules[0].Filter.And.Tags, [TAG, { Key: 'env', Value: 'x' }]);
  });
  it('says that two values for one key never match, without a fix', () => {
    const fs = findings(config([v2Rule({ Filter: { And: { Tags: [TAG, { Key: 'team', Value: 'b' }] } } })]), RULE);
    assert.match(fs[0].message, /never match/);
    assert.ok(fs.every((f) => f.fixes === undefined));
  });
  it('is silent for distinct keys', () => expectNone(config([v2Rule({ Filter: { And: { Tags: [TAG, { Key: 'env', Value: 'x' }] } } })]), RULE));
});

describe('rc-filter-tag-unmatchable-length / rc-filter-too-many-tags', () => {
  it('warns on a 129-character key and a 257-character value', () => {
    const key = 'k'.repeat(129);
    expectOne(config([v2Rule({ Filter: { Tag: { Key: key, Value: 'v' } } })]), 'rc-filter-tag-unmatchable-length', JSON.stringify(key), 'warning');
    const value = 'v'.repeat(257);
    expectOne(config([v2Rule({ Filter: { Tag: { Key: 'k', Value: value } } })]), 'rc-filter-tag-unmatchable-length', JSON.stringify(value));
    expectNone(config([v2Rule({ Filter: { Tag: { Key: 'k'.repeat(128), Value: 'v'.repeat(256) } } })]), 'rc-filter-tag-unmatchable-length');
  });
  it('warns on the Tags key with 11 tags', () => {
    const tags = (n: number) => Array.from({ length: n }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    expectOne(config([v2Rule({ Filter: { And: { Tags: tags(11) } } })]), 'rc-filter-too-many-tags', '"Tags"', 'warning');
    expectNone(config([v2Rule({ Filter: { And: { Tags: tags(10) } } })]), 'rc-filter-too-many-tags');
  });
});

describe('rc-tag-filter-no-delete-markers', () => {
  const RULE = 'rc-tag-filter-no-delete-markers';
  it('fires on the Enabled status of a tag rule and sets it to Disabled', () => {
    const text = config([v2Rule({ Filter: { Tag: TAG }, DeleteMarkerReplication: { Status: 'Enabled' } })]);
    assert.match(expectOne(text, RULE, '"Enabled"', 'error').message, /not supported if any Tag filter/);
    assert.deepEqual(JSON.parse(applyFix(text, RULE)).Rules[0].DeleteMarkerReplication, { Status: 'Disabled' });
  });
  it('is silent for prefix rules with delete markers enabled', () => expectNone(config([v2Rule({ DeleteMarkerReplication: { Status: 'Enabled' } })]), RULE));
});

describe('rc-tag-filter-tag-at-upload', () => {
  const RULE = 'rc-tag-filter-tag-at-upload';
  it('explains tag-at-upload once per document, with the count', () => {
    const text = config([v2Rule({ Filter: { Tag: TAG } }), v2Rule({ ID: 'b', Priority: 2, Filter: { And: { Tags: [TAG, { Key: 'x', Value: 'y' }] } } })]);
    const f = expectOne(text, RULE, '"Tag"', 'info');
    assert.match(f.message, /Applies to 2 rules/);
  });
  it('is silent without tag filters', () => expectNone(config([v2Rule()]), RULE));
});

describe('prefixes', () => {
  it('rc-prefix-max-length: errors above 1,024 characters in any prefix position', () => {
    const long = 'p'.repeat(1025);
    expectOne(config([v2Rule({ Filter: { And: { Prefix: long, Tags: [TAG] } } })]), 'rc-prefix-max-length', JSON.stringify(long), 'error');
    expectNone(config([v2Rule({ Filter: { Prefix: 'p'.repeat(1024) } })]), 'rc-prefix-max-length');
  });
  it('rc-prefix-xml-unsafe: warns on control characters', () => {
    const f = expectOne(config([v1Rule({ Prefix: 'logs\r/' })]), 'rc-prefix-xml-unsafe', '"logs\\r/"', 'warning');
    assert.match(f.message, /U\+000D/);
    expectNone(config([v2Rule({ Filter: { Prefix: 'lögs/ü' } })]), 'rc-prefix-xml-unsafe');
  });
  it('rc-prefix-leading-slash: strips the slash', () => {
    const text = config([v2Rule({ Filter: { Prefix: '/Tax/' } })]);
    expectOne(text, 'rc-prefix-leading-slash', '"/Tax/"', 'warning');
    assert.equal(JSON.parse(applyFix(text, 'rc-prefix-leading-slash')).Rules[0].Filter.Prefix, 'Tax/');
  });
  it('rc-prefix-leading-slash: never widens "/" to the whole bucket', () => {
    const f = expectOne(config([v2Rule({ Filter: { Prefix: '/' } })]), 'rc-prefix-leading-slash', '"/"');
    assert.equal(f.fixes, undefined);
    expectNone(config([v2Rule()]), 'rc-prefix-leading-slash');
  });
});

describe('wrapped configuration ranges', () => {
  it('point into the ReplicationConfiguration wrapper and fix there', () => {
    const text = json({ ReplicationConfiguration: { Role: ROLE, Rules: [v2Rule({ Filter: { Prefix: '/Tax/' } })] } });
    expectOne(text, 'rc-prefix-leading-slash', '"/Tax/"');
    assert.equal(JSON.parse(applyFix(text, 'rc-prefix-leading-slash')).ReplicationConfiguration.Rules[0].Filter.Prefix, 'Tax/');
  });
});
