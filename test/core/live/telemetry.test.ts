import { strict as assert } from 'node:assert';
import {
  MAX_QUERIES_PER_CALL,
  parseSince,
  planMetricQueries,
  ruleTelemetry,
  sparkline,
  summarizeMetric,
  telemetryRules,
  telemetryWindow,
  type TelemetryRule,
} from '../../../src/core/live/telemetry';

const HOUR = 3600e3;
const NOW = Date.UTC(2026, 11, 1, 12, 0, 30);

function rule(i: number, over: Partial<TelemetryRule> = {}): TelemetryRule {
  return { index: 0, ruleId: `r${i}`, enabled: true, sourceBucket: `src-${i}`, sourceRegion: 'us-east-1', destinationBucket: `dst-${i}`, destinationRegion: 'eu-west-1', metrics: true, ...over };
}

describe('telemetry: metric queries and what they answer', () => {
  it('parses --since and picks about 24 periods for the window', () => {
    assert.equal(parseSince('24h'), 24 * HOUR);
    assert.equal(parseSince('90m'), 90 * 60e3);
    assert.equal(parseSince('7d'), 7 * 24 * HOUR);
    for (const bad of ['', '24', 'h', '-1h', '30s', '500d']) assert.equal(parseSince(bad), undefined, bad);
    const w = telemetryWindow(NOW, 24 * HOUR);
    assert.equal(w.end, Date.UTC(2026, 11, 1, 12, 1, 0), 'rounded up to the minute');
    assert.equal(w.start, Date.UTC(2026, 10, 30, 12, 0, 0), 'rounded down to the hour: CloudWatch answers each hour at its start');
    assert.equal(w.sinceMs, 24 * HOUR);
    assert.equal(w.periodSeconds, 3600);
    assert.equal(telemetryWindow(NOW, HOUR).periodSeconds, 300);
    assert.equal(telemetryWindow(NOW, 7 * 24 * HOUR).periodSeconds, 6 * 3600);
  });

  it('asks for failed counts in the source Region and the rest in the destination\'s, with the three dimensions', () => {
    const batches = planMetricQueries([rule(1)], telemetryWindow(NOW, 24 * HOUR));
    assert.deepEqual(batches.map((b) => [b.region, b.queries.map((q) => q.metricName)]), [
      ['eu-west-1', ['OperationsPendingReplication', 'BytesPendingReplication', 'ReplicationLatency']],
      ['us-east-1', ['OperationsFailedReplication']],
    ]);
    const failed = batches[1].queries[0];
    assert.deepEqual(failed.dimensions, [{ Name: 'SourceBucket', Value: 'src-1' }, { Name: 'DestinationBucket', Value: 'dst-1' }, { Name: 'RuleId', Value: 'r1' }]);
    assert.equal(failed.stat, 'Sum');
    assert.equal(batches[0].queries[2].stat, 'Maximum');
  });

  it('batches 1,000 rules into ceil(n/500) calls per Region, ids unique per call', () => {
    const rules = Array.from({ length: 1000 }, (_, i) => rule(i, { destinationRegion: i % 2 ? 'eu-west-1' : 'us-west-2' }));
    const batches = planMetricQueries(rules, telemetryWindow(NOW, 24 * HOUR));
    const perRegion = new Map<string, number>();
    for (const b of batches) {
      assert.ok(b.queries.length <= MAX_QUERIES_PER_CALL);
      assert.equal(new Set(b.queries.map((q) => q.id)).size, b.queries.length);
      assert.ok(b.queries.every((q) => /^[a-z][a-zA-Z0-9_]*$/.test(q.id)));
      perRegion.set(b.region, (perRegion.get(b.region) ?? 0) + b.queries.length);
    }
    assert.deepEqual(Object.fromEntries(perRegion), { 'us-east-1': 1000, 'eu-west-1': 1500, 'us-west-2': 1500 });
    assert.equal(batches.length, 2 + 3 + 3);
  });

  it('asks nothing for rules without metrics, disabled, without ID or with an unknown destination Region', () => {
    const rules = [rule(1, { metrics: false }), rule(2, { enabled: false }), rule(3, { ruleId: undefined }), rule(4, { destinationRegion: undefined })];
    const batches = planMetricQueries(rules, telemetryWindow(NOW, 24 * HOUR));
    assert.deepEqual(batches.map((b) => [b.region, b.queries.map((q) => [q.rule, q.kind])]), [['us-east-1', [[3, 'failed']]]]);
    const t = ruleTelemetry(rules, telemetryWindow(NOW, 24 * HOUR), []);
    assert.deepEqual(t.map((x) => x.none), ['metrics-off', 'rule-disabled', 'no-rule-id', undefined]);
  });

  it('lays answers on the window, zero where CloudWatch sent nothing; sums counts, keeps gauge maxima', () => {
    const w = telemetryWindow(NOW, 24 * HOUR);
    // CloudWatch answers each hour at its start: the oldest answer is the hour the window starts in.
    const hour = (n: number) => w.start + n * HOUR;
    const counts = summarizeMetric({ timestamps: [hour(0), hour(21), hour(21), hour(24)], values: [3, 5, 1, 2], status: 'Complete' }, w, 'Sum');
    assert.equal(counts.points.length, 25, 'the 24 h and the hour the window starts in');
    assert.equal(counts.total, 11);
    assert.equal(counts.points[0], 3, 'the oldest hour counts');
    assert.equal(counts.latest, 2);
    assert.equal(counts.points[21], 6);
    assert.equal(counts.partial, false);
    const gauge = summarizeMetric({ timestamps: [hour(22), hour(22)], values: [4, 7], status: 'PartialData' }, w, 'Maximum');
    assert.equal(gauge.max, 7);
    assert.equal(gauge.latest, 0);
    assert.equal(gauge.partial, true);
    assert.equal(summarizeMetric(undefined, w).total, 0);
  });

  it('draws a trend', () => {
    assert.equal(sparkline([0, 0, 0]), '▁▁▁');
    assert.equal(sparkline([0, 1, 2, 4]), '▁▃▅█');
  });

  it('reads rules from a live configuration, with destination Regions and metrics', () => {
    const config = {
      ReplicationConfiguration: {
        Role: 'arn:aws:iam::123456789012:role/r',
        Rules: [
          { ID: 'with-metrics', Status: 'Enabled', Destination: { Bucket: 'arn:aws:s3:::dst', Metrics: { Status: 'Enabled' } } },
          { ID: 'plain', Status: 'Disabled', Destination: { Bucket: 'not-an-arn' } },
        ],
      },
    };
    const rules = telemetryRules(config, { bucket: 'src', region: 'us-east-1' }, (b) => (b === 'dst' ? 'eu-west-1' : undefined));
    assert.deepEqual(rules.map((r) => [r.ruleId, r.enabled, r.metrics, r.destinationBucket, r.destinationRegion]), [
      ['with-metrics', true, true, 'dst', 'eu-west-1'],
      ['plain', false, false, undefined, undefined],
    ]);
  });

  it('puts a failed call on every rule whose metrics it carried, and nowhere else', () => {
    const w = telemetryWindow(NOW, 24 * HOUR);
    const rules = [rule(1), rule(2, { destinationRegion: 'us-west-2' })];
    const batches = planMetricQueries(rules, w);
    const problem = { operation: 'GetMetricData', code: 'AccessDenied', kind: 'access-denied', message: 'denied' };
    const results = batches.map((batch) => (batch.region === 'eu-west-1' ? { batch, problem } : { batch, answers: new Map() }));
    const t = ruleTelemetry(rules, w, results);
    assert.deepEqual(t[0].problems, [problem]);
    assert.equal(t[0].metrics.pendingOperations, undefined);
    assert.equal(t[0].metrics.failed?.total, 0);
    assert.deepEqual(t[1].problems, []);
    assert.ok(t[1].metrics.latency);
  });
});
