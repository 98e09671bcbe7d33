import { strict as assert } from 'node:assert';
import { parseDocument } from '../../../src/core/document';
import { configSummary } from '../../../src/core/iam/replicationConfig';
import { replicationRequirements, Requirement } from '../../../src/core/iam/requirements';

const ROLE = 'arn:aws:iam::111122223333:role/replication';
const KEY = 'arn:aws:kms:eu-west-1:444455556666:key/0000-1111';

function requirements(rules: unknown[], sources?: string[], extra: object = {}): Requirement[] {
  const doc = parseDocument({ uri: 'config.json', text: JSON.stringify({ Role: ROLE, Rules: rules, ...extra }) });
  return replicationRequirements(configSummary(doc), { sources });
}

const rows = (list: Requirement[]) => list.map((r) => `${r.action} ${r.resource} ${r.severity}`).sort();

const rule = (over: object = {}) => ({
  ID: 'r',
  Status: 'Enabled',
  Priority: 1,
  Filter: {},
  DeleteMarkerReplication: { Status: 'Disabled' },
  Destination: { Bucket: 'arn:aws:s3:::dest' },
  ...over,
});

describe('replication requirements', () => {
  it('base replication: source bucket and objects, destination objects, with catalogue severities', () => {
    assert.deepEqual(rows(requirements([rule()], ['src'])), [
      's3:GetObjectVersionAcl arn:aws:s3:::src/* error',
      's3:GetObjectVersionForReplication arn:aws:s3:::src/* error',
      's3:GetObjectVersionTagging arn:aws:s3:::src/* warning',
      's3:GetReplicationConfiguration arn:aws:s3:::src warning',
      's3:ListBucket arn:aws:s3:::src warning',
      's3:ReplicateDelete arn:aws:s3:::dest/* warning',
      's3:ReplicateObject arn:aws:s3:::dest/* error',
      's3:ReplicateTags arn:aws:s3:::dest/* info',
    ]);
  });

  it('features raise severities and add actions: delete markers, tag filters, owner override, SSE-KMS', () => {
    const list = requirements(
      [
        rule({
          Filter: { And: { Prefix: 'logs/', Tags: [{ Key: 'k', Value: 'v' }] } },
          DeleteMarkerReplication: { Status: 'Enabled' },
          SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' } },
          Destination: { Bucket: 'arn:aws:s3:::dest', Account: '444455556666', AccessControlTranslation: { Owner: 'Destination' }, EncryptionConfiguration: { ReplicaKmsKeyID: KEY } },
        }),
      ],
      ['src'],
    );
    const by = (action: string) => list.find((r) => r.action === action);
    assert.equal(by('s3:GetObjectVersionTagging')?.severity, 'error');
    assert.equal(by('s3:GetObjectVersionTagging')?.resource, 'arn:aws:s3:::src/logs/*', 'object resources keep the rule prefix');
    assert.equal(by('s3:ReplicateDelete')?.severity, 'error');
    assert.equal(by('s3:ObjectOwnerOverrideToBucketOwner')?.resource, 'arn:aws:s3:::dest/logs/*');
    assert.deepEqual([by('kms:Encrypt')?.resource, by('kms:Encrypt')?.exact, by('kms:GenerateDataKey')?.severity], [KEY, true, 'warning']);
    assert.deepEqual([by('kms:Decrypt')?.scope, by('kms:Decrypt')?.exact], ['some', false], 'the source key is not in the configuration');
  });

  it('V1 rules replicate delete markers, so ReplicateDelete is an error there', () => {
    const list = requirements([{ Status: 'Enabled', Prefix: '', Destination: { Bucket: 'arn:aws:s3:::dest' } }], ['src']);
    assert.equal(list.find((r) => r.action === 's3:ReplicateDelete')?.severity, 'error');
  });

  it('every destination, disabled rules skipped, narrower prefixes folded into wider ones', () => {
    const list = requirements(
      [
        rule({ ID: 'a', Filter: { Prefix: 'logs/' }, Destination: { Bucket: 'arn:aws:s3:::one' } }),
        rule({ ID: 'b', Priority: 2, Destination: { Bucket: 'arn:aws:s3:::two' } }),
        rule({ ID: 'c', Priority: 3, Status: 'Disabled', Destination: { Bucket: 'arn:aws:s3:::three' } }),
      ],
      ['src'],
    );
    const replicate = list.filter((r) => r.action === 's3:ReplicateObject').map((r) => r.resource);
    assert.deepEqual(replicate.sort(), ['arn:aws:s3:::one/logs/*', 'arn:aws:s3:::two/*']);
    const reads = list.filter((r) => r.action === 's3:GetObjectVersionForReplication');
    assert.deepEqual(
      reads.map((r) => r.resource),
      ['arn:aws:s3:::src/*'],
      'src/logs/* is inside src/*',
    );
    assert.deepEqual(reads[0].needs.map((n) => n.label).sort(), ['rule "a"', 'rule "b"']);
  });

  it('an unknown source bucket gives `some` requirements that no fix can write', () => {
    const list = requirements([rule()]);
    const config = list.find((r) => r.action === 's3:GetReplicationConfiguration');
    assert.deepEqual([config?.resource, config?.scope, config?.exact], ['arn:aws:s3:::*', 'some', false]);
  });

  it('follows the partition of the role', () => {
    const doc = parseDocument({ uri: 'c.json', text: JSON.stringify({ Role: 'arn:aws-cn:iam::111122223333:role/r', Rules: [rule({ Destination: { Bucket: 'arn:aws-cn:s3:::dest' } })] }) });
    const list = replicationRequirements(configSummary(doc), { sources: ['src'] });
    assert.ok(list.every((r) => r.resource.startsWith('arn:aws-cn:s3:::')), rows(list).join('\n'));
  });
});
