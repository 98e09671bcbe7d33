/**
 * Differential test of the evaluator against a plain reference written from the IAM User Guide
 * (referenceEvaluator.ts): a few thousand random policies and requests, seeded so a failure
 * reproduces. The request context is complete, so every answer must be definite and equal to the
 * reference's. The shapes are the ones the engine meets: actions and resources with wildcards,
 * NotAction / NotResource, policy variables in resources and condition values, string, ARN, Bool
 * and Null operators with and without IfExists.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { parseDocument } from '../../../src/core/document';
import { evaluate } from '../../../src/core/iam/evaluate';
import { policyView } from '../../../src/core/iam/policy';
import { Json, referenceDecision, Request } from './referenceEvaluator';

// DIFFERENTIAL_SEED and DIFFERENTIAL_RUNS explore further by hand; npm test runs the fixed seed.
const SEED = Number(process.env.DIFFERENTIAL_SEED ?? 20261207);
const RUNS = Number(process.env.DIFFERENTIAL_RUNS ?? 3000);

const ACTIONS = ['s3:GetObject', 's3:PutObject', 's3:*', 's3:Get*', 's3:?utObject', '*', 'S3:getobject', 's3:ReplicateObject', 'kms:Decrypt', 's3:List*'];
const RESOURCES = [
  '*',
  'arn:aws:s3:::src/*',
  'arn:aws:s3:::src/${aws:PrincipalTag/team}/*',
  'arn:aws:s3:::dest/*',
  'arn:aws:s3:::*/team-?/*',
  'arn:aws:s3:::src/team-a/*',
  'arn:aws:s3:::${aws:username}-home/*',
  'arn:aws:s3:::src/${aws:username}/*',
  'arn:aws:s3:::src',
  'arn:aws:s3:::dest/${aws:PrincipalTag/team}*',
  'arn:aws:kms:*:111122223333:key/*',
  'arn:aws:s3:::src/${$}literal',
];
const CONDITIONS: [string, string, string[]][] = [
  ['Bool', 'aws:SecureTransport', ['false']],
  ['Bool', 'aws:SecureTransport', ['true']],
  ['StringEquals', 'aws:PrincipalTag/team', ['team-a']],
  ['StringNotEquals', 'aws:PrincipalTag/team', ['team-b']],
  ['StringLike', 'aws:username', ['a*']],
  ['StringEqualsIgnoreCase', 'aws:username', ['ALICE']],
  ['StringNotLike', 'aws:username', ['b?b']],
  ['Null', 'aws:TokenIssueTime', ['true']],
  ['Null', 'aws:TokenIssueTime', ['false']],
  ['StringEqualsIfExists', 'aws:SourceVpce', ['vpce-1']],
  ['StringNotEqualsIfExists', 'aws:SourceVpce', ['vpce-1']],
  ['StringEquals', 'aws:SourceVpce', ['vpce-1', 'vpce-3']],
  ['ArnLike', 'aws:SourceArn', ['arn:aws:s3:::src*']],
  ['ArnNotLike', 'aws:SourceArn', ['arn:aws:s3:::dest']],
  ['StringEquals', 'aws:username', ['${aws:PrincipalTag/team}']],
  ['StringLike', 's3:prefix', ['${aws:username}/*']],
];

const REQUEST_ACTIONS = ['s3:GetObject', 's3:PutObject', 's3:ReplicateObject', 's3:ListBucket', 'kms:Decrypt'];
const REQUEST_RESOURCES = [
  'arn:aws:s3:::src/team-a/x',
  'arn:aws:s3:::src/team-b/y',
  'arn:aws:s3:::dest/team-a/z',
  'arn:aws:s3:::alice-home/k',
  'arn:aws:s3:::src',
  'arn:aws:s3:::src/alice/n',
  // Literal, since a query resource with `*` is a pattern ("every object") by the evaluator's contract.
  'arn:aws:s3:::src/$literal',
  'arn:aws:kms:us-east-1:111122223333:key/k1',
];

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 2 });

const statement: fc.Arbitrary<Json> = fc
  .record({
    effect: fc.constantFrom('Allow', 'Allow', 'Deny'),
    actions: fc.uniqueArray(fc.constantFrom(...ACTIONS), { minLength: 1, maxLength: 2 }),
    notResource: fc.integer({ min: 0, max: 9 }).map((n) => n < 3),
    resources: fc.uniqueArray(fc.constantFrom(...RESOURCES), { minLength: 1, maxLength: 2 }),
    conditions: fc.uniqueArray(fc.constantFrom(...CONDITIONS), { maxLength: 2, selector: (c) => `${c[0]}|${c[1]}` }),
    notActionFlag: fc.integer({ min: 0, max: 9 }),
  })
  .map((r) => {
    const s: Json = { Effect: r.effect };
    s[r.notActionFlag < 2 ? 'NotAction' : 'Action'] = r.actions.length === 1 ? r.actions[0] : r.actions;
    s[r.notResource ? 'NotResource' : 'Resource'] = r.resources.length === 1 ? r.resources[0] : r.resources;
    if (r.conditions.length > 0) {
      const condition: Record<string, Record<string, string[]>> = {};
      for (const [op, key, values] of r.conditions) condition[op] = { ...(condition[op] ?? {}), [key]: values };
      s.Condition = condition;
    }
    return s;
  });

const request: fc.Arbitrary<Request> = fc
  .record({
    action: fc.constantFrom(...REQUEST_ACTIONS),
    resource: fc.constantFrom(...REQUEST_RESOURCES),
    team: fc.constantFrom('team-a', 'team-b'),
    username: fc.constantFrom('alice', 'bob', 'team-a'),
    secure: fc.constantFrom('true', 'false'),
    token: maybe(fc.constant('2026-12-07T00:00:00Z')),
    vpce: maybe(fc.constantFrom('vpce-1', 'vpce-2')),
    sourceArn: maybe(fc.constantFrom('arn:aws:s3:::src', 'arn:aws:s3:::dest')),
    prefix: maybe(fc.constantFrom('alice/x', 'bob/y')),
  })
  .map((r) => {
    // Variables' keys (team, username) are always present: what IAM does with a variable that has
    // no value is not what this test is about.
    const context: Record<string, string> = { 'aws:PrincipalTag/team': r.team, 'aws:username': r.username, 'aws:SecureTransport': r.secure };
    if (r.token) context['aws:TokenIssueTime'] = r.token;
    if (r.vpce) context['aws:SourceVpce'] = r.vpce;
    if (r.sourceArn) context['aws:SourceArn'] = r.sourceArn;
    if (r.prefix) context['s3:prefix'] = r.prefix;
    return { action: r.action, resource: r.resource, context };
  });

function ours(statements: Json[], r: Request): string {
  const doc = parseDocument({ uri: 'p.json', text: JSON.stringify({ Version: '2012-10-17', Statement: statements }), kind: 'permission-policy' });
  const view = policyView(doc);
  assert.ok(view);
  const context = new Map(Object.entries(r.context).map(([k, v]) => [k.toLowerCase(), v]));
  return evaluate([view], { action: r.action, resource: r.resource, context, complete: true }).decision;
}

describe('evaluate against a reference evaluator written from the IAM documentation', () => {
  it(`agrees on ${RUNS} random policies and requests (seed ${SEED})`, () => {
    const cases = fc.sample(fc.tuple(fc.array(statement, { minLength: 1, maxLength: 4 }), request), { seed: SEED, numRuns: RUNS });
    const disagreements: string[] = [];
    const shapes = new Map<string, number>();
    const seen = { allowed: 0, denied: 0, 'implicit-deny': 0 };
    for (const [statements, r] of cases) {
      const want = referenceDecision(statements, r);
      seen[want]++;
      const got = ours(statements, r);
      if (got !== want) shapes.set(`${got} for ${want}`, (shapes.get(`${got} for ${want}`) ?? 0) + 1);
      if (got !== want) disagreements.push(`${got} vs reference ${want}: ${r.action} on ${r.resource} with ${JSON.stringify(r.context)} under ${JSON.stringify(statements)}`);
    }
    // Every outcome occurs often enough for agreement to mean something.
    for (const [answer, n] of Object.entries(seen)) assert.ok(n > RUNS / 20, `only ${n} cases answer ${answer}`);
    const rate = ((100 * disagreements.length) / RUNS).toFixed(2);
    const byShape = [...shapes].map(([k, n]) => `${n}× ${k}`).join(', ');
    assert.equal(disagreements.length, 0, `${disagreements.length} of ${RUNS} disagree (${rate}%; ${byShape}), e.g.\n${disagreements.slice(0, 5).join('\n')}`);
  });
});
