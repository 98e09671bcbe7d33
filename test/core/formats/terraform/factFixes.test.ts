/**
 * A destination bucket whose versioning the module leaves off gets it turned on where the module
 * declares it (`ls-dest-versioning`'s fix): the status of an `aws_s3_bucket_versioning` or an inline
 * `versioning { enabled }` in the finding's file, else a new `aws_s3_bucket_versioning` resource
 * there. Text in, text out: comments, indentation and line endings stay as they were.
 */
import { strict as assert } from 'node:assert';
import { analyze } from '../../../../src/core/analyze';
import { runFixLoop } from '../../../../src/cli/fixLoop';
import { applyTextEdits } from '../../../../src/core/fixes';
import { Finding } from '../../../../src/core/findings';
import { terraformAdapter } from '../../../../src/core/formats/terraform';
import { byRule, inputsOf, serious, withParser } from './helpers';
import { moduleFiles } from './module';

function versioningFinding(files: Record<string, string>): Finding {
  const found = byRule(analyze(inputsOf(files)).findings, 'ls-dest-versioning');
  assert.equal(found.length, 1, found.map((f) => f.message).join('\n'));
  return found[0];
}

function fixed(files: Record<string, string>): { finding: Finding; file: string; text: string } {
  const finding = versioningFinding(files);
  const file = finding.uri.split('/').pop() as string;
  assert.equal(finding.fixes?.length, 1);
  const fix = finding.fixes[0];
  assert.ok(fix.preferred);
  return { finding, file, text: applyTextEdits(files[file], fix.edits()) };
}

/** The fix loop applies every preferred fix and the module re-checks clean. */
function fixesClean(files: Record<string, string>): void {
  const inputs = inputsOf(files);
  const result = runFixLoop(inputs, () => true);
  assert.deepEqual(result.refused, []);
  for (const [uri, text] of result.texts) assert.ok(terraformAdapter.parses(text), `${uri} still parses`);
  const after = inputs.map((i) => ({ ...i, text: result.texts.get(i.uri) ?? i.text }));
  assert.deepEqual(serious(analyze(after).findings).map((f) => `${f.ruleId}: ${f.message}`), []);
}

const suspended = `resource "aws_s3_bucket_versioning" "destination" {
    bucket = aws_s3_bucket.destination.id   # the replica bucket
    versioning_configuration {
        # paused while we migrate
        status = "Suspended"
    }
}
`;

describe('Terraform: destination versioning turned on where the module declares it', () => {
  withParser();

  it('no versioning declared (standalone): a new aws_s3_bucket_versioning in the finding\'s file', () => {
    const files = moduleFiles({ style: 'standalone', policy: 'document', destinationVersioning: 'absent' });
    files['replication.tf'] = `# Replication of the data prefix.\n${files['replication.tf']}`;
    const { finding, file, text } = fixed(files);
    assert.equal(file, 'replication.tf');
    assert.equal(finding.fixes?.[0].title, 'Add resource "aws_s3_bucket_versioning" "destination" (versioning Enabled on aws_s3_bucket.destination)');
    assert.equal(
      text,
      `${files['replication.tf']}\nresource "aws_s3_bucket_versioning" "destination" {\n  bucket = aws_s3_bucket.destination.id\n\n  versioning_configuration {\n    status = "Enabled"\n  }\n}\n`,
    );
    fixesClean(files);
  });

  it('no versioning declared (legacy inline replication): the same resource, in the bucket file', () => {
    const files = moduleFiles({ style: 'legacy', policy: 'document', destinationVersioning: 'absent' });
    const { file, text } = fixed(files);
    assert.equal(file, 'buckets.tf');
    assert.ok(text.startsWith(files['buckets.tf']), 'the file is kept as it was, the resource appended');
    assert.match(text.slice(files['buckets.tf'].length), /^\nresource "aws_s3_bucket_versioning" "destination" \{\n {2}bucket = aws_s3_bucket\.destination\.id\n/);
    fixesClean(files);
  });

  it('a suspended aws_s3_bucket_versioning in the same file: only its status changes (comments, four-space indentation kept)', () => {
    const files = moduleFiles({ style: 'standalone', policy: 'document', destinationVersioning: 'absent' });
    files['replication.tf'] = files['replication.tf'].replace('resource "aws_s3_bucket_replication_configuration" "this" {\n', `${suspended}\nresource "aws_s3_bucket_replication_configuration" "this" {\n  depends_on = [aws_s3_bucket_versioning.source, aws_s3_bucket_versioning.destination]\n`);
    const finding = versioningFinding(files);
    assert.match(finding.message, /is suspended/);
    const { text } = fixed(files);
    assert.equal(text, files['replication.tf'].replace('status = "Suspended"', 'status = "Enabled"'));
    assert.equal(finding.fixes?.[0].title, 'Set status = "Enabled" in aws_s3_bucket_versioning.destination');
    fixesClean(files);
  });

  it('inline versioning { enabled = false } on the bucket (legacy style): set to true, CRLF kept', () => {
    const files = moduleFiles({ style: 'legacy', policy: 'document', destinationVersioning: 'absent' });
    files['buckets.tf'] = files['buckets.tf']
      .replace(/resource "aws_s3_bucket" "destination" \{\n/, 'resource "aws_s3_bucket" "destination" {\n  versioning {\n    enabled = false // turned off by hand\n  }\n')
      .replace(/\n/g, '\r\n');
    const { text } = fixed(files);
    assert.equal(text, files['buckets.tf'].replace('enabled = false // turned off', 'enabled = true // turned off'));
    fixesClean(files);
  });

  it('new resource in a CRLF file with tab indentation: written with CRLF and tabs', () => {
    const files = moduleFiles({ style: 'standalone', policy: 'document', destinationVersioning: 'absent' });
    files['replication.tf'] = files['replication.tf'].replace(/^( {2})+/gm, (s) => '\t'.repeat(s.length / 2)).replace(/\n/g, '\r\n');
    const { text } = fixed(files);
    assert.equal(
      text.slice(files['replication.tf'].length),
      '\r\nresource "aws_s3_bucket_versioning" "destination" {\r\n\tbucket = aws_s3_bucket.destination.id\r\n\r\n\tversioning_configuration {\r\n\t\tstatus = "Enabled"\r\n\t}\r\n}\r\n',
    );
  });

  it('a suspended versioning resource in another file than the finding: reported without a fix (a fix edits its own file)', () => {
    const files = moduleFiles({ style: 'standalone', policy: 'document', destinationVersioning: 'absent' });
    files['buckets.tf'] += `\n${suspended}`;
    const finding = versioningFinding(files);
    assert.equal(finding.uri, '/repo/infra/replication.tf');
    assert.deepEqual(finding.fixes ?? [], []);
  });

  it('a JSON configuration checked beside the module gets no edit of the module', () => {
    const files = moduleFiles({ style: 'standalone', policy: 'document', destinationVersioning: 'absent' });
    const json = JSON.stringify({ Role: 'arn:aws:iam::123456789012:role/r', Rules: [{ ID: 'a', Status: 'Enabled', Priority: 1, Filter: {}, DeleteMarkerReplication: { Status: 'Disabled' }, Destination: { Bucket: 'arn:aws:s3:::tf-test-destination' } }] }, null, 2);
    const inputs = [...inputsOf(files), { uri: '/repo/infra/replication.json', text: json }];
    const onJson = analyze(inputs).findings.filter((f) => f.uri.endsWith('.json') && f.ruleId === 'ls-dest-versioning');
    for (const f of onJson) assert.deepEqual(f.fixes ?? [], []);
  });
});
