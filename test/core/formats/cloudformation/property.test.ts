/**
 * Property-based robustness of the CloudFormation adapter: random text after a template header,
 * templates cut off mid-typing, and templates mutated line by line (values swapped for intrinsic
 * functions, lines dropped, duplicated or re-indented) never make the engine throw or report outside
 * the text, and every fix of a template that parses keeps it parseable, in YAML and in JSON.
 */
import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { analyze } from '../../../../src/core/analyze';
import { TextEdit } from '../../../../src/core/findings';
import { applyTextEdits } from '../../../../src/core/fixes';
import { cloudFormationAdapter } from '../../../../src/core/formats/cloudformation';
import { ALL_RULES } from '../../../../src/core/rules';

const DIR = join(__dirname, 'fixtures', 'families');
const YAML = readdirSync(DIR).filter((f) => f.endsWith('.yaml')).map((f) => readFileSync(join(DIR, f), 'utf8'));
const JSON_TEMPLATES = readdirSync(DIR).filter((f) => f.endsWith('.json')).map((f) => readFileSync(join(DIR, f), 'utf8'));
const RULE_IDS = new Set(ALL_RULES.map((r) => r.id));
/** Bounded so the whole file takes well under a minute; a failure found before the limit is still reported. */
const RUN = { plugins: [fc.interruptAfterTimeLimit(10_000)] };

const VALUES = [
  '!Ref SourceBucket', '!Ref AWS::NoValue', '!Ref Missing', '!GetAtt ReplicaBucket.Arn', '!GetAtt ReplicationRole.Arn', '!GetAtt Nope.Arn',
  "!Sub '${ReplicaBucket.Arn}/*'", "!Sub 'arn:${AWS::Partition}:s3:::${SourceBucketName}'", '!Sub [x, {A: !Ref SourceBucket}]',
  '!If [IsProd, Enabled, Disabled]', '!ImportValue shared', "!Join ['', [a, !Ref SourceBucket]]", '!Select [0, [a]]', '!GetAtt', '!Sub',
  '{Ref: SourceBucket}', "{'Fn::GetAtt': [ReplicaBucket, Arn]}", 'Enabled', 'Disabled', "''", '15', '-1', 'true', '[]', '{}', 'null',
  'arn:aws:s3:::acme-orders-replica', 'arn:aws:s3:::acme-orders-source/*', 's3:*', 'GLACIER', 'Destination',
];
const KEYS = ['Id', 'ID', 'Status', 'Priority', 'Filter', 'Prefix', 'TagFilter', 'And', 'TagFilters', 'DeleteMarkerReplication', 'Destination', 'Bucket',
  'Account', 'StorageClass', 'ReplicationTime', 'Metrics', 'SourceSelectionCriteria', 'ExistingObjectReplication', 'Role', 'Rules', 'DependsOn',
  'VersioningConfiguration', 'ObjectLockEnabled', 'OwnershipControls', 'BucketName', 'Statement', 'Effect', 'Action', 'Resource', 'Principal', 'Roles'];

type LineEdit = { op: 'drop' | 'duplicate' | 'indent' | 'dedent' | 'value' | 'key' | 'insert'; line: number; pick: number };
const lineEdit: fc.Arbitrary<LineEdit> = fc.record({
  op: fc.constantFrom('drop', 'duplicate', 'indent', 'dedent', 'value', 'key', 'insert'),
  line: fc.nat(),
  pick: fc.nat(),
});

function mutateYaml(text: string, edits: readonly LineEdit[]): string {
  const lines = text.split('\n');
  for (const e of edits) {
    const i = e.line % lines.length;
    const line = lines[i];
    const value = VALUES[e.pick % VALUES.length];
    const key = KEYS[e.pick % KEYS.length];
    switch (e.op) {
      case 'drop':
        lines.splice(i, 1);
        break;
      case 'duplicate':
        lines.splice(i, 0, line);
        break;
      case 'indent':
        lines[i] = `  ${line}`;
        break;
      case 'dedent':
        lines[i] = line.replace(/^ {1,2}/, '');
        break;
      case 'value':
        lines[i] = /:\s/.test(line) ? line.replace(/:\s.*$/, `: ${value}`) : line.replace(/-\s.*$/, `- ${value}`);
        break;
      case 'key':
        lines[i] = line.replace(/^(\s*-?\s*)[A-Za-z]+:/, `$1${key}:`);
        break;
      case 'insert':
        lines.splice(i, 0, `${/^\s*/.exec(line)?.[0] ?? ''}${key}: ${value}`);
        break;
    }
    if (lines.length === 0) lines.push('');
  }
  return lines.join('\n');
}

function inside(edit: { offset: number; length: number }, text: string): boolean {
  return Number.isInteger(edit.offset) && Number.isInteger(edit.length) && edit.offset >= 0 && edit.length >= 0 && edit.offset + edit.length <= text.length;
}

