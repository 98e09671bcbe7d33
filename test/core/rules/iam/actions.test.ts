import { strict as assert } from 'node:assert';
import { DocumentInput } from '../../../../src/core/document';
import { json } from '../../../helpers';
import { applyFixIn, configText, findingsOf, fullRolePolicy, policyText, rule, span } from './helpers';

const one = (text: string, ruleId: string) => findingsOf([{ uri: 'p.json', text }], 'p.json', ruleId);
const fix = (text: string, ruleId: string, index = 0) => applyFixIn([{ uri: 'p.json', text }], 'p.json', ruleId, index);
const allow = (Action: unknown, Resource: unknown = '*') => ({ Effect: 'Allow', Action, Resource });

describe('iam-unknown-action', () => {
  it('a misspelled action, on its entry, replaced by the suggestion', () => {
    const text = policyText([allow(['s3:GetObjectVersionTaging', 's3:ListBucket'])]);
    const [f] = one(text, 'iam-unknown-action');
    assert.equal(span(text, f), '"s3:GetObjectVersionTaging"');
    assert.match(f.message, /Did you mean `s3:GetObjectVersionTagging`/);
    assert.equal(f.fixes?.[0].preferred, true);
    assert.deepEqual(JSON.parse(fix(text, 'iam-unknown-action')).Statement[0].Action, ['s3:GetObjectVersionTagging', 's3:ListBucket']);
  });

  it('a wildcard matching nothing, and a missing service prefix', () => {
    assert.match(one(policyText([allow('s3:Replicat*Everything')]), 'iam-unknown-action')[0]?.message ?? '', /matches no s3 action/);
    assert.match(one(policyText([allow('GetObject')]), 'iam-unknown-action')[0]?.message ?? '', /no service prefix/);
  });

  it('near misses: case differences, wildcards that match, `*`, NotAction entries are checked too', () => {
    assert.deepEqual(one(policyText([allow(['S3:getobject', 's3:Replicate*', '*', 'kms:Decrypt'])]), 'iam-unknown-action'), []);
    assert.equal(one(policyText([{ Effect: 'Deny', NotAction: 's3:GetObjekt', Resource: '*' }]), 'iam-unknown-action').length, 1);
  });
});

describe('iam-unknown-service', () => {
  it('an unknown prefix with a suggestion', () => {
    const text = policyText([allow('s4:GetObject')]);
    const [f] = one(text, 'iam-unknown-service');
    assert.match(f.message, /No AWS service has the prefix `s4`.*Did you mean `s3`/);
    assert.equal(JSON.parse(fix(text, 'iam-unknown-service')).Statement[0].Action, 's3:GetObject');
  });

  it('known services pass', () => {
    assert.deepEqual(one(policyText([allow(['s3:GetObject', 'kms:Encrypt', 'sts:AssumeRole', 'iam:PassRole'])]), 'iam-unknown-service'), []);
  });
});

describe('iam-arn-malformed', () => {
  it('a bucket name where an ARN belongs, and a misplaced account', () => {
    const text = policyText([allow('s3:ListBucket', ['source-bucket', 'arn:aws:s3:us-east-1:111122223333:source-bucket', 'arn:aws:s3:::fine'])]);
    assert.deepEqual(one(text, 'iam-arn-malformed').map((f) => span(text, f)), ['"source-bucket"', '"arn:aws:s3:us-east-1:111122223333:source-bucket"']);
  });

  it('wildcards and other services pass', () => {
    assert.deepEqual(one(policyText([allow('*', ['*', 'arn:aws:s3:::*/*', 'arn:aws:kms:*:111122223333:key/*', 'arn:aws:sqs:us-east-1:111122223333:q'])]), 'iam-arn-malformed'), []);
  });
});

