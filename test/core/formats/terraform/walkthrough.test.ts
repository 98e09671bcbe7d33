import { strict as assert } from 'node:assert';
import { analyze } from '../../../../src/core/analyze';
import { runFixLoop } from '../../../../src/cli/fixLoop';
import { terraformAdapter } from '../../../../src/core/formats/terraform';
import { byRule, folderInputs, serious, textAt, withParser } from './helpers';

describe('Terraform: the walkthrough as a module (provider example style, four files)', () => {
  withParser();
  const inputs = folderInputs('walkthrough');
  const uri = (name: string) => `/repo/walkthrough/${name}`;

  it('reads the folder as one module: the configuration, the trust policy and the role policy, each where it is written', () => {
    const a = analyze(inputs);
    assert.deepEqual(
      a.documents.map((d) => [d.uri, d.kind]),
      inputs.map((i) => [i.uri, 'template']),
    );
    assert.deepEqual(a.embedded.map((d) => [d.uri, d.kind]).sort(), [
      [`${uri('iam.tf')}#data.aws_iam_policy_document.assume_role`, 'trust-policy'],
      [`${uri('iam.tf')}#data.aws_iam_policy_document.replication`, 'permission-policy'],
      [`${uri('replication.tf')}#aws_s3_bucket_replication_configuration.replication`, 'replication-config'],
    ]);
    const config = JSON.parse(a.embedded.find((d) => d.kind === 'replication-config')?.text ?? '{}');
    // References across files resolve: the role's name and the buckets' names come from variables.tf's default.
    assert.equal(config.Role, 'arn:aws:iam::000000000000:role/walkthrough-replication');
    assert.equal(config.Rules[0].Destination.Bucket, 'arn:aws:s3:::walkthrough-destination');
    const policy = a.embedded.find((d) => d.kind === 'permission-policy');
    assert.equal(policy?.live?.roleName, 'walkthrough-replication', 'the policy is attached to the role through aws_iam_role_policy_attachment');
  });

  it('finds the walkthrough defects on the blocks and attributes that cause them, in Terraform names', () => {
    const { findings } = analyze(inputs);
    const dm = byRule(findings, 'rc-v2-delete-marker-required');
    assert.equal(dm.length, 1);
    assert.equal(dm[0].uri, uri('replication.tf'));
    assert.equal(textAt(inputs, dm[0]), 'filter');
    assert.match(dm[0].message, /`filter`/);
    assert.match(dm[0].message, /`delete_marker_replication`/);
    assert.doesNotMatch(dm[0].message, /`DeleteMarkerReplication`/);
    assert.match(dm[0].message, /"DeleteMarkerReplication must be specified for this version/, 'S3\'s own words stay as S3 writes them');
    const rtc = byRule(findings, 'rc-rtc-requires-metrics');
    assert.equal(rtc.length, 1);
    assert.equal(textAt(inputs, rtc[0]), 'replication_time');
    const tagging = byRule(findings, 'iam-get-object-version-tagging');
    assert.equal(tagging.length, 1);
    assert.equal(tagging[0].uri, uri('iam.tf'));
    assert.equal(textAt(inputs, tagging[0]), 'actions');
    assert.match(tagging[0].message, /arn:aws:s3:::walkthrough-source\/\*/);
    assert.deepEqual(serious(findings).map((f) => f.ruleId).sort(), ['iam-get-object-version-tagging', 'rc-rtc-requires-metrics', 'rc-v2-delete-marker-required']);
  });

  it('declares the destination versioned (aws_s3_bucket_versioning), so the live versioning rules stay silent; without it they speak', () => {
    assert.equal(byRule(analyze(inputs).findings, 'ls-dest-versioning').length, 0);
    const without = inputs.map((i) => (i.uri.endsWith('buckets.tf') ? { ...i, text: i.text.replace(/resource "aws_s3_bucket_versioning" "destination" \{[\s\S]*$/, '') } : i));
    const withoutOrder = without.map((i) => (i.uri.endsWith('replication.tf') ? { ...i, text: i.text.replace(', aws_s3_bucket_versioning.destination', '') } : i));
    const dest = byRule(analyze(withoutOrder).findings, 'ls-dest-versioning');
    assert.equal(dest.length, 1);
    assert.equal(dest[0].severity, 'error');
    assert.equal(textAt(withoutOrder, dest[0]), 'aws_s3_bucket.destination.arn');
  });

  it('applies every preferred fix as HCL in the layout of the file and re-checks clean', () => {
    const result = runFixLoop(inputs, () => true);
    assert.deepEqual(result.refused, []);
    const replication = result.texts.get(uri('replication.tf')) as string;
    const iam = result.texts.get(uri('iam.tf')) as string;
    assert.ok(terraformAdapter.parses(replication) && terraformAdapter.parses(iam));
    assert.match(replication, /\n {6}metrics \{\n {8}status = "Enabled"\n {8}event_threshold \{\n {10}minutes = 15\n {8}\}\n {6}\}\n/);
    assert.match(replication, /\n {4}delete_marker_replication \{\n {6}status = "Disabled"\n {4}\}\n {2}\}\n\}\n$/);
    assert.ok(replication.includes('  # Must have bucket versioning enabled first\n'), 'comments stay');
    assert.match(iam, /"s3:GetObjectVersionAcl",\n {6}"s3:GetObjectVersionTagging",\n {4}\]/, 'the action joins the list in its style (one per line, trailing comma)');
    const after = analyze(inputs.map((i) => ({ ...i, text: result.texts.get(i.uri) ?? i.text })));
    assert.deepEqual(serious(after.findings), []);
  });
});
