/**
 * Plans in JSON (`terraform show -json plan.out`): recognised by content, the planned
 * configuration, role and policies checked, versioning read, locations at the planned values in
 * the plan file and the resource address in each message. Fixtures written by hand in the
 * documented plan format.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../../../src/core/analyze';
import { byRule, FIXTURES, textAt } from './helpers';

const uri = '/ci/plan.json';
const text = readFileSync(join(FIXTURES, 'plan', 'walkthrough.plan.json'), 'utf8');
const plan = () => JSON.parse(text) as { planned_values: { root_module: { resources: { address: string; values: Record<string, unknown> }[] } } };
const resources = (p: ReturnType<typeof plan>) => p.planned_values.root_module.resources;

describe('Terraform plan JSON', () => {
  it('is recognised by content and yields the planned configuration, trust and role policies', () => {
    const a = analyze([{ uri, text }]);
    assert.deepEqual(a.documents.map((d) => [d.uri, d.kind, d.format]), [[uri, 'template', 'terraform-plan']]);
    assert.deepEqual(a.embedded.map((d) => [d.uri.slice(uri.length), d.kind]).sort(), [
      ['#aws_iam_role.replication.assume_role_policy', 'trust-policy'],
      ['#aws_iam_role_policy.replication.policy', 'permission-policy'],
      ['#aws_s3_bucket_replication_configuration.replication', 'replication-config'],
    ]);
    const config = JSON.parse(a.embedded.find((d) => d.kind === 'replication-config')?.text ?? '{}');
    // Known only after apply, the role's and the destination's ARNs come from the configuration's references.
    assert.equal(config.Role, 'arn:aws:iam::000000000000:role/plan-replication');
    assert.equal(config.Rules[0].Destination.Bucket, 'arn:aws:s3:::plan-destination');
  });

  it('finds the walkthrough defects at the planned values, naming the resource address', () => {
    const inputs = [{ uri, text }];
    const { findings } = analyze(inputs);
    assert.ok(findings.every((f) => f.uri === uri));
    const dm = byRule(findings, 'rc-v2-delete-marker-required');
    assert.equal(dm.length, 1);
    assert.equal(textAt(inputs, dm[0]), '"filter"');
    assert.match(dm[0].message, /^aws_s3_bucket_replication_configuration\.replication: /);
    assert.equal(textAt(inputs, byRule(findings, 'rc-rtc-requires-metrics')[0]), '"replication_time"');
    const tagging = byRule(findings, 'iam-get-object-version-tagging');
    assert.equal(tagging.length, 1);
    assert.equal(textAt(inputs, tagging[0]), '\\"Action\\"', 'inside the policy string, at its escaped key');
    assert.match(tagging[0].message, /^aws_iam_role_policy\.replication: /);
    const dest = byRule(findings, 'ls-dest-versioning');
    assert.equal(dest.length, 1, 'the plan creates no versioning for the destination');
    assert.match(dest[0].message, /"plan-destination"/);
    assert.ok(findings.every((f) => (f.fixes ?? []).every((x) => x.edits().length === 0)), 'a plan is generated output: nothing is fixed in it');
  });

  it('reads planned versioning, and a fixed plan has no problem left', () => {
    const p = plan();
    const rs = resources(p);
    rs.push({ address: 'aws_s3_bucket_versioning.destination', values: { bucket: 'plan-destination', versioning_configuration: [{ status: 'Enabled' }] }, ...{ mode: 'managed', type: 'aws_s3_bucket_versioning', name: 'destination' } } as never);
    const rc = rs.find((r) => r.address === 'aws_s3_bucket_replication_configuration.replication') as unknown as { values: { rule: Record<string, unknown>[] } };
    rc.values.rule[0].delete_marker_replication = [{ status: 'Disabled' }];
    (rc.values.rule[0].destination as Record<string, unknown>[])[0].metrics = [{ status: 'Enabled', event_threshold: [{ minutes: 15 }] }];
    const policy = rs.find((r) => r.address === 'aws_iam_role_policy.replication') as unknown as { values: { policy: string } };
    policy.values.policy = policy.values.policy.replace('"s3:GetObjectVersionAcl"', '"s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"');
    const { findings } = analyze([{ uri, text: JSON.stringify(p, null, 2) }]);
    assert.deepEqual(findings.filter((f) => f.severity !== 'info').map((f) => f.ruleId), []);
  });

  it('reports no mismatch with what the plan does not know and no reference names', () => {
    const p = plan();
    const rc = resources(p).find((r) => r.address === 'aws_s3_bucket_replication_configuration.replication') as { values: Record<string, unknown> };
    delete rc.values.bucket;
    (p as unknown as { configuration: unknown }).configuration = { root_module: { resources: [] } };
    const { findings } = analyze([{ uri, text: JSON.stringify(p) }]);
    assert.equal(byRule(findings, 'ls-dest-versioning').length, 0, 'the destination is not known: nothing is claimed about it');
    assert.equal(byRule(findings, 'rc-v2-delete-marker-required').length, 1, 'what is known is still checked');
  });

  it('leaves JSON files that are not plans alone', () => {
    const a = analyze([{ uri: '/ci/other.json', text: '{"format_version": "1.0", "something": []}' }]);
    assert.notEqual(a.documents[0].format, 'terraform-plan');
  });
});
