import { strict as assert } from 'node:assert';
import { applyTextEdits } from '../../../../src/core/fixes';
import { applyFix, findings } from '../../../helpers';
import { config, expectNone, expectOne, fixAll, offsetOf, v2Rule } from './fixtures';

describe('rc-rule-status-required', () => {
  const RULE = 'rc-rule-status-required';
  it('fires on the rule\'s first member name and adds Status Enabled (preferred) or Disabled', () => {
    const text = config([v2Rule({ Status: undefined })]);
    const f = expectOne(text, RULE, '"ID"', 'error');
    assert.equal(f.offset, offsetOf(text, '"ID"', 0));
    assert.equal(JSON.parse(applyFix(text, RULE)).Rules[0].Status, 'Enabled');
    assert.equal(JSON.parse(applyFix(text, RULE, 1)).Rules[0].Status, 'Disabled');
  });
  it('is silent when Status is present', () => expectNone(config([v2Rule()]), RULE));
});

describe('rc-rule-status-enum', () => {
  const RULE = 'rc-rule-status-enum';
  it('fires on a wrong-case rule Status and fixes the case', () => {
    const text = config([v2Rule({ Status: 'enabled' })]);
    expectOne(text, RULE, '"enabled"', 'error');
    assert.equal(JSON.parse(applyFix(text, RULE)).Rules[0].Status, 'Enabled');
  });
  it('checks every nested Status, and maps booleans', () => {
    const text = config([
      v2Rule({
        DeleteMarkerReplication: { Status: 'DISABLED' },
        SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: true }, ReplicaModifications: { Status: 'On' } },
        Destination: { Bucket: 'arn:aws:s3:::dest', EncryptionConfiguration: { ReplicaKmsKeyID: 'arn:aws:kms:us-east-1:123456789012:key/k' }, ReplicationTime: { Status: 'enabled', Time: { Minutes: 15 } }, Metrics: { Status: 'Enabled ', EventThreshold: { Minutes: 15 } } },
      }),
    ]);
    const fs = findings(text, RULE);
    assert.deepEqual(fs.map((f) => text.slice(f.offset, f.offset + f.length)), ['"DISABLED"', '"enabled"', '"Enabled "', 'true', '"On"']);
    assert.equal(fs[4].fixes, undefined, 'no guess for "On"');
    const fixed = JSON.parse(fixAll(text, RULE));
    assert.equal(fixed.Rules[0].DeleteMarkerReplication.Status, 'Disabled');
    assert.equal(fixed.Rules[0].SourceSelectionCriteria.SseKmsEncryptedObjects.Status, 'Enabled');
    assert.equal(fixed.Rules[0].SourceSelectionCriteria.ReplicaModifications.Status, 'On');
    assert.equal(fixed.Rules[0].Destination.ReplicationTime.Status, 'Enabled');
    assert.equal(fixed.Rules[0].Destination.Metrics.Status, 'Enabled');
  });
  it('is silent for exact values', () => expectNone(config([v2Rule()]), RULE));
});

describe('rc-rule-id-max-length / rc-rule-id-ascii', () => {
  it('flags a 256-character ID', () => {
    const id = 'x'.repeat(256);
    expectOne(config([v2Rule({ ID: id })]), 'rc-rule-id-max-length', JSON.stringify(id), 'error');
    expectNone(config([v2Rule({ ID: 'x'.repeat(255) })]), 'rc-rule-id-max-length');
  });
  it('flags non-ASCII IDs and offers the unaccented spelling', () => {
    const text = config([v2Rule({ ID: 'réplication' })]);
    expectOne(text, 'rc-rule-id-ascii', '"réplication"', 'error');
    assert.equal(JSON.parse(applyFix(text, 'rc-rule-id-ascii')).Rules[0].ID, 'replication');
    assert.equal(findings(config([v2Rule({ ID: 'régle-✓' })]), 'rc-rule-id-ascii')[0].fixes, undefined);
    expectNone(config([v2Rule({ ID: 'replication-1' })]), 'rc-rule-id-ascii');
  });
});

describe('rc-rule-id-unique', () => {
  const RULE = 'rc-rule-id-unique';
  it('warns on every occurrence, linked, and renames the repeat', () => {
    const text = config([v2Rule({ ID: 'same' }), v2Rule({ ID: 'same', Priority: 2 }), v2Rule({ ID: 'same-2', Priority: 3 })]);
    const fs = findings(text, RULE);
    assert.equal(fs.length, 2);
    assert.deepEqual(fs.map((f) => f.offset), [offsetOf(text, '"same"'), offsetOf(text, '"same"', 1)]);
    assert.equal(fs[0].severity, 'warning');
    assert.equal(fs[0].related?.[0].offset, fs[1].offset);
    assert.equal(fs[0].fixes, undefined);
    assert.equal(fs[1].fixes?.[0].preferred, true);
    // "same-2" is taken, so the repeat becomes "same-3".
    const out = JSON.parse(applyTextEdits(text, fs[1].fixes?.[0].edits() ?? []));
    assert.deepEqual(out.Rules.map((r: { ID: string }) => r.ID), ['same', 'same-3', 'same-2']);
    expectNone(JSON.stringify(out), RULE);
  });
  it('is silent for distinct IDs', () => expectNone(config([v2Rule(), v2Rule({ ID: 'b', Priority: 2 })]), RULE));
});

describe('rc-rule-id-missing', () => {
  const RULE = 'rc-rule-id-missing';
  it('is an info on the rule\'s first member name with a non-preferred fix adding an unused ID', () => {
    const text = config([v2Rule({ ID: 'rule-1' }), v2Rule({ ID: undefined, Priority: 2 })]);
    const f = expectOne(text, RULE, '"Status"', 'info');
    assert.equal(f.offset, offsetOf(text, '"Status": "Enabled"', 1));
    assert.equal(f.fixes?.[0].preferred, false);
    assert.equal(JSON.parse(applyFix(text, RULE)).Rules[1].ID, 'rule-2');
  });
  it('is silent when the rule has an ID', () => expectNone(config([v2Rule()]), RULE));
});
