/**
 * The walkthrough users copy (e2e/fixtures/walkthrough, verbatim from the troubleshooting post) must show
 * exactly its real defects, on the right lines, with the right severities, and nothing on correct files.
 */
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { openValidated, ours, problems, ruleId, summarize } from './support';

function only(uri: vscode.Uri, id: string): vscode.Diagnostic {
  const found = ours(uri).filter((d) => ruleId(d) === id);
  assert.equal(found.length, 1, `expected one ${id} diagnostic, got: ${ours(uri).map(summarize).join('; ') || 'none'}`);
  return found[0];
}

describe('diagnostics on the walkthrough', () => {
  it('replication-config.json: the two errors S3 rejects it for, on the "Filter" and "ReplicationTime" keys', async () => {
    const doc = await openValidated('replication-config.json');
    assert.deepEqual(problems(doc.uri), ['error rc-rtc-requires-metrics @ line 13', 'error rc-v2-delete-marker-required @ line 8']);

    const deleteMarker = only(doc.uri, 'rc-v2-delete-marker-required');
    assert.equal(doc.getText(deleteMarker.range), '"Filter"');
    assert.match(deleteMarker.message, /DeleteMarkerReplication must be specified for this version of Cross Region Replication configuration schema/);
    const rtc = only(doc.uri, 'rc-rtc-requires-metrics');
    assert.equal(doc.getText(rtc.range), '"ReplicationTime"');
    assert.match(rtc.message, /Metrics/);
  });

  it('every diagnostic links its rule id to its documentation', async () => {
    const doc = await openValidated('replication-config.json');
    for (const d of ours(doc.uri)) {
      assert.ok(typeof d.code === 'object' && d.code.target instanceof vscode.Uri, `${summarize(d)} has no documentation link`);
      assert.equal(d.code.target.scheme, 'https', `${summarize(d)} links to ${d.code.target.toString()}`);
    }
  });

  it('role-policy.json (with the configuration beside it): a warning for the missing s3:GetObjectVersionTagging', async () => {
    const doc = await openValidated('role-policy.json');
    const [problem, ...others] = problems(doc.uri);
    assert.deepEqual(others, [], `only the tagging warning expected, got also: ${others.join('; ')}`);
    assert.match(problem ?? 'none', /^warning iam-get-object-version-tagging @ line \d+$/);
    // Where the fix belongs: the statement granting the source-object actions (lines 12-19).
    const line = only(doc.uri, 'iam-get-object-version-tagging').range.start.line + 1;
    assert.ok(line >= 12 && line <= 19, `expected on the source-bucket/* statement (lines 12-19), got line ${line}`);
  });

  it('trust-policy.json: nothing above info (it is correct)', async () => {
    const doc = await openValidated('trust-policy.json');
    assert.deepEqual(problems(doc.uri), []);
  });

  it('an unrelated package.json: no diagnostics of ours at all', async () => {
    const doc = await openValidated('package.json');
    assert.deepEqual(ours(doc.uri).map(summarize), []);
  });
});
