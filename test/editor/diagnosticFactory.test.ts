import './useFakeVscode';
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../src/core/analyze';
import { toDiagnostic } from '../../src/editor/diagnosticFactory';
import { Diagnostic, FakeDocument } from './fakeVscode';

const TEMPLATE = readFileSync(join(__dirname, '../core/formats/cloudformation/fixtures/walkthrough.yaml'), 'utf8');

describe('editor: diagnostics are plain text', () => {
  it('messages and related lines, in the same file (a template holding the role and the configuration) and in another', () => {
    const uri = 'file:///work/walkthrough.yaml';
    const document = new FakeDocument(uri, TEMPLATE, 1, 'yaml');
    const { findings } = analyze([{ uri, text: TEMPLATE }]);
    const tagging = findings.find((f) => f.ruleId === 'iam-get-object-version-tagging');
    const related = tagging?.related ?? [];
    assert.ok(tagging && related.some((r) => r.uri === uri && r.message.includes('`')), 'the engine writes the related line in markdown');
    const d = toDiagnostic(tagging, document as never, () => undefined) as unknown as Diagnostic;
    assert.deepEqual(d.relatedInformation?.map((r) => r.message), ['rule "replicate-all" needs s3:GetObjectVersionTagging']);

    // A related location in another file, and a message with code spans.
    const other = 'file:///work/replication-config.json';
    const moved = { ...tagging, message: 'Add `s3:GetObjectVersionTagging`.', related: related.map((r) => ({ ...r, uri: other })) };
    const d2 = toDiagnostic(moved, document as never, (u) => (u === other ? TEMPLATE : undefined)) as unknown as Diagnostic;
    assert.equal(d2.message, 'Add s3:GetObjectVersionTagging.');
    assert.deepEqual(d2.relatedInformation?.map((r) => r.message), ['rule "replicate-all" needs s3:GetObjectVersionTagging']);
  });
});
