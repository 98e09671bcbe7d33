import { strict as assert } from 'node:assert';
import { planPutReplication, PutConfigRequest } from '../../../src/core/live/configPlan';
import type { LiveFacts } from '../../../src/core/facts';
import { json } from '../../helpers';
import { ReplicationStep } from './stepTypes';
import { config, Json, rule, walkthrough } from './fixtures';

/** The walkthrough configuration with the two fixes S3 demands. */
function corrected(): Json {
  const c = JSON.parse(walkthrough('replication-config.json')) as { Rules: Json[] };
  c.Rules[0].DeleteMarkerReplication = { Status: 'Disabled' };
  (c.Rules[0].Destination as Json).Metrics = { Status: 'Enabled', EventThreshold: { Minutes: 15 } };
  return c;
}

/** A second rule someone else configured on the live bucket. */
const ARCHIVE = rule('archive', { Priority: 2, Filter: { Prefix: 'archive/' }, Destination: { Bucket: 'arn:aws:s3:::archive-bucket', StorageClass: 'GLACIER' } });

function plan(text: string, extra: Partial<PutConfigRequest> = {}) {
  return planPutReplication({ bucket: 'source-bucket', region: 'us-east-1', text, uri: 'file:///replication-config.json', ...extra });
}

function written(p: ReturnType<typeof plan>): Json {
  assert.equal(p.refused, undefined, p.refused);
  assert.equal(p.steps.length, 1);
  return (p.steps[0] as ReplicationStep).configuration;
}

