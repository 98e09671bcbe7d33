import { strict as assert } from 'node:assert';
import { parseDocument } from '../../../src/core/document';
import { Decision, decisionText, evaluate, Query } from '../../../src/core/iam/evaluate';
import { PolicyView, policyView } from '../../../src/core/iam/policy';

function policy(statements: unknown[], kind: 'permission-policy' | 'bucket-policy' | 'trust-policy' = 'permission-policy'): PolicyView {
  const doc = parseDocument({ uri: 'p.json', text: JSON.stringify({ Version: '2012-10-17', Statement: statements }), kind });
  const view = policyView(doc);
  assert.ok(view);
  return view;
}

const allow = (Action: unknown, Resource: unknown, extra: object = {}) => ({ Effect: 'Allow', Action, Resource, ...extra });
const deny = (Action: unknown, Resource: unknown, extra: object = {}) => ({ Effect: 'Deny', Action, Resource, ...extra });

const ROLE = 'arn:aws:iam::111122223333:role/service-role/replication';
const ROLE_CONTEXT = new Map([
  ['aws:principalarn', ROLE],
  ['aws:principalaccount', '111122223333'],
]);

interface Case {
  name: string;
  policies: PolicyView[];
  query: Query;
  want: Decision;
}

const Q = (action: string, resource: string, extra: Partial<Query> = {}): Query => ({ action, resource, ...extra });

