/**
 * HCL as the adapter reads it (strings, heredocs, references, errors), and its robustness: random
 * and half-typed modules never make the adapter or the engine throw or hang, findings stay inside
 * their files, and every fix keeps the module parseable.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { analyze } from '../../../../src/core/analyze';
import { applyTextEdits } from '../../../../src/core/fixes';
import { terraformAdapter } from '../../../../src/core/formats/terraform';
import { hclDirectCursor, parseHcl } from '../../../../src/core/formats/terraform/hcl/parser';
import { offsetList } from '../../../../src/core/formats/terraform/hcl/strings';
import { readModule } from '../../../../src/core/formats/terraform/module';
import { hclString } from '../../../../src/core/embedded/writers/hcl';
import { inputsOf, withParser } from './helpers';
import { assertProperty } from './property';
import { moduleFiles } from './module';

describe('Terraform: HCL parsing', () => {
  withParser();

  const attr = (text: string, name: string) => {
    const f = parseHcl(text);
    const a = f?.body.items.find((i) => i.kind === 'attribute' && i.name === name);
    assert.ok(a && a.kind === 'attribute');
    return a.expr;
  };

  it('decodes quoted strings and keeps the source offset of each character', () => {
    const text = 'x = "a\\"b\\u00e9$${c}\\n"\n';
    const e = attr(text, 'x');
    assert.ok(e.type === 'literal');
    assert.equal(e.value, 'a"bé${c}\n');
    assert.deepEqual(offsetList(e.offsets ?? [], String(e.value).length).map((o) => text[o]), ['a', '\\', 'b', '\\', '$', '{', 'c', '}', '\\']);
  });

  it('gives a string without escapes the offset of its first character, each next one following', () => {
    const text = 'x = "plain/text"\n';
    const e = attr(text, 'x');
    assert.ok(e.type === 'literal' && typeof e.value === 'string');
    assert.equal(e.offsets, text.indexOf('plain'));
    assert.equal(offsetList(e.offsets ?? [], e.value.length).map((o) => text[o]).join(''), 'plain/text');
  });

  it('reads heredocs as their value: the closing line excluded, <<- indentation removed, interpolations kept apart', () => {
    const text = 'p = <<-EOT\n    {\n      "a": "${var.x}/*"\n    }\n    EOT\nq = <<EOT\n  raw $${y}\nEOT\n';
    const p = attr(text, 'p');
    assert.ok(p.type === 'template' && p.heredoc?.indented);
    const lit = p.parts.map((x) => (x.kind === 'literal' ? x.text : '<i>')).join('');
    assert.equal(lit, '{\n  "a": "<i>/*"\n}\n');
    const q = attr(text, 'q');
    assert.ok(q.type === 'template');
    assert.equal(q.parts.map((x) => (x.kind === 'literal' ? x.text : '')).join(''), '  raw ${y}\n');
  });

  it('reads references with their steps, and calls with their arguments', () => {
    const e = attr('r = data.aws_iam_policy_document.p.json\n', 'r');
    assert.ok(e.type === 'traversal');
    assert.equal(e.root, 'data');
    assert.deepEqual(e.steps.map((s) => (s.kind === 'attr' ? s.name : s.kind)), ['aws_iam_policy_document', 'p', 'json']);
    const c = attr('c = jsonencode({ A = [1, "x"], "B" : local.y[0] })\n', 'c');
    assert.ok(c.type === 'call' && c.name === 'jsonencode' && c.args[0].type === 'object');
    assert.deepEqual(c.args[0].items.map((i) => i.key), ['A', 'B']);
  });

  it('writes strings that read back as the same value (escapes, `${` and `%{` written literally)', () => {
    const value = 'a${b}%{c}"\\\n\tz';
    const e = attr(`x = ${hclString(value)}\n`, 'x');
    assert.ok(e.type === 'literal', JSON.stringify(e));
    assert.equal(e.value, value);
  });

  it('locates syntax errors and keeps the blocks around them', () => {
    const f = parseHcl('resource "a" "b" {\n  x = \n}\n\nresource "c" "d" {\n  y = 1\n}\n');
    assert.ok(f);
    assert.ok(f.errors.length >= 1);
    assert.equal(f.errors[0].offset, 26, "where a value was expected");
    // tree-sitter recovers by reading `x = {` and nesting the next block in it; the module still finds that resource.
    const m = readModule('/m', [{ uri: '/m/main.tf', text: '', hcl: f }], () => undefined);
    assert.deepEqual([...m.resources.keys()], ['a.b', 'c.d']);
  });
});

describe('Terraform: robustness (property)', function () {
  // A local hunt (`TF_PROPERTY_RUNS`) runs as long as it takes; in the suite each property stops generating at its time limit.
  this.timeout(process.env.TF_PROPERTY_RUNS ? 0 : 120_000);
  withParser();

  const RUN = { numRuns: 60, timeLimitMs: 20_000 };
  const base = moduleFiles({ style: 'standalone', policy: 'jsonencode', sourceActions: ['s3:GetObjectVersionForReplication'] });
  base['replication.tf'] = base['replication.tf'].replace(/\n\s*delete_marker_replication \{\n\s*status = "Disabled"\n\s*\}\n/, '\n');
  const legacy = moduleFiles({ style: 'legacy', policy: 'heredoc' });
  const tokens = ['{', '}', '[', ']', '(', ')', '"', '=', ',', '\n', '${', '<<EOT\n', 'EOT\n', '#', '//', '/*', ' ', 'resource', '"aws_s3_bucket"', 'rule', 'filter', 'priority', 'jsonencode', 'local.x', 'var.y', 'aws_s3_bucket.source.arn', '1', 'null', 'true', '...', 'for', 'in', ':', '?', 'dynamic'];
  const chunk = fc.oneof(fc.constantFrom(...tokens), fc.string({ maxLength: 6 }));

  function check(files: Record<string, string>): void {
    const inputs = inputsOf(files);
    const a = analyze(inputs);
    const texts = new Map(inputs.map((i) => [i.uri, i.text]));
    for (const f of a.findings) {
      const text = texts.get(f.uri);
      assert.ok(text !== undefined, `finding in a file of the analysis (${f.uri})`);
      assert.ok(f.offset >= 0 && f.offset + f.length <= text.length, `${f.ruleId} inside its file`);
      assert.doesNotMatch(f.message, /Internal error/);
      for (const fix of f.fixes ?? []) {
        const edits = fix.edits();
        if (edits.length === 0 || !f.uri.endsWith('.tf') || !terraformAdapter.parses(text)) continue;
        assert.ok(terraformAdapter.parses(applyTextEdits(text, edits)), `${fix.title} keeps ${f.uri} parseable`);
      }
    }
  }

  it('never throws on random text in a .tf file', () => {
    assertProperty(fc.property(fc.array(chunk, { maxLength: 60 }), (parts) => check({ 'main.tf': parts.join('') })), RUN);
  });

  it('the direct cursor walk reads the same AST as web-tree-sitter\'s TreeCursor, on any text', () => {
    assert.ok(hclDirectCursor(), 'the pinned runtime exports its cursor functions');
    const same = (text: string) => assert.deepEqual(parseHcl(text), parseHcl(text, { publicCursor: true }));
    for (const files of [base, legacy]) for (const text of Object.values(files)) same(text);
    assertProperty(fc.property(fc.array(chunk, { maxLength: 60 }), (parts) => same(parts.join(''))), RUN);
  });

  it('never throws on half-typed modules (a real module cut and spliced anywhere)', () => {
    const sources = [base, legacy];
    assertProperty(
      fc.property(fc.nat(1), fc.nat(), fc.nat(), fc.array(chunk, { maxLength: 4 }), (which, at, cut, insert) => {
        const files = { ...sources[which] };
        const names = Object.keys(files).filter((n) => n.endsWith('.tf'));
        const name = names[at % names.length];
        const text = files[name];
        const start = cut % (text.length + 1);
        const end = Math.min(text.length, start + ((cut >> 3) % 40));
        files[name] = text.slice(0, start) + insert.join('') + text.slice(end);
        check(files);
      }),
      RUN,
    );
  });

  // Found by the half-typed property (seed 245637648): a space typed into a resource's name.
  it('never writes a resource whose name is no identifier into a reference (a fix would break the file)', () => {
    const files = { ...base, 'buckets.tf': base['buckets.tf'].replace('"aws_s3_bucket_versioning" "destination"', '"aws_s3_bucket_versioning" "destin ation"') };
    assert.notEqual(files['buckets.tf'], base['buckets.tf']);
    const a = analyze(inputsOf(files));
    const unordered = a.findings.filter((f) => f.ruleId === 'tf-versioning-not-ordered');
    assert.equal(unordered.length, 1, 'the missing order is still reported');
    assert.deepEqual(unordered[0].fixes ?? [], [], 'without a depends_on entry Terraform could not read');
    check(files);
  });

  // Found by the half-typed property (seed 716535223): two edits of one fix inserted at the same place.
  it('a fix whose edits would not apply together edits nothing (it never throws)', () => {
    const files = { ...base, 'replication.tf': base['replication.tf'].replace('   filter {\n', '"aws_s3_bucket"') };
    assert.notEqual(files['replication.tf'], base['replication.tf']);
    check(files);
  });

  it('parses a large generated module in bounded time (no pathological backtracking)', () => {
    const rules = Array.from({ length: 300 }, (_, i) => `  rule {\n    id = "r${i}"\n    status = "Enabled"\n    priority = ${i}\n    filter {\n      prefix = "p${i}/"\n    }\n    delete_marker_replication {\n      status = "Disabled"\n    }\n    destination {\n      bucket = aws_s3_bucket.destination.arn\n    }\n  }\n`).join('');
    const files = { ...base, 'replication.tf': `resource "aws_s3_bucket_replication_configuration" "this" {\n  role   = aws_iam_role.replication.arn\n  bucket = aws_s3_bucket.source.id\n${rules}}\n` };
    check(files);
  });
});
