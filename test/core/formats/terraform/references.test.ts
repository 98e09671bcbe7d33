/**
 * What a module does not say stays unknown (never a mismatch); what it says across files, through
 * variables and locals, is resolved; Terraform-only rules on the module as a whole.
 */
import { strict as assert } from 'node:assert';
import { analyze } from '../../../../src/core/analyze';
import { FileSettings } from '../../../../src/core/projectConfig/types';
import { byRule, inputsOf, serious, textAt, withParser } from './helpers';
import { moduleFiles, standaloneRule } from './module';

describe('Terraform: references, unknowns and the module as a whole', () => {
  withParser();

  it('reports no mismatch with what the module cannot know: a variable without default, a module output, remote state', () => {
    const files = moduleFiles({ style: 'standalone', policy: 'jsonencode' });
    files['variables.tf'] = files['variables.tf'].replace('default = "tf-test"', '');
    files['replication.tf'] = files['replication.tf'].replace('role   = aws_iam_role.replication.arn', 'role   = module.iam.role_arn');
    files['policy.tf'] = files['policy.tf'].replace('Resource = "${local.destination_arn}/*"', 'Resource = "${data.terraform_remote_state.shared.outputs.destination_arn}/*"');
    const inputs = inputsOf(files);
    const a = analyze(inputs);
    assert.deepEqual(serious(a.findings).map((f) => `${f.ruleId}: ${f.message}`), []);
    assert.ok(a.embedded.length >= 3, 'the documents are still read');
  });

  it('reads an unknown resource in an Allow as "may grant": the role is not blamed for a grant it may have', () => {
    const files = moduleFiles({ style: 'standalone', policy: 'document' });
    files['policy.tf'] = files['policy.tf'].replace('resources = ["${local.destination_arn}/*"]', 'resources = [module.buckets.destination_objects_arn]');
    const { findings } = analyze(inputsOf(files));
    assert.deepEqual(byRule(findings, 'iam-replicate-object'), []);
    assert.deepEqual(serious(findings), []);
  });

  it('leaves counted and for_each instances unknown', () => {
    const files = moduleFiles({ style: 'standalone', policy: 'document' });
    files['buckets.tf'] = files['buckets.tf'].replace('resource "aws_s3_bucket" "destination" {\n', 'resource "aws_s3_bucket" "destination" {\n  count  = 2\n');
    files['buckets.tf'] = files['buckets.tf'].replace(/aws_s3_bucket\.destination\.id/g, 'aws_s3_bucket.destination[0].id');
    files['replication.tf'] = files['replication.tf'].replace('aws_s3_bucket.destination.arn', 'aws_s3_bucket.destination[0].arn');
    files['variables.tf'] = files['variables.tf'].replace('aws_s3_bucket.destination.arn', 'aws_s3_bucket.destination[0].arn');
    assert.deepEqual(serious(analyze(inputsOf(files)).findings), []);
  });

  it('resolves locals and variable defaults across files into one consistent name', () => {
    const inputs = inputsOf(moduleFiles({ style: 'legacy', policy: 'heredoc' }));
    const a = analyze(inputs);
    const config = JSON.parse(a.embedded.find((d) => d.kind === 'replication-config')?.text ?? '{}');
    assert.equal(config.Rules[0].Destination.Bucket, 'arn:aws:s3:::tf-test-destination');
    const policy = JSON.parse(a.embedded.find((d) => d.kind === 'permission-policy')?.text ?? '{}');
    assert.equal(policy.Statement[2].Resource, 'arn:aws:s3:::tf-test-destination/*');
  });

  it('names a bucket without a literal name by its address in messages, and ties references to it together', () => {
    const files = moduleFiles({ style: 'standalone', policy: 'document', destinationActions: ['s3:ReplicateDelete'] });
    files['buckets.tf'] = files['buckets.tf'].replace('bucket = "${local.prefix}-destination"', 'bucket_prefix = "dest-"');
    const inputs = inputsOf(files);
    const [f] = byRule(analyze(inputs).findings, 'iam-replicate-object');
    assert.ok(f);
    assert.match(f.message, /arn:aws:s3:::aws_s3_bucket\.destination\/data\/\*/);
    assert.doesNotMatch(f.message, /--ref/);
  });

  it('analyses a policy read with file() in its JSON file, once, as the role\'s policy', () => {
    const files = moduleFiles({ style: 'standalone', policy: 'file', destinationActions: ['s3:ReplicateDelete', 's3:ReplicateTags'] });
    const inputs = inputsOf(files);
    const a = analyze(inputs);
    const found = byRule(a.findings, 'iam-replicate-object');
    assert.equal(found.length, 1, 'once, not also as a plain JSON file');
    assert.equal(found[0].uri, '/repo/infra/replication-policy.json');
    assert.equal(a.embedded.find((d) => d.uri.startsWith('/repo/infra/replication-policy.json#'))?.live?.roleName, 'tf-test-replication');
    // Without the module, the JSON file is checked on its own as before.
    const alone = analyze(inputs.filter((i) => i.uri.endsWith('.json')));
    assert.equal(alone.documents[0].kind, 'permission-policy');
  });

  it('follows each file\'s settings: a rule off for one file of the module is off there only', () => {
    const files = moduleFiles({ style: 'standalone', policy: 'document', sourceActions: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl'] });
    files['replication.tf'] = files['replication.tf'].replace(/\n\s*delete_marker_replication \{\n\s*status = "Disabled"\n\s*\}\n/, '\n');
    const inputs = inputsOf(files);
    const settings = (uri: string): FileSettings | undefined => (uri.endsWith('policy.tf') ? { ignored: false, rules: [[{ pattern: 'iam-*', severity: 'off' }]] } : undefined);
    const on = analyze(inputs).findings;
    assert.equal(byRule(on, 'iam-get-object-version-tagging').length, 1);
    const off = analyze(inputs, { settings }).findings;
    assert.equal(byRule(off, 'iam-get-object-version-tagging').length, 0);
    assert.equal(byRule(off, 'rc-v2-delete-marker-required').length, 1, 'the other file keeps its rules');
    const ignored = analyze(inputs, { settings: (uri) => (uri.endsWith('replication.tf') ? { ignored: true, rules: [] } : undefined) }).findings;
    assert.equal(byRule(ignored, 'rc-v2-delete-marker-required').length, 0);
    assert.equal(byRule(ignored, 'iam-get-object-version-tagging').length, 1, 'an ignored file is still context for the others');
  });

  it('finds replication declared both inline and standalone for one bucket', () => {
    const files = moduleFiles({ style: 'legacy', policy: 'document' });
    files['replication.tf'] = `resource "aws_s3_bucket_replication_configuration" "again" {\n  role   = aws_iam_role.replication.arn\n  bucket = aws_s3_bucket.source.id\n\n  rule {\n    ${standaloneRule()}\n  }\n}\n`;
    const inputs = inputsOf(files);
    const found = byRule(analyze(inputs).findings, 'tf-replication-declared-twice');
    assert.equal(found.length, 1);
    assert.equal(textAt(inputs, found[0]), 'replication_configuration');
    assert.match(found[0].message, /aws_s3_bucket_replication_configuration\.again/);
    assert.match(found[0].message, /ignore_changes = \[replication_configuration\]/);
  });

  it('finds two-way replication written inline in both buckets as the dependency cycle Terraform refuses, and says how to break it', () => {
    const files = moduleFiles({ style: 'legacy', policy: 'document' });
    files['buckets.tf'] = files['buckets.tf'].replace(
      '  versioning {\n    enabled = true\n  }\n}',
      `  versioning {\n    enabled = true\n  }\n\n  replication_configuration {\n    role = aws_iam_role.replication.arn\n\n    rules {\n      id     = "back"\n      status = "Enabled"\n\n      destination {\n        bucket = aws_s3_bucket.source.arn\n      }\n    }\n  }\n}`,
    );
    const inputs = inputsOf(files);
    const found = byRule(analyze(inputs).findings, 'tf-dependency-cycle');
    assert.equal(found.length, 2);
    for (const f of found) {
      assert.equal(textAt(inputs, f), 'replication_configuration');
      assert.match(f.message, /Cycle: aws_s3_bucket\.destination, aws_s3_bucket\.source/);
      assert.match(f.message, /aws_s3_bucket_replication_configuration/);
    }
  });

  it('reads nothing from dynamic rule blocks (their content depends on for_each), and reports nothing about them', () => {
    const files = moduleFiles({ style: 'standalone', policy: 'document' });
    files['replication.tf'] = `resource "aws_s3_bucket_replication_configuration" "this" {\n  depends_on = [aws_s3_bucket_versioning.destination]\n  role   = aws_iam_role.replication.arn\n  bucket = aws_s3_bucket.source.id\n\n  dynamic "rule" {\n    for_each = var.rules\n    content {\n      id     = rule.key\n      status = "Enabled"\n      filter {}\n      destination {\n        bucket = rule.value\n      }\n    }\n  }\n}\n`;
    assert.deepEqual(serious(analyze(inputsOf(files)).findings).map((f) => f.ruleId), []);
  });

  it('reports HCL syntax errors where they are and still checks the rest of the module', () => {
    const files = moduleFiles({ style: 'standalone', policy: 'document' });
    files['replication.tf'] = files['replication.tf'].replace('storage_class = "STANDARD"', 'storage_class = ').replace(/\n\s*delete_marker_replication \{\n\s*status = "Disabled"\n\s*\}\n/, '\n');
    const inputs = inputsOf(files);
    const { findings } = analyze(inputs);
    const syntax = byRule(findings, 'tf-syntax');
    assert.ok(syntax.length >= 1);
    assert.equal(syntax[0].uri, '/repo/infra/replication.tf');
    assert.equal(byRule(findings, 'rc-v2-delete-marker-required').length, 1, 'the rest is still read');
  });
});
