/** Bad input gets located messages, never an internal error: random policies, and policies cut off mid-typing. */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { analyze } from '../../../../src/core/analyze';
import { DocumentInput } from '../../../../src/core/document';
import { applyTextEdits } from '../../../../src/core/fixes';
import { configText, rule } from './helpers';

const WALKTHROUGH = join(__dirname, '../../../../../shared/examples/seed-walkthrough');
const CONFIG: DocumentInput = { uri: 'config.json', text: configText([rule({ Destination: { Bucket: 'arn:aws:s3:::dest', Account: '444455556666', AccessControlTranslation: { Owner: 'Destination' } } })]) };

function internalErrors(inputs: DocumentInput[]): string[] {
  const { findings } = analyze(inputs);
  // Every fix must compute too: they run lazily, when the user asks.
  for (const f of findings) {
    const doc = inputs.find((i) => i.uri === f.uri);
    for (const fix of f.fixes ?? []) applyTextEdits(doc?.text ?? '', fix.edits());
  }
  return findings.filter((f) => f.message.startsWith('Internal error')).map((f) => f.message);
}

const weirdString = fc.oneof(
  fc.string(),
  fc.constantFrom('*', '?', 's3:*', 's3:', ':', 'arn:', 'arn:aws:s3:::', 'arn:aws:s3:::dest/*', 'arn:*:*:*:*:*', '${aws:username}', '${', 'arn:aws:kms:us-east-1:1:key/${*}', 's3.amazonaws.com', 'sts:AssumeRole'),
);
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, weirdString, fc.integer(), fc.boolean(), fc.constant(null), fc.array(tie('v'), { maxLength: 3 }), fc.dictionary(weirdString, tie('v'), { maxKeys: 3 })),
})).v;

const statement = fc.record(
  {
    Sid: value,
    Effect: fc.oneof(fc.constantFrom('Allow', 'Deny'), value),
    Principal: fc.oneof(fc.constant('*'), fc.record({ AWS: value, Service: value }, { requiredKeys: [] }), value),
    Action: fc.oneof(weirdString, fc.array(weirdString, { maxLength: 4 }), value),
    NotAction: value,
    Resource: fc.oneof(weirdString, fc.array(weirdString, { maxLength: 4 }), value),
    NotResource: value,
    Condition: fc.oneof(fc.dictionary(fc.constantFrom('StringEquals', 'ArnNotLike', 'Nope', 'ForAnyValue:StringLike'), fc.dictionary(weirdString, value, { maxKeys: 2 }), { maxKeys: 2 }), value),
  },
  { requiredKeys: [] },
);

describe('IAM rules never fail on bad input', () => {
  it('random policies of every kind, with a configuration beside them', () => {
    fc.assert(
      fc.property(fc.array(statement, { maxLength: 4 }), fc.constantFrom('permission-policy', 'trust-policy', 'bucket-policy', 'key-policy') as fc.Arbitrary<DocumentInput['kind']>, (statements, kind) => {
        const text = JSON.stringify({ Version: '2012-10-17', Statement: statements });
        assert.deepEqual(internalErrors([CONFIG, { uri: 'p.json', text, kind }]), []);
      }),
      { numRuns: 300 },
    );
  });

  it('every prefix of the walkthrough role policy (as if typed character by character)', () => {
    const text = readFileSync(join(WALKTHROUGH, 'role-policy.json'), 'utf8');
    const config = { uri: 'replication-config.json', text: readFileSync(join(WALKTHROUGH, 'replication-config.json'), 'utf8') };
    for (let n = 0; n <= text.length; n += 3) {
      assert.deepEqual(internalErrors([config, { uri: 'role-policy.json', text: text.slice(0, n) }]), [], `at ${n} characters`);
    }
  });
});
