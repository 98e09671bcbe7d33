/**
 * Which editor documents the extension checks (the Terraform and CloudFormation language ids, plain
 * text files by name, never Terraform's downloaded modules), what the workspace scan reads, and quick
 * fixes on a `.tf` file through the code-action provider as the editor calls it.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { contextFor, harness } from './editorHarness';
import { FakeDocument, WorkspaceEdit } from './fakeVscode';
import { analyze } from '../../src/core/analyze';
import { formatLanguageIds, prepareFormats } from '../../src/core/formats';
import { CHECKED_SELECTOR, inSkippedFolder, isChecked, scannedFilesGlob, skippedFilesGlob } from '../../src/editor/languages';
import { Uri } from './fakeVscode';

const token = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) } as never;
const doc = (path: string, languageId: string) => new FakeDocument(`file://${path}`, '', 1, languageId) as never;

/** A module in one file: the filter is there, `delete_marker_replication` is not (S3 refuses it). */
const MAIN_TF = `resource "aws_s3_bucket" "source" {
  bucket = "acme-orders-source"
}

resource "aws_s3_bucket_versioning" "source" {
  bucket = aws_s3_bucket.source.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_replication_configuration" "orders" {
  depends_on = [aws_s3_bucket_versioning.source]
  bucket     = aws_s3_bucket.source.id
  role       = "arn:aws:iam::111122223333:role/replication"

  rule {
    id     = "orders"
    status = "Enabled"

    filter {
      prefix = "orders/"
    }

    destination {
      bucket = "arn:aws:s3:::acme-orders-replica"
    }
  }
}
`;

describe('editor: documents and files checked', () => {
  it('checks Terraform files under HashiCorp\'s language id, hcl, and as plain text by name', () => {
    assert.ok(isChecked(doc('/repo/infra/main.tf', 'terraform')));
    assert.ok(isChecked(doc('/repo/infra/main.tf', 'hcl')));
    assert.ok(isChecked(doc('/repo/infra/main.tf', 'plaintext')));
    assert.ok(!isChecked(doc('/repo/infra/notes.txt', 'plaintext')));
    assert.ok(!isChecked(doc('/repo/infra/main.py', 'python')));
  });

  it('checks templates as yaml, json and the CloudFormation extension\'s ids, .template files as plain text', () => {
    for (const id of ['yaml', 'json', 'jsonc', 'cloudformation', 'template']) assert.ok(isChecked(doc('/repo/stack.yaml', id)), id);
    assert.ok(isChecked(doc('/repo/stack.template', 'plaintext')));
  });

  it('never checks a file in .terraform (modules and providers Terraform downloaded)', () => {
    for (const id of ['terraform', 'hcl', 'plaintext', 'json']) assert.ok(!isChecked(doc('/repo/infra/.terraform/modules/s3/main.tf', id)), id);
    assert.ok(inSkippedFolder(Uri.parse('file:///repo/infra/.terraform/modules/s3/main.tf') as never));
    assert.ok(!inSkippedFolder(Uri.parse('file:///repo/infra/terraform/main.tf') as never));
  });

  it('selects for code actions every language it checks, and .tf and .template files as plain text', () => {
    const selector = CHECKED_SELECTOR as { language: string; pattern?: string }[];
    for (const language of ['json', 'jsonc', 'yaml', 'cloudformation', 'template', 'terraform', 'hcl']) assert.ok(selector.some((s) => s.language === language && !s.pattern), language);
    assert.ok(selector.some((s) => s.language === 'plaintext' && s.pattern === '**/*.tf'));
    assert.ok(selector.some((s) => s.language === 'plaintext' && s.pattern === '**/*.template'));
  });

  it('scans .tf files with the rest, skipping node_modules, .git and .terraform', () => {
    assert.match(scannedFilesGlob(), /^\*\*\/\*\.\{[^}]*\btf\b[^}]*\}$/);
    assert.match(scannedFilesGlob(), /\byaml\b/);
    assert.equal(skippedFilesGlob(), '**/{node_modules,.git,.terraform}/**');
  });

  it('activates on every language it checks (package.json)', () => {
    const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { activationEvents: string[] };
    for (const id of formatLanguageIds()) assert.ok(manifest.activationEvents.includes(`onLanguage:${id}`), id);
    assert.ok(manifest.activationEvents.includes('workspaceContains:**/*.tf'));
  });

  describe('quick fixes on a .tf file', function () {
    this.timeout(60_000);
    before(async () => prepareFormats([{ uri: 'file:///repo/infra/main.tf', text: MAIN_TF }]));

    for (const languageId of ['terraform', 'plaintext']) {
      it(`offers the fix of a Terraform finding and applies it as an HCL edit (${languageId})`, async () => {
        const uri = 'file:///repo/infra/main.tf';
        const h = harness(MAIN_TF, uri, languageId);
        assert.ok(isChecked(h.document as never));
        const d = h.diagnostics.find((x) => String((x.code as { value: string }).value) === 'rc-v2-delete-marker-required');
        assert.ok(d, h.findings.map((f) => f.ruleId).join(', '));
        assert.match(MAIN_TF.slice(h.document.offsetAt(d.range.start), h.document.offsetAt(d.range.end)), /^filter\b/, 'on the filter block');
        const actions = h.provider.provideCodeActions(h.document as never, d.range as never, contextFor(h, d.range));
        const action = actions.find((a) => /delete_marker_replication/.test(a.title));
        assert.ok(action, actions.map((a) => a.title).join('\n'));
        const resolved = await h.provider.resolveCodeAction(action, token);
        assert.ok(resolved.edit);
        h.document.apply(resolved.edit as unknown as WorkspaceEdit);
        const fixed = h.document.getText();
        assert.match(fixed, /delete_marker_replication \{\n\s+status = "(Disabled|Enabled)"\n\s+\}/);
        assert.ok(fixed.includes('    filter {\n      prefix = "orders/"\n    }\n'), 'the rest of the block is kept as written');
        const again = analyze([{ uri, text: fixed }]).findings.map((f) => f.ruleId);
        assert.ok(!again.includes('rc-v2-delete-marker-required'), again.join(', '));
      });
    }
  });
});
