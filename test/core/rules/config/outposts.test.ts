/** S3 on Outposts configurations: their ARNs accepted, and only what AWS documents about them enforced. */
import { strict as assert } from 'node:assert';
import { findings, findingsIn } from '../../../helpers';
import { config, expectNone, expectOne, problems, v2Rule } from './fixtures';

const OUTPOST = 'arn:aws:s3-outposts:us-west-2:123456789012:outpost/op-01ac5d28a6a232904';
const DEST_AP = `${OUTPOST}/accesspoint/dest-ap`;
const SRC_AP = `${OUTPOST}/accesspoint/src-ap`;
const outpostsRule = (extra: Record<string, unknown> = {}) => v2Rule({ Bucket: SRC_AP, Destination: { Bucket: DEST_AP }, ...extra });

describe('S3 on Outposts configurations', () => {
  it('accept the destination access point ARN and the bucket form, and are otherwise clean', () => {
    assert.deepEqual(problems(config([outpostsRule()])), []);
    assert.deepEqual(problems(config([outpostsRule({ Destination: { Bucket: `${OUTPOST}/bucket/dest`, StorageClass: 'OUTPOSTS' } })])), []);
  });

  it('accept the S3 User Guide example, whose Region is the placeholder `region` (rule `Bucket` aside)', () => {
    const text = config([v2Rule({ Filter: { Prefix: 'Tax' }, Destination: { Bucket: 'arn:aws:s3-outposts:region:123456789012:outpost/DESTINATION-OUTPOST-ID/accesspoint/DESTINATION-OUTPOSTS-BUCKET-ACCESS-POINT' } })]);
    assert.deepEqual(
      findings(text).filter((f) => f.severity === 'error'),
      [],
    );
  });

  it('reject a malformed Outposts ARN, saying what the ARN must look like', () => {
    const f = expectOne(config([outpostsRule({ Destination: { Bucket: `${OUTPOST}/dest-ap` } })]), 'rc-destination-bucket-arn', JSON.stringify(`${OUTPOST}/dest-ap`), 'error');
    assert.match(f.message, /not a well-formed S3 on Outposts ARN.*outpost\/<outpost-id>\/accesspoint\/<access-point-name>/);
  });

  it('take OUTPOSTS as the storage class, and nothing else', () => {
    expectNone(config([outpostsRule({ Destination: { Bucket: DEST_AP, StorageClass: 'OUTPOSTS' } })]), 'rc-storage-class-not-replication');
    const f = expectOne(config([outpostsRule({ Destination: { Bucket: DEST_AP, StorageClass: 'STANDARD_IA' } })]), 'rc-outposts-unsupported', '"STANDARD_IA"', 'error');
    assert.match(f.message, /OUTPOSTS/);
    // Outside Outposts, OUTPOSTS is still not a replication class.
    expectOne(config([v2Rule({ Destination: { Bucket: 'arn:aws:s3:::dest', StorageClass: 'OUTPOSTS' } })]), 'rc-storage-class-not-replication', '"OUTPOSTS"', 'warning');
  });

  it('reject RTC, the metrics event threshold, the replica KMS key and SSE-KMS objects, as the S3 Control reference documents', () => {
    const text = config([
      outpostsRule({
        Destination: {
          Bucket: DEST_AP,
          ReplicationTime: { Status: 'Enabled', Time: { Minutes: 15 } },
          Metrics: { Status: 'Enabled', EventThreshold: { Minutes: 15 } },
          EncryptionConfiguration: { ReplicaKmsKeyID: 'arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab' },
        },
        SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' } },
      }),
    ]);
    const spans = findings(text, 'rc-outposts-unsupported').map((f) => text.slice(f.offset, f.offset + f.length));
    assert.deepEqual(spans, ['"ReplicationTime"', '"EventThreshold"', '"EncryptionConfiguration"', '"SseKmsEncryptedObjects"']);
    expectNone(text, 'rc-sse-kms-objects-skipped');
  });

  it('say nothing about Outposts on ordinary S3 configurations', () => {
    expectNone(config([v2Rule({ Destination: { Bucket: 'arn:aws:s3:::dest', ReplicationTime: { Status: 'Enabled', Time: { Minutes: 15 } }, Metrics: { Status: 'Enabled', EventThreshold: { Minutes: 15 } } } })]), 'rc-outposts-unsupported');
    expectNone(config([v2Rule()]), 'rc-outposts-rule-bucket');
  });

  it('accept at most 100 rules', () => {
    const many = (n: number) => config(Array.from({ length: n }, (_, i) => outpostsRule({ ID: `r${i}`, Priority: i })));
    expectOne(many(101), 'rc-outposts-unsupported', '"Rules"', 'error');
    expectNone(many(100), 'rc-outposts-unsupported');
  });

  it('warn when a rule does not name its source `Bucket`, quoting the CLI', () => {
    const f = expectOne(config([outpostsRule({ Bucket: undefined })]), 'rc-outposts-rule-bucket', '"ID"', 'warning');
    assert.match(f.message, /Missing required parameter in ReplicationConfiguration\.Rules\[0\]: "Bucket"/);
  });

  it('are not checked against the S3 role requirements (their role is granted s3-outposts: actions)', () => {
    const role = 'arn:aws:iam::123456789012:role/outposts-replication';
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3-outposts:ReplicateObject'], Resource: `${DEST_AP}/object/*` }] });
    const fs = findingsIn([
      { uri: 'replication.json', text: config([outpostsRule()], { Role: role }) },
      { uri: 'role-policy.json', text: JSON.stringify({ RoleName: 'outposts-replication', PolicyDocument: JSON.parse(policy) }) },
    ]);
    assert.deepEqual(fs.filter((f) => f.uri === 'role-policy.json' && f.ruleId.startsWith('iam-') && f.severity === 'error').map((f) => f.ruleId), []);
  });
});