const CASES: Case[] = [
  { name: 'exact action and resource', policies: [policy([allow('s3:ReplicateObject', 'arn:aws:s3:::dest/*')])], query: Q('s3:ReplicateObject', 'arn:aws:s3:::dest/*'), want: 'allowed' },
  { name: 'no statement grants it', policies: [policy([allow('s3:ReplicateObject', 'arn:aws:s3:::dest/*')])], query: Q('s3:ReplicateDelete', 'arn:aws:s3:::dest/*'), want: 'implicit-deny' },
  { name: 'other bucket', policies: [policy([allow('s3:ReplicateObject', 'arn:aws:s3:::dest/*')])], query: Q('s3:ReplicateObject', 'arn:aws:s3:::other/*'), want: 'implicit-deny' },
  { name: 'action wildcard', policies: [policy([allow('s3:Get*', 'arn:aws:s3:::src/*')])], query: Q('s3:GetObjectVersionForReplication', 'arn:aws:s3:::src/*'), want: 'allowed' },
  { name: 'single-character wildcard', policies: [policy([allow('s3:?etObjectVersionAcl', 'arn:aws:s3:::src/*')])], query: Q('s3:GetObjectVersionAcl', 'arn:aws:s3:::src/*'), want: 'allowed' },
  { name: 'actions are case-insensitive', policies: [policy([allow('S3:getobjectversionacl', 'arn:aws:s3:::src/*')])], query: Q('s3:GetObjectVersionAcl', 'arn:aws:s3:::src/*'), want: 'allowed' },
  { name: 'resources are case-sensitive', policies: [policy([allow('s3:GetObjectVersionAcl', 'arn:aws:s3:::SRC/*')])], query: Q('s3:GetObjectVersionAcl', 'arn:aws:s3:::src/*'), want: 'implicit-deny' },
  { name: 'Resource "*"', policies: [policy([allow('s3:*', '*')])], query: Q('s3:ListBucket', 'arn:aws:s3:::src'), want: 'allowed' },
  { name: 'bucket ARN pattern with wildcard covers objects too', policies: [policy([allow('s3:*', 'arn:aws:s3:::*')])], query: Q('s3:GetObject', 'arn:aws:s3:::src/a'), want: 'allowed' },
  { name: 'NotAction allows what it does not name', policies: [policy([{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }])], query: Q('s3:ReplicateObject', 'arn:aws:s3:::dest/*'), want: 'allowed' },
  { name: 'NotAction excludes what it names', policies: [policy([{ Effect: 'Allow', NotAction: ['iam:*', 's3:Replicate*'], Resource: '*' }])], query: Q('s3:ReplicateObject', 'arn:aws:s3:::dest/*'), want: 'implicit-deny' },
  { name: 'NotResource allows elsewhere', policies: [policy([{ Effect: 'Allow', Action: 's3:*', NotResource: 'arn:aws:s3:::secret/*' }])], query: Q('s3:GetObject', 'arn:aws:s3:::src/*'), want: 'allowed' },
  { name: 'NotResource excludes its resources', policies: [policy([{ Effect: 'Allow', Action: 's3:*', NotResource: 'arn:aws:s3:::secret/*' }])], query: Q('s3:GetObject', 'arn:aws:s3:::secret/a/*'), want: 'implicit-deny' },
  { name: 'NotResource excluding part of the request is partial', policies: [policy([{ Effect: 'Allow', Action: 's3:*', NotResource: 'arn:aws:s3:::src/secret/*' }])], query: Q('s3:GetObject', 'arn:aws:s3:::src/*'), want: 'partial' },
  {
    name: 'explicit Deny wins over Allow',
    policies: [policy([allow('s3:*', '*'), deny('s3:ReplicateObject', 'arn:aws:s3:::dest/*')])],
    query: Q('s3:ReplicateObject', 'arn:aws:s3:::dest/*'),
    want: 'denied',
  },
  {
    name: 'Deny on part of the resources still denies',
    policies: [policy([allow('s3:*', '*'), deny('s3:*', 'arn:aws:s3:::dest/private/*')])],
    query: Q('s3:ReplicateObject', 'arn:aws:s3:::dest/*'),
    want: 'denied',
  },
  {
    name: 'Deny in another policy of the set wins',
    policies: [policy([allow('s3:ReplicateObject', 'arn:aws:s3:::dest/*')]), policy([{ Effect: 'Deny', NotAction: 's3:Get*', Resource: '*' }])],
    query: Q('s3:ReplicateObject', 'arn:aws:s3:::dest/*'),
    want: 'denied',
  },
  {
    name: 'Deny with NotResource that excludes the request does not apply',
    policies: [policy([allow('s3:*', '*'), { Effect: 'Deny', Action: 's3:*', NotResource: ['arn:aws:s3:::dest', 'arn:aws:s3:::dest/*'] }])],
    query: Q('s3:ReplicateObject', 'arn:aws:s3:::dest/*'),
    want: 'allowed',
  },
  {
    name: 'Allow with conditions is conditional, not guessed',
    policies: [policy([allow('kms:Decrypt', '*', { Condition: { StringLike: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } } })])],
    query: Q('kms:Decrypt', 'arn:aws:kms:us-east-1:111122223333:key/k'),
    want: 'conditional',
  },
  {
    name: 'a conditional Deny makes an Allow conditional',
    policies: [policy([allow('s3:*', '*'), deny('s3:*', '*', { Condition: { Bool: { 'aws:SecureTransport': 'false' } } })])],
    query: Q('s3:ReplicateObject', 'arn:aws:s3:::dest/*'),
    want: 'conditional',
  },
  {
    name: 'a Deny exempting the caller by aws:PrincipalArn is settled with the caller known',
    policies: [policy([allow('s3:*', '*'), deny('s3:*', '*', { Condition: { ArnNotEquals: { 'aws:PrincipalArn': ROLE } } })])],
    query: Q('s3:ReplicateObject', 'arn:aws:s3:::dest/*', { context: ROLE_CONTEXT }),
    want: 'allowed',
  },
  {
    name: 'the same Deny hits another caller',
    policies: [policy([allow('s3:*', '*'), deny('s3:*', '*', { Condition: { ArnNotEquals: { 'aws:PrincipalArn': ROLE } } })])],
    query: Q('s3:ReplicateObject', 'arn:aws:s3:::dest/*', { context: new Map([['aws:principalarn', 'arn:aws:iam::111122223333:role/other']]) }),
    want: 'denied',
  },
  {
    name: 'a prefix-scoped Allow is partial for the whole bucket',
    policies: [policy([allow('s3:GetObjectVersionForReplication', 'arn:aws:s3:::src/logs/*')])],
    query: Q('s3:GetObjectVersionForReplication', 'arn:aws:s3:::src/*'),
    want: 'partial',
  },
  {
    name: 'a prefix-scoped Allow is enough for a `some` query',
    policies: [policy([allow('s3:GetObjectVersionForReplication', 'arn:aws:s3:::src/logs/*')])],
    query: Q('s3:GetObjectVersionForReplication', 'arn:aws:s3:::*/*', { scope: 'some' }),
    want: 'allowed',
  },
  {
    name: 'a policy variable in the resource makes the grant conditional',
    policies: [policy([allow('s3:GetObject', 'arn:aws:s3:::home/${aws:username}/*')])],
    query: Q('s3:GetObject', 'arn:aws:s3:::home/alice/*'),
    want: 'conditional',
  },
  {
    name: 'a statement with an invalid Effect grants nothing',
    policies: [policy([{ Effect: 'allow', Action: 's3:*', Resource: '*' }])],
    query: Q('s3:GetObject', 'arn:aws:s3:::src/*'),
    want: 'implicit-deny',
  },
  { name: 'an empty policy grants nothing', policies: [policy([])], query: Q('s3:GetObject', 'arn:aws:s3:::src/*'), want: 'implicit-deny' },
];

