import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../../src/core/analyze';
import { parseDocument } from '../../../src/core/document';
import { GeneratedRole, generateRolePolicies, SOURCE_BUCKET_PLACEHOLDER } from '../../../src/core/iam/generate';
import { json } from '../../helpers';

const ROLE = 'arn:aws:iam::111122223333:role/replication';
const KEY = 'arn:aws:kms:eu-west-1:444455556666:key/abcd';

function generate(config: object, options = {}): GeneratedRole {
  const out = generateRolePolicies(parseDocument({ uri: 'config.json', text: json(config) }), options);
  assert.ok(!('problem' in out), 'problem' in out ? out.problem : '');
  return out;
}

/** Findings of the generated policies analysed with the configuration. */
function check(config: object, g: GeneratedRole): string[] {
  return analyze([
    { uri: 'config.json', text: json(config) },
    { uri: 'role.json', text: g.permissionPolicy },
    { uri: 'trust.json', text: g.trustPolicy },
  ]).findings
    .filter((f) => f.uri !== 'config.json')
    .map((f) => `${f.uri} ${f.severity} ${f.ruleId}`);
}

const rule = (over: object = {}) => ({ ID: 'r', Status: 'Enabled', Priority: 1, Filter: {}, DeleteMarkerReplication: { Status: 'Disabled' }, Destination: { Bucket: 'arn:aws:s3:::dest' }, ...over });

describe('generateRolePolicies', () => {
  it('the walkthrough configuration: the documented least-privilege role, which the checks accept', () => {
    const text = readFileSync(join(__dirname, '../../../../shared/examples/seed-walkthrough/replication-config.json'), 'utf8');
    const g = generateRolePolicies(parseDocument({ uri: 'replication-config.json', text }), { sourceBucket: 'source-bucket' });
    assert.ok(!('problem' in g));
    assert.deepEqual(JSON.parse(g.permissionPolicy), {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'ReplicationSourceBucket', Effect: 'Allow', Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'], Resource: 'arn:aws:s3:::source-bucket' },
        {
          Sid: 'ReplicationSourceObjects',
          Effect: 'Allow',
          Action: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'],
          Resource: 'arn:aws:s3:::source-bucket/*',
        },
        { Sid: 'ReplicationDestinationObjects', Effect: 'Allow', Action: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'], Resource: 'arn:aws:s3:::destination-bucket/*' },
      ],
    });
    assert.deepEqual(JSON.parse(g.trustPolicy), { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    assert.deepEqual(g.notes, []);
    const results = analyze([
      { uri: 'replication-config.json', text },
      { uri: 'role.json', text: g.permissionPolicy },
      { uri: 'trust.json', text: g.trustPolicy },
    ]).findings.filter((f) => f.uri !== 'replication-config.json');
    // Not even a note: what the command generates is what the checks ask for.
    assert.deepEqual(results.map((f) => `${f.uri} ${f.severity} ${f.ruleId}`), []);
  });

  it('every feature, every destination, key prefixes kept; the result passes the checks (infos aside)', () => {
    const config = {
      Role: ROLE,
      Rules: [
        rule({ ID: 'a', Filter: { Prefix: 'logs/' }, DeleteMarkerReplication: { Status: 'Enabled' }, Destination: { Bucket: 'arn:aws:s3:::one', Account: '444455556666', AccessControlTranslation: { Owner: 'Destination' } } }),
        rule({
          ID: 'b',
          Priority: 2,
          SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' } },
          Destination: { Bucket: 'arn:aws:s3:::two', EncryptionConfiguration: { ReplicaKmsKeyID: KEY } },
        }),
      ],
    };
    const g = generate(config, { sourceBucket: 'src', sourceKeys: ['arn:aws:kms:us-east-1:111122223333:key/src'] });
    const policy = JSON.parse(g.permissionPolicy) as { Statement: { Action: string[]; Resource: string | string[] }[] };
    const grants = policy.Statement.flatMap((s) => s.Action.flatMap((a) => [s.Resource].flat().map((r) => `${a} ${r}`)));
    for (const expected of [
      's3:ObjectOwnerOverrideToBucketOwner arn:aws:s3:::one/logs/*',
      's3:ReplicateObject arn:aws:s3:::two/*',
      'kms:Decrypt arn:aws:kms:us-east-1:111122223333:key/src',
      `kms:Encrypt ${KEY}`,
      `kms:GenerateDataKey ${KEY}`,
    ]) {
      assert.ok(grants.includes(expected), `${expected} missing from:\n${grants.join('\n')}`);
    }
    assert.ok(!grants.some((x) => / \*$/.test(x)), 'never a bare *');
    assert.deepEqual(check(config, g).filter((x) => !x.includes(' info ')), []);
    assert.match(g.notes.join('\n'), /one belongs to account 444455556666: its bucket policy must also allow/);
  });

  it('placeholders, each with a note, when the documents cannot tell the source bucket or the source key', () => {
    const config = { Role: ROLE, Rules: [rule({ SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' } }, Destination: { Bucket: 'arn:aws:s3:::dest', EncryptionConfiguration: { ReplicaKmsKeyID: KEY } } })] };
    const g = generate(config);
    assert.ok(g.permissionPolicy.includes(`arn:aws:s3:::${SOURCE_BUCKET_PLACEHOLDER}/*`));
    assert.equal(g.notes.length, 2);
    // The placeholder key is flagged by the checks, right where the user must type.
    assert.deepEqual(check(config, g).filter((x) => x.includes(' error ')), ['role.json error iam-arn-malformed']);
  });

  it('batch adds the Batch Operations principal; documents that are no configuration are refused', () => {
    const g = generate({ Role: ROLE, Rules: [rule()] }, { sourceBucket: 'src', batch: true });
    assert.deepEqual(JSON.parse(g.trustPolicy).Statement[0].Principal.Service, ['s3.amazonaws.com', 'batchoperations.s3.amazonaws.com']);
    const policy = parseDocument({ uri: 'p.json', text: json({ Version: '2012-10-17', Statement: [] }) });
    assert.match((generateRolePolicies(policy) as { problem: string }).problem, /not an S3 replication configuration/);
    const disabled = parseDocument({ uri: 'c.json', text: json({ Role: ROLE, Rules: [rule({ Status: 'Disabled' })] }) });
    assert.match((generateRolePolicies(disabled) as { problem: string }).problem, /no enabled rule/);
  });
});
