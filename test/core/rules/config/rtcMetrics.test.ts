import { strict as assert } from 'node:assert';
import { applyFix } from '../../../helpers';
import { config, expectNone, expectOne, v2Rule } from './fixtures';

const RTC = { Status: 'Enabled', Time: { Minutes: 15 } };
const METRICS = { Status: 'Enabled', EventThreshold: { Minutes: 15 } };
const rule = (d: Record<string, unknown>) => v2Rule({ Destination: { Bucket: 'arn:aws:s3:::dest', ...d } });
const destOf = (text: string) => JSON.parse(text).Rules[0].Destination;

describe('rc-rtc-requires-metrics', () => {
  const RULE = 'rc-rtc-requires-metrics';
  it('errors on the ReplicationTime key and adds metrics with a 15-minute threshold', () => {
    const text = config([rule({ ReplicationTime: RTC })]);
    expectOne(text, RULE, '"ReplicationTime"', 'error');
    assert.deepEqual(destOf(applyFix(text, RULE)).Metrics, METRICS);
  });
  it('matches a disabled RTC with disabled metrics, or removes RTC on request', () => {
    const text = config([rule({ ReplicationTime: { ...RTC, Status: 'Disabled' } })]);
    assert.deepEqual(destOf(applyFix(text, RULE)).Metrics, { Status: 'Disabled' });
    assert.equal(destOf(applyFix(text, RULE, 1)).ReplicationTime, undefined);
  });
  it('accepts metrics without RTC, and RTC with metrics', () => {
    expectNone(config([rule({ Metrics: { Status: 'Enabled' } })]), RULE);
    expectNone(config([rule({ ReplicationTime: RTC, Metrics: METRICS })]), RULE);
  });
});

describe('rc-rtc-metrics-same-status', () => {
  const RULE = 'rc-rtc-metrics-same-status';
  it('RTC on, metrics off: enables metrics', () => {
    const text = config([rule({ ReplicationTime: RTC, Metrics: { ...METRICS, Status: 'Disabled' } })]);
    const f = expectOne(text, RULE, '"Disabled"', 'error');
    assert.equal(f.related?.length, 1);
    assert.equal(destOf(applyFix(text, RULE)).Metrics.Status, 'Enabled');
  });
  it('RTC off, metrics on: keeps metrics only', () => {
    const text = config([rule({ ReplicationTime: { ...RTC, Status: 'Disabled' }, Metrics: { Status: 'Enabled' } })]);
    expectOne(text, RULE, '"Enabled"');
    const out = destOf(applyFix(text, RULE));
    assert.deepEqual([out.ReplicationTime, out.Metrics], [undefined, { Status: 'Enabled' }]);
  });
  it('is silent when statuses agree', () => expectNone(config([rule({ ReplicationTime: RTC, Metrics: METRICS })]), RULE));
});

describe('rc-rtc-fields-required', () => {
  const RULE = 'rc-rtc-fields-required';
  it('adds a missing Time (on the ReplicationTime key)', () => {
    const text = config([rule({ ReplicationTime: { Status: 'Enabled' }, Metrics: METRICS })]);
    expectOne(text, RULE, '"ReplicationTime"', 'error');
    assert.deepEqual(destOf(applyFix(text, RULE)).ReplicationTime, RTC);
  });
  it('adds Minutes to an empty Time (on the Time key) and a Status from the metrics', () => {
    const text = config([rule({ ReplicationTime: { Status: 'Enabled', Time: {} }, Metrics: METRICS })]);
    expectOne(text, RULE, '"Time"');
    const out = config([rule({ ReplicationTime: { Time: { Minutes: 15 } }, Metrics: METRICS })]);
    assert.deepEqual(destOf(applyFix(out, RULE)).ReplicationTime, { Time: { Minutes: 15 }, Status: 'Enabled' });
  });
  it('is silent for a complete RTC', () => expectNone(config([rule({ ReplicationTime: RTC, Metrics: METRICS })]), RULE));
});

describe('15-minute values', () => {
  it('rc-rtc-minutes-15: sets 15', () => {
    const text = config([rule({ ReplicationTime: { Status: 'Enabled', Time: { Minutes: 10 } }, Metrics: METRICS })]);
    expectOne(text, 'rc-rtc-minutes-15', '10', 'error');
    assert.equal(destOf(applyFix(text, 'rc-rtc-minutes-15')).ReplicationTime.Time.Minutes, 15);
    expectNone(config([rule({ ReplicationTime: RTC, Metrics: METRICS })]), 'rc-rtc-minutes-15');
  });
  it('rc-metrics-threshold-15: sets 15, also for the string "15"', () => {
    const text = config([rule({ ReplicationTime: RTC, Metrics: { Status: 'Enabled', EventThreshold: { Minutes: '15' } } })]);
    expectOne(text, 'rc-metrics-threshold-15', '"15"', 'error');
    assert.strictEqual(destOf(applyFix(text, 'rc-metrics-threshold-15')).Metrics.EventThreshold.Minutes, 15);
    expectOne(config([rule({ ReplicationTime: RTC, Metrics: { Status: 'Enabled', EventThreshold: {} } })]), 'rc-metrics-threshold-15', '"EventThreshold"');
    expectNone(config([rule({ ReplicationTime: RTC, Metrics: METRICS })]), 'rc-metrics-threshold-15');
  });
});

describe('metrics members', () => {
  it('rc-metrics-status-required: adds the RTC status', () => {
    const text = config([rule({ ReplicationTime: RTC, Metrics: { EventThreshold: { Minutes: 15 } } })]);
    expectOne(text, 'rc-metrics-status-required', '"Metrics"', 'error');
    assert.equal(destOf(applyFix(text, 'rc-metrics-status-required')).Metrics.Status, 'Enabled');
    expectNone(config([rule({ Metrics: { Status: 'Enabled' } })]), 'rc-metrics-status-required');
  });
  it('rc-metrics-threshold-with-rtc: adds the threshold when RTC is on', () => {
    const text = config([rule({ ReplicationTime: RTC, Metrics: { Status: 'Enabled' } })]);
    expectOne(text, 'rc-metrics-threshold-with-rtc', '"Metrics"', 'error');
    assert.deepEqual(destOf(applyFix(text, 'rc-metrics-threshold-with-rtc')).Metrics, METRICS);
    expectNone(config([rule({ Metrics: { Status: 'Enabled' } })]), 'rc-metrics-threshold-with-rtc');
  });
  it('rc-metrics-threshold-without-rtc: notes a threshold on a metrics-only rule', () => {
    const text = config([rule({ Metrics: METRICS })]);
    const f = expectOne(text, 'rc-metrics-threshold-without-rtc', '"EventThreshold"', 'info');
    assert.notEqual(f.fixes?.[0].preferred, true);
    assert.deepEqual(destOf(applyFix(text, 'rc-metrics-threshold-without-rtc')).Metrics, { Status: 'Enabled' });
    expectNone(config([rule({ ReplicationTime: RTC, Metrics: METRICS })]), 'rc-metrics-threshold-without-rtc');
  });
  it('rc-rtc-scope: one note on the first enabled RTC', () => {
    expectOne(config([rule({ ReplicationTime: RTC, Metrics: METRICS })]), 'rc-rtc-scope', '"ReplicationTime"', 'info');
    expectNone(config([rule({ ReplicationTime: { ...RTC, Status: 'Disabled' }, Metrics: { Status: 'Disabled' } })]), 'rc-rtc-scope');
  });
});
