import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { analyze } from '../../../src/core/analyze';
import { parseDocument } from '../../../src/core/document';
import { STATEMENT_MATCH_BUDGET } from '../../../src/core/iam/budget';
import { decide, evaluate, matchStatement, Query, StatementMatch } from '../../../src/core/iam/evaluate';
import { PolicyView, policyView } from '../../../src/core/iam/policy';
import { statementsNear } from '../../../src/core/iam/statementIndex';

function view(statements: unknown[]): PolicyView {
  const v = policyView(parseDocument({ uri: 'p.json', text: JSON.stringify({ Version: '2012-10-17', Statement: statements }), kind: 'permission-policy' }));
  assert.ok(v);
  return v;
}

/** The evaluator without its indexes: every statement, in order. */
function bruteForce(v: PolicyView, q: Query) {
  const allows: StatementMatch[] = [];
  const denies: StatementMatch[] = [];
  for (const statement of v.statements) {
    if (!statement.effect) continue;
    const m = matchStatement(statement, q);
    if (m) (statement.effect === 'Allow' ? allows : denies).push({ policy: v, statement, ...m });
  }
  return { decision: decide(allows, denies), allows: allows.map((m) => m.statement.index), denies: denies.map((m) => m.statement.index) };
}

describe('statement index', () => {
  it('finds statements by literal bucket, by the literal start of a bucket pattern, and keeps the unanchored ones', () => {
    const v = view([
      { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::logs/*' },
      { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::logs-*/*' },
      { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::other/*' },
      { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
      { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::*-logs/*' },
      { Effect: 'Deny', Action: 's3:*', NotResource: 'arn:aws:s3:::other/*' },
    ]);
    assert.deepEqual(statementsNear(v, 'arn:aws:s3:::logs/a').map((s) => s.index), [0, 3, 4, 5]);
    assert.deepEqual(statementsNear(v, 'arn:aws:s3:::logs-eu/a').map((s) => s.index), [1, 3, 4, 5]);
    assert.deepEqual(statementsNear(v, 'arn:aws:s3:::other').map((s) => s.index), [2, 3, 4, 5]);
    assert.equal(statementsNear(v, 'arn:aws:s3:::*/*').length, 6, 'a bucket pattern in the question: every statement');
  });

  it('gives the evaluator the same answers as checking every statement', () => {
    const bucket = fc.constantFrom('src', 'dst', 'logs', 'logs-eu', 'Src');
    const resource = fc.oneof(
      bucket.map((b) => `arn:aws:s3:::${b}`),
      bucket.map((b) => `arn:aws:s3:::${b}/*`),
      bucket.map((b) => `arn:aws:s3:::${b}/docs/*`),
      fc.constantFrom('*', 'arn:aws:s3:::logs*', 'arn:aws:s3:::*/*', 'arn:aws:s3:::l?gs/*', 'arn:aws:kms:*:*:key/*'),
    );
    const action = fc.constantFrom('s3:ReplicateObject', 's3:GetObjectVersionForReplication', 's3:Replicate*', 's3:*', 's3:ListBucket');
    const statement = fc.record({
      Effect: fc.constantFrom('Allow', 'Deny'),
      Action: fc.oneof(action, fc.array(action, { minLength: 1, maxLength: 3 })),
      Resource: fc.oneof(resource, fc.array(resource, { minLength: 1, maxLength: 3 })),
    });
    const query = fc.record({
      action: fc.constantFrom('s3:ReplicateObject', 's3:GetObjectVersionForReplication', 's3:ListBucket'),
      resource: resource.filter((r) => r !== 'arn:aws:kms:*:*:key/*'),
      scope: fc.constantFrom<'all' | 'some'>('all', 'some'),
    });
    fc.assert(
      fc.property(fc.array(statement, { minLength: 1, maxLength: 12 }), fc.array(query, { minLength: 1, maxLength: 5 }), (statements, queries) => {
        const v = view(statements);
        for (const q of queries) {
          const e = evaluate([v], q);
          assert.deepEqual(
            { decision: e.decision, allows: e.allows.map((m) => m.statement.index), denies: e.denies.map((m) => m.statement.index) },
            bruteForce(v, q),
          );
        }
      }),
      { numRuns: 400, seed: 12 },
    );
  });
});

describe('policy evaluation budget', () => {
  it('stops the checks of a policy whose every statement applies to every bucket, and says so on the policy', () => {
    // Half the statements grant replication to their own bucket (so each bucket is asked about),
    // half deny on "*" under a condition (so each is compared with every question).
    const n = 1500;
    const statements = Array.from({ length: n }, (_, i) =>
      i % 2
        ? { Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { StringEquals: { 'aws:SourceVpce': `vpce-${i}` } } }
        : { Effect: 'Allow', Action: 's3:ReplicateObject', Resource: `arn:aws:s3:::bucket-${i}/*` },
    );
    assert.ok((n / 2) * (n / 2) > STATEMENT_MATCH_BUDGET, 'the case needs more comparisons than the budget');
    const text = JSON.stringify({ Version: '2012-10-17', Statement: statements });
    const { findings } = analyze([{ uri: 'role-policy.json', text }]);
    const stopped = findings.filter((f) => f.ruleId === 'json-too-large');
    assert.equal(stopped.length, 1);
    assert.equal(stopped[0].severity, 'info');
    assert.equal(stopped[0].offset, 0);
    assert.match(stopped[0].message, /^Not fully checked: .*statement comparisons.*the checks stopped at `iam-/);
  });

  it('leaves ordinary policies alone, wildcard resources included', () => {
    const statements = Array.from({ length: 40 }, (_, i) => ({ Effect: 'Allow', Action: 's3:ReplicateObject', Resource: i % 2 ? '*' : `arn:aws:s3:::b${i}/*` }));
    const { findings } = analyze([{ uri: 'role-policy.json', text: JSON.stringify({ Version: '2012-10-17', Statement: statements }) }]);
    assert.deepEqual(findings.filter((f) => /Not fully checked/.test(f.message)), []);
  });
});
