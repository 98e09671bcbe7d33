import { strict as assert } from 'node:assert';
import { LiveFacts } from '../../../../src/core/facts';
import { applyFix, findings, findingsIn } from '../../../helpers';
import { config, expectNone, expectOne, offsetOf, v2Rule } from './fixtures';

const withDest = (d: Record<string, unknown>, extra: Record<string, unknown> = {}) => v2Rule({ Destination: { Bucket: 'arn:aws:s3:::dest', ...d }, ...extra });

describe('rc-destination-required', () => {
  const RULE = 'rc-destination-required';
  it('fires on the rule\'s first member name without Destination, on the Destination key without Bucket, on an empty Bucket', () => {
    const none = config([v2Rule({ Destination: undefined })]);
    assert.equal(expectOne(none, RULE, '"ID"', 'error').offset, offsetOf(none, '"ID"', 0));
    expectOne(config([v2Rule({ Destination: { StorageClass: 'STANDARD' } })]), RULE, '"Destination"', 'error');
    expectOne(config([v2Rule({ Destination: { Bucket: '' } })]), RULE, '""', 'error');
  });
  it('is silent with a bucket', () => expectNone(config([v2Rule()]), RULE));
});

describe('rc-destination-bucket-arn', () => {
  const RULE = 'rc-destination-bucket-arn';
  it('turns a bucket name into an ARN, quoting S3', () => {
    const text = config([v2Rule({ Destination: { Bucket: 'destination-bucket' } })]);
    assert.match(expectOne(text, RULE, '"destination-bucket"', 'error').message, /Invalid bucket ARN/);
    assert.equal(JSON.parse(applyFix(text, RULE)).Rules[0].Destination.Bucket, 'arn:aws:s3:::destination-bucket');
  });
  it('uses the partition of the Role ARN, and repairs s3:// URLs and object ARNs', () => {
    const cn = config([v2Rule({ Destination: { Bucket: 's3://dest-cn/' } })], { Role: 'arn:aws-cn:iam::123456789012:role/r' });
    assert.equal(JSON.parse(applyFix(cn, RULE)).Rules[0].Destination.Bucket, 'arn:aws-cn:s3:::dest-cn');
    const objectArn = config([v2Rule({ Destination: { Bucket: 'arn:aws:s3:::dest/*' } })]);
    assert.equal(JSON.parse(applyFix(objectArn, RULE)).Rules[0].Destination.Bucket, 'arn:aws:s3:::dest');
  });
  it('offers no fix when no bucket name can be read', () => {
    assert.equal(expectOne(config([v2Rule({ Destination: { Bucket: 'Not A Bucket!' } })]), RULE, '"Not A Bucket!"').fixes, undefined);
  });
  it('says what the value is instead of a bucket ARN', () => {
    const say = (bucket: string) => expectOne(config([v2Rule({ Destination: { Bucket: bucket } })]), RULE, JSON.stringify(bucket)).message;
    assert.match(say('destination-bucket'), /this is a bucket name/);
    assert.match(say('s3://dest/'), /this is an s3:\/\/ URL/);
    assert.match(say('arn:aws:s3:::dest/logs/*'), /this names objects \(`dest\/logs\/\*`\), not the bucket/);
    assert.match(say('arn:aws:s3:us-east-1:123456789012:accesspoint/ap'), /this is an access point ARN/);
    assert.match(say('arn:aws:iam::123456789012:role/r'), /this is an `iam` ARN, not an S3 bucket ARN/);
    assert.match(say('Not A Bucket!'), /not an ARN \(nor a valid bucket name\)/);
  });
  it('accepts bucket ARNs in every partition', () => {
    expectNone(config([v2Rule()]), RULE);
    expectNone(config([v2Rule({ Destination: { Bucket: 'arn:aws-us-gov:s3:::gov' } })]), RULE);
  });
});

describe('rc-destination-directory-bucket', () => {
  const RULE = 'rc-destination-directory-bucket';
  it('errors on a directory bucket destination', () => {
    expectOne(config([v2Rule({ Destination: { Bucket: 'arn:aws:s3:::logs--usw2-az1--x-s3' } })]), RULE, '"arn:aws:s3:::logs--usw2-az1--x-s3"', 'error');
  });
  it('errors on a live directory source bucket', () => {
    const text = config([v2Rule()]);
    const live = findingsIn([{ uri: 'l.json', text, live: { sourceBucket: 'src--use1-az4--x-s3' } }], RULE);
    assert.deepEqual(live.map((f) => text.slice(f.offset, f.offset + f.length)), ['{']);
  });
  it('is silent for general purpose buckets', () => expectNone(config([v2Rule({ Destination: { Bucket: 'arn:aws:s3:::x-s3-archive' } })]), RULE));
});

