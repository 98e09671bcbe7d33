/**
 * The streaming analysis (documents analysed one by one, configurations kept, concerned policies
 * re-checked at the end) gives exactly the findings of analysing every document at once.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { analyze, byPosition } from '../../src/core/analyze';
import { DocumentInput } from '../../src/core/document';
import { Finding } from '../../src/core/findings';
import { StreamingAnalysis } from '../../src/core/streamAnalysis';
import { json } from '../helpers';

function streamed(inputs: readonly DocumentInput[]): { findings: Finding[]; rechecked: string[] } {
  const session = new StreamingAnalysis();
  const byUri = new Map<string, Finding[]>();
  for (const input of inputs) byUri.set(input.uri, session.add(input).findings);
  const rechecked = session.recheck();
  const final = session.finish(inputs.filter((i) => rechecked.includes(i.uri)));
  for (const d of final.documents) byUri.set(d.uri, final.findings.filter((f) => f.uri === d.uri));
  return { findings: [...byUri.values()].flat().sort(byPosition), rechecked };
}

const plainFinding = (f: Finding) => ({ uri: f.uri, offset: f.offset, length: f.length, ruleId: f.ruleId, severity: f.severity, message: f.message, related: f.related });

function assertSame(inputs: readonly DocumentInput[]): string[] {
  const { findings, rechecked } = streamed(inputs);
  assert.deepEqual(findings.map(plainFinding), analyze(inputs).findings.map(plainFinding));
  return rechecked;
}

const ROLE = (name: string) => `arn:aws:iam::111122223333:role/${name}`;
const config = (role: string, dest: string, extra: object = {}) =>
  json({ Role: ROLE(role), Rules: [{ ID: 'r', Status: 'Enabled', Priority: 1, Filter: {}, DeleteMarkerReplication: { Status: 'Enabled' }, Destination: { Bucket: `arn:aws:s3:::${dest}`, ...extra } }] });
const policy = (...statements: object[]) => json({ Version: '2012-10-17', Statement: statements });
const allow = (Action: unknown, Resource: unknown) => ({ Effect: 'Allow', Action, Resource });

/** Documents of every way a policy can belong to a configuration, and of none. */
const POOL: Record<string, string> = {
  config: config('replicator', 'dest'),
  otherConfig: config('copier', 'archive', { Account: '444455556666' }),
  rolePolicy: policy(allow(['s3:GetObjectVersionForReplication'], 'arn:aws:s3:::src/*'), allow(['s3:ReplicateObject'], 'arn:aws:s3:::dest/*')),
  halfRole: policy(allow(['s3:GetObject', 's3:PutObject'], ['arn:aws:s3:::src/*', 'arn:aws:s3:::dest/*'])),
  named: json({ RoleName: 'copier', PolicyDocument: { Version: '2012-10-17', Statement: [allow('s3:ReplicateObject', 'arn:aws:s3:::archive')] } }),
  trust: policy({ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRol' }),
  plainTrust: policy({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }),
  accountTrust: policy({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sts:AssumeRole' }),
  destBucket: policy({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::archive/*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
  srcBucket: policy({ Effect: 'Deny', Principal: '*', Action: 's3:GetObject*', Resource: 'arn:aws:s3:::src/*' }),
  unrelatedBucket: policy({ Effect: 'Allow', Principal: '*', Action: 's3:GetObjekt', Resource: 'arn:aws:s3:::website/*' }),
  admin: policy(allow('*', '*')),
  readWrite: policy(allow('s3:*Object', 'arn:aws:s3:::dest/*')),
  key: policy({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' }),
  broken: '{"Version": "2012-10-17", "Statement": [',
  // A CloudFormation template holding a configuration: kept whole, its embedded documents take part.
  template: json({
    AWSTemplateFormatVersion: '2010-09-09',
    Resources: {
      Source: {
        Type: 'AWS::S3::Bucket',
        Properties: {
          BucketName: 'src',
          VersioningConfiguration: { Status: 'Enabled' },
          ReplicationConfiguration: {
            Role: ROLE('replicator'),
            Rules: [{ Id: 'r', Status: 'Enabled', Priority: 1, Filter: { Prefix: '' }, DeleteMarkerReplication: { Status: 'Enabled' }, Destination: { Bucket: 'arn:aws:s3:::dest' } }],
          },
        },
      },
    },
  }),
  // A template declaring a fact (Object Lock on the source) that changes what the role needs.
  lockTemplate: json({ AWSTemplateFormatVersion: '2010-09-09', Resources: { Locked: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'src', ObjectLockEnabled: true } } } }),
  other: json({ name: 'app', version: '1.0.0' }),
};
const FOLDERS = ['infra/replication', 'infra/iam', 'other'];
const NAMES = ['replicator-policy', 'copier', 'role', 'trust', 'bucket', 'x'];

describe('streaming analysis', () => {
  it('re-checks only the policies a configuration may concern, and finds what analysing everything finds', () => {
    const inputs: DocumentInput[] = [
      { uri: 'infra/replication/config.json', text: POOL.config },
      { uri: 'infra/replication/role.json', text: POOL.halfRole },
      { uri: 'infra/iam/replicator-trust.json', text: POOL.trust },
      { uri: 'policies/admin.json', text: POOL.admin },
      { uri: 'policies/website-bucket.json', text: POOL.unrelatedBucket },
      { uri: 'buckets/src-bucket.json', text: POOL.srcBucket },
    ];
    const rechecked = assertSame(inputs);
    assert.deepEqual(rechecked, ['infra/replication/role.json', 'infra/iam/replicator-trust.json', 'buckets/src-bucket.json']);
  });

  it('a configuration inside a template concerns the role policy in another file; a template\'s declared facts reach the policies naming its buckets', () => {
    const inputs: DocumentInput[] = [
      { uri: 'stacks/replication.json', text: POOL.template },
      { uri: 'iam/replicator-policy.json', text: POOL.rolePolicy },
      { uri: 'iam/other.json', text: POOL.readWrite },
    ];
    assert.deepEqual(assertSame(inputs), ['iam/replicator-policy.json', 'iam/other.json']);
    const locked: DocumentInput[] = [
      { uri: 'stacks/lock.json', text: POOL.lockTemplate },
      { uri: 'iam/role.json', text: POOL.rolePolicy },
      { uri: 'iam/admin.json', text: POOL.admin },
    ];
    assert.deepEqual(assertSame(locked), ['iam/role.json']);
  });

  it('without configurations nothing is re-checked', () => {
    assert.deepEqual(assertSame([{ uri: 'a.json', text: POOL.rolePolicy }, { uri: 'b.json', text: POOL.readWrite }]), []);
  });

  it('any arrangement of configurations and policies, in any folder, under any name', () => {
    const doc = fc.record({ content: fc.constantFrom(...Object.keys(POOL)), folder: fc.constantFrom(...FOLDERS), name: fc.constantFrom(...NAMES) });
    fc.assert(
      fc.property(fc.array(doc, { minLength: 1, maxLength: 7 }), (docs) => {
        const seen = new Set<string>();
        const inputs = docs
          .map((d, i) => ({ uri: `${d.folder}/${d.name}-${i}.json`, text: POOL[d.content] }))
          .filter((d) => !seen.has(d.uri) && seen.add(d.uri));
        assertSame(inputs);
      }),
      { numRuns: 150 },
    );
  });
});
