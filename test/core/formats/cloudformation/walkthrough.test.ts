import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../../../src/core/analyze';
import { Finding } from '../../../../src/core/findings';
import { runFixLoop } from '../../../../src/cli/fixLoop';
import { cloudFormationAdapter } from '../../../../src/core/formats/cloudformation';

const FIXTURES = join(__dirname, 'fixtures');
const read = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

function at(text: string, f: Finding): string {
  return text.slice(f.offset, f.offset + f.length);
}

function byRule(findings: readonly Finding[], id: string): Finding[] {
  return findings.filter((f) => f.ruleId === id);
}

for (const [name, syntax] of [
  ['walkthrough.yaml', 'YAML'],
  ['walkthrough.template.json', 'JSON'],
] as const) {
  describe(`CloudFormation (${syntax}): the walkthrough as a template`, () => {
    const uri = `/repo/infra/${name}`;
    const text = read(name);
    const analysis = () => analyze([{ uri, text }]);

    it('is recognised by content and yields its embedded documents', () => {
      const a = analysis();
      assert.deepEqual(a.documents.map((d) => [d.uri, d.kind]), [[uri, 'template']]);
      assert.deepEqual(a.embedded.map((d) => [d.uri.slice(uri.length), d.kind]).sort(), [
        ['#ReplicationRole.AssumeRolePolicyDocument', 'trust-policy'],
        ['#ReplicationRole.Policies.0.PolicyDocument', 'permission-policy'],
        ['#SourceBucket.ReplicationConfiguration', 'replication-config'],
      ]);
    });

    it('finds the walkthrough defects on the template nodes that cause them', () => {
      const { findings } = analysis();
      assert.ok(findings.every((f) => f.uri === uri));
      const dm = byRule(findings, 'rc-v2-delete-marker-required');
      assert.equal(dm.length, 1);
      assert.match(at(text, dm[0]), /^"?Filter"?$/);
      const rtc = byRule(findings, 'rc-rtc-requires-metrics');
      assert.equal(rtc.length, 1);
      assert.match(at(text, rtc[0]), /^"?ReplicationTime"?$/);
      const tagging = byRule(findings, 'iam-get-object-version-tagging');
      assert.equal(tagging.length, 1);
      assert.equal(tagging[0].severity, 'warning');
      assert.ok(tagging[0].related?.some((r) => r.uri === uri), 'the related location points into the template');
    });

    it('reads declared facts: the destination bucket is created without versioning', () => {
      const dest = byRule(analysis().findings, 'ls-dest-versioning');
      assert.equal(dest.length, 1);
      assert.equal(dest[0].severity, 'error');
      assert.match(dest[0].message, /"DestinationBucket"/, 'the message names the resource, not a symbol');
      assert.doesNotMatch(dest[0].message, /--ref/);
      assert.equal(byRule(analysis().findings, 'ls-source-versioning').length, 0, 'the source declares versioning');
    });

    it('names members as CloudFormation spells them', () => {
      const single = syntax === 'YAML' ? "Filter:\n              And:\n                Prefix: ''" : '"Filter": {"And": {"Prefix": ""}}';
      const text2 = text.replace(syntax === 'YAML' ? /Filter:\n\s+Prefix: ''/ : /"Filter": \{\s+"Prefix": ""\s+\}/, single);
      assert.notEqual(text2, text);
      const and = byRule(analyze([{ uri, text: text2 }]).findings, 'rc-filter-and-single');
      assert.equal(and.length, 1);
      assert.match(and[0].message, /`Filter.TagFilter`/);
      assert.doesNotMatch(and[0].message, /`Filter.Tag`/);
    });

    it('applies every preferred fix in the template syntax and re-checks without those errors', () => {
      const { findings } = analysis();
      assert.ok(findings.flatMap((f) => f.fixes?.filter((x) => x.preferred) ?? []).length >= 3);
      const fixed = runFixLoop([{ uri, text }], () => true).texts.get(uri) as string;
      assert.ok(cloudFormationAdapter.parses(fixed));
      if (syntax === 'YAML') assert.ok(fixed.includes('# the one rule'), 'comments survive');
      const after = analyze([{ uri, text: fixed }]).findings;
      for (const id of ['rc-v2-delete-marker-required', 'rc-rtc-requires-metrics', 'iam-get-object-version-tagging']) {
        assert.equal(byRule(after, id).length, 0, `${id} fixed`);
      }
      assert.equal(fixed.split('\n').length - text.split('\n').length > 0, true);
    });
  });
}

describe('CloudFormation: values the template cannot resolve', () => {
  const template = (role: string, resource: string) => `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  RoleArn: { Type: String }
Resources:
  Source:
    Type: AWS::S3::Bucket
    Properties:
      VersioningConfiguration: { Status: Enabled }
      ReplicationConfiguration:
        Role: ${role}
        Rules:
          - Status: Enabled
            Prefix: ''
            Destination:
              Bucket: !ImportValue destination-bucket-arn
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement: [{ Effect: Allow, Principal: { Service: s3.amazonaws.com }, Action: sts:AssumeRole }]
      Policies:
        - PolicyName: p
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Effect: Allow
                Action: [s3:GetReplicationConfiguration, s3:ListBucket, s3:GetObjectVersionForReplication, s3:GetObjectVersionAcl, s3:GetObjectVersionTagging, s3:ReplicateObject, s3:ReplicateDelete]
                Resource: ${resource}
`;

  it('reports no mismatch with an unknown value: a parameter without default, an import', () => {
    const { findings } = analyze([{ uri: 't.yaml', text: template('!Ref RoleArn', '!ImportValue shared-arns') }]);
    const errors = findings.filter((f) => f.severity === 'error');
    assert.deepEqual(errors.map((f) => f.ruleId), []);
    assert.ok(findings.every((f) => !f.message.includes('unresolved')));
  });

  it('still checks what is known around the unknown', () => {
    const { findings } = analyze([{ uri: 't.yaml', text: template('!GetAtt Role.Arn', '!ImportValue shared-arns').replace("Prefix: ''", "Prefix: ''\n            Priority: 1") }]);
    assert.equal(byRule(findings, 'rc-v1-no-priority').length, 1);
  });
});
