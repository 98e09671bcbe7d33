/**
 * Property-based robustness of the whole engine (every registered rule): arbitrary text, arbitrary
 * JSON, and mutated real documents never make it throw or report outside the text, no rule hits
 * an internal error, and every fix yields edits inside the text that apply cleanly (and keep valid
 * JSON valid). Runs are bounded so this takes seconds; a hang fails on mocha's timeout.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { ParseError, parseTree } from 'jsonc-parser';
import { generateConfig } from '../../bench/generateConfig';
import { analyze } from '../../src/core/analyze';
import { DOCUMENT_KINDS, DocumentKind } from '../../src/core/classify';
import { DocumentInput } from '../../src/core/document';
import { TextEdit } from '../../src/core/findings';
import { applyTextEdits } from '../../src/core/fixes';
import { ALL_RULES } from '../../src/core/rules';

const WALKTHROUGH = join(__dirname, '../../../shared/examples/seed-walkthrough');
const walkthrough = ['replication-config.json', 'role-policy.json', 'trust-policy.json'].map((f) => ({
  uri: f,
  text: readFileSync(join(WALKTHROUGH, f), 'utf8'),
}));
const BASES: unknown[] = [
  ...walkthrough.map((d) => JSON.parse(d.text) as unknown),
  JSON.parse(generateConfig(6)) as unknown,
  { ReplicationConfiguration: JSON.parse(generateConfig(3, { defective: true })) as unknown },
  { PolicyDocument: JSON.parse(walkthrough[1].text) as unknown },
];
const RULE_IDS = new Set(ALL_RULES.map((r) => r.id));
/**
 * Shrinking a failure re-analyses many candidates; the time limit keeps a failing run from going
 * on for minutes (the counterexample found so far is still reported as the failure).
 */
const RUN = { plugins: [fc.interruptAfterTimeLimit(15_000)] };

/** Names and values the rules look at, so mutations reach deep into rule code. */
const DOMAIN_KEYS = [
  'Role', 'Rules', 'ID', 'Status', 'Priority', 'Filter', 'Prefix', 'Tag', 'And', 'Tags', 'Key', 'Value',
  'DeleteMarkerReplication', 'Destination', 'Bucket', 'Account', 'StorageClass', 'AccessControlTranslation', 'Owner',
  'EncryptionConfiguration', 'ReplicaKmsKeyID', 'ReplicationTime', 'Time', 'Minutes', 'Metrics', 'EventThreshold',
  'SourceSelectionCriteria', 'SseKmsEncryptedObjects', 'ReplicaModifications', 'ExistingObjectReplication',
  'Version', 'Statement', 'Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Principal', 'Service', 'AWS', 'Condition',
];
const domainValue = fc.oneof(
  fc.constantFrom('Enabled', 'Disabled', 'enabled', '', '*', 's3:*', 's3:ReplicateObject', 'arn:aws:s3:::b', 'arn:aws:s3:::b/*',
    'arn:aws:iam::123456789012:role/r', 's3.amazonaws.com', 'sts:AssumeRole', 'Allow', 'Deny', 'GLACIER', 'Destination', 15, 0, -1, 1.5, null, true, [], {}),
  fc.jsonValue({ maxDepth: 3 }),
);
const key = fc.oneof(fc.constantFrom(...DOMAIN_KEYS), fc.string({ maxLength: 8 }));
const kind = fc.option(fc.constantFrom<DocumentKind>(...DOCUMENT_KINDS), { nil: undefined });

type Mutation = { op: 'delete' | 'insert' | 'replace'; pick: number; key: string; value: unknown };
const mutation: fc.Arbitrary<Mutation> = fc.record({
  op: fc.constantFrom('delete', 'insert', 'replace'),
  pick: fc.nat(),
  key,
  value: domainValue,
});

type Container = Record<string, unknown> | unknown[];
function containers(v: unknown, out: Container[] = []): Container[] {
  if (v !== null && typeof v === 'object') {
    out.push(v as Container);
    for (const child of Object.values(v)) containers(child, out);
  }
  return out;
}

function mutate(base: unknown, ops: Mutation[]): unknown {
  const root = structuredClone(base);
  for (const op of ops) {
    // Arbitraries hand out shared instances; inserting one twice would make the tree cyclic.
    const m = { ...op, value: structuredClone(op.value) };
    const all = containers(root);
    if (all.length === 0) break;
    const target = all[m.pick % all.length];
    const keys = Object.keys(target);
    const k = Array.isArray(target) ? Number(keys[m.pick % Math.max(keys.length, 1)] ?? 0) : keys[m.pick % Math.max(keys.length, 1)];
    if (m.op === 'insert') {
      if (Array.isArray(target)) target.splice(m.pick % (target.length + 1), 0, m.value);
      else target[m.key] = m.value;
    } else if (keys.length > 0 && Array.isArray(target)) {
      if (m.op === 'delete') target.splice(k as number, 1);
      else target[k as number] = m.value;
    } else if (keys.length > 0) {
      if (m.op === 'delete') delete (target as Record<string, unknown>)[k as string];
      else (target as Record<string, unknown>)[k as string] = m.value;
    }
  }
  return root;
}