describe('storage class', () => {
  it('rc-storage-class-enum: fixes the case and separators', () => {
    const text = config([withDest({ StorageClass: 'standard-ia' })]);
    expectOne(text, 'rc-storage-class-enum', '"standard-ia"', 'error');
    assert.equal(JSON.parse(applyFix(text, 'rc-storage-class-enum')).Rules[0].Destination.StorageClass, 'STANDARD_IA');
    assert.equal(expectOne(config([withDest({ StorageClass: 'COLD' })]), 'rc-storage-class-enum', '"COLD"').fixes, undefined);
    expectNone(config([withDest({ StorageClass: 'GLACIER_IR' })]), 'rc-storage-class-enum');
  });
  it('rc-storage-class-fsx-openzfs and rc-storage-class-not-replication', () => {
    expectOne(config([withDest({ StorageClass: 'FSX_OPENZFS' })]), 'rc-storage-class-fsx-openzfs', '"FSX_OPENZFS"', 'error');
    expectNone(config([withDest({ StorageClass: 'FSX_OPENZFS' })]), 'rc-storage-class-not-replication');
    expectOne(config([withDest({ StorageClass: 'EXPRESS_ONEZONE' })]), 'rc-storage-class-not-replication', '"EXPRESS_ONEZONE"', 'warning');
    expectNone(config([withDest({ StorageClass: 'DEEP_ARCHIVE' })]), 'rc-storage-class-not-replication');
  });
  it('rc-storage-class-default: one note per file on the Destination key', () => {
    const f = expectOne(config([v2Rule(), v2Rule({ ID: 'b', Priority: 2 })]), 'rc-storage-class-default', '"Destination"', 'info');
    assert.match(f.message, /Applies to 2 rules/);
    expectNone(config([withDest({ StorageClass: 'STANDARD' })]), 'rc-storage-class-default');
  });
});

describe('Destination.Account and owner override', () => {
  const ATC = { AccessControlTranslation: { Owner: 'Destination' } };
  it('rc-account-required-with-atc: errors on the ATC key; no invented account', () => {
    const f = expectOne(config([withDest(ATC)]), 'rc-account-required-with-atc', '"AccessControlTranslation"', 'error');
    assert.deepEqual(f.fixes?.map((x) => x.preferred), [false], 'only the removal, not preferred');
    expectNone(config([withDest({ ...ATC, Account: '210987654321' })]), 'rc-account-required-with-atc');
  });
  it('rc-account-required-with-atc: takes the account from another rule to the same bucket', () => {
    const text = config([withDest({ ...ATC, Account: '210987654321' }), withDest(ATC, { ID: 'b', Priority: 2 })]);
    assert.equal(JSON.parse(applyFix(text, 'rc-account-required-with-atc')).Rules[1].Destination.Account, '210987654321');
  });
  it('rc-account-required-with-atc: takes the account from live facts', () => {
    const facts: LiveFacts = { buckets: { dest: { name: 'dest', ownerAccount: '333333333333' } } };
    const out = applyFix(config([withDest(ATC)]), 'rc-account-required-with-atc', 0, { facts });
    assert.equal(JSON.parse(out).Rules[0].Destination.Account, '333333333333');
  });
  it('rc-account-empty: errors and removes the empty member when nothing needs it', () => {
    const text = config([withDest({ Account: '' })]);
    expectOne(text, 'rc-account-empty', '""', 'error');
    assert.equal(JSON.parse(applyFix(text, 'rc-account-empty')).Rules[0].Destination.Account, undefined);
    assert.deepEqual(findings(config([withDest({ ...ATC, Account: '' })]), 'rc-account-empty')[0].fixes, []);
  });
  it('rc-account-format: warns and normalises dashes', () => {
    const text = config([withDest({ Account: '2109-8765-4321' })]);
    expectOne(text, 'rc-account-format', '"2109-8765-4321"', 'warning');
    assert.equal(JSON.parse(applyFix(text, 'rc-account-format')).Rules[0].Destination.Account, '210987654321');
    // A JSON number is a type error the CLI refuses before sending: rc-member-type's, with the same fix.
    const numeric = config([withDest({ Account: 210987654321 })]);
    assert.deepEqual(findings(numeric, 'rc-account-format'), []);
    assert.equal(JSON.parse(applyFix(numeric, 'rc-member-type')).Rules[0].Destination.Account, '210987654321');
    assert.equal(expectOne(config([withDest({ Account: '12345' })]), 'rc-account-format', '"12345"').fixes, undefined);
    expectNone(config([withDest({ Account: '210987654321' })]), 'rc-account-format');
  });
  it('rc-atc-owner-enum: sets Owner to Destination', () => {
    const text = config([withDest({ AccessControlTranslation: { Owner: 'destination' }, Account: '210987654321' })]);
    expectOne(text, 'rc-atc-owner-enum', '"destination"', 'error');
    assert.equal(JSON.parse(applyFix(text, 'rc-atc-owner-enum')).Rules[0].Destination.AccessControlTranslation.Owner, 'Destination');
    expectOne(config([withDest({ AccessControlTranslation: {}, Account: '210987654321' })]), 'rc-atc-owner-enum', '"AccessControlTranslation"');
    expectNone(config([withDest({ ...ATC, Account: '210987654321' })]), 'rc-atc-owner-enum');
  });
  it('rc-atc-acl-behaviour: notes the ACL consequences', () => {
    expectOne(config([withDest({ ...ATC, Account: '210987654321' })]), 'rc-atc-acl-behaviour', '"AccessControlTranslation"', 'info');
    expectNone(config([v2Rule()]), 'rc-atc-acl-behaviour');
  });
});
