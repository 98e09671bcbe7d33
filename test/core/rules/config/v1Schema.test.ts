import { strict as assert } from 'node:assert';
import { applyFix } from '../../../helpers';
import { config, expectNone, expectOne, v1Rule, v2Rule } from './fixtures';

describe('rc-v1-no-priority', () => {
  const RULE = 'rc-v1-no-priority';
  it('fires on the Priority key of a V1 rule, quoting S3; removing it is preferred', () => {
    const text = config([v1Rule({ Priority: 1 })]);
    const f = expectOne(text, RULE, '"Priority"', 'error');
    assert.match(f.message, /Priority cannot be used for this version/);
    assert.equal(f.fixes?.filter((x) => x.preferred).length, 1);
    assert.equal(JSON.parse(applyFix(text, RULE)).Rules[0].Priority, undefined);
  });
  it('can instead convert the rule to V2, keeping its priority', () => {
    const out = JSON.parse(applyFix(config([v1Rule({ Priority: 4 })]), RULE, 1));
    assert.deepEqual(out.Rules[0], { ID: 'v1', Status: 'Enabled', Priority: 4, Destination: { Bucket: 'arn:aws:s3:::dest' }, Filter: { Prefix: 'logs/' }, DeleteMarkerReplication: { Status: 'Enabled' } });
  });
  it('is silent on V2 rules', () => expectNone(config([v2Rule()]), RULE));
});

describe('rc-v1-no-delete-marker', () => {
  const RULE = 'rc-v1-no-delete-marker';
  it('fires on the DeleteMarkerReplication key of a V1 rule', () => {
    const text = config([v1Rule({ DeleteMarkerReplication: { Status: 'Disabled' } })]);
    assert.match(expectOne(text, RULE, '"DeleteMarkerReplication"', 'error').message, /DeleteMarkerReplication cannot be used/);
    assert.equal(JSON.parse(applyFix(text, RULE)).Rules[0].DeleteMarkerReplication, undefined);
    // The conversion keeps the user's explicit choice rather than V1's implicit Enabled.
    assert.deepEqual(JSON.parse(applyFix(text, RULE, 1)).Rules[0].DeleteMarkerReplication, { Status: 'Disabled' });
  });
  it('is silent on V2 rules', () => expectNone(config([v2Rule()]), RULE));
});

describe('rc-v1-no-replica-modifications', () => {
  const RULE = 'rc-v1-no-replica-modifications';
  it('fires on ReplicaModifications in a V1 rule and converts it', () => {
    const text = config([v1Rule({ SourceSelectionCriteria: { ReplicaModifications: { Status: 'Enabled' } } })]);
    expectOne(text, RULE, '"ReplicaModifications"', 'error');
    assert.deepEqual(JSON.parse(applyFix(text, RULE)).Rules[0].Filter, { Prefix: 'logs/' });
  });
  it('is silent on V2 rules', () => expectNone(config([v2Rule({ SourceSelectionCriteria: { ReplicaModifications: { Status: 'Enabled' } } })]), RULE));
});

describe('rc-v1-single-destination', () => {
  const RULE = 'rc-v1-single-destination';
  it('fires on the second distinct destination and converts all V1 rules', () => {
    const text = config([v1Rule(), v1Rule({ ID: 'b', Prefix: 'b/', Destination: { Bucket: 'arn:aws:s3:::other' } })]);
    const f = expectOne(text, RULE, '"arn:aws:s3:::other"', 'error');
    assert.match(f.message, /Number of distinct destination bucket ARNs cannot exceed 1/);
    assert.equal(f.related?.length, 1);
    const out = JSON.parse(applyFix(text, RULE));
    assert.deepEqual(out.Rules.map((r: { Priority: number; Filter: unknown }) => [r.Priority, r.Filter]), [[1, { Prefix: 'logs/' }], [2, { Prefix: 'b/' }]]);
  });
  it('is silent for one destination', () => expectNone(config([v1Rule(), v1Rule({ ID: 'b', Prefix: 'b/' })]), RULE));
});

describe('rc-v1-rtc-needs-v2', () => {
  const RULE = 'rc-v1-rtc-needs-v2';
  it('warns on ReplicationTime in a V1 rule', () => {
    const rtc = { Bucket: 'arn:aws:s3:::dest', ReplicationTime: { Status: 'Enabled', Time: { Minutes: 15 } }, Metrics: { Status: 'Enabled', EventThreshold: { Minutes: 15 } } };
    const text = config([v1Rule({ Destination: rtc })]);
    expectOne(text, RULE, '"ReplicationTime"', 'warning');
    assert.deepEqual(JSON.parse(applyFix(text, RULE)).Rules[0].Filter, { Prefix: 'logs/' });
  });
  it('is silent without RTC', () => expectNone(config([v1Rule()]), RULE));
});

describe('rc-v1-prefix-deprecated', () => {
  it('is an info on the rule-level Prefix with a non-preferred conversion', () => {
    const f = expectOne(config([v1Rule()]), 'rc-v1-prefix-deprecated', '"Prefix"', 'info');
    assert.equal(f.fixes?.[0].preferred, false);
    expectNone(config([v2Rule()]), 'rc-v1-prefix-deprecated');
  });
});