const layout = fc.constantFrom<(v: unknown) => string>(
  (v) => JSON.stringify(v, null, 2),
  (v) => JSON.stringify(v),
  (v) => JSON.stringify(v, null, '\t').replace(/\n/g, '\r\n'),
  (v) => `// comment\n${JSON.stringify(v, null, 4)}`,
);

/** Text-level damage: cut a slice out, or splice characters in (unbalanced braces, quotes...). */
const textDamage = fc.record({ at: fc.nat(), cut: fc.nat({ max: 12 }), insert: fc.string({ maxLength: 6 }) });
function damage(text: string, d: { at: number; cut: number; insert: string }): string {
  const at = d.at % (text.length + 1);
  return text.slice(0, at) + d.insert + text.slice(at + d.cut);
}

function parsesCleanly(text: string): boolean {
  const errors: ParseError[] = [];
  parseTree(text, errors, { allowTrailingComma: false, disallowComments: false });
  return errors.length === 0;
}

function inside(edit: TextEdit | { offset: number; length: number }, text: string): boolean {
  return Number.isInteger(edit.offset) && Number.isInteger(edit.length) && edit.offset >= 0 && edit.length >= 0 && edit.offset + edit.length <= text.length;
}

/** The invariants, for one document analysed alongside others. */
function checkEngine(target: DocumentInput, context: DocumentInput[] = []): void {
  const { documents, findings } = analyze([target, ...context]);
  const texts = new Map(documents.map((d) => [d.uri, d.text]));
  const clean = parsesCleanly(target.text);
  for (const f of findings) {
    const where = `${f.ruleId} in ${JSON.stringify(target.text.slice(0, 300))}`;
    assert.ok(RULE_IDS.has(f.ruleId), where);
    assert.ok(!f.message.startsWith('Internal error'), `${f.message} — ${where}`);
    assert.ok(['error', 'warning', 'info'].includes(f.severity), where);
    const text = texts.get(f.uri) ?? '';
    assert.ok(inside(f, text), `finding ${f.offset}+${f.length} outside a ${text.length}-char text: ${where}`);
    for (const r of f.related ?? []) assert.ok(inside(r, texts.get(r.uri) ?? ''), `related location outside its text: ${where}`);
    for (const fix of f.fixes ?? []) {
      let edits: TextEdit[];
      try {
        edits = fix.edits();
      } catch (err) {
        throw new Error(`fix "${fix.title}" of ${where} throws: ${err instanceof Error ? err.message : String(err)}`);
      }
      for (const e of edits) assert.ok(inside(e, text), `fix "${fix.title}" edits outside the text: ${where}`);
      const fixed = applyTextEdits(text, edits);
      if (clean && f.uri === target.uri && fix.preferred) {
        assert.ok(parsesCleanly(fixed), `preferred fix "${fix.title}" breaks valid JSON: ${where}`);
      }
    }
  }
}

describe('engine robustness (property-based)', () => {
  it('arbitrary text, under any forced kind', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 })), kind, (text, k) => {
        checkEngine({ uri: 'any.json', text, kind: k });
      }),
      { ...RUN, numRuns: 200 },
    );
  });

  it('arbitrary JSON values, bare and where a configuration or policy would hold them', () => {
    const placed = fc.jsonValue({ maxDepth: 4 }).chain((v) =>
      fc.constantFrom<unknown>(v, { ReplicationConfiguration: v }, { Role: 'arn:aws:iam::1:role/r', Rules: [v] }, { Statement: v }, { Version: '2012-10-17', Statement: [v] }),
    );
    fc.assert(
      fc.property(placed, layout, kind, (v, show, k) => {
        checkEngine({ uri: 'any.json', text: show(v), kind: k });
      }),
      { ...RUN, numRuns: 200 },
    );
  });

  it('mutated walkthrough and generated documents, alone and with the walkthrough as cross-file context', () => {
    fc.assert(
      fc.property(fc.constantFrom(...BASES), fc.array(mutation, { minLength: 1, maxLength: 6 }), layout, fc.option(textDamage, { nil: undefined }), (base, ops, show, dmg) => {
        const text = show(mutate(base, ops));
        const input = { uri: 'mutated.json', text: dmg ? damage(text, dmg) : text };
        checkEngine(input);
        checkEngine(input, walkthrough);
      }),
      { ...RUN, numRuns: 150 },
    );
  });
});
