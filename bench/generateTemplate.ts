/**
 * The 1,000-rule configurations of `generateConfig`, as a CloudFormation template: the source bucket
 * holding them (CloudFormation's member names), the destination buckets it creates, and the role with
 * its trust and permission policies, in YAML (short intrinsic forms, comments) or JSON.
 */
import { generateConfig } from './generateConfig';

type Json = Record<string, unknown>;

const RENAMES: Record<string, string> = { ID: 'Id', Tag: 'TagFilter', Tags: 'TagFilters' };

function cloudFormationNames(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(cloudFormationNames);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [RENAMES[k] ?? k, cloudFormationNames(x)]));
  return v;
}

export function generateTemplate(ruleCount: number, options: { syntax: 'yaml' | 'json'; defective?: boolean }): string {
  const config = JSON.parse(generateConfig(ruleCount, { defective: options.defective })) as { Rules: Json[] };
  const rules = config.Rules.map((r) => cloudFormationNames(r) as Json);
  if (options.syntax === 'json') {
    const template = {
      AWSTemplateFormatVersion: '2010-09-09',
      Resources: {
        Source: {
          Type: 'AWS::S3::Bucket',
          Properties: { BucketName: 'bench-source', VersioningConfiguration: { Status: 'Enabled' }, ReplicationConfiguration: { Role: { 'Fn::GetAtt': ['Role', 'Arn'] }, Rules: rules } },
        },
        Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: TRUST, Policies: [{ PolicyName: 'replication', PolicyDocument: PERMISSIONS }] } },
      },
    };
    return `${JSON.stringify(template, null, 2)}\n`;
  }
  const lines = [
    "AWSTemplateFormatVersion: '2010-09-09'",
    'Description: A bucket replicating with 1,000 rules',
    'Resources:',
    '  Source:',
    '    Type: AWS::S3::Bucket',
    '    Properties:',
    '      BucketName: bench-source',
    '      VersioningConfiguration:',
    '        Status: Enabled',
    '      ReplicationConfiguration:',
    '        Role: !GetAtt Role.Arn',
    '        Rules:',
    ...rules.flatMap((r, i) => [`          # rule ${i + 1}`, ...yamlItem(r, '          ')]),
    '  Role:',
    '    Type: AWS::IAM::Role',
    '    Properties:',
    '      AssumeRolePolicyDocument:',
    ...yamlBlock(TRUST, '        '),
    '      Policies:',
    '        - PolicyName: replication',
    '          PolicyDocument:',
    ...yamlBlock(PERMISSIONS, '            '),
  ];
  return `${lines.join('\n')}\n`;
}

const TRUST = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
const PERMISSIONS = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'], Resource: 'arn:aws:s3:::bench-source' },
    { Effect: 'Allow', Action: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'], Resource: 'arn:aws:s3:::bench-source/*' },
    { Effect: 'Allow', Action: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags', 's3:ObjectOwnerOverrideToBucketOwner'], Resource: 'arn:aws:s3:::*/*' },
    { Effect: 'Allow', Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'], Resource: '*' },
  ],
};

function scalar(v: unknown): string {
  if (typeof v === 'string') return /^[A-Za-z][\w./:*-]*$/.test(v) && !/^(true|false|yes|no|on|off|null)$/i.test(v) ? v : `'${v.replace(/'/g, "''")}'`;
  return JSON.stringify(v);
}

function yamlBlock(v: unknown, indent: string): string[] {
  if (Array.isArray(v)) return v.flatMap((x) => yamlItem(x, indent));
  return Object.entries(v as Json).flatMap(([k, x]) => (x && typeof x === 'object' && (!Array.isArray(x) || x.length > 0) ? [`${indent}${k}:`, ...yamlBlock(x, `${indent}  `)] : [`${indent}${k}: ${Array.isArray(x) ? '[]' : scalar(x)}`]));
}

function yamlItem(v: unknown, indent: string): string[] {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return [`${indent}- ${scalar(v)}`];
  const inner = yamlBlock(v, `${indent}  `);
  return [`${indent}- ${inner[0].trimStart()}`, ...inner.slice(1)];
}
