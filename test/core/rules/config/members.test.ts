/**
 * rc-unknown-member and rc-member-type: the configuration against the PutBucketReplication model,
 * in the AWS CLI's own words (checked against /usr/bin/aws in members.awsCli.test.ts), and the
 * rename / move / wrap fixes, string in, string out.
 */
import { strict as assert } from 'node:assert';
import { applyFix, findings, json, spanText } from '../../../helpers';
import { config, expectNone, expectOne, fixAll, problems, ROLE, v2Rule } from './fixtures';

const UNKNOWN = 'rc-unknown-member';
const TYPE = 'rc-member-type';
const RULE_MEMBERS = 'ID, Priority, Prefix, Filter, Status, SourceSelectionCriteria, ExistingObjectReplication, Destination, DeleteMarkerReplication';
const DEST_MEMBERS = 'Bucket, Account, StorageClass, AccessControlTranslation, EncryptionConfiguration, ReplicationTime, Metrics';
const KEY = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

/** The message up to the CLI's sentence, which is what /usr/bin/aws prints. */
const cliLine = (message: string) => message.slice(0, message.indexOf('. ') + 1).replace(/\.$/, '');

describe('rc-unknown-member', () => {
  it('reports `Id` on the rule in the AWS CLI words, and renames it to `ID`', () => {
    const text = config([v2Rule({ ID: undefined, Id: 'one' })]);
    const f = expectOne(text, UNKNOWN, '"Id"', 'error');
    assert.equal(cliLine(f.message), `Unknown parameter in ReplicationConfiguration.Rules[0]: "Id", must be one of: ${RULE_MEMBERS}`);
    assert.match(f.message, /Did you mean "ID"\?/);
    assert.equal(applyFix(text, UNKNOWN), text.replace('"Id"', '"ID"'));
  });

  it('names the object path of every shape', () => {
    const text = config([
      v2Rule({
        Filter: { And: { Prefix: 'a/', Tags: [{ Key: 'k', Value: 'v', Extra: 1 }], X: 1 } },
        Destination: { Bucket: 'arn:aws:s3:::dest', Metrics: { Status: 'Enabled', M: 1 }, ReplicationTime: { Status: 'Enabled', Time: { Minutes: 15, Seconds: 0 } } },
        SourceSelectionCriteria: { ReplicaModifications: { Status: 'Enabled', Y: 1 } },
        DeleteMarkerReplication: { Status: 'Disabled', Z: 1 },
      }),
    ], { Extra: true });
    const lines = findings(text, UNKNOWN).map((f) => cliLine(f.message));
    assert.deepEqual(lines.sort(), [
      'Unknown parameter in ReplicationConfiguration.Rules[0].DeleteMarkerReplication: "Z", must be one of: Status',
      'Unknown parameter in ReplicationConfiguration.Rules[0].Destination.Metrics: "M", must be one of: Status, EventThreshold',
      'Unknown parameter in ReplicationConfiguration.Rules[0].Destination.ReplicationTime.Time: "Seconds", must be one of: Minutes',
      'Unknown parameter in ReplicationConfiguration.Rules[0].Filter.And.Tags[0]: "Extra", must be one of: Key, Value',
      'Unknown parameter in ReplicationConfiguration.Rules[0].Filter.And: "X", must be one of: Prefix, Tags, Not',
      'Unknown parameter in ReplicationConfiguration.Rules[0].SourceSelectionCriteria.ReplicaModifications: "Y", must be one of: Status',
      'Unknown parameter in ReplicationConfiguration: "Extra", must be one of: Role, Rules',
    ]);
  });

  it('moves `ReplicaKmsKeyID` from under `Destination` into `EncryptionConfiguration`, keeping comments', () => {
    const text = [
      '{',
      '  "Role": "arn:aws:iam::123456789012:role/replication",',
      '  "Rules": [',
      '    {',
      '      "ID": "kms",',
      '      "Status": "Enabled",',
      '      "Priority": 1,',
      '      "Filter": {},',
      '      "DeleteMarkerReplication": { "Status": "Disabled" },',
      '      "Destination": {',
      '        "Bucket": "arn:aws:s3:::dest", // the replica bucket',
      `        "ReplicaKmsKeyID": "${KEY}"`,
      '      },',
      '      "SourceSelectionCriteria": { "SseKmsEncryptedObjects": { "Status": "Enabled" } }',
      '    }',
      '  ]',
      '}',
    ].join('\n');
    const f = expectOne(text, UNKNOWN, '"ReplicaKmsKeyID"', 'error');
    assert.equal(cliLine(f.message), `Unknown parameter in ReplicationConfiguration.Rules[0].Destination: "ReplicaKmsKeyID", must be one of: ${DEST_MEMBERS}`);
    assert.match(f.message, /`ReplicaKmsKeyID` belongs in ReplicationConfiguration\.Rules\[0\]\.Destination\.EncryptionConfiguration\./);
    assert.equal(f.fixes?.[0].title, 'Move "ReplicaKmsKeyID" into Destination.EncryptionConfiguration');
    // One finding for one mistake: the missing-key rule leaves it to the move.
    assert.deepEqual(findings(text, 'rc-sse-kms-needs-replica-key'), []);
    assert.equal(
      applyFix(text, UNKNOWN),
      [
        '{',
        '  "Role": "arn:aws:iam::123456789012:role/replication",',
        '  "Rules": [',
        '    {',
        '      "ID": "kms",',
        '      "Status": "Enabled",',
        '      "Priority": 1,',
        '      "Filter": {},',
        '      "DeleteMarkerReplication": { "Status": "Disabled" },',
        '      "Destination": {',
        '        "Bucket": "arn:aws:s3:::dest", // the replica bucket',
        '        "EncryptionConfiguration": {',
        `          "ReplicaKmsKeyID": "${KEY}"`,
        '        }',
        '      },',
        '      "SourceSelectionCriteria": { "SseKmsEncryptedObjects": { "Status": "Enabled" } }',
        '    }',
        '  ]',
        '}',
      ].join('\n'),
    );
  });

  it('moves `ReplicaKmsKeyID` written on the rule, renaming a case slip, into an existing `EncryptionConfiguration`', () => {
    const text = config([v2Rule({ ReplicaKmsKeyId: KEY, Destination: { Bucket: 'arn:aws:s3:::dest', EncryptionConfiguration: {} } })]);
    const f = expectOne(text, UNKNOWN, '"ReplicaKmsKeyId"');
    assert.equal(f.fixes?.[0].title, 'Move "ReplicaKmsKeyId" into Destination.EncryptionConfiguration as "ReplicaKmsKeyID"');
    const fixed = JSON.parse(applyFix(text, UNKNOWN));
    assert.deepEqual(fixed.Rules[0].Destination, { Bucket: 'arn:aws:s3:::dest', EncryptionConfiguration: { ReplicaKmsKeyID: KEY } });
    assert.equal(fixed.Rules[0].ReplicaKmsKeyId, undefined);
  });

  it('does not move onto a member that is already there', () => {
    const text = config([v2Rule({ ReplicaKmsKeyID: KEY, Destination: { Bucket: 'arn:aws:s3:::dest', EncryptionConfiguration: { ReplicaKmsKeyID: KEY } } })]);
    const f = expectOne(text, UNKNOWN, '"ReplicaKmsKeyID"');
    assert.equal(f.fixes, undefined);
    assert.match(f.message, /belongs in ReplicationConfiguration\.Rules\[0\]\.Destination\.EncryptionConfiguration/);
  });

  it('wraps a `"Rule": {...}` object into `"Rules": [...]`, leaving its text as written', () => {
    const text = '{\r\n  "Role": "arn:aws:iam::123456789012:role/replication",\r\n  "Rule": {\r\n    // the only rule\r\n    "Status": "Enabled",\r\n    "Prefix": "",\r\n    "Destination": { "Bucket": "arn:aws:s3:::dest" }\r\n  }\r\n}\r\n';
    const f = expectOne(text, UNKNOWN, '"Rule"', 'error');
    assert.equal(cliLine(f.message), 'Unknown parameter in ReplicationConfiguration: "Rule", must be one of: Role, Rules');
    assert.deepEqual(findings(text, 'rc-rules-required'), [], 'one finding for one mistake');
    assert.equal(
      applyFix(text, UNKNOWN),
      '{\r\n  "Role": "arn:aws:iam::123456789012:role/replication",\r\n  "Rules": [{\r\n    // the only rule\r\n    "Status": "Enabled",\r\n    "Prefix": "",\r\n    "Destination": { "Bucket": "arn:aws:s3:::dest" }\r\n  }]\r\n}\r\n',
    );
  });

  it('takes a lower-case `rules` list back to `Rules` without wrapping it', () => {
    const text = json({ Role: ROLE, rules: [v2Rule()] });
    assert.equal(applyFix(text, UNKNOWN), text.replace('"rules"', '"Rules"'));
  });

  it('moves `Filter.Tags` into `Filter.And.Tags`', () => {
    const text = config([v2Rule({ Filter: { Tags: [{ Key: 'team', Value: 'a' }, { Key: 'env', Value: 'prod' }] } })]);
    const f = expectOne(text, UNKNOWN, '"Tags"');
    assert.equal(cliLine(f.message), 'Unknown parameter in ReplicationConfiguration.Rules[0].Filter: "Tags", must be one of: Prefix, Tag, And, Not');
    assert.deepEqual(JSON.parse(applyFix(text, UNKNOWN)).Rules[0].Filter, { And: { Tags: [{ Key: 'team', Value: 'a' }, { Key: 'env', Value: 'prod' }] } });
  });

  it('moves a member one level up when only the parent has it (`Priority` inside `Destination`)', () => {
    const text = config([v2Rule({ Priority: undefined, Destination: { Bucket: 'arn:aws:s3:::dest', Priority: 2 } })]);
    const f = expectOne(text, UNKNOWN, '"Priority"');
    assert.match(f.message, /belongs in ReplicationConfiguration\.Rules\[0\] \(one level up\)/);
    const fixed = JSON.parse(applyFix(text, UNKNOWN)).Rules[0];
    assert.equal(fixed.Priority, 2);
    assert.deepEqual(fixed.Destination, { Bucket: 'arn:aws:s3:::dest' });
  });

  it('renames a near miss of the type the value has (`Destnation` to `Destination`)', () => {
    const text = config([v2Rule({ Destination: undefined, Destnation: { Bucket: 'arn:aws:s3:::dest' } })]);
    expectOne(text, UNKNOWN, '"Destnation"');
    assert.deepEqual(findings(text, 'rc-destination-required'), [], 'the rename is the one finding');
    assert.equal(applyFix(text, UNKNOWN), text.replace('"Destnation"', '"Destination"'));
  });

  it('offers no fix when nothing is evidently meant, or the reading is ambiguous', () => {
    const unknown = expectOne(config([v2Rule({ Comment: 'mine' })]), UNKNOWN, '"Comment"');
    assert.equal(unknown.fixes, undefined);
    // `Minutes` below `Destination` could be RTC's or the metrics threshold's.
    assert.equal(expectOne(config([v2Rule({ Destination: { Bucket: 'arn:aws:s3:::dest', Minutes: 15 } })]), UNKNOWN, '"Minutes"').fixes, undefined);
  });

  it('does not rename onto a member that is already there', () => {
    const f = expectOne(config([v2Rule({ Id: 'dup' })]), UNKNOWN, '"Id"');
    assert.equal(f.fixes, undefined);
  });

  it('accepts the get-bucket-replication wrapper and reports inside it with the same path', () => {
    const wrapped = json({ ReplicationConfiguration: { Role: ROLE, Rules: [v2Rule()] } });
    expectNone(wrapped, UNKNOWN);
    const broken = json({ ReplicationConfiguration: { Role: ROLE, Rules: [v2Rule({ Id: 'x', ID: undefined })] } });
    assert.equal(cliLine(expectOne(broken, UNKNOWN, '"Id"').message), `Unknown parameter in ReplicationConfiguration.Rules[0]: "Id", must be one of: ${RULE_MEMBERS}`);
    assert.equal(applyFix(broken, UNKNOWN), broken.replace('"Id"', '"ID"'));
  });

  it('uses the S3 Control model for S3 on Outposts: rules may name their source `Bucket`', () => {
    const outposts = 'arn:aws:s3-outposts:us-east-1:123456789012:outpost/op-01ac5d28a6a232904/accesspoint/dest-ap';
    const rule = v2Rule({ Bucket: 'arn:aws:s3-outposts:us-east-1:123456789012:outpost/op-01ac5d28a6a232904/accesspoint/src-ap', Destination: { Bucket: outposts } });
    expectNone(config([rule]), UNKNOWN);
    const f = expectOne(config([{ ...rule, Id: 'x' }]), UNKNOWN, '"Id"');
    assert.equal(cliLine(f.message), `Unknown parameter in ReplicationConfiguration.Rules[0]: "Id", must be one of: ${RULE_MEMBERS}, Bucket`);
    assert.match(f.message, /s3control put-bucket-replication/);
    const d = expectOne(config([v2Rule({ Destination: { Bucket: outposts, Region: 'x' } })]), UNKNOWN, '"Region"');
    assert.equal(cliLine(d.message), 'Unknown parameter in ReplicationConfiguration.Rules[0].Destination: "Region", must be one of: Account, Bucket, ReplicationTime, AccessControlTranslation, EncryptionConfiguration, Metrics, StorageClass');
  });
});

