/**
 * A rule's findings on a document it checked without reading the workspace are remembered with the
 * parsed document and replayed when the same document object is analysed again (a role shared by
 * every bucket of a scan); a rule that read the workspace runs again. Replayed findings equal what
 * running the rule gives, and cost the evaluation budget what running it cost.
 */
import { strict as assert } from 'node:assert';
import { analyze } from '../../src/core/analyze';
import { clearEngineCaches } from '../../src/core/caches';
import { parseDocument } from '../../src/core/document';
import { iamData, useIamDataDirectory } from '../../src/core/iam/data';
import { spendMatches, statementMatchesSpent } from '../../src/core/iam/budget';
import { Rule } from '../../src/core/rule';
import { Finding } from '../../src/core/findings';
import { ALL_RULES } from '../../src/core/rules';

/** A finding as data: its fixes' edits computed. */
function plain(findings: readonly Finding[]): unknown[] {
  return findings.map((f) => ({ ...f, fixes: f.fixes?.map((x) => ({ title: x.title, preferred: x.preferred, container: x.container, edits: x.edits() })) }));
}

const ROLE_POLICY = JSON.stringify(
  {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'], Resource: 'arn:aws:s3:::source' },
      { Effect: 'Allow', Action: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl'], Resource: 'arn:aws:s3:::source' },
      { Effect: 'Allow', Action: ['s3:ReplicateObject', 's3:ReplicateDelete'], Resource: 'arn:aws:s3:::destination/*' },
    ],
  },
  null,
  2,
);

function config(bucket: string): string {
  return JSON.stringify({
    Role: 'arn:aws:iam::111122223333:role/replication',
    Rules: [{ ID: 'all', Status: 'Enabled', Priority: 1, Filter: {}, DeleteMarkerReplication: { Status: 'Disabled' }, Destination: { Bucket: `arn:aws:s3:::${bucket}` } }],
  });
}

function probe(id: string, readsWorkspace: boolean, calls: { n: number }, spend = 0): Rule {
  return {
    id,
    severity: 'warning',
    evidence: 'U',
    kinds: ['permission-policy'],
    summary: 'test',
    docUrl: 'https://example.com',
    check(ctx) {
      calls.n++;
      spendMatches(spend);
      const others = readsWorkspace ? ctx.workspace.documents.length : 0;
      ctx.report({ offset: 0, length: 1, message: `checked with ${others} documents`, fixes: [{ title: 'fix', edits: () => [{ offset: 0, length: 0, content: ' ' }] }] });
    },
  };
}

describe('rule memo: findings of rules that read only their document', () => {
  beforeEach(() => clearEngineCaches());

  it('runs a rule that reads only its document once per document object, and one that reads the workspace every time', () => {
    const local = { n: 0 };
    const cross = { n: 0 };
    const rules = [probe('test-local', false, local), probe('test-cross', true, cross)];
    const role = parseDocument({ uri: 'live://role/policy', text: ROLE_POLICY });
    const first = analyze([role, { uri: 'a.json', text: config('a') }], { rules });
    const second = analyze([role, { uri: 'b.json', text: config('b') }, { uri: 'c.json', text: config('c') }], { rules });
    assert.equal(local.n, 1);
    assert.equal(cross.n, 2);
    assert.deepEqual(
      second.findings.map((f) => [f.ruleId, f.message]),
      [
        ['test-local', 'checked with 0 documents'],
        ['test-cross', 'checked with 3 documents'],
      ],
    );
    assert.deepEqual(plain(first.findings.filter((f) => f.ruleId === 'test-local')), plain(second.findings.filter((f) => f.ruleId === 'test-local')));
  });

  it('replays findings equal to a fresh analysis for every rule of the engine', () => {
    const role = parseDocument({ uri: 'live://role/policy', text: ROLE_POLICY });
    const trust = parseDocument({ uri: 'live://role/trust', text: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole' }] }) });
    for (const bucket of ['destination', 'elsewhere', 'destination']) {
      const shared = analyze([role, trust, { uri: 'config.json', text: config(bucket) }], { rules: ALL_RULES });
      const fresh = analyze([{ uri: role.uri, text: role.text }, { uri: trust.uri, text: trust.text }, { uri: 'config.json', text: config(bucket) }], { rules: ALL_RULES });
      assert.ok(shared.findings.length > 0);
      assert.deepEqual(plain(shared.findings), plain(fresh.findings), `findings with the role shared, destination ${bucket}`);
    }
  });

  it('gives each analysis its own finding objects', () => {
    const rules = [probe('test-local', false, { n: 0 })];
    const role = parseDocument({ uri: 'live://role/policy', text: ROLE_POLICY });
    const first = analyze([role], { rules }).findings[0];
    (first as { message: string }).message = 'changed by a caller';
    assert.equal(analyze([role], { rules }).findings[0].message, 'checked with 0 documents');
  });

  it('charges a replayed rule the statement matches it spent when it ran', () => {
    const rules = [probe('test-local', false, { n: 0 }, 7)];
    const role = parseDocument({ uri: 'live://role/policy', text: ROLE_POLICY });
    const before = statementMatchesSpent();
    analyze([role], { rules });
    const ran = statementMatchesSpent() - before;
    analyze([role], { rules });
    assert.equal(ran, 7);
    assert.equal(statementMatchesSpent() - before, 14);
  });

  it('runs the rule again once the engine is pointed at other IAM reference data, or its caches are cleared', () => {
    const calls = { n: 0 };
    const rules = [probe('test-local', false, calls)];
    const role = parseDocument({ uri: 'live://role/policy', text: ROLE_POLICY });
    iamData();
    analyze([role], { rules });
    useIamDataDirectory(undefined);
    iamData();
    analyze([role], { rules });
    assert.equal(calls.n, 2);
    clearEngineCaches();
    analyze([role], { rules });
    assert.equal(calls.n, 3);
  });
});
