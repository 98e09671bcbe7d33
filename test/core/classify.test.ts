/**
 * Classification: every policy kind told apart by content first and by name only where content
 * cannot decide; documents that merely look like policies are unrelated. Each case is a minimal
 * document of the shape that was misread before.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOCUMENT_KINDS, DocumentKind } from '../../src/core/classify';
import { analyze } from '../../src/core/analyze';
import { parseDocument } from '../../src/core/document';
import { json } from '../helpers';

const kindOf = (value: unknown, uri = 'doc.json'): DocumentKind => parseDocument({ uri, text: json(value) }).kind;
const policy = (...statements: unknown[]) => ({ Version: '2012-10-17', Statement: statements });

describe('classification of policies', () => {
  it('an identity policy names no principal', () => {
    assert.equal(kindOf(policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' })), 'permission-policy');
  });

  it('a trust policy: principal, STS actions, no resource; also when the action is misspelt', () => {
    const trust = (Action: unknown) => policy({ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action });
    assert.equal(kindOf(trust('sts:AssumeRole')), 'trust-policy');
    assert.equal(kindOf(trust('sts:AssumeRol')), 'trust-policy');
    assert.equal(kindOf(trust('st:AssumeRole')), 'trust-policy');
    assert.equal(kindOf(trust('sts.AssumeRole')), 'trust-policy');
    assert.equal(kindOf(trust(['sts:AssumeRoleWithWebIdentity', 'sts:TagSession'])), 'trust-policy');
    assert.equal(kindOf({ RoleName: 'r', AssumeRolePolicyDocument: policy({ Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: 's3:GetObject' }) }), 'trust-policy');
  });

  it('an S3 bucket policy names buckets and objects only', () => {
    assert.equal(kindOf(policy({ Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: 's3:GetObject', Resource: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'] })), 'bucket-policy');
  });

  it('a KMS key policy grants KMS actions', () => {
    assert.equal(kindOf(policy({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' })), 'key-policy');
  });

  it('SQS, SNS, Lambda and ECR policies are resource-based policies, not bucket policies', () => {
    const sqs = policy({ Effect: 'Allow', Principal: { Service: 'sns.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:us-east-1:111122223333:q' });
    const sns = policy({ Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: 'sns:Publish', Resource: 'arn:aws:sns:us-east-1:111122223333:t' });
    const lambda = policy({ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'lambda:InvokeFunction', Resource: 'arn:aws:lambda:us-east-1:111122223333:function:f' });
    // ECR repository policies have no Resource at all.
    const ecr = policy({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'] });
    const accessPoint = policy({ Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:us-east-1:111122223333:accesspoint/ap/object/*' });
    for (const p of [sqs, sns, lambda, ecr, accessPoint]) assert.equal(kindOf(p), 'resource-policy', JSON.stringify(p));
  });

  it('an RCP denies everyone on every resource; a VPC endpoint policy allows everyone', () => {
    const rcp = policy({ Effect: 'Deny', Principal: '*', Action: ['s3:*', 'sqs:*'], Resource: '*', Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-abc' } } });
    assert.equal(kindOf(rcp), 'resource-control-policy');
    const endpoint = policy({ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' });
    assert.equal(kindOf(endpoint), 'vpc-endpoint-policy');
    assert.equal(kindOf(policy({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'ecr:*', Resource: '*' }, { Effect: 'Deny', Principal: '*', Action: 'ecr:DeleteRepository', Resource: '*' })), 'vpc-endpoint-policy');
  });

  it('names decide only where content cannot: boundaries, SCPs, endpoint policies for S3', () => {
    const identity = policy({ Effect: 'Deny', Action: 's3:DeleteBucket', Resource: '*' });
    assert.equal(kindOf(identity, 'policies/developer-boundary.json'), 'permissions-boundary');
    assert.equal(kindOf(identity, 'org/scps/deny-delete.json'), 'service-control-policy');
    assert.equal(kindOf(identity, 'service_control_policies__deny.json'), 'service-control-policy');
    assert.equal(kindOf(identity, 'org/deny-delete.json'), 'permission-policy');
    // Only the nearest folder counts: a checkout under ~/scp-tools/ is not full of SCPs.
    assert.equal(kindOf(identity, '/home/me/scp-tools/repo/policies/deny.json'), 'permission-policy');
    const s3Endpoint = policy({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' });
    assert.equal(kindOf(s3Endpoint), 'bucket-policy');
    assert.equal(kindOf(s3Endpoint, 'network/vpc-endpoint-s3.json'), 'vpc-endpoint-policy');
    // Content wins over a name: statements with principals are not an SCP.
    assert.equal(kindOf(policy({ Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }), 'scps/x.json'), 'bucket-policy');
  });

  it('documents that only look like policies are unrelated', () => {
    // A CloudFront signed-URL custom policy: Resource is a URL, no Effect, no Action.
    const signedUrl = { Statement: [{ Resource: 'https://d111111abcdef8.cloudfront.net/*', Condition: { DateLessThan: { 'AWS:EpochTime': 1767225600 } } }] };
    assert.equal(kindOf(signedUrl), 'unrelated');
    // An SNS message data-protection policy: its own Version and statement members.
    const dataProtection = {
      Name: 'p',
      Version: '2021-06-01',
      Statement: [{ Sid: 's', DataDirection: 'Inbound', Principal: ['*'], DataIdentifier: ['arn:aws:dataprotection::aws:data-identifier/EmailAddress'], Operation: { Deny: {} } }],
    };
    assert.equal(kindOf(dataProtection), 'unrelated');
    assert.deepEqual(analyze([{ uri: 'a.json', text: json(signedUrl) }, { uri: 'b.json', text: json(dataProtection) }]).findings, []);
  });

  it('a broken IAM policy stays a policy', () => {
    assert.equal(kindOf({ Version: '2024-01-01', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }), 'permission-policy');
    assert.equal(kindOf({ Version: '2012-10-17', Statement: [] }), 'permission-policy');
    assert.equal(kindOf({ Statement: [{ Action: 's3:GetObject', Resource: '*' }] }), 'permission-policy');
  });
});

describe('classification of replication configurations', () => {
  it('Role with Rule or Rules is a configuration even when broken', () => {
    assert.equal(kindOf({ Role: 'arn:aws:iam::111122223333:role/r', Rule: { Status: 'Enabled' } }), 'replication-config');
    assert.equal(kindOf({ Role: 'arn:aws:iam::111122223333:role/r', Rules: 'oops' }), 'replication-config');
    assert.equal(kindOf({ Role: 7, Rules: [] }), 'replication-config');
  });

  it('get-role output (Role as an object) is not one', () => {
    assert.equal(kindOf({ Role: { RoleName: 'r', Arn: 'arn:aws:iam::111122223333:role/r' } }), 'unrelated');
  });
});

describe('document kinds offered to users', () => {
  it('the fileKinds setting offers exactly the engine kinds', () => {
    const manifest = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as {
      contributes: { configuration: { properties: Record<string, { additionalProperties?: { enum?: string[] } }> } };
    };
    assert.deepEqual(manifest.contributes.configuration.properties['s3ReplicationDoctor.fileKinds'].additionalProperties?.enum, [...DOCUMENT_KINDS]);
  });
});

describe('large documents', () => {
  it('a large document without the members we look for is unrelated, without a syntax tree', () => {
    const template = { AWSTemplateFormatVersion: '2010-09-09', Resources: Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`Queue${i}`, { Type: 'AWS::SQS::Queue', Properties: { QueueName: `q-${i}` } }])) };
    const doc = parseDocument({ uri: 'template.json', text: json(template) });
    assert.ok(doc.text.length > 64 * 1024);
    assert.equal(doc.kind, 'unrelated');
    assert.equal(doc.root, undefined);
    // Forced, it is parsed and judged like any other.
    assert.notEqual(parseDocument({ uri: 'template.json', text: json(template), kind: 'permission-policy' }).root, undefined);
  });

  it('a large policy or configuration is classified as usual', () => {
    const statements = Array.from({ length: 1500 }, (_, i) => ({ Sid: `S${i}`, Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::bucket-${i}/*` }));
    const doc = parseDocument({ uri: 'big.json', text: json(policy(...statements)) });
    assert.ok(doc.text.length > 64 * 1024);
    assert.equal(doc.kind, 'permission-policy');
    const nested = parseDocument({ uri: 'role.json', text: json({ Role: { RoleName: 'r', AssumeRolePolicyDocument: policy({ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole' }) }, Padding: 'x'.repeat(70000) }) });
    assert.equal(nested.kind, 'trust-policy');
  });
});
