/**
 * What a Terraform fix adds is laid out as `terraform fmt` lays it out (so `terraform fmt -check` in
 * CI still passes after a fix), and list attributes of a policy document get lists. The expected
 * texts below were checked by hand with `terraform fmt -check` (Terraform 1.11).
 */
import { strict as assert } from 'node:assert';
import { analyze } from '../../../src/core/analyze';
import { applyTextEdits } from '../../../src/core/fixes';
import { alignAttributes, hclStyle, insertInBlock } from '../../../src/core/embedded/writers/hcl';
import { parseHcl } from '../../../src/core/formats/terraform/hcl/parser';
import { Block } from '../../../src/core/formats/terraform/hcl/ast';
import { inputsOf, withParser } from '../formats/terraform/helpers';

function firstBlock(text: string): Block {
  const hcl = parseHcl(text);
  assert.ok(hcl, 'the HCL parser is loaded');
  const block = hcl.body.items.find((i): i is Block => i.kind === 'block');
  assert.ok(block);
  return block;
}

function insert(text: string, lines: string[], at: 'end' | 'start' = 'end'): string {
  const edit = insertInBlock(text, firstBlock(text), lines, hclStyle(text), at);
  assert.ok(edit, 'insertInBlock gave no edit');
  return applyTextEdits(text, [edit]);
}

describe('HCL writer: layout as terraform fmt writes it', () => {
  withParser();

  it('aligns the = of each run of one-line attributes; a block, a comment or a multi-line value ends a run', () => {
    assert.deepEqual(alignAttributes(['effect = "Allow"', 'actions = ["s3:ReplicateObject"]', 'resources = ["x"]']), [
      'effect    = "Allow"',
      'actions   = ["s3:ReplicateObject"]',
      'resources = ["x"]',
    ]);
    assert.deepEqual(alignAttributes(['a = 1', 'bbbb = [\n  "x",\n]', 'c = 2', 'dd = 3', '# note', 'eeeee = 4', 'f {', '}', 'g = 5']), [
      'a = 1',
      'bbbb = [\n  "x",\n]',
      'c  = 2',
      'dd = 3',
      '# note',
      'eeeee = 4',
      'f {',
      '}',
      'g = 5',
    ]);
  });

  it('joins the run of attributes it is added after when its name fits the run\'s column', () => {
    const text = 'resource "a" "b" {\n  bucket = "x"\n  status = "y"\n}\n';
    assert.equal(insert(text, ['id = "z"']), 'resource "a" "b" {\n  bucket = "x"\n  status = "y"\n  id     = "z"\n}\n');
  });

  it('sets a longer name apart with a blank line instead of moving the user\'s = signs', () => {
    const text = 'resource "a" "b" {\n  id     = "x"\n  status = "y"\n}\n';
    assert.equal(insert(text, ['priority = 1']), 'resource "a" "b" {\n  id     = "x"\n  status = "y"\n\n  priority = 1\n}\n');
    assert.equal(
      insert(text, ['depends_on = [aws_s3_bucket_versioning.destination]'], 'start'),
      'resource "a" "b" {\n  depends_on = [aws_s3_bucket_versioning.destination]\n\n  id     = "x"\n  status = "y"\n}\n',
    );
  });

  it('sets a new item apart with a blank line where the block\'s items are, and only there', () => {
    const spaced = 'rule {\n  id = "x"\n\n  filter {\n    prefix = ""\n  }\n}\n';
    assert.equal(insert(spaced, ['delete_marker_replication {\n  status = "Disabled"\n}']), 'rule {\n  id = "x"\n\n  filter {\n    prefix = ""\n  }\n\n  delete_marker_replication {\n    status = "Disabled"\n  }\n}\n');
    const dense = 'metrics {\n  status = "Enabled"\n}\n';
    assert.equal(insert(dense, ['event_threshold {\n  minutes = 15\n}']), 'metrics {\n  status = "Enabled"\n  event_threshold {\n    minutes = 15\n  }\n}\n');
  });

  it('keeps CRLF line endings in what it adds', () => {
    const text = 'rule {\r\n  id = "x"\r\n\r\n  filter {}\r\n}\r\n';
    const edit = insertInBlock(text, firstBlock(text), ['priority = 1'], hclStyle(text));
    assert.ok(edit);
    assert.equal(applyTextEdits(text, [edit]), 'rule {\r\n  id = "x"\r\n\r\n  filter {}\r\n\r\n  priority = 1\r\n}\r\n');
  });

  it('adds a statement to an aws_iam_policy_document with resources and actions as lists, aligned, set apart like its siblings', () => {
    const files = {
      'main.tf': [
        'resource "aws_s3_bucket_replication_configuration" "this" {',
        '  role   = aws_iam_role.replication.arn',
        '  bucket = "src-bucket"',
        '',
        '  rule {',
        '    id       = "logs"',
        '    status   = "Enabled"',
        '    priority = 1',
        '',
        '    filter {',
        '      prefix = "logs/"',
        '    }',
        '',
        '    delete_marker_replication {',
        '      status = "Disabled"',
        '    }',
        '',
        '    destination {',
        '      bucket = "arn:aws:s3:::dst-bucket"',
        '    }',
        '  }',
        '}',
        '',
      ].join('\n'),
      'iam.tf': [
        'resource "aws_iam_role" "replication" {',
        '  name               = "crr"',
        '  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "s3.amazonaws.com" }, Action = "sts:AssumeRole" }] })',
        '}',
        '',
        'data "aws_iam_policy_document" "replication" {',
        '  statement {',
        '    actions   = ["s3:GetReplicationConfiguration", "s3:ListBucket"]',
        '    resources = ["arn:aws:s3:::src-bucket"]',
        '  }',
        '',
        '  statement {',
        '    actions   = ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"]',
        '    resources = ["arn:aws:s3:::src-bucket/*"]',
        '  }',
        '}',
        '',
        'resource "aws_iam_role_policy" "replication" {',
        '  role   = aws_iam_role.replication.id',
        '  policy = data.aws_iam_policy_document.replication.json',
        '}',
        '',
      ].join('\n'),
    };
    const inputs = inputsOf(files);
    const finding = analyze(inputs).findings.find((f) => f.ruleId === 'iam-replicate-object');
    assert.ok(finding, 'the missing s3:ReplicateObject is found');
    const fix = finding.fixes?.find((f) => f.preferred);
    assert.ok(fix, 'with a preferred fix');
    const text = inputs.find((i) => i.uri === finding.uri)?.text ?? '';
    const fixed = applyTextEdits(text, fix.edits());
    assert.ok(
      fixed.includes(
        '    resources = ["arn:aws:s3:::src-bucket/*"]\n  }\n\n  statement {\n    effect    = "Allow"\n    actions   = ["s3:ReplicateObject"]\n    resources = ["arn:aws:s3:::dst-bucket/logs/*"]\n  }\n}\n',
      ),
      fixed,
    );
    const serious = (fs: { ruleId: string; severity: string }[]) => fs.filter((f) => f.severity !== 'info').map((f) => f.ruleId).sort();
    const before = serious(analyze(inputs).findings);
    const again = serious(analyze(inputs.map((i) => (i.uri === finding.uri ? { ...i, text: fixed } : i))).findings);
    assert.deepEqual(again, before.filter((id) => id !== 'iam-replicate-object'));
  });
});
