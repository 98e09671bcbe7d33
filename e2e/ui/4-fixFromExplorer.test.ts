/**
 * Fixing the walkthrough's live setup from the Replication view, as a user does: the source bucket's
 * versioning from its problem's inline action, then the missing `DeleteMarkerReplication` with the
 * problem's inline "Fix in AWS…" action, which first offers the destination's versioning (S3 would
 * refuse the configuration without it) and then continues. Every write shows its diff and a modal naming account,
 * region, resource and API call; Apply writes, the view refreshes. Then the endpoint is read back
 * with the AWS CLI, which shares nothing with the extension.
 *
 * It changes the tier's endpoint for good, so it runs last; the endpoint is the UI tier's own
 * (harness/run.ts), so the in-host tier meets the walkthrough's broken state whatever the order.
 */
import { strict as assert } from 'node:assert';
import { bucketReplication, bucketVersioning, type ReplicationConfiguration } from './awsCli';
import { ariaLabel, expand, inlineAction, problemRows, resizeSideBar, viewRow } from './replicationView';
import { activeDiff, dismissDialog, escapeRegExp, eventually, hidePanel, modalDialog, notification, pressDialogButton, previewTabTitles, quickPick, screenshot, ui } from './workbench';

/** The walkthrough's account, as the endpoint's GetCallerIdentity answers. */
const ACCOUNT = '123456789012';

/** The modal on screen announces exactly this write, to this account through this endpoint, and deletes nothing. */
async function expectConfirmation(message: RegExp, call: string): Promise<string> {
  const dialog = await modalDialog();
  assert.match(dialog.message, message);
  const endpoint = ui().endpoint ?? '';
  assert.match(dialog.detail, new RegExp(`^Account ${ACCOUNT}, as arn:aws:iam::${ACCOUNT}:user/loopback, through the endpoint ${escapeRegExp(endpoint)}\\.`));
  assert.match(dialog.detail, new RegExp(`^AWS call:\\n1\\. ${escapeRegExp(call)}$`, 'm'));
  assert.doesNotMatch(dialog.detail, /This deletes/);
  assert.deepEqual([...dialog.buttons].sort(), ['Apply', 'Cancel']);
  return dialog.detail;
}

/**
 * The diff editor the command opened (behind its modal), once rendered: `live` on the left, `proposed`
 * on the right. VS Code folds a diff's unchanged regions, so only changed lines and some context show.
 */
async function preview(title: string, shows: { live: string[]; proposed: string[] }): Promise<{ live: string; proposed: string }> {
  const what = `the preview "${title}" showing ${[...shows.live, ...shows.proposed].join(', ')}`;
  const diff = await eventually(what, activeDiff, (d) => d.title.includes(title) && shows.live.every((t) => d.original.includes(t)) && shows.proposed.every((t) => d.modified.includes(t)));
  return { live: diff.original, proposed: diff.modified };
}

/** Problems of the source bucket's report, by rule id, as the view shows them (0 once fixed). */
const shownProblems = (ruleId: string) => problemRows(ruleId).count();

