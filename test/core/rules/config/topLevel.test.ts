import { strict as assert } from 'node:assert';
import { applyFix, findings, json } from '../../../helpers';
import { config, expectNone, expectOne, ROLE, v1Rule, v2Rule } from './fixtures';

describe('rc-role-required', () => {
  const RULE = 'rc-role-required';
  it('fires on the configuration brace when Role is missing, and on an empty value', () => {
    expectOne(json({ Rules: [v2Rule()] }), RULE, '{', 'error');
    const empty = config([v2Rule()], { Role: '' });
    expectOne(empty, RULE, '""', 'error');
  });
  it('anchors on the ReplicationConfiguration key in the get-bucket-replication wrapper', () => {
    const text = json({ ReplicationConfiguration: { Rules: [v2Rule()] } });
    expectOne(text, RULE, '"ReplicationConfiguration"');
  });
  it('does not fire when Role is set', () => expectNone(config([v2Rule()]), RULE));
});

describe('rc-role-arn-format', () => {
  const RULE = 'rc-role-arn-format';
  it('is a warning (U evidence) naming the mistake', () => {
    const f = expectOne(config([v2Rule()], { Role: 's3-replication-role' }), RULE, '"s3-replication-role"', 'warning');
    assert.match(f.message, /role name, not an ARN/);
    assert.match(expectOne(config([v2Rule()], { Role: 'arn:aws:iam::123456789012:user/bob' }), RULE, '"arn:aws:iam::123456789012:user/bob"').message, /not a role/);
    assert.match(expectOne(config([v2Rule()], { Role: 'arn:aws:iam::12345:role/r' }), RULE, '"arn:aws:iam::12345:role/r"').message, /12-digit/);
  });
  it('accepts role ARNs with paths and other partitions', () => {
    expectNone(config([v2Rule()], { Role: 'arn:aws:iam::123456789012:role/service-role/s3crr_role_for_src' }), RULE);
    expectNone(config([v2Rule()], { Role: 'arn:aws-cn:iam::123456789012:role/r' }), RULE);
    expectNone(config([v2Rule()], { Role: '' }), RULE);
  });
});

describe('rc-rules-required', () => {
  const RULE = 'rc-rules-required';
  it('fires on a missing or empty Rules, quoting MalformedXML', () => {
    assert.match(expectOne(json({ Role: ROLE }), RULE, '{', 'error').message, /MalformedXML/);
    expectOne(config([]), RULE, '[]', 'error');
  });
  it('wraps a single rule object in a list', () => {
    const text = json({ Role: ROLE, Rules: v2Rule() });
    expectOne(text, RULE, text.slice(text.indexOf('{', text.indexOf('"Rules"')), text.lastIndexOf('}', text.length - 2) + 1));
    assert.deepEqual(JSON.parse(applyFix(text, RULE)).Rules, [v2Rule()]);
  });
  it('does not fire with one rule', () => expectNone(config([v2Rule()]), RULE));
});

describe('rc-rules-max', () => {
  const RULE = 'rc-rules-max';
  const many = (n: number) => config(Array.from({ length: n }, (_, i) => v2Rule({ ID: `r${i}`, Priority: i })));
  it('fires on the Rules key above 1,000 rules', () => expectOne(many(1001), RULE, '"Rules"', 'error'));
  it('accepts exactly 1,000', () => expectNone(many(1000), RULE));
});

describe('rc-config-size-max', () => {
  const RULE = 'rc-config-size-max';
  it('fires above about 2 MB of content, ignoring indentation', () => {
    const tags = Array.from({ length: 10 }, (_, i) => ({ Key: `k${i}`, Value: 'v'.repeat(250) }));
    const rules = Array.from({ length: 1000 }, (_, i) => v2Rule({ ID: `r${i}`, Priority: i, Filter: { And: { Prefix: 'p'.repeat(100), Tags: tags } }, DeleteMarkerReplication: { Status: 'Disabled' } }));
    const f = expectOne(config(rules), RULE, '{', 'error');
    assert.match(f.message, /about 2\.\d\d MB/);
  });
  it('does not count whitespace', () => {
    // 1.9 MB of content padded to over 2 MB with indentation stays silent.
    const rules = Array.from({ length: 900 }, (_, i) => v2Rule({ ID: `r${i}-${'x'.repeat(2000)}`, Priority: i }));
    const text = JSON.stringify({ Role: ROLE, Rules: rules }, null, 40);
    assert.ok(text.length > 2 * 1024 * 1024);
    expectNone(text, RULE);
  });
});

describe('rc-all-rules-disabled', () => {
  const RULE = 'rc-all-rules-disabled';
  it('warns on the Rules key and offers to enable them', () => {
    const text = config([v2Rule({ Status: 'Disabled' }), v2Rule({ ID: 'b', Priority: 2, Status: 'Disabled' })]);
    expectOne(text, RULE, '"Rules"', 'warning');
    const out = JSON.parse(applyFix(text, RULE));
    assert.deepEqual(out.Rules.map((r: { Status: string }) => r.Status), ['Enabled', 'Enabled']);
  });
  it('is silent when one rule is enabled', () => expectNone(config([v2Rule({ Status: 'Disabled' }), v2Rule({ ID: 'b', Priority: 2 })]), RULE));
});

describe('rc-schema-mixed-v1-v2', () => {
  const RULE = 'rc-schema-mixed-v1-v2';
  it('warns on the V1 rule, links the V2 rule, and converts it', () => {
    const text = config([v2Rule(), v1Rule({ Destination: { Bucket: 'arn:aws:s3:::dest' } })]);
    const f = expectOne(text, RULE, '"Prefix"', 'warning');
    assert.equal(f.related?.length, 1);
    assert.equal(f.fixes?.[0].preferred, true);
    const out = JSON.parse(applyFix(text, RULE));
    assert.deepEqual(out.Rules[1], { ID: 'v1', Status: 'Enabled', Destination: { Bucket: 'arn:aws:s3:::dest' }, Filter: { Prefix: 'logs/' }, Priority: 2, DeleteMarkerReplication: { Status: 'Enabled' } });
  });
  it('is silent for all-V1 and all-V2 documents', () => {
    expectNone(config([v1Rule()]), RULE);
    expectNone(config([v2Rule(), v2Rule({ ID: 'b', Priority: 2 })]), RULE);
  });
});

describe('findings on a bare list', () => {
  it('do not crash on a configuration that is not an object', () => {
    assert.doesNotThrow(() => findings('[1, 2]'));
    assert.doesNotThrow(() => findings(json({ Role: ROLE, Rules: [1, 'x', null, { Destination: 3 }] })));
  });
});