describe('rc-member-type', () => {
  it('reports each wrong type once, in the AWS CLI words', () => {
    const text = config([
      v2Rule({
        ID: 7,
        Filter: 'logs/',
        DeleteMarkerReplication: [],
        Destination: { Bucket: null, Account: 123456789012, EncryptionConfiguration: { ReplicaKmsKeyID: ['a'] }, Metrics: { Status: 'Enabled', EventThreshold: { Minutes: 15 } } },
        SourceSelectionCriteria: { SseKmsEncryptedObjects: 'Enabled' },
      }),
      'rule',
    ], { Role: 5 });
    const lines = findings(text, TYPE).map((f) => cliLine(f.message));
    assert.deepEqual(lines, [
      "Invalid type for parameter ReplicationConfiguration.Role, value: 5, type: <class 'int'>, valid types: <class 'str'>",
      "Invalid type for parameter ReplicationConfiguration.Rules[0].ID, value: 7, type: <class 'int'>, valid types: <class 'str'>",
      "Invalid type for parameter ReplicationConfiguration.Rules[0].Filter, value: logs/, type: <class 'str'>, valid types: <class 'dict'>",
      "Invalid type for parameter ReplicationConfiguration.Rules[0].DeleteMarkerReplication, value: [], type: <class 'list'>, valid types: <class 'dict'>",
      "Invalid type for parameter ReplicationConfiguration.Rules[0].Destination.Bucket, value: None, type: <class 'NoneType'>, valid types: <class 'str'>",
      "Invalid type for parameter ReplicationConfiguration.Rules[0].Destination.Account, value: 123456789012, type: <class 'int'>, valid types: <class 'str'>",
      "Invalid type for parameter ReplicationConfiguration.Rules[0].Destination.EncryptionConfiguration.ReplicaKmsKeyID, value: ['a'], type: <class 'list'>, valid types: <class 'str'>",
      "Invalid type for parameter ReplicationConfiguration.Rules[0].SourceSelectionCriteria.SseKmsEncryptedObjects, value: Enabled, type: <class 'str'>, valid types: <class 'dict'>",
      "Invalid type for parameter ReplicationConfiguration.Rules[1], value: rule, type: <class 'str'>, valid types: <class 'dict'>",
    ]);
    assert.deepEqual(findings(text, 'rc-role-arn-format'), [], 'the type error is the one finding on Role');
    assert.deepEqual(findings(text, 'rc-account-format'), [], 'the type error is the one finding on Account');
  });

  it('leaves members other rules already report to them (one finding per mistake)', () => {
    const text = config([v2Rule({ Status: true, Priority: '1', Destination: { Bucket: 'arn:aws:s3:::dest', StorageClass: 1 } })]);
    assert.deepEqual(findings(text, TYPE), []);
    for (const rule of ['rc-rule-status-enum', 'rc-priority-type', 'rc-storage-class-enum']) assert.equal(findings(text, rule).length, 1, rule);
    assert.deepEqual(findings(json({ Role: ROLE, Rules: v2Rule() }), TYPE), [], 'rc-rules-required wraps a single rule object');
  });

  it('catches integers written as floats, which the CLI reads as float and the other rules read as integers', () => {
    const text = config([v2Rule({ Priority: 1.0, Destination: { Bucket: 'arn:aws:s3:::dest', Metrics: { Status: 'Enabled', EventThreshold: { Minutes: 15 } } } })]).replace('"Priority": 1,', '"Priority": 1.0,').replace('"Minutes": 15', '"Minutes": 15.0');
    const fs = findings(text, TYPE);
    assert.deepEqual(fs.map((f) => spanText(text, f)), ['1.0', '15.0']);
    assert.match(fs[1].message, /value: 15\.0, type: <class 'float'>, valid types: <class 'int'>/);
    const fixed = fixAll(text, TYPE);
    assert.equal(fixed, text.replace('1.0,', '1,').replace('15.0', '15'));
  });

  it('writes an account id, rule id or prefix given as a number as a string', () => {
    const text = config([v2Rule({ Destination: { Bucket: 'arn:aws:s3:::dest', Account: 210987654321 } })]);
    assert.equal(JSON.parse(applyFix(text, TYPE)).Rules[0].Destination.Account, '210987654321');
    assert.equal(expectOne(config([v2Rule()], { Role: 5 }), TYPE, '5').fixes, undefined, 'quoting a number does not make it a role ARN');
  });

  it('finds nothing in the valid shapes', () => {
    assert.deepEqual(problems(config([v2Rule({ Destination: { Bucket: 'arn:aws:s3:::dest', Account: '210987654321' } })])), []);
  });
});