describe('UI: fixing the sandbox from the Replication view', () => {
  let liveBefore: ReplicationConfiguration;

  before(async () => {
    // The walkthrough's defects are live on the endpoint: nothing is versioned, the rule lacks DeleteMarkerReplication.
    assert.equal(await bucketVersioning('source-bucket', 'us-east-1'), undefined);
    assert.equal(await bucketVersioning('destination-bucket', 'eu-west-1'), undefined);
    liveBefore = await bucketReplication('source-bucket');
    assert.equal(liveBefore.Rules.length, 1);
    assert.equal(liveBefore.Rules[0].DeleteMarkerReplication, undefined);
    // The view is open (3-explorer); room for the previews: the side bar back to its width, the Problems panel closed.
    await resizeSideBar(-320);
    await hidePanel();
    await expand('source-bucket');
    await expand('Problems');
    for (const id of ['ls-source-versioning', 'ls-dest-versioning', 'rc-v2-delete-marker-required']) {
      await eventually(`the ${id} problem in the view`, () => shownProblems(id), (n) => n === 1);
    }
  });

  // A failed test may leave its modal open; Escape answers Cancel, and the next test sees the view.
  afterEach(dismissDialog);

  it('enables versioning on the source bucket from its versioning problem\'s inline action, after a diff and a modal naming account, region, bucket and PutBucketVersioning', async () => {
    await inlineAction(problemRows('ls-source-versioning').first(), 'Enable Versioning');
    await expectConfirmation(/^Enable versioning on source bucket source-bucket\?$/, 'PutBucketVersioning on bucket source-bucket in us-east-1');
    const diff = await preview('bucket source-bucket: versioning.json (live ↔ proposed)', { live: ['{}'], proposed: ['"Status": "Enabled"'] });
    assert.equal(diff.live.trim(), '{}');
    await screenshot('fix-versioning-modal');
    await pressDialogButton('Apply');
    await notification(/^Done: Enable versioning on source bucket source-bucket\./);
    await eventually('the source versioning problem after the refresh', () => shownProblems('ls-source-versioning'), (n) => n === 0);
    // Written: the preview is history, its diff tab closed.
    await eventually('the preview tabs after Apply', previewTabTitles, (t) => t.length === 0);
  });

  it('fixes the missing DeleteMarkerReplication with "Fix in AWS…" while the destination is unversioned: offered Enable Versioning first, then the fix, both written', async () => {
    await inlineAction(problemRows('rc-v2-delete-marker-required').first(), 'Fix in AWS');
    // Two fixes exist (keep delete markers or replicate them): the recommended one, as the editor's quick fix prefers.
    await quickPick('Add "DeleteMarkerReplication": {"Status": "Disabled"}');
    // S3 would refuse the configuration for the destination's versioning: not a dead end, the step to run first.
    const waits = await modalDialog();
    assert.match(waits.message, /versioning is not enabled on the destination bucket destination-bucket: enable it first/);
    assert.doesNotMatch(waits.message, /aws s3api|the document has/i);
    assert.deepEqual([...waits.buttons].sort(), ['Cancel', 'Enable Versioning on destination-bucket…']);
    await pressDialogButton('Enable Versioning on destination-bucket…');
    await expectConfirmation(/^Enable versioning on destination bucket destination-bucket\?$/, 'PutBucketVersioning on bucket destination-bucket in eu-west-1');
    await preview('bucket destination-bucket: versioning.json (live ↔ proposed)', { live: ['{}'], proposed: ['"Status": "Enabled"'] });
    await pressDialogButton('Apply');
    // Then the fix, planned again from the live state: no second pick, its own diff and modal.
    const detail = await expectConfirmation(/^Fix rc-v2-delete-marker-required in AWS: .*DeleteMarkerReplication.*\?$/, 'PutBucketReplication on bucket source-bucket in us-east-1');
    // S3 refuses the whole configuration while any error is left: the RTC metrics fix comes with it, and the modal says so.
    assert.match(detail, /these fixes are applied too: rc-rtc-requires-metrics/);
    // The configuration as get-bucket-replication prints it, live on the left, to be written on the right.
    const diff = await preview('bucket source-bucket: replication.json (live ↔ proposed)', {
      live: ['"ReplicationTime": {'],
      proposed: ['"Metrics": {', '"DeleteMarkerReplication": {', '"Status": "Disabled"'],
    });
    assert.doesNotMatch(diff.live, /DeleteMarkerReplication|Metrics/);
    // The versioning step's diff closed when it was written; only this step's is open.
    const tabs = await previewTabTitles();
    assert.equal(tabs.length, 1, tabs.join(' | '));
    assert.ok(tabs[0].includes('bucket source-bucket: replication.json (live ↔ proposed)'), tabs[0]);
    await screenshot('fix-modal');
    await pressDialogButton('Apply');
    await notification(/^Done: Fix rc-v2-delete-marker-required in AWS/);
    for (const id of ['rc-v2-delete-marker-required', 'rc-rtc-requires-metrics', 'ls-source-versioning', 'ls-dest-versioning']) {
      await eventually(`the ${id} problem after the refresh`, () => shownProblems(id), (n) => n === 0);
    }
    // No error is left, only the role's missing permission (a warning; Repair Replication Role fixes it).
    await eventually('the source bucket row', () => ariaLabel(viewRow('source-bucket')), (l) => /^source-bucket role permissions(,|$)/.test(l));
    assert.equal(await problemRows('iam-get-object-version-tagging').count(), 1);
    await eventually('the preview tabs after Apply', previewTabTitles, (t) => t.length === 0);
    await screenshot('fix-done');
  });

  it('wrote what the previews showed and lost nothing: versioning Enabled on both, the rule gained DeleteMarkerReplication and the RTC metrics, the rest unchanged (AWS CLI)', async () => {
    assert.equal(await bucketVersioning('source-bucket', 'us-east-1'), 'Enabled');
    assert.equal(await bucketVersioning('destination-bucket', 'eu-west-1'), 'Enabled');
    const after = await bucketReplication('source-bucket');
    assert.equal(after.Role, liveBefore.Role);
    assert.equal(after.Rules.length, liveBefore.Rules.length);
    after.Rules.forEach((rule, i) => {
      const { DeleteMarkerReplication, Destination, ...rest } = rule;
      const { Metrics, ...destination } = Destination;
      assert.deepEqual(DeleteMarkerReplication, { Status: 'Disabled' });
      assert.deepEqual(Metrics, { Status: 'Enabled', EventThreshold: { Minutes: 15 } });
      assert.deepEqual({ ...rest, Destination: destination }, liveBefore.Rules[i]);
    });
  });
});
