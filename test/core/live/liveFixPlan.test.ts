import { strict as assert } from 'node:assert';
import { analyze } from '../../../src/core/analyze';
import { DocumentInput } from '../../../src/core/document';
import type { LiveFacts } from '../../../src/core/facts';
import { planLiveFix } from '../../../src/core/live/liveFixPlan';
import { json } from '../../helpers';
import { PutRolePolicyStep, ReplicationStep } from './stepTypes';
import { Json, rule, statements, walkthrough } from './fixtures';

const CONFIG_URI = 's3-replication-doctor:/default/buckets/source-bucket/replication.json';
const POLICY_URI = 's3-replication-doctor:/default/roles/s3-replication-role/inline/s3-replication-policy.json';
const SECOND = rule('second', { Priority: 2, Filter: { Prefix: 'logs/' } });

/** The live documents of the walkthrough bucket, with a second rule in its configuration. */
function liveDocuments(): DocumentInput[] {
  const config = JSON.parse(walkthrough('replication-config.json')) as { Rules: Json[] };
  config.Rules.push(SECOND);
  return [
    { uri: CONFIG_URI, text: json({ ReplicationConfiguration: config }), kind: 'replication-config', live: { sourceBucket: 'source-bucket' } },
    { uri: POLICY_URI, text: walkthrough('role-policy.json'), kind: 'permission-policy', live: { roleName: 's3-replication-role' } },
  ];
}

function findingOf(docs: DocumentInput[], ruleId: string) {
  const f = analyze(docs).findings.find((x) => x.ruleId === ruleId);
  assert.ok(f, `${ruleId} is reported`);
  return f;
}

describe('planLiveFix', () => {
  it('adds DeleteMarkerReplication to the live configuration, and Metrics too since S3 rejects it without them', () => {
    const docs = liveDocuments();
    const plan = planLiveFix({ documents: docs, finding: findingOf(docs, 'rc-v2-delete-marker-required'), target: { kind: 'replication', bucket: 'source-bucket', region: 'us-east-1' } });
    assert.equal(plan.refused, undefined, plan.refused);
    const step = plan.steps[0] as ReplicationStep;
    assert.equal(step.api, 'PutBucketReplication');
    const [fixed, second] = step.configuration.Rules as Json[];
    assert.deepEqual(fixed.DeleteMarkerReplication, { Status: 'Disabled' });
    assert.deepEqual((fixed.Destination as Json).Metrics, { Status: 'Enabled', EventThreshold: { Minutes: 15 } });
    assert.deepEqual(second, SECOND, 'the other live rule is written back unchanged');
    assert.deepEqual(plan.losses, []);
    assert.match(plan.warnings[0], /rc-rtc-requires-metrics: Add "Metrics"/);
    assert.match(step.title, /^Fix rc-v2-delete-marker-required in AWS: Add "DeleteMarkerReplication": \{"Status": "Disabled"\}/);
  });

  it('with destination versioning off: refused with Enable Versioning to run first (not an error of the document), then planned once it is on', () => {
    const docs = liveDocuments();
    const facts: LiveFacts = {
      buckets: {
        'source-bucket': { name: 'source-bucket', exists: true, versioning: 'Enabled' },
        'destination-bucket': { name: 'destination-bucket', exists: true, versioning: 'Off' },
      },
    };
    const finding = analyze(docs, { facts }).findings.find((x) => x.ruleId === 'rc-v2-delete-marker-required');
    assert.ok(finding);
    const target = { kind: 'replication' as const, bucket: 'source-bucket', region: 'us-east-1' };
    const blocked = planLiveFix({ documents: docs, facts, finding, target });
    assert.deepEqual(blocked.steps, []);
    assert.match(blocked.refused ?? '', /versioning is not enabled on the destination bucket destination-bucket: enable it first/);
    assert.deepEqual(blocked.prerequisites, [{ kind: 'enableVersioning', bucket: 'destination-bucket', side: 'destination' }]);
    facts.buckets['destination-bucket'].versioning = 'Enabled';
    const after = planLiveFix({ documents: docs, facts, finding, target });
    assert.equal(after.refused, undefined, after.refused);
    assert.equal(after.steps[0].api, 'PutBucketReplication');
  });

  it('applies the fix the user chose instead of the preferred one', () => {
    const docs = liveDocuments();
    const plan = planLiveFix({ documents: docs, finding: findingOf(docs, 'rc-rtc-requires-metrics'), fixTitle: 'Remove "ReplicationTime" (no Replication Time Control)', target: { kind: 'replication', bucket: 'source-bucket' } });
    const fixed = ((plan.steps[0] as ReplicationStep).configuration.Rules as Json[])[0];
    assert.equal((fixed.Destination as Json).ReplicationTime, undefined);
    assert.deepEqual(fixed.DeleteMarkerReplication, { Status: 'Disabled' });
  });

  it('writes a fixed inline policy back with PutRolePolicy, keeping its statements', () => {
    const docs = liveDocuments();
    const plan = planLiveFix({ documents: docs, finding: findingOf(docs, 'iam-get-object-version-tagging'), target: { kind: 'inline', role: 's3-replication-role', policy: 's3-replication-policy' } });
    const step = plan.steps[0] as PutRolePolicyStep;
    assert.deepEqual([step.api, step.roleName, step.policyName], ['PutRolePolicy', 's3-replication-role', 's3-replication-policy']);
    assert.ok(statements(step.policy).some((s) => ([] as unknown[]).concat(s.Action).includes('s3:GetObjectVersionTagging')));
    assert.deepEqual(plan.losses, []);
    assert.equal(step.before, walkthrough('role-policy.json'));
  });

  it('refuses to rewrite an attached managed policy, and a finding that is gone', () => {
    const docs = liveDocuments();
    const managed = planLiveFix({ documents: docs, finding: findingOf(docs, 'iam-get-object-version-tagging'), target: { kind: 'managed', role: 's3-replication-role', policy: 'shared' } });
    assert.match(managed.refused ?? '', /attached managed policy/);
    const gone = planLiveFix({ documents: docs, finding: { uri: CONFIG_URI, ruleId: 'rc-v2-delete-marker-required', offset: 0, length: 1 }, target: { kind: 'replication', bucket: 'source-bucket' } });
    assert.equal(gone.refused, undefined, 'a single finding of that rule is still found when it moved');
    const none = planLiveFix({ documents: docs, finding: { uri: CONFIG_URI, ruleId: 'rc-no-such-rule', offset: 0, length: 1 }, target: { kind: 'replication', bucket: 'source-bucket' } });
    assert.match(none.refused ?? '', /no longer reported/);
  });
});