/** The invariants for one template: nothing thrown, everything inside the text, every fix keeps a parsing template parsing. */
function check(uri: string, text: string): void {
  const { findings } = analyze([{ uri, text }]);
  const parses = cloudFormationAdapter.parses(text);
  for (const f of findings) {
    const where = `${f.ruleId} in ${JSON.stringify(text.slice(0, 400))}`;
    assert.ok(RULE_IDS.has(f.ruleId), where);
    assert.ok(!f.message.startsWith('Internal error'), `${f.message} — ${where}`);
    assert.ok(!f.message.includes('{{unresolved}}') && !/--ref/.test(f.message), `a symbol leaks into the message: ${f.message}`);
    assert.equal(f.uri, uri);
    assert.ok(inside(f, text), `finding outside the text: ${where}`);
    for (const r of f.related ?? []) assert.ok(inside(r, text), `related location outside the text: ${where}`);
    for (const fix of f.fixes ?? []) {
      let edits: TextEdit[];
      try {
        edits = fix.edits();
      } catch (err) {
        throw new Error(`fix "${fix.title}" of ${where} throws: ${err instanceof Error ? err.message : String(err)}`);
      }
      for (const e of edits) assert.ok(inside(e, text), `fix "${fix.title}" edits outside the text: ${where}`);
      if (parses) assert.ok(cloudFormationAdapter.parses(applyTextEdits(text, edits)), `fix "${fix.title}" breaks the template: ${where}`);
    }
  }
}

describe('CloudFormation adapter robustness (property-based)', function () {
  this.timeout(60_000);
  it('a resource whose name refers to itself (a cycle CloudFormation refuses) is read, not recursed into', () => {
    for (const text of [
      "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Sub '${B.Arn}/*'\n      ReplicationConfiguration:\n        Role: !GetAtt R.Arn\n        Rules: [{Status: Enabled, Destination: {Bucket: !GetAtt B.Arn}}]\n",
      "Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: !Ref R\n      Path: !GetAtt R.Arn\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      ReplicationConfiguration:\n        Role: !GetAtt R.Arn\n        Rules: [{Status: Enabled, Destination: {Bucket: arn:aws:s3:::x}}]\n",
    ]) {
      check('t.yaml', text);
      assert.ok(analyze([{ uri: 't.yaml', text }]).documents.length >= 1);
    }
  });

  it('random text after a template header', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.constantFrom("AWSTemplateFormatVersion: '2010-09-09'\n", 'Resources:\n  B:\n    Type: AWS::S3::Bucket\n'), (body, head) => {
        check('t.yaml', head + body);
      }),
      { ...RUN, numRuns: 200 },
    );
  });

  it('templates cut off while being typed, in YAML and JSON', () => {
    fc.assert(
      fc.property(fc.constantFrom(...YAML, ...JSON_TEMPLATES), fc.double({ min: 0, max: 1, noNaN: true }), (text, at) => {
        const cut = text.slice(0, Math.floor(text.length * at));
        check(/^\s*\{/.test(text) ? 't.json' : 't.yaml', `${/^\s*\{/.test(text) ? '' : "AWSTemplateFormatVersion: '2010-09-09'\n"}${cut}`);
      }),
      { ...RUN, numRuns: 150 },
    );
  });

  it('YAML templates mutated line by line (intrinsics swapped in, lines dropped, duplicated, re-indented)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...YAML), fc.array(lineEdit, { minLength: 1, maxLength: 5 }), (text, edits) => {
        check('t.yaml', mutateYaml(text, edits));
      }),
      { ...RUN, numRuns: 120 },
    );
  });

  it('JSON templates with values replaced by intrinsic functions', () => {
    const swaps = [{ Ref: 'SourceBucket' }, { Ref: 'AWS::NoValue' }, { 'Fn::GetAtt': ['ReplicaBucket', 'Arn'] }, { 'Fn::If': ['C', 'Enabled', { Ref: 'AWS::NoValue' }] }, { 'Fn::Sub': '${ReplicaBucket.Arn}/*' }, { 'Fn::ImportValue': 'x' }, [], {}, null, 7];
    fc.assert(
      fc.property(fc.constantFrom(...JSON_TEMPLATES), fc.array(fc.tuple(fc.nat(), fc.constantFrom(...swaps)), { minLength: 1, maxLength: 4 }), (text, changes) => {
        const value = JSON.parse(text) as unknown;
        const nodes: Record<string, unknown>[] = [];
        const walk = (v: unknown): void => {
          if (v && typeof v === 'object') {
            if (!Array.isArray(v)) nodes.push(v as Record<string, unknown>);
            Object.values(v).forEach(walk);
          }
        };
        walk(value);
        for (const [pick, swap] of changes) {
          const node = nodes[pick % nodes.length];
          const keys = Object.keys(node);
          if (keys.length > 0) node[keys[pick % keys.length]] = structuredClone(swap);
        }
        check('t.json', JSON.stringify(value, null, 2));
      }),
      { ...RUN, numRuns: 150 },
    );
  });
});
