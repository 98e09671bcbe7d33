import { strict as assert } from 'node:assert';
import { analyze } from '../../../../src/core/analyze';
import { classify } from '../../../../src/core/classify';
import { parseDocument } from '../../../../src/core/document';
import { applyTextEdits } from '../../../../src/core/fixes';
import { replicationEventTargets } from '../../../../src/core/live/notifications';
import { findingsIn, json, spanText } from '../../../helpers';
import { config, v1Rule, v2Rule } from './fixtures';

const RULE = 'rc-failure-events-need-metrics';
const QUEUE = 'arn:aws:sqs:us-east-1:123456789012:failures';
const notification = (events: string[], extra: Record<string, unknown> = {}) => json({ QueueConfigurations: [{ Id: 'q', QueueArn: QUEUE, Events: events }], ...extra });

describe(RULE, () => {
  it('classifies notification configurations, bare or wrapped, and nothing that merely mentions one', () => {
    const kind = (text: string) => parseDocument({ uri: 'x.json', text }).kind;
    assert.equal(kind(notification(['s3:ObjectCreated:*'])), 'notification-config');
    assert.equal(kind(json({ Bucket: 'b', NotificationConfiguration: { TopicConfigurations: [] } })), 'notification-config');
    assert.equal(kind(json({ EventBridgeConfiguration: {} })), 'notification-config');
    assert.equal(kind(json({ QueueConfigurations: 'not a list' })), 'unrelated');
    assert.equal(kind(json({ Resources: { B: { Properties: { NotificationConfiguration: { QueueConfigurations: [] } } } } })), 'unrelated');
    assert.equal(classify(undefined, 'notification-config').kind, 'notification-config');
  });

  it('reads which destinations receive failure and threshold events (wildcards and EventBridge too)', () => {
    assert.deepEqual(replicationEventTargets({ QueueConfigurations: [{ QueueArn: QUEUE, Events: ['s3:Replication:*'] }], TopicConfigurations: [{ TopicArn: 't', Events: ['s3:ObjectCreated:*'] }] }), { failed: [QUEUE], threshold: [QUEUE] });
    assert.deepEqual(replicationEventTargets({ NotificationConfiguration: { EventBridgeConfiguration: {} } }), { failed: ['EventBridge'], threshold: ['EventBridge'] });
    assert.deepEqual(replicationEventTargets({ LambdaFunctionConfigurations: [{ LambdaFunctionArn: 'f', Events: ['s3:Replication:OperationMissedThreshold'] }] }), { failed: [], threshold: ['f'] });
  });

  it('warns on each enabled rule without metrics when a file beside it subscribes to failure events; the fix enables them', () => {
    const text = config([v2Rule(), v2Rule({ ID: 'with', Priority: 2, Destination: { Bucket: 'arn:aws:s3:::dest', Metrics: { Status: 'Enabled' } } }), v2Rule({ ID: 'off', Priority: 3, Status: 'Disabled' })]);
    const docs = [{ uri: 'replication.json', text }, { uri: 'notification.json', text: notification(['s3:Replication:OperationFailedReplication']) }];
    const found = findingsIn(docs, RULE);
    assert.equal(found.length, 1);
    assert.equal(found[0].severity, 'warning');
    assert.equal(spanText(text, found[0]), '"Destination"');
    assert.match(found[0].message, /sends `s3:Replication:OperationFailedReplication` events to `arn:aws:sqs:us-east-1:123456789012:failures`, but Rule "rule-1" has no replication metrics/);
    const fixed = applyTextEdits(text, found[0].fixes?.[0].edits() ?? []);
    assert.deepEqual(JSON.parse(fixed).Rules[0].Destination.Metrics, { Status: 'Enabled' });
    assert.deepEqual(findingsIn([{ uri: 'replication.json', text: fixed }, docs[1]], RULE), []);
    assert.deepEqual(analyze([{ uri: 'replication.json', text: fixed }]).findings.filter((f) => f.severity === 'error'), [], 'metrics alone are a valid setup');
  });

  it('is silent without a subscription, and when the files name different buckets', () => {
    const text = config([v2Rule()]);
    assert.deepEqual(findingsIn([{ uri: 'r.json', text }], RULE), []);
    assert.deepEqual(findingsIn([{ uri: 'r.json', text }, { uri: 'n.json', text: notification(['s3:ObjectCreated:*']) }], RULE), []);
    const wrapped = json({ Bucket: 'orders', ReplicationConfiguration: JSON.parse(text) });
    const other = json({ Bucket: 'logs', NotificationConfiguration: JSON.parse(notification(['s3:Replication:*'])) });
    assert.deepEqual(findingsIn([{ uri: 'r.json', text: wrapped }, { uri: 'n.json', text: other }], RULE), []);
    const same = json({ Bucket: 'orders', NotificationConfiguration: JSON.parse(notification(['s3:Replication:*'])) });
    assert.equal(findingsIn([{ uri: 'r.json', text: wrapped }, { uri: 'n.json', text: same }], RULE).length, 1);
  });

  it('says a V1 rule needs V2 for metrics (no fix), and that threshold events need RTC', () => {
    const v1 = config([v1Rule()]);
    const [f] = findingsIn([{ uri: 'r.json', text: v1 }, { uri: 'n.json', text: notification(['s3:Replication:*']) }], RULE);
    assert.match(f.message, /need a V2 rule/);
    assert.equal(f.fixes, undefined);
    const metricsOnly = config([v2Rule({ Destination: { Bucket: 'arn:aws:s3:::dest', Metrics: { Status: 'Enabled' } } })]);
    const [t] = findingsIn([{ uri: 'r.json', text: metricsOnly }, { uri: 'n.json', text: notification(['s3:Replication:OperationMissedThreshold']) }], RULE);
    assert.match(t.message, /threshold events.*no RTC enabled/);
  });

  it('reads a live bucket\'s subscription from the facts, not from files', () => {
    const text = config([v2Rule()]);
    const live = { uri: 's3-replication-doctor:/p/buckets/orders/replication.json', text, live: { sourceBucket: 'orders' } };
    const facts = (failed: string[]) => ({ buckets: { orders: { name: 'orders', replicationEvents: { failed, threshold: [] } } } });
    assert.equal(findingsIn([live], RULE, { facts: facts([QUEUE]) }).length, 1);
    assert.deepEqual(findingsIn([live, { uri: 'n.json', text: notification(['s3:Replication:*']) }], RULE, { facts: facts([]) }), []);
  });
});