describe('planPutReplication', () => {
  it('refuses the walkthrough configuration as it is, with the errors S3 would answer', () => {
    const p = plan(walkthrough('replication-config.json'));
    assert.deepEqual(p.steps, []);
    assert.deepEqual(p.problems.map((f) => f.ruleId).sort(), ['rc-rtc-requires-metrics', 'rc-v2-delete-marker-required']);
    assert.match(p.refused ?? '', /^The configuration has 2 errors/);
    assert.equal(p.prerequisites, undefined, 'errors in the document: nothing to run first');
  });

  it('refuses for an unversioned destination with the step to run first: Enable Versioning, not an error of the document', () => {
    const facts: LiveFacts = {
      buckets: {
        'source-bucket': { name: 'source-bucket', exists: true, versioning: 'Enabled' },
        'destination-bucket': { name: 'destination-bucket', exists: true, versioning: 'Off' },
      },
    };
    const p = plan(json(corrected()), { facts });
    assert.deepEqual(p.steps, []);
    assert.equal(p.refused, 'S3 refuses a replication configuration while versioning is not enabled on the destination bucket destination-bucket: enable it first.');
    assert.deepEqual(p.prerequisites, [{ kind: 'enableVersioning', bucket: 'destination-bucket', side: 'destination' }]);

    // Both sides off: the source first, each bucket once.
    facts.buckets['source-bucket'].versioning = 'Suspended';
    const both = plan(json({ ...corrected(), Rules: [...(corrected().Rules as Json[]), rule('second', { Priority: 2, Filter: { Prefix: 'b/' } })] }), { facts });
    assert.deepEqual(both.prerequisites?.map((x) => `${x.side} ${x.bucket}`), ['source source-bucket', 'destination destination-bucket']);
    assert.match(both.refused ?? '', /on the source bucket source-bucket and destination bucket destination-bucket/);

    // A missing destination is not something a command of ours creates: a plain refusal.
    const gone = plan(json(corrected()), { facts: { buckets: { 'source-bucket': { name: 'source-bucket', versioning: 'Enabled' }, 'destination-bucket': { name: 'destination-bucket', exists: false } } } });
    assert.equal(gone.prerequisites, undefined);
    assert.match(gone.refused ?? '', /^The configuration has 1 error/);
  });

  it('writes the corrected configuration onto a bucket without one', () => {
    const p = plan(json(corrected()));
    assert.deepEqual(written(p), corrected());
    const step = p.steps[0] as ReplicationStep;
    assert.equal(step.before, '');
    assert.equal(step.roleArn, 'arn:aws:iam::123456789012:role/s3-replication-role');
    assert.deepEqual(JSON.parse(step.after), { ReplicationConfiguration: corrected() });
    assert.deepEqual(p.losses, []);
  });

  it('keeps a live rule the document does not mention, and names it (fails if the write replaced the rules)', () => {
    const live = json({ ReplicationConfiguration: { ...corrected(), Rules: [...(corrected().Rules as Json[]), ARCHIVE] } });
    const doc = corrected();
    ((doc.Rules as Json[])[0].Destination as Json).StorageClass = 'STANDARD_IA';
    const p = plan(json(doc), { live });
    const rules = written(p).Rules as Json[];
    assert.deepEqual(rules.map((r) => r.ID), ['replicate-all', 'archive']);
    assert.deepEqual(rules[1], ARCHIVE);
    assert.deepEqual(p.missingLive.map((r) => r.id), ['archive']);
    assert.deepEqual(p.losses, []);
    assert.ok(p.warnings.some((w) => w.includes('Kept from the live configuration') && w.includes('rule "archive" (to arn:aws:s3:::archive-bucket, Enabled)')));
    assert.ok(p.warnings.some((w) => w.startsWith('Changed live rules: rule "replicate-all"')));
  });

  it('deletes a live rule only when the user named it, and lists it as a loss', () => {
    const live = json({ ...corrected(), Rules: [...(corrected().Rules as Json[]), ARCHIVE] });
    const p = plan(json(corrected()), { live, remove: ['archive'] });
    assert.deepEqual((written(p).Rules as Json[]).map((r) => r.ID), ['replicate-all']);
    assert.deepEqual(p.losses, ['live rule "archive" (to arn:aws:s3:::archive-bucket, Enabled)']);
  });

  it('refuses when keeping a live rule would clash with the document, naming the rule', () => {
    const live = json(config(rule('archive', { Priority: 1, Filter: { Prefix: 'archive/' } })));
    const p = plan(json(corrected()), { live });
    assert.deepEqual(p.steps, []);
    assert.match(p.refused ?? '', /live rule "archive" .* is not in the document, and keeping it beside the document's rules would be rejected by S3 .*priority/i);
    const removing = plan(json(corrected()), { live, remove: ['archive'] });
    assert.equal(removing.steps.length, 1, 'confirming the removal lets the write go ahead');
    const v1 = json(config({ ID: 'legacy', Status: 'Enabled', Prefix: 'old/', Destination: { Bucket: 'arn:aws:s3:::destination-bucket' } }));
    assert.match(plan(json(corrected()), { live: v1 }).refused ?? '', /live rule "legacy" .*V1 schema/);
  });

  it('plans nothing when the live configuration already is the document (idempotent)', () => {
    const live = json({ ReplicationConfiguration: corrected() });
    const p = plan(json(corrected()), { live });
    assert.deepEqual([p.steps, p.refused, p.losses], [[], undefined, []]);
  });

  it('accepts the CLI wrappers, warns about another bucket named in the file and about a role change', () => {
    const cliInput = json({ Bucket: 'other-bucket', ReplicationConfiguration: { ...corrected(), Role: 'arn:aws:iam::123456789012:role/new-role' } });
    const p = plan(cliInput, { live: json(corrected()) });
    assert.equal(written(p).Role, 'arn:aws:iam::123456789012:role/new-role');
    assert.ok(p.warnings.some((w) => w.includes('names bucket other-bucket')));
    assert.ok(p.warnings.some((w) => w.includes('iam:PassRole on the new role')));
  });

  it('refuses a document that is not JSON, and a live configuration it cannot read', () => {
    assert.match(plan('{"Role": ').refused ?? '', /error/);
    assert.match(plan(json(corrected()), { live: '{"Rules": [' }).refused ?? '', /could not be read/);
  });

  it('uses the given layout for both sides of the preview', () => {
    const format = (c: Json) => `formatted:${Object.keys(c).join(',')}\n`;
    const step = plan(json(corrected()), { live: json(config(ARCHIVE)), remove: ['archive'], format }).steps[0];
    assert.deepEqual([step.before, step.after], ['formatted:Role,Rules\n', 'formatted:Role,Rules\n']);
  });
});
