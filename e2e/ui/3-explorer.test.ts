/** The Replication view as a user meets it: the activity bar icon, the sandbox buckets with their health, the problems. */
import { ariaLabel, expand, resizeSideBar, viewRow } from './replicationView';
import { eventually, screenshot, ui, UI_TIMEOUT_MS } from './workbench';

describe('UI: the Replication view', () => {
  it('opens from the activity bar and lists the sandbox buckets with their health', async () => {
    await ui().page.locator('.activitybar .action-item a[aria-label^="S3 Replication Doctor"]').click();
    await eventually('the source bucket row', () => ariaLabel(viewRow('source-bucket')), (l) => /^source-bucket \d+ problems(,|$)/.test(l));
    await eventually('the destination bucket row', () => ariaLabel(viewRow('destination-bucket')), (l) => /no replication/.test(l));
    await screenshot('explorer');
  });

  it('shows the walkthrough\'s problems under the source bucket', async () => {
    await expand('source-bucket');
    await expand('Problems');
    const rows = ui().page.locator('[id="workbench.view.extension.s3ReplicationDoctor"] .monaco-list-row');
    for (const problem of ['DeleteMarkerReplication', 'Replication Time Control', 'Versioning on source', 'Versioning on destination']) {
      await rows.filter({ hasText: problem }).first().waitFor({ timeout: UI_TIMEOUT_MS });
    }
    await resizeSideBar(320);
    await screenshot('explorer-problems');
  });
});
