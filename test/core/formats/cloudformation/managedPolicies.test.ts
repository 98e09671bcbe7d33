import { strict as assert } from 'node:assert';
import { analyze } from '../../../../src/core/analyze';

/** A replicating bucket whose role's inline policy lacks s3:ReplicateObject; `extra` adds role properties. */
function template(extra: string, attached = ''): string {
  return `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Source:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: src-bucket
      VersioningConfiguration: { Status: Enabled }
      ReplicationConfiguration:
        Role: !GetAtt Role.Arn
        Rules:
          - Id: all
            Status: Enabled
            Prefix: ''
            Destination: { Bucket: 'arn:aws:s3:::dst-bucket' }
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - { Effect: Allow, Principal: { Service: s3.amazonaws.com }, Action: sts:AssumeRole }
${extra}      Policies:
        - PolicyName: replication
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Effect: Allow
                Action: [s3:GetReplicationConfiguration, s3:ListBucket]
                Resource: arn:aws:s3:::src-bucket
              - Effect: Allow
                Action: [s3:GetObjectVersionForReplication, s3:GetObjectVersionAcl, s3:GetObjectVersionTagging]
                Resource: arn:aws:s3:::src-bucket/*
${attached}`;
}

const missingReplicate = (text: string) => analyze([{ uri: '/repo/t.yaml', text }]).findings.filter((f) => f.ruleId === 'iam-replicate-object');

describe('CloudFormation: a role with managed policies the template does not hold', () => {
  it('a missing permission in its inline policy is an error when the template holds all of the role', () => {
    const found = missingReplicate(template(''));
    assert.equal(found.length, 1);
    assert.equal(found[0].severity, 'error');
  });

  it('is not reported when ManagedPolicyArns may grant it (AmazonS3FullAccess does)', () => {
    assert.deepEqual(missingReplicate(template("      ManagedPolicyArns: ['arn:aws:iam::aws:policy/AmazonS3FullAccess']\n")), []);
  });

  it('nor on a policy resource attached to that role', () => {
    const attached = `  Extra:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: extra
      Roles: [!Ref Role]
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - { Effect: Allow, Action: s3:ReplicateDelete, Resource: 'arn:aws:s3:::dst-bucket/*' }
`;
    assert.equal(missingReplicate(template('', attached)).length > 0, true);
    assert.deepEqual(missingReplicate(template("      ManagedPolicyArns: ['arn:aws:iam::aws:policy/AmazonS3FullAccess']\n", attached)), []);
  });

  it('an empty ManagedPolicyArns list hides nothing', () => {
    assert.equal(missingReplicate(template('      ManagedPolicyArns: []\n')).length, 1);
  });
});

describe("CloudFormation: a role's policies in the template are judged together", () => {
  const policy = (name: string, actions: string[]) => `        - PolicyName: ${name}
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - { Effect: Allow, Action: [${actions.join(', ')}], Resource: 'arn:aws:s3:::dst-bucket/*' }
`;
  const withPolicies = (extra: string) => template('').replace("            Resource: arn:aws:s3:::src-bucket/*\n", `            Resource: arn:aws:s3:::src-bucket/*\n${extra}`);

  it('a permission one inline policy grants is not missing from the other', () => {
    assert.deepEqual(missingReplicate(withPolicies(policy('destination', ['s3:ReplicateObject', 's3:ReplicateDelete']))), []);
  });

  it('a permission none of them grants is reported once, on the first', () => {
    const text = withPolicies(policy('destination', ['s3:ReplicateDelete']));
    const found = missingReplicate(text);
    assert.equal(found.length, 1);
    assert.equal(found[0].severity, 'error');
    assert.ok(found[0].offset < text.indexOf('PolicyName: destination'), 'on the first policy');
  });
});