const bucketPolicy = (principal: unknown, extra: object = {}) =>
  policy([{ Effect: 'Allow', Principal: principal, Action: 's3:ReplicateObject', Resource: 'arn:aws:s3:::dest/*', ...extra }], 'bucket-policy');
const asRole = { arn: ROLE, account: '111122223333' };

const PRINCIPAL_CASES: Case[] = [
  { name: 'the exact role ARN', policies: [bucketPolicy({ AWS: ROLE })], query: Q('s3:ReplicateObject', 'arn:aws:s3:::dest/*', { principal: asRole }), want: 'allowed' },
  {
    name: 'the role ARN without its path is another principal',
    policies: [bucketPolicy({ AWS: 'arn:aws:iam::111122223333:role/replication' })],
    query: Q('s3:ReplicateObject', 'arn:aws:s3:::dest/*', { principal: asRole }),
    want: 'implicit-deny',
  },
  { name: 'the account root', policies: [bucketPolicy({ AWS: 'arn:aws:iam::111122223333:root' })], query: Q('s3:ReplicateObject', 'arn:aws:s3:::dest/*', { principal: asRole }), want: 'allowed' },
  { name: 'the bare account ID', policies: [bucketPolicy({ AWS: ['444455556666', '111122223333'] })], query: Q('s3:ReplicateObject', 'arn:aws:s3:::dest/*', { principal: asRole }), want: 'allowed' },
  { name: 'another account', policies: [bucketPolicy({ AWS: '444455556666' })], query: Q('s3:ReplicateObject', 'arn:aws:s3:::dest/*', { principal: asRole }), want: 'implicit-deny' },
  { name: 'everyone', policies: [bucketPolicy('*')], query: Q('s3:ReplicateObject', 'arn:aws:s3:::dest/*', { principal: asRole }), want: 'allowed' },
  {
    name: 'NotPrincipal naming someone else',
    policies: [policy([{ Effect: 'Deny', NotPrincipal: { AWS: ROLE }, Action: 's3:*', Resource: '*' }, { Effect: 'Allow', Principal: { AWS: ROLE }, Action: 's3:*', Resource: '*' }], 'bucket-policy')],
    query: Q('s3:ReplicateObject', 'arn:aws:s3:::dest/*', { principal: asRole }),
    want: 'allowed',
  },
  {
    name: 'a service principal in a trust policy',
    policies: [policy([{ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole' }], 'trust-policy')],
    query: Q('sts:AssumeRole', '*', { principal: { service: 's3.amazonaws.com' } }),
    want: 'allowed',
  },
  {
    name: 'another service principal',
    policies: [policy([{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }], 'trust-policy')],
    query: Q('sts:AssumeRole', '*', { principal: { service: 's3.amazonaws.com' } }),
    want: 'implicit-deny',
  },
];

const TEAM_A = new Map([['aws:principaltag/team', 'team-a']]);
const NOT_TEAM = { NotResource: 'arn:aws:s3:::src/${aws:PrincipalTag/team}/*' };

/** Policy variables in NotResource, Bool and Null, complete contexts, and a Deny that may apply without an Allow. */
const VARIABLE_AND_CONDITION_CASES: Case[] = [
  {
    name: 'an Allow with a NotResource variable reaches what the substituted entry does not name',
    policies: [policy([{ Effect: 'Allow', Action: 's3:GetObject', ...NOT_TEAM }])],
    query: Q('s3:GetObject', 'arn:aws:s3:::src/team-b/report', { context: TEAM_A }),
    want: 'allowed',
  },
  {
    name: 'the same Allow excludes what the substituted entry names',
    policies: [policy([{ Effect: 'Allow', Action: 's3:GetObject', ...NOT_TEAM }])],
    query: Q('s3:GetObject', 'arn:aws:s3:::src/team-a/report', { context: TEAM_A }),
    want: 'implicit-deny',
  },
  {
    name: 'a Deny with a NotResource variable is not dropped: it denies outside the substituted entry',
    policies: [policy([allow('s3:*', '*'), { Effect: 'Deny', Action: 's3:*', ...NOT_TEAM }])],
    query: Q('s3:GetObject', 'arn:aws:s3:::src/team-b/report', { context: TEAM_A }),
    want: 'denied',
  },
  {
    name: 'without the key, a NotResource variable overlapping the resource makes an Allow conditional',
    policies: [policy([{ Effect: 'Allow', Action: 's3:GetObject', ...NOT_TEAM }])],
    query: Q('s3:GetObject', 'arn:aws:s3:::src/team-b/report'),
    want: 'conditional',
  },
  {
    name: 'without the key, such a Deny may apply: the Allow beside it is conditional',
    policies: [policy([allow('s3:*', '*'), { Effect: 'Deny', Action: 's3:*', ...NOT_TEAM }])],
    query: Q('s3:GetObject', 'arn:aws:s3:::src/team-b/report'),
    want: 'conditional',
  },
  {
    name: 'a NotResource variable that cannot name the resource does not matter',
    policies: [policy([allow('s3:*', '*'), { Effect: 'Deny', Action: 's3:*', ...NOT_TEAM }])],
    query: Q('s3:GetObject', 'arn:aws:s3:::other/x'),
    want: 'denied',
  },
  {
    name: 'a Resource variable is substituted when the context holds the key',
    policies: [policy([allow('s3:GetObject', 'arn:aws:s3:::home/${aws:username}/*')])],
    query: Q('s3:GetObject', 'arn:aws:s3:::home/bob/notes', { context: new Map([['aws:username', 'alice']]) }),
    want: 'implicit-deny',
  },
  {
    name: 'a substituted value is literal text, not a wildcard',
    policies: [policy([allow('s3:GetObject', 'arn:aws:s3:::home/${aws:username}/*')])],
    query: Q('s3:GetObject', 'arn:aws:s3:::home/alice/notes', { context: new Map([['aws:username', 'ali*']]) }),
    want: 'implicit-deny',
  },
  {
    name: 'a default value stands in for a missing key',
    policies: [policy([allow('s3:GetObject', "arn:aws:s3:::home/${aws:username, 'shared'}/*")])],
    query: Q('s3:GetObject', 'arn:aws:s3:::home/shared/notes', { context: new Map([['aws:principalaccount', '111122223333']]) }),
    want: 'allowed',
  },
  {
    name: 'Bool is evaluated when the key is known: the TLS-only Deny does not hit a TLS request',
    policies: [policy([allow('s3:*', '*'), deny('s3:*', '*', { Condition: { Bool: { 'aws:SecureTransport': 'false' } } })])],
    query: Q('s3:GetObject', 'arn:aws:s3:::src/a', { context: new Map([['aws:securetransport', 'true']]) }),
    want: 'allowed',
  },
  {
    name: 'and it hits a plain-HTTP request',
    policies: [policy([allow('s3:*', '*'), deny('s3:*', '*', { Condition: { Bool: { 'aws:SecureTransport': false } } })])],
    query: Q('s3:GetObject', 'arn:aws:s3:::src/a', { context: new Map([['aws:securetransport', 'false']]) }),
    want: 'denied',
  },
  {
    name: 'Null "true" is false when the key is known to be present',
    policies: [policy([allow('s3:GetObject', '*', { Condition: { Null: { 'aws:TokenIssueTime': 'true' } } })])],
    query: Q('s3:GetObject', 'arn:aws:s3:::src/a', { context: new Map([['aws:tokenissuetime', '2026-01-01T00:00:00Z']]) }),
    want: 'implicit-deny',
  },
  {
    name: 'Null "true" holds when the context is complete and lacks the key',
    policies: [policy([allow('s3:GetObject', '*', { Condition: { Null: { 'aws:TokenIssueTime': 'true' } } })])],
    query: Q('s3:GetObject', 'arn:aws:s3:::src/a', { context: new Map(), complete: true }),
    want: 'allowed',
  },
  {
    name: 'Null stays open when the context is not complete',
    policies: [policy([allow('s3:GetObject', '*', { Condition: { Null: { 'aws:TokenIssueTime': 'true' } } })])],
    query: Q('s3:GetObject', 'arn:aws:s3:::src/a'),
    want: 'conditional',
  },
  {
    name: 'an absent key satisfies ...IfExists and negated operators, and nothing else',
    policies: [policy([allow('s3:GetObject', '*', { Condition: { StringEqualsIfExists: { 'aws:SourceVpce': 'vpce-1' }, StringNotLike: { 'aws:SourceArn': 'arn:*' } } })])],
    query: Q('s3:GetObject', 'arn:aws:s3:::src/a', { context: new Map(), complete: true }),
    want: 'allowed',
  },
  {
    name: 'an absent key fails a positive operator',
    policies: [policy([allow('s3:GetObject', '*', { Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } } })])],
    query: Q('s3:GetObject', 'arn:aws:s3:::src/a', { context: new Map(), complete: true }),
    want: 'implicit-deny',
  },
  {
    name: 'a variable in a condition value is substituted',
    policies: [policy([allow('s3:GetObject', '*', { Condition: { StringEquals: { 's3:ExistingObjectTag/owner': '${aws:username}' } } })])],
    query: Q('s3:GetObject', 'arn:aws:s3:::src/a', { context: new Map([['aws:username', 'alice'], ['s3:existingobjecttag/owner', 'bob']]) }),
    want: 'implicit-deny',
  },
  {
    name: 'a conditional Deny with no Allow: a Deny may block, not merely nothing allows',
    policies: [policy([deny('s3:*', '*', { Condition: { StringNotEquals: { 'aws:PrincipalTag/team': 'ops' } } })])],
    query: Q('s3:GetObject', 'arn:aws:s3:::src/a'),
    want: 'conditional-deny',
  },
];

describe('evaluate: does this set of policies allow action A on resource R?', () => {
  for (const c of VARIABLE_AND_CONDITION_CASES) {
    it(`${c.want}: ${c.name}`, () => assert.equal(evaluate(c.policies, c.query).decision, c.want));
  }

  it('reads a conditional Deny with no Allow as "a Deny may block"', () => {
    assert.match(decisionText('conditional-deny'), /a Deny may block/);
    assert.doesNotMatch(decisionText('implicit-deny'), /Deny/);
  });

  for (const c of [...CASES, ...PRINCIPAL_CASES]) {
    it(`${c.want}: ${c.name}`, () => assert.equal(evaluate(c.policies, c.query).decision, c.want));
  }

  it('names the statements behind the decision, and which of them are partial or conditional', () => {
    const view = policy([allow('s3:*', 'arn:aws:s3:::src/logs/*'), deny('s3:GetObject', '*', { Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]);
    const e = evaluate([view], Q('s3:GetObject', 'arn:aws:s3:::src/*'));
    assert.deepEqual(
      e.allows.map((m) => [m.statement.index, m.partial, m.conditional]),
      [[0, true, false]],
    );
    assert.deepEqual(
      e.denies.map((m) => [m.statement.index, m.conditional]),
      [[1, true]],
    );
  });
});
