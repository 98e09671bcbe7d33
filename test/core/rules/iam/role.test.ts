import { strict as assert } from 'node:assert';
import { DocumentInput } from '../../../../src/core/document';
import { LiveFacts } from '../../../../src/core/facts';
import { json } from '../../../helpers';
import { applyFixIn, configText, findingsOf, fullRolePolicy, policyText, problems, ROLE_ARN, rule, span } from './helpers';

const KEY = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

function docs(policy: unknown[], rules: unknown[] = [rule()]): DocumentInput[] {
  return [
    { uri: 'config.json', text: configText(rules) },
    { uri: 'role.json', text: policyText(policy) },
  ];
}

const on = (inputs: DocumentInput[], ruleId?: string, facts?: LiveFacts) => findingsOf(inputs, 'role.json', ruleId, { facts });
const roleText = (inputs: DocumentInput[]) => inputs[1].text;

/** The documented policy without `action`. */
function without(action: string, dest = ['dest']): unknown[] {
  return fullRolePolicy(dest).map((s) => {
    const st = s as { Action: string[] };
    return { ...st, Action: st.Action.filter((a) => a !== action) };
  });
}

describe('replication role policy against its configuration', () => {
  it('AWS\'s documented role policy meets the configuration: nothing reported', () => {
    assert.deepEqual(on(docs(fullRolePolicy())).map((f) => `${f.ruleId}: ${f.message}`), []);
  });

  const BASE: [string, string, string][] = [
    // Documented as required, but no documented failure follows from their absence (catalogue evidence note).
    ['s3:GetReplicationConfiguration', 'iam-get-replication-configuration', 'warning'],
    ['s3:ListBucket', 'iam-list-bucket', 'warning'],
    ['s3:GetObjectVersionForReplication', 'iam-get-object-version-for-replication', 'error'],
    ['s3:GetObjectVersionAcl', 'iam-get-object-version-acl', 'error'],
    ['s3:GetObjectVersionTagging', 'iam-get-object-version-tagging', 'warning'],
    ['s3:ReplicateObject', 'iam-replicate-object', 'error'],
    ['s3:ReplicateDelete', 'iam-replicate-delete', 'warning'],
    ['s3:ReplicateTags', 'iam-replicate-tags-optional', 'info'],
  ];
  for (const [action, ruleId, severity] of BASE) {
    it(`${ruleId}: ${severity} without ${action}, on the statement it belongs in, fixed there`, () => {
      const inputs = docs(without(action));
      const [f] = on(inputs, ruleId);
      assert.ok(f, `no ${ruleId}`);
      assert.equal(f.severity, severity);
      assert.equal(span(roleText(inputs), f), '"Action"');
      assert.equal(f.related?.[0].uri, 'config.json');
      const after = applyFixIn(inputs, 'role.json', ruleId);
      const sorted = (list: { Action: string[] }[]) => list.map((s) => ({ ...s, Action: [...s.Action].sort() }));
      assert.deepEqual(sorted(JSON.parse(after).Statement), sorted(fullRolePolicy() as { Action: string[] }[]), 'the action lands in the statement that grants on its resource');
      assert.deepEqual(problems([inputs[0], { uri: 'role.json', text: after }], 'role.json'), []);
    });
  }

  it('a prefix rule and a statement on the whole destination without s3:ReplicateObject: the message says what the fix does (a statement on the prefix)', () => {
    const inputs = docs(without('s3:ReplicateObject'), [rule({ Filter: { Prefix: 'logs/' } })]);
    const [f] = on(inputs, 'iam-replicate-object');
    assert.ok(f, 'no iam-replicate-object');
    assert.match(f.message, /Add a statement that grants it on `arn:aws:s3:::dest\/logs\/\*`\.$/);
    const after = JSON.parse(applyFixIn(inputs, 'role.json', 'iam-replicate-object')) as { Statement: { Action: string[]; Resource: string }[] };
    const added = after.Statement[after.Statement.length - 1];
    assert.deepEqual([added.Action, added.Resource], [['s3:ReplicateObject'], 'arn:aws:s3:::dest/logs/*']);
    assert.equal(after.Statement.length, (without('s3:ReplicateObject') as unknown[]).length + 1, 'the statement on dest/* keeps its scope');
  });

  it('s3:GetObject / s3:PutObject instead of the replication actions: errors that say so', () => {
    const inputs = docs([
      { Effect: 'Allow', Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'], Resource: 'arn:aws:s3:::src' },
      { Effect: 'Allow', Action: ['s3:GetObject', 's3:GetObjectAcl', 's3:GetObjectTagging'], Resource: 'arn:aws:s3:::src/*' },
      { Effect: 'Allow', Action: ['s3:PutObject', 's3:DeleteObject'], Resource: 'arn:aws:s3:::dest/*' },
    ]);
    const [read] = on(inputs, 'iam-get-object-version-for-replication');
    assert.equal(read.severity, 'error');
    assert.match(read.message, /allows `s3:GetObject` there, but that action does not authorize replication: S3 replicates with `s3:GetObjectVersionForReplication`/);
    const [write] = on(inputs, 'iam-replicate-object');
    assert.match(write.message, /allows `s3:PutObject` there/);
  });

  it('s3:GetObjectVersion instead of ...ForReplication: a warning, an error when SSE-KMS objects replicate', () => {
    const policy = fullRolePolicy().map((s, i) => (i === 1 ? { ...(s as object), Action: ['s3:GetObjectVersion', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'] } : s));
    assert.equal(on(docs(policy), 'iam-get-object-version-vs-for-replication')[0]?.severity, 'warning');
    assert.deepEqual(on(docs(policy), 'iam-get-object-version-for-replication'), []);
    const kms = rule({
      SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' } },
      Destination: { Bucket: 'arn:aws:s3:::dest', EncryptionConfiguration: { ReplicaKmsKeyID: KEY } },
    });
    assert.equal(on(docs(policy, [kms]), 'iam-get-object-version-vs-for-replication')[0]?.severity, 'error');
  });

  it('tag filters make the tagging read an error; replicated delete markers make ReplicateDelete one', () => {
    assert.equal(on(docs(without('s3:GetObjectVersionTagging'), [rule({ Filter: { Tag: { Key: 'k', Value: 'v' } } })]), 'iam-get-object-version-tagging')[0]?.severity, 'error');
    assert.equal(on(docs(without('s3:ReplicateDelete'), [rule({ DeleteMarkerReplication: { Status: 'Enabled' } })]), 'iam-replicate-delete')[0]?.severity, 'error');
  });

  it('iam-all-destinations-covered: a second destination missing; the fix adds it to the destination statement', () => {
    const inputs = docs(fullRolePolicy(['one']), [
      rule({ ID: 'a', Destination: { Bucket: 'arn:aws:s3:::one' } }),
      rule({ ID: 'b', Priority: 2, Destination: { Bucket: 'arn:aws:s3:::two' } }),
    ]);
    const [f] = on(inputs, 'iam-all-destinations-covered');
    assert.match(f.message, /not on `arn:aws:s3:::two\/\*`/);
    assert.deepEqual(on(inputs, 'iam-replicate-object'), []);
    const after = JSON.parse(applyFixIn(inputs, 'role.json', 'iam-all-destinations-covered'));
    assert.deepEqual(after.Statement[2].Resource, ['arn:aws:s3:::one/*', 'arn:aws:s3:::two/*']);
    assert.deepEqual(problems([inputs[0], { uri: 'role.json', text: JSON.stringify(after) }], 'role.json'), []);
  });

  it('iam-prefix-scope-covers-filters: prefix-scoped objects but a rule for the whole bucket', () => {
    const scoped = fullRolePolicy().map((s, i) => (i === 1 ? { ...(s as object), Resource: 'arn:aws:s3:::src/logs/*' } : s));
    const found = on(docs(scoped), 'iam-prefix-scope-covers-filters');
    assert.equal(found.length, 3, 'one per source-object action');
    assert.deepEqual(on(docs(scoped, [rule({ Filter: { Prefix: 'logs/' } })]), 'iam-prefix-scope-covers-filters'), [], 'the rule stays inside the scope');
  });

  it('iam-owner-override: AccessControlTranslation needs ObjectOwnerOverrideToBucketOwner', () => {
    const atc = rule({ Destination: { Bucket: 'arn:aws:s3:::dest', Account: '444455556666', AccessControlTranslation: { Owner: 'Destination' } } });
    const inputs = docs(fullRolePolicy(), [atc]);
    assert.equal(on(inputs, 'iam-owner-override')[0]?.severity, 'error');
    const after = JSON.parse(applyFixIn(inputs, 'role.json', 'iam-owner-override'));
    assert.ok(after.Statement[2].Action.includes('s3:ObjectOwnerOverrideToBucketOwner'));
  });

  describe('SSE-KMS', () => {
    const kmsRule = rule({
      SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' } },
      Destination: { Bucket: 'arn:aws:s3:::dest', EncryptionConfiguration: { ReplicaKmsKeyID: KEY } },
    });

    it('needs Decrypt on the source key (no fix: the key is not named) and Encrypt / GenerateDataKey on the replica key', () => {
      const inputs = docs(fullRolePolicy(), [kmsRule]);
      const decrypt = on(inputs, 'iam-kms-decrypt-source')[0];
      assert.equal(decrypt?.severity, 'error');
      assert.deepEqual(decrypt.fixes, []);
      assert.equal(on(inputs, 'iam-kms-encrypt-destination')[0]?.severity, 'error');
      assert.equal(on(inputs, 'iam-kms-generate-data-key')[0]?.severity, 'warning');
      const after = applyFixIn(inputs, 'role.json', 'iam-kms-encrypt-destination');
      assert.deepEqual(JSON.parse(after).Statement[3], { Effect: 'Allow', Action: ['kms:Encrypt'], Resource: KEY });
    });

    it('AWS\'s conditional KMS statements satisfy them; a kms:ViaService in the wrong Region does not', () => {
      const kms = (region: string) => [
        ...fullRolePolicy(),
        { Effect: 'Allow', Action: 'kms:Decrypt', Resource: 'arn:aws:kms:us-east-1:111122223333:key/source', Condition: { StringLike: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } } },
        { Effect: 'Allow', Action: ['kms:Encrypt', 'kms:GenerateDataKey'], Resource: KEY, Condition: { StringLike: { 'kms:ViaService': `s3.${region}.amazonaws.com` } } },
      ];
      assert.deepEqual(problems(docs(kms('eu-west-1'), [kmsRule]), 'role.json'), []);
      const wrong = docs(kms('us-west-2'), [kmsRule]);
      const found = on(wrong, 'iam-kms-viaservice-region');
      assert.equal(found.length, 1);
      assert.equal(span(roleText(wrong), found[0]), '"s3.us-west-2.amazonaws.com"');
      assert.deepEqual(on(wrong, 'iam-kms-encrypt-destination'), [], 'reported once, as the Region mistake');
    });
  });

  it('iam-explicit-deny: a Deny on a required permission; exempting the role settles it', () => {
    const deny = { Effect: 'Deny', Action: 's3:*', Resource: 'arn:aws:s3:::dest/*' };
    const inputs = docs([...fullRolePolicy(), deny]);
    const [f] = on(inputs, 'iam-explicit-deny');
    assert.equal(f.severity, 'error');
    assert.match(f.message, /`s3:ReplicateObject`, `s3:ReplicateDelete`/);
    const exempt = { ...deny, Condition: { ArnNotEquals: { 'aws:PrincipalArn': ROLE_ARN } } };
    assert.deepEqual(on(docs([...fullRolePolicy(), exempt]), 'iam-explicit-deny'), []);
    const unsure = { ...deny, Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } };
    assert.equal(on(docs([...fullRolePolicy(), unsure]), 'iam-explicit-deny')[0]?.severity, 'warning');
  });

  it('iam-get-wildcard-ok: s3:Get* covers the source reads (info, nothing missing)', () => {
    const wide = fullRolePolicy().map((s, i) => (i === 1 ? { ...(s as object), Action: 's3:Get*' } : s));
    const found = on(docs(wide));
    assert.deepEqual(found.map((f) => `${f.ruleId} ${f.severity}`), ['iam-get-wildcard-ok info']);
  });

  it('iam-object-lock-read: only with live facts saying the source has Object Lock', () => {
    const inputs = docs(fullRolePolicy());
    assert.deepEqual(on(inputs, 'iam-object-lock-read'), []);
    const facts: LiveFacts = { buckets: { src: { name: 'src', objectLock: true } } };
    assert.equal(on(inputs, 'iam-object-lock-read', facts).length, 2);
  });

  it('a granted action on the wrong level is reported once, by iam-resource-level-mismatch', () => {
    const wrong = fullRolePolicy().map((s, i) => (i === 0 ? { ...(s as object), Action: ['s3:GetReplicationConfiguration'] } : i === 1 ? { ...(s as object), Action: [...(s as { Action: string[] }).Action, 's3:ListBucket'] } : s));
    assert.deepEqual(problems(docs(wrong), 'role.json'), ['iam-resource-level-mismatch']);
  });
});

describe('which policies are replication role policies', () => {
  it('without a configuration, a policy naming replication actions on both sides is a replication role: checked against its own buckets', () => {
    const text = policyText([
      { Effect: 'Allow', Action: ['s3:GetObjectVersionForReplication'], Resource: 'arn:aws:s3:::src/*' },
      { Effect: 'Allow', Action: ['s3:ReplicateObject', 's3:ReplicateDelete'], Resource: 'arn:aws:s3:::dest/*' },
    ]);
    const found = findingsOf([{ uri: 'role.json', text }], 'role.json').filter((f) => f.severity !== 'info');
    assert.deepEqual(found.map((f) => `${f.ruleId} ${f.severity}`).sort(), [
      'iam-get-object-version-acl error',
      'iam-get-object-version-tagging warning',
      'iam-get-replication-configuration warning',
      'iam-list-bucket warning',
    ]);
    assert.ok(found.every((f) => /checked against the buckets it names/.test(f.message)));
  });

  it('without a configuration, a policy naming replication actions for one side only gets warnings for what would fail replication, never errors', () => {
    const text = policyText([{ Effect: 'Allow', Action: ['s3:ReplicateObject', 's3:ReplicateDelete'], Resource: 'arn:aws:s3:::dest/*' }]);
    const found = findingsOf([{ uri: 'role.json', text }], 'role.json');
    assert.deepEqual(found.map((f) => `${f.ruleId} ${f.severity}`).sort(), ['iam-get-object-version-acl warning', 'iam-get-object-version-for-replication warning']);
    assert.ok(found.every((f) => /for one side only/.test(f.message) && f.fixes?.length === 0), 'no source bucket is known, so no fix can name it');
  });

  it('an S3 read/write policy is not a replication role because `s3:*Object` or `s3:Get*` covers a replication action', () => {
    const readWrite = policyText([
      { Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::bucket-name' },
      { Effect: 'Allow', Action: 's3:*Object', Resource: 'arn:aws:s3:::bucket-name/*' },
    ]);
    assert.deepEqual(findingsOf([{ uri: 'rw.json', text: readWrite }], 'rw.json'), []);
    const reader = policyText([{ Effect: 'Allow', Action: ['s3:Get*', 's3:List*'], Resource: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'] }]);
    assert.deepEqual(findingsOf([{ uri: 'reader.json', text: reader }], 'reader.json'), []);
    // Even beside a configuration that replicates to that bucket, in another folder it is someone else's policy.
    const inputs = [
      { uri: 'replication/config.json', text: configText([rule({ Destination: { Bucket: 'arn:aws:s3:::bucket-name' } })]) },
      { uri: 'app/rw.json', text: readWrite },
    ];
    assert.deepEqual(findingsOf(inputs, 'app/rw.json'), []);
  });

  it('a configuration names its role\'s policy by the file name, or by sitting beside it and writing to its destinations', () => {
    const config = { uri: 'infra/replication/config.json', text: configText([rule()]) };
    const lazy = policyText([{ Effect: 'Allow', Action: 's3:*', Resource: ['arn:aws:s3:::src', 'arn:aws:s3:::src/*', 'arn:aws:s3:::dest/*'] }]);
    const beside = findingsOf([config, { uri: 'infra/replication/role-policy.json', text: lazy }], 'infra/replication/role-policy.json');
    assert.deepEqual(beside.map((f) => f.ruleId), ['iam-get-wildcard-ok'], '`s3:*` on source and destination meets every requirement (a least-privilege note only)');
    const putOnly = policyText([{ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: ['arn:aws:s3:::src/*', 'arn:aws:s3:::dest/*'] }]);
    const byFolder = findingsOf([config, { uri: 'infra/replication/role-policy.json', text: putOnly }], 'infra/replication/role-policy.json', 'iam-replicate-object');
    assert.equal(byFolder[0]?.severity, 'error', 'beside the configuration and writing to its destination: the role policy, held to it');
    const byName = findingsOf([config, { uri: 'iam/replication-policy.json', text: putOnly }], 'iam/replication-policy.json', 'iam-replicate-object');
    assert.equal(byName[0]?.severity, 'error', 'the file name carries the role name "replication"');
    assert.deepEqual(findingsOf([config, { uri: 'iam/uploader.json', text: putOnly }], 'iam/uploader.json'), [], 'elsewhere, under another name: not the role');
  });

  it('policies of other principals are not judged: no replication actions and no configuration, or only reads of a destination', () => {
    const app = policyText([{ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::dest/*' }]);
    assert.deepEqual(findingsOf([{ uri: 'app.json', text: app }], 'app.json'), []);
    const admin = policyText([{ Effect: 'Allow', Action: '*', Resource: '*' }]);
    assert.deepEqual(findingsOf([{ uri: 'config.json', text: configText([rule()]) }, { uri: 'admin.json', text: admin }], 'admin.json'), []);
    const reader = policyText([{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::dest/*' }]);
    assert.deepEqual(findingsOf([{ uri: 'config.json', text: configText([rule()]) }, { uri: 'reader.json', text: reader }], 'reader.json'), []);
  });

  it('a policy naming its role is checked against that role\'s configuration only', () => {
    const wrapped = (role: string) => json({ RoleName: role, PolicyName: 'p', PolicyDocument: { Version: '2012-10-17', Statement: without('s3:ReplicateObject') } });
    const config = { uri: 'config.json', text: configText([rule()]) };
    const mine = findingsOf([config, { uri: 'role.json', text: wrapped('replication') }], 'role.json', 'iam-replicate-object');
    assert.deepEqual(mine[0]?.related?.map((r) => r.uri), ['config.json']);
    const other = findingsOf([config, { uri: 'role.json', text: wrapped('some-other-role') }], 'role.json', 'iam-replicate-object');
    assert.deepEqual(other[0]?.related, [], 'another role: checked on its own, not against this configuration');
    assert.match(other[0]?.message ?? '', /checked against the buckets it names/);
  });

  it('a live policy is tied to its configuration by the role it was fetched from', () => {
    const inputs: DocumentInput[] = [
      { uri: 'live:config', text: configText([rule()]), live: { sourceBucket: 'src' } },
      { uri: 'live:role', text: policyText(without('s3:GetObjectVersionAcl')), live: { roleName: 'replication' } },
    ];
    const [f] = findingsOf(inputs, 'live:role', 'iam-get-object-version-acl');
    assert.match(f.message, /arn:aws:s3:::src\/\*/);
  });
});
