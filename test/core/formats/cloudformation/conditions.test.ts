/**
 * Replication made optional with a condition, as reusable templates do: `!If [Cond, value,
 * !Ref AWS::NoValue]` on the property, on one rule, or on one of a role's policies. The value is
 * checked as it deploys when the condition holds, fixes write into it, and a parameter whose default
 * is "" (the template's "not given") is unknown rather than an empty value.
 */
import { strict as assert } from 'node:assert';
import { analyze } from '../../../../src/core/analyze';
import { Finding } from '../../../../src/core/findings';
import { applyTextEdits } from '../../../../src/core/fixes';

const URI = '/repo/template.yaml';

function serious(text: string, uri = URI): Finding[] {
  return analyze([{ uri, text }]).findings.filter((f) => f.severity !== 'info');
}

function fixed(text: string, ruleId: string, uri = URI): string {
  const f = serious(text, uri).find((x) => x.ruleId === ruleId);
  assert.ok(f, `no ${ruleId}`);
  const fix = f.fixes?.find((x) => x.preferred);
  assert.ok(fix, `${ruleId} has no preferred fix`);
  const edits = fix.edits();
  assert.ok(edits.length > 0, `the fix for ${ruleId} edits nothing`);
  return applyTextEdits(text, edits);
}

const HEAD = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Replicate:
    Type: String
    Default: "false"
  RoleArn:
    Type: String
    Default: ""
  ReplicaArn:
    Type: String
    Default: ""
Conditions:
  WithReplica: !Equals [!Ref Replicate, "true"]
Resources:
`;

/** A versioned bucket `Data` whose ReplicationConfiguration is `replication` (YAML, indented for the property). */
const bucket = (replication: string) => `${HEAD}  Data:
    Type: AWS::S3::Bucket
    Properties:
      VersioningConfiguration:
        Status: Enabled
      ReplicationConfiguration:${replication}`;

const RULE = `            - Id: all
              Status: Enabled
              Priority: 1
              Filter:
                Prefix: ""   # everything
              Destination:
                Bucket: !Ref ReplicaArn`;

describe('CloudFormation: replication under a condition', () => {
  it('!If on ReplicationConfiguration with AWS::NoValue: checked as it deploys, the fix written into the branch', () => {
    const text = bucket(` !If
        - WithReplica
        - Role: !Ref RoleArn
          Rules:
${RULE}
        - !Ref AWS::NoValue
`);
    const found = serious(text);
    assert.deepEqual(found.map((f) => f.ruleId), ['rc-v2-delete-marker-required'], 'a Default "" parameter is not an empty Role or Bucket');
    assert.equal(text.slice(found[0].offset, found[0].offset + found[0].length), 'Filter');
    const after = fixed(text, 'rc-v2-delete-marker-required');
    assert.ok(after.includes(`                Bucket: !Ref ReplicaArn\n              DeleteMarkerReplication:\n                Status: Disabled\n        - !Ref AWS::NoValue\n`), after);
    assert.match(after, /Prefix: "" {3}# everything/);
    assert.deepEqual(serious(after), []);
  });

  it('the same in JSON, with Fn::If written long', () => {
    const template = {
      Conditions: { WithReplica: { 'Fn::Equals': ['a', 'a'] } },
      Resources: {
        Data: {
          Type: 'AWS::S3::Bucket',
          Properties: {
            VersioningConfiguration: { Status: 'Enabled' },
            ReplicationConfiguration: {
              'Fn::If': [
                'WithReplica',
                { Role: 'arn:aws:iam::111122223333:role/crr', Rules: [{ Id: 'all', Status: 'Enabled', Priority: 1, Filter: { Prefix: '' }, Destination: { Bucket: 'arn:aws:s3:::replica' } }] },
                { Ref: 'AWS::NoValue' },
              ],
            },
          },
        },
      },
    };
    const uri = '/repo/template.json';
    const text = `${JSON.stringify(template, null, 2)}\n`;
    assert.deepEqual(serious(text, uri).map((f) => f.ruleId), ['rc-v2-delete-marker-required']);
    const after = JSON.parse(fixed(text, 'rc-v2-delete-marker-required', uri)) as typeof template;
    const branch = after.Resources.Data.Properties.ReplicationConfiguration['Fn::If'][1] as { Rules: Record<string, unknown>[] };
    assert.deepEqual(branch.Rules[0].DeleteMarkerReplication, { Status: 'Disabled' });
  });

  it('!If on one rule of the list, and on one of a role\'s policies', () => {
    const text = bucket(`
        Role: !GetAtt Role.Arn
        Rules:
          - !If
            - WithReplica
            - Id: all
              Status: Enabled
              Priority: 1
              Filter:
                Prefix: ""
              DeleteMarkerReplication:
                Status: Disabled
              Destination:
                Bucket: arn:aws:s3:::replica-bucket
            - !Ref AWS::NoValue
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: s3.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - !If
          - WithReplica
          - PolicyName: replication
            PolicyDocument:
              Statement:
                - Effect: Allow
                  Action: [s3:GetReplicationConfiguration, s3:ListBucket]
                  Resource: !GetAtt Data.Arn
                - Effect: Allow
                  Action: [s3:GetObjectVersionForReplication, s3:GetObjectVersionAcl, s3:GetObjectVersionTagging]
                  Resource: !Sub "\${Data.Arn}/*"
                - Effect: Allow
                  Action: [s3:ReplicateDelete, s3:ReplicateTags]
                  Resource: arn:aws:s3:::replica-bucket/*
          - !Ref AWS::NoValue
`);
    const ids = serious(text).map((f) => f.ruleId);
    assert.ok(ids.includes('iam-replicate-object'), `the conditional policy is checked against the conditional rule: ${ids.join(', ')}`);
  });

  it('an !If with two values stays unknown: which one deploys is the stack\'s choice', () => {
    const text = bucket(` !If
        - WithReplica
        - Role: arn:aws:iam::111122223333:role/a
          Rules:
${RULE}
        - Role: arn:aws:iam::111122223333:role/b
          Rules:
${RULE}
`);
    assert.deepEqual(serious(text).map((f) => f.ruleId), []);
  });
});
