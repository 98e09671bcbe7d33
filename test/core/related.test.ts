import { strict as assert } from 'node:assert';
import { analyze } from '../../src/core/analyze';
import { MAX_RELATED, relatedList } from '../../src/core/related';

const location = (i: number) => ({ uri: 'a.json', offset: i, length: 1, message: 'same key' });

describe('related locations', () => {
  it('lists the first few and says how many more there are', () => {
    const list = relatedList([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], location, { skip: 0 });
    assert.deepEqual(list.map((r) => r.offset), [1, 2, 3, 4, 5]);
    assert.equal(list[4].message, 'same key (and 4 more)');
    assert.deepEqual(relatedList([0, 1], location, { skip: 1 }), [location(0)]);
  });

  it('keeps a group of 2,000 repeated tag keys linear: 2,000 findings, a handful of locations each', () => {
    const tags = Array.from({ length: 2000 }, (_, i) => ({ Key: 'team', Value: `v${i}` }));
    const text = JSON.stringify({
      Role: 'arn:aws:iam::123456789012:role/r',
      Rules: [{ ID: 'a', Status: 'Enabled', Priority: 1, DeleteMarkerReplication: { Status: 'Disabled' }, Filter: { And: { Prefix: 'p/', Tags: tags } }, Destination: { Bucket: 'arn:aws:s3:::d' } }],
    });
    const dup = analyze([{ uri: 'a.json', text }]).findings.filter((f) => f.ruleId === 'rc-filter-tag-dup-keys');
    assert.equal(dup.length, 2000);
    for (const f of dup) assert.equal(f.related?.length, MAX_RELATED);
    assert.match(dup[0].related?.[MAX_RELATED - 1].message ?? '', /^same tag key \(and 1,994 more\)$/);
    assert.match(dup[0].message, /appears 2000 times/);
  });

  it('caps the duplicate Sid, rule ID and priority lists the same way', () => {
    const statements = Array.from({ length: 50 }, (_, i) => ({ Sid: 'Same', Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::b${i}/*` }));
    const sid = analyze([{ uri: 'p.json', text: JSON.stringify({ Version: '2012-10-17', Statement: statements }) }]).findings.filter((f) => f.ruleId === 'iam-sid-unique');
    assert.equal(sid.length, 50);
    assert.ok(sid.every((f) => f.related?.length === MAX_RELATED && /\(and 44 more\)$/.test(f.related[MAX_RELATED - 1].message)));

    const rules = Array.from({ length: 20 }, () => ({ ID: 'same', Status: 'Enabled', Priority: 1, DeleteMarkerReplication: { Status: 'Disabled' }, Filter: {}, Destination: { Bucket: 'arn:aws:s3:::d' } }));
    const config = analyze([{ uri: 'c.json', text: JSON.stringify({ Role: 'arn:aws:iam::123456789012:role/r', Rules: rules }) }]).findings;
    for (const id of ['rc-rule-id-unique', 'rc-priority-unique']) {
      const fs = config.filter((f) => f.ruleId === id);
      assert.equal(fs.length, 20, id);
      assert.ok(fs.every((f) => f.related?.length === MAX_RELATED && /\(and 14 more\)$/.test(f.related[MAX_RELATED - 1].message)), id);
    }
  });
});
