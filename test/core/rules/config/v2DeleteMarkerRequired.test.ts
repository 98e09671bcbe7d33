import { strict as assert } from 'node:assert';
import { applyFix, findings, json, spanText } from '../../../helpers';

const RULE = 'rc-v2-delete-marker-required';

function config(rule: Record<string, unknown>): string {
  return json({
    Role: 'arn:aws:iam::123456789012:role/r',
    Rules: [{ ID: 'a', Status: 'Enabled', Priority: 1, Destination: { Bucket: 'arn:aws:s3:::dest' }, ...rule }],
  });
}

describe(RULE, () => {
  it('fires on the Filter key of a V2 rule without DeleteMarkerReplication, quoting S3', () => {
    const text = config({ Filter: { Prefix: '' } });
    const [f] = findings(text, RULE);
    assert.equal(f.severity, 'error');
    assert.equal(spanText(text, f), '"Filter"');
    assert.match(f.message, /DeleteMarkerReplication must be specified for this version/);
  });

  it('does not fire when the member is present, or on a V1 rule', () => {
    assert.deepEqual(findings(config({ Filter: {}, DeleteMarkerReplication: { Status: 'Disabled' } }), RULE), []);
    assert.deepEqual(findings(config({ Prefix: 'logs/' }), RULE), []);
  });

  it('fix adds DeleteMarkerReplication Disabled (preferred) and keeps the rest', () => {
    const text = config({ Filter: { Prefix: '' } });
    const [f] = findings(text, RULE);
    assert.equal(f.fixes?.[0].preferred, true);
    const out = applyFix(text, RULE);
    const parsed = JSON.parse(out);
    assert.deepEqual(parsed.Rules[0].DeleteMarkerReplication, { Status: 'Disabled' });
    assert.equal(parsed.Rules[0].ID, 'a');
  });

  it('works inside a get-bucket-replication wrapper', () => {
    const text = json({ ReplicationConfiguration: JSON.parse(config({ Filter: {} })) });
    const out = applyFix(text, RULE);
    assert.deepEqual(JSON.parse(out).ReplicationConfiguration.Rules[0].DeleteMarkerReplication, { Status: 'Disabled' });
  });
});