describe('the newest S3 model: exclusion filters and multi-Region replica keys', () => {
  const not = { Not: { Or: { Prefixes: ['tmp/', 'cache/'], Tags: [{ Key: 'skip', Value: 'yes' }] } } };
  it('accepts `Not` in Filter and And, with `Or`, and `UseSourceMultiRegionKey` (S3 takes them; older CLIs do not know them)', () => {
    assert.deepEqual(problems(config([v2Rule({ Filter: not })])), []);
    assert.deepEqual(problems(config([v2Rule({ Filter: { And: { Prefix: 'logs/', ...not } } })])), []);
    const multiRegion = v2Rule({
      Destination: { Bucket: 'arn:aws:s3:::dest', EncryptionConfiguration: { UseSourceMultiRegionKey: { Status: 'Enabled' } } },
      SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' } },
    });
    assert.deepEqual(problems(config([multiRegion])).filter((p) => p.startsWith('rc-unknown') || p.startsWith('rc-member') || p.startsWith('rc-sse-kms-needs')), []);
  });
  it('checks their members and types too', () => {
    const text = config([v2Rule({ Filter: { Not: { Or: { Prefixes: 'tmp/', Prefix: 'x' }, Suffix: 'y' } } })]);
    assert.deepEqual(findings(text, UNKNOWN).map((f) => cliLine(f.message)), [
      'Unknown parameter in ReplicationConfiguration.Rules[0].Filter.Not.Or: "Prefix", must be one of: Prefixes, Tags',
      'Unknown parameter in ReplicationConfiguration.Rules[0].Filter.Not: "Suffix", must be one of: Prefix, Tag, Or',
    ]);
    assert.deepEqual(findings(text, TYPE).map((f) => cliLine(f.message)), [
      "Invalid type for parameter ReplicationConfiguration.Rules[0].Filter.Not.Or.Prefixes, value: tmp/, type: <class 'str'>, valid types: <class 'list'>, <class 'tuple'>",
    ]);
  });
  it('counts `Not` as one of the exclusive Filter children, and never drops it in a fix', () => {
    const text = config([v2Rule({ Filter: { Prefix: 'logs/', ...not } })]);
    const f = expectOne(text, 'rc-filter-one-child', '"Filter"', 'error');
    assert.equal(f.fixes, undefined, 'no fix that would rebuild the filter without the exclusion');
    expectNone(config([v2Rule({ Filter: { And: { Prefix: 'logs/', ...not } } })]), 'rc-filter-and-single');
  });
});