describe('iam-resource-level-mismatch', () => {
  it('a bucket-level action only on objects: reported on the action, moved to the bucket ARN', () => {
    const text = policyText([allow(['s3:GetObjectVersionForReplication', 's3:ListBucket'], 'arn:aws:s3:::src/*')]);
    const [f] = one(text, 'iam-resource-level-mismatch');
    assert.equal(span(text, f), '"s3:ListBucket"');
    assert.match(f.message, /matches nothing/);
    const after = JSON.parse(fix(text, 'iam-resource-level-mismatch'));
    assert.deepEqual(after.Statement, [allow(['s3:GetObjectVersionForReplication'], 'arn:aws:s3:::src/*'), allow(['s3:ListBucket'], 'arn:aws:s3:::src')]);
  });

  it('an object-level action alone on the bucket ARN: the statement\'s Resource changes', () => {
    const text = policyText([allow('s3:ReplicateObject', 'arn:aws:s3:::dest')]);
    assert.deepEqual(JSON.parse(fix(text, 'iam-resource-level-mismatch')).Statement, [allow('s3:ReplicateObject', 'arn:aws:s3:::dest/*')]);
  });

  it('moves into an existing statement on the right resource', () => {
    const text = policyText([allow(['s3:GetReplicationConfiguration'], 'arn:aws:s3:::src'), allow(['s3:GetObjectVersionAcl', 's3:ListBucket'], 'arn:aws:s3:::src/*')]);
    const after = JSON.parse(fix(text, 'iam-resource-level-mismatch'));
    assert.deepEqual(after.Statement, [allow(['s3:GetReplicationConfiguration', 's3:ListBucket'], 'arn:aws:s3:::src'), allow(['s3:GetObjectVersionAcl'], 'arn:aws:s3:::src/*')]);
  });

  it('an action with no resource type on a specific ARN', () => {
    const text = policyText([allow(['s3:ListAllMyBuckets', 's3:GetBucketLocation'], 'arn:aws:s3:::src')]);
    const [f] = one(text, 'iam-resource-level-mismatch');
    assert.equal(span(text, f), '"s3:ListAllMyBuckets"');
    assert.deepEqual(JSON.parse(fix(text, 'iam-resource-level-mismatch')).Statement[1], allow(['s3:ListAllMyBuckets'], '*'));
  });

  it('outside a replication role, a grant that matches nothing is a warning', () => {
    const text = policyText([allow(['s3:GetObjectVersionForReplication', 's3:ListBucket'], 'arn:aws:s3:::src/*')]);
    assert.equal(one(text, 'iam-resource-level-mismatch')[0]?.severity, 'warning');
  });

  it('a Deny that can never apply is a warning', () => {
    assert.equal(one(policyText([{ Effect: 'Deny', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::src/*' }]), 'iam-resource-level-mismatch')[0]?.severity, 'warning');
  });

  it('near misses: both levels named, `*`, wildcard actions with a matching member, other services', () => {
    for (const statement of [
      allow(['s3:ListBucket', 's3:GetObject'], ['arn:aws:s3:::src', 'arn:aws:s3:::src/*']),
      allow('s3:ListBucket', '*'),
      allow('s3:Get*', 'arn:aws:s3:::src'),
      allow('s3:*', 'arn:aws:s3:::src/*'),
      allow('kms:Decrypt', 'arn:aws:kms:us-east-1:111122223333:key/abc'),
    ]) {
      assert.deepEqual(one(policyText([statement]), 'iam-resource-level-mismatch'), [], JSON.stringify(statement));
    }
  });

  it('a policy IAM does not store says only that the grant matches nothing, as a sentence', () => {
    const text = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 'cloudformation:CreateChangeSet', Resource: 'arn:aws:cloudformation:us-east-1:aws:transform/*' }] });
    const [f] = findingsOf([{ uri: 'p.json', text, kind: 'vpc-endpoint-policy' }], 'p.json', 'iam-resource-level-mismatch');
    assert.equal(f?.severity, 'warning');
    assert.doesNotMatch(f.message, /IAM accepts/);
    assert.match(f.message, /\. The grant matches nothing\./);
  });

  it('an S3 action on a KMS key matches nothing', () => {
    assert.equal(one(policyText([allow('s3:GetObject', 'arn:aws:kms:us-east-1:111122223333:key/abc')]), 'iam-resource-level-mismatch').length, 1);
  });
});

describe('general IAM hygiene outside replication is a warning at most', () => {
  const severities = (text: string, kind?: DocumentInput['kind']) =>
    findingsOf([{ uri: 'p.json', text, kind }], 'p.json').map((f) => `${f.ruleId} ${f.severity}`);

  it('an action that takes no resource type, granted on a specific ARN: a warning; on a service-wide wildcard: nothing', () => {
    assert.deepEqual(severities(policyText([allow('ssm:DescribeOpsItems', 'arn:aws:ssm:us-east-1:111122223333:opsitem/*')])), ['iam-resource-level-mismatch warning']);
    assert.deepEqual(severities(policyText([allow('s3:ListAllMyBuckets', 'arn:aws:s3:::*')])), [], 'the S3 guide writes it so');
    assert.deepEqual(severities(policyText([allow('iam:ListRoles', 'arn:aws:iam::*:*')])), []);
    assert.deepEqual(severities(policyText([allow('ec2:DescribeInstances', 'arn:*:ec2:*:*:*')])), []);
  });

  it('a service prefix or action missing from the service reference: a warning, still with the suggestion', () => {
    const text = policyText([allow(['deeplens:ListDevices', 's3:ListBuckets'])]);
    const found = findingsOf([{ uri: 'p.json', text }], 'p.json');
    assert.deepEqual(found.map((f) => `${f.ruleId} ${f.severity}`), ['iam-unknown-service warning', 'iam-unknown-action warning']);
    assert.match(found[1].message, /Did you mean `s3:ListBucket`\?/);
    assert.equal(found[1].fixes?.length, 1);
  });

  it('ARN forms AWS documents are accepted: a wildcard that reaches past the colons', () => {
    for (const resource of ['arn:aws:kms:*::*', 'arn:*:kms:*:::*', 'arn:aws:sqs:*', 'arn:aws:organizations::*:']) {
      assert.deepEqual(severities(policyText([allow('kms:Decrypt', resource)])).filter((x) => x.startsWith('iam-arn')), [], resource);
    }
  });

  it('an ARN that only matches nothing is a warning; one IAM refuses is an error', () => {
    assert.deepEqual(severities(policyText([allow('kms:Decrypt', 'arn:aws:kms:us-east-1::key/abc')])), ['iam-arn-malformed warning']);
    assert.deepEqual(severities(policyText([allow('s3:GetObject', 'my-bucket/*')])), ['iam-arn-malformed error']);
    assert.deepEqual(severities(policyText([allow('iam:GetRole', 'arn:aws:iam:us-east-1:111122223333:role/r')])), ['iam-arn-malformed error']);
  });

  it('the CloudFront origin access identity principal is accepted', () => {
    const text = policyText([
      { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E2QWRUHAPOMQZL' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
    ]);
    assert.deepEqual(severities(text), []);
  });
});

describe('what S3 refuses in a bucket policy, and what breaks a replication role, stays an error', () => {
  const bucket = (statement: object): DocumentInput => ({ uri: 'bucket.json', text: policyText([{ Principal: { AWS: '111122223333' }, ...statement }]) });

  it('S3 refuses an unknown action and an action on resources it never applies to', () => {
    const [unknown] = findingsOf([bucket(allow('s3:GetObjekt', 'arn:aws:s3:::b/*'))], 'bucket.json', 'iam-unknown-action');
    assert.equal(unknown.severity, 'error');
    assert.match(unknown.message, /S3 rejects the policy with MalformedPolicy "Policy has invalid action"/);
    const [level] = findingsOf([bucket(allow('s3:PutObject', 'arn:aws:s3:::b'))], 'bucket.json', 'iam-resource-level-mismatch');
    assert.equal(level.severity, 'error');
    assert.match(level.message, /Action does not apply to any resource\(s\) in statement/);
  });

  function roleDocs(policy: unknown[]): DocumentInput[] {
    return [
      { uri: 'config.json', text: configText([rule()]) },
      { uri: 'role.json', text: json({ RoleName: 'replication', PolicyName: 'p', PolicyDocument: { Version: '2012-10-17', Statement: policy } }) },
    ];
  }

  it('in the replication role, a misspelt action replication needs is an error; one it does not need stays a warning', () => {
    const typo = fullRolePolicy().map((s, i) => (i === 1 ? { ...(s as object), Action: ['s3:GetObjectVersionForReplicaton', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging', 's3:GetObjekt'] } : s));
    const found = findingsOf(roleDocs(typo), 'role.json', 'iam-unknown-action');
    assert.deepEqual(found.map((f) => f.severity), ['error', 'warning']);
    assert.match(found[0].message, /Replication needs `s3:GetObjectVersionForReplication` from this role/);
  });

  it('in the replication role, a needed action on the wrong level is an error', () => {
    const wrong = fullRolePolicy().map((s, i) => (i === 2 ? { ...(s as object), Resource: 'arn:aws:s3:::dest' } : s));
    const found = findingsOf(roleDocs(wrong), 'role.json', 'iam-resource-level-mismatch');
    assert.ok(found.length > 0 && found.some((f) => f.severity === 'error' && /s3:ReplicateObject/.test(f.message)));
  });

  it('in the replication role, a needed grant on an ARN that matches nothing is an error', () => {
    const badKey = { Effect: 'Allow', Action: 'kms:Decrypt', Resource: 'arn:aws:kms:SOURCE-REGION:111122223333:key/k' };
    const kmsRule = rule({
      SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' } },
      Destination: { Bucket: 'arn:aws:s3:::dest', EncryptionConfiguration: { ReplicaKmsKeyID: 'arn:aws:kms:us-east-1:111122223333:key/r' } },
    });
    const inputs: DocumentInput[] = [
      { uri: 'config.json', text: configText([kmsRule]) },
      { uri: 'role.json', text: json({ RoleName: 'replication', PolicyDocument: { Version: '2012-10-17', Statement: [...fullRolePolicy(), badKey] } }) },
    ];
    const [f] = findingsOf(inputs, 'role.json', 'iam-arn-malformed');
    assert.equal(f.severity, 'error');
    assert.match(f.message, /replication needs `kms:Decrypt` from this statement/);
  });
});

describe('short ARN patterns with a trailing wildcard', () => {
  it('`arn:aws:logs:*` stands for every logs resource, so a log-stream action applies to it', () => {
    assert.deepEqual(findingsOf([{ uri: 'p.json', text: policyText([allow(['logs:CreateLogStream', 'logs:PutLogEvents'], 'arn:aws:logs:*')]) }], 'p.json'), []);
    // Without the wildcard the short form names nothing a log-stream action applies to.
    assert.equal(findingsOf([{ uri: 'p.json', text: policyText([allow('logs:PutLogEvents', 'arn:aws:sqs:*')]) }], 'p.json', 'iam-resource-level-mismatch').length, 1);
  });
});
