import { strict as assert } from 'node:assert';
import { applyFix, findings } from '../../../helpers';
import { config, expectNone, expectOne, fixAll, offsetOf, v2Rule } from './fixtures';

describe('rc-v2-priority-required', () => {
  const RULE = 'rc-v2-priority-required';
  it('fires on the Filter key and adds the next unused priority', () => {
    const text = config([v2Rule({ Priority: 7 }), v2Rule({ ID: 'b', Priority: undefined })]);
    const f = expectOne(text, RULE, '"Filter"', 'error');
    assert.equal(f.offset, offsetOf(text, '"Filter"', 1));
    assert.match(f.message, /Priority must be specified for this version/);
    assert.equal(JSON.parse(applyFix(text, RULE)).Rules[1].Priority, 8);
  });
  it('hands out distinct priorities to several rules in one pass', () => {
    const text = config([v2Rule({ Priority: undefined }), v2Rule({ ID: 'b', Priority: undefined })]);
    const out = JSON.parse(fixAll(text, RULE));
    assert.deepEqual(out.Rules.map((r: { Priority: number }) => r.Priority), [1, 2]);
  });
  it('is silent for V1 rules and rules with a Priority', () => {
    expectNone(config([v2Rule()]), RULE);
    expectNone(config([{ ID: 'a', Status: 'Enabled', Prefix: '', Destination: { Bucket: 'arn:aws:s3:::d' } }]), RULE);
  });
});

describe('rc-priority-type', () => {
  const RULE = 'rc-priority-type';
  it('turns the string "1" into the number 1', () => {
    const text = config([v2Rule({ Priority: '1' })]);
    expectOne(text, RULE, '"1"', 'error');
    assert.strictEqual(JSON.parse(applyFix(text, RULE)).Rules[0].Priority, 1);
  });
  it('replaces a non-numeric value with an unused integer', () => {
    const text = config([v2Rule({ Priority: 1.5 }), v2Rule({ ID: 'b', Priority: 4 })]);
    expectOne(text, RULE, '1.5');
    assert.strictEqual(JSON.parse(applyFix(text, RULE)).Rules[0].Priority, 5);
  });
  it('accepts integers, 0 included', () => expectNone(config([v2Rule({ Priority: 0 })]), RULE));
});

describe('rc-priority-negative', () => {
  it('warns on a negative priority (U evidence)', () => {
    expectOne(config([v2Rule({ Priority: -1 })]), 'rc-priority-negative', '-1', 'warning');
    expectNone(config([v2Rule({ Priority: 0 })]), 'rc-priority-negative');
  });
});

describe('rc-priority-unique', () => {
  const RULE = 'rc-priority-unique';
  it('warns on each duplicate with related locations; the repeat gets an unused number', () => {
    const text = config([v2Rule({ Priority: 3 }), v2Rule({ ID: 'b', Priority: 3 }), v2Rule({ ID: 'c', Priority: 3 })]);
    const fs = findings(text, RULE);
    assert.equal(fs.length, 3);
    assert.ok(fs.every((f) => f.severity === 'warning' && f.related?.length === 2));
    assert.equal(fs[0].fixes, undefined);
    const out = JSON.parse(fixAll(text, RULE));
    assert.deepEqual(out.Rules.map((r: { Priority: number }) => r.Priority), [3, 4, 5]);
  });
  it('uses a Map, not pairwise comparison: 1,000 distinct priorities stay silent', () => {
    expectNone(config(Array.from({ length: 1000 }, (_, i) => v2Rule({ ID: `r${i}`, Priority: i }))), RULE);
  });
});

describe('rc-priority-overlap-same-destination', () => {
  const RULE = 'rc-priority-overlap-same-destination';
  it('tells the lower-priority rule that it loses where both match', () => {
    const text = config([v2Rule({ ID: 'all', Priority: 1, Filter: {} }), v2Rule({ ID: 'logs', Priority: 2, Filter: { Prefix: 'logs/' } })]);
    const f = expectOne(text, RULE, '1', 'info');
    assert.equal(f.offset, offsetOf(text, '"Priority": 1') + '"Priority": '.length);
    assert.match(f.message, /rule "logs" \(priority 2\)/);
  });
  it('tells a contained lower-priority rule that it never takes effect, tags included', () => {
    const text = config([
      v2Rule({ ID: 'wide', Priority: 2, Filter: { Tag: { Key: 'k', Value: 'v' } } }),
      v2Rule({ ID: 'narrow', Priority: 1, Filter: { And: { Prefix: 'logs/2024/', Tags: [{ Key: 'j', Value: 'w' }, { Key: 'k', Value: 'v' }] } } }),
    ]);
    const f = expectOne(text, RULE, '1', 'info');
    assert.match(f.message, /never takes effect/);
    assert.equal(f.related?.[0].offset, offsetOf(text, '"Priority": 2') + '"Priority": '.length);
  });
  it('ignores partial overlaps of independent tags', () => {
    expectNone(config([v2Rule({ Priority: 1, Filter: { Tag: { Key: 'a', Value: '1' } } }), v2Rule({ ID: 'b', Priority: 2, Filter: { Tag: { Key: 'b', Value: '2' } } })]), RULE);
  });
  it('ignores disjoint prefixes, other destinations, conflicting tags and disabled rules', () => {
    const tag = (v: string) => ({ And: { Prefix: 'a/', Tags: [{ Key: 'k', Value: v }] } });
    expectNone(config([v2Rule({ Priority: 1, Filter: { Prefix: 'a/' } }), v2Rule({ ID: 'b', Priority: 2, Filter: { Prefix: 'b/' } })]), RULE);
    expectNone(config([v2Rule({ Priority: 1, Filter: {} }), v2Rule({ ID: 'b', Priority: 2, Destination: { Bucket: 'arn:aws:s3:::other' } })]), RULE);
    expectNone(config([v2Rule({ Priority: 1, Filter: tag('x') }), v2Rule({ ID: 'b', Priority: 2, Filter: tag('y') })]), RULE);
    expectNone(config([v2Rule({ Priority: 1, Filter: {}, Status: 'Disabled' }), v2Rule({ ID: 'b', Priority: 2 })]), RULE);
  });
  it('finds a nested prefix among many rules to one destination', () => {
    const rules = Array.from({ length: 1000 }, (_, i) => v2Rule({ ID: `r${i}`, Priority: i + 10, Filter: { Prefix: `data/${String(i).padStart(4, '0')}/` } }));
    rules.push(v2Rule({ ID: 'parent', Priority: 1, Filter: { Prefix: 'data/0500' } }));
    const fs = findings(config(rules), RULE);
    assert.equal(fs.length, 1);
    assert.match(fs[0].message, /rule "r500"/);
  });
});
