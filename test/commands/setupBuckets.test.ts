/**
 * Which buckets a fix concerns, judged on the explorer's real reports of the walkthrough (its
 * configuration applied, nothing versioned) read from the loopback endpoint.
 */
import { strict as assert } from 'node:assert';
import { startLoopback, type LoopbackServer } from '../../loopback';
import * as aws from '../../src/aws';
import { staleBuckets } from '../../src/commands/setupBuckets';
import { bucketChildren } from '../../src/explorer/bucketChildren';
import type { TreeNode } from '../../src/explorer/nodes';
import { planEnableVersioning } from '../../src/core/live/versioningPlan';
import type { WriteStep } from '../../src/core/live/writePlan';
import type { BucketsModel } from '../../src/explorer/bucketsModel';
import { ExplorerSession } from '../../src/explorer/explorerSession';
import { credentials, walkthroughWithConfig } from '../aws/helpers';

const versioningStep = (bucket: string): WriteStep => ({ api: 'PutBucketVersioning', title: 't', bucket, before: '{}', after: '{"Status": "Enabled"}', previewName: 'versioning.json' });

describe('setup buckets: what a fix from the Replication view concerns', function () {
  this.timeout(60_000);
  let server: LoopbackServer;
  let session: ExplorerSession;
  let model: BucketsModel;

  before(async () => {
    server = await startLoopback({ scenario: walkthroughWithConfig('Off') });
    session = new ExplorerSession(
      { concurrency: 4, region: 'us-east-1', endpoint: server.url },
      { loadAws: () => aws, backendExtras: { credentials, maxAttempts: 1 }, env: {}, files: { configFile: '/nonexistent/config', credentialsFile: '/nonexistent/credentials' } },
    );
    model = session.model();
    await model.load();
    await model.checkAll();
  });
  after(async () => {
    session.dispose();
    await server.close();
  });


  /** Every node under a bucket, depth first. */
  const nodes = (list: TreeNode[]): TreeNode[] => list.flatMap((n) => [n, ...nodes(n.children ?? [])]);

  it('hangs Enable Versioning on each versioning problem of the source bucket, naming the bucket it is about (source, or the destination)', () => {
    const entry = model.entry('source-bucket');
    assert.ok(entry);
    const problems = nodes(bucketChildren(entry)).filter((n) => n.kind === 'finding' && n.id.includes('/problems/'));
    const versioning = problems.filter((n) => n.contextValue === 'versioningFinding').map((n) => `${n.description} → ${n.versioning?.side} ${n.versioning?.bucket}`);
    assert.deepEqual(versioning.sort(), ['ls-dest-versioning · fix available → destination destination-bucket', 'ls-source-versioning · fix available → source source-bucket']);
    assert.ok(problems.every((n) => (n.contextValue === 'versioningFinding') === (n.versioning !== undefined)));
    assert.equal(planEnableVersioning({ bucket: 'destination-bucket', current: 'Off', side: 'destination' }).title, 'Enable versioning on destination bucket destination-bucket');
  });

  it('after a write to a destination, checks again the source replicating to it (its report judges the destination)', () => {
    assert.deepEqual(staleBuckets(model.buckets, [versioningStep('destination-bucket')]).sort(), ['destination-bucket', 'source-bucket']);
  });

  it('after a write to a source, checks only the source (its destination reports nothing about it)', () => {
    assert.deepEqual(staleBuckets(model.buckets, [versioningStep('source-bucket')]), ['source-bucket']);
  });

  it('after a write to a role, checks every bucket whose configuration names it, plus the buckets asked for', () => {
    const policy: WriteStep = { api: 'PutRolePolicy', title: 't', roleName: 's3-replication-role', policyName: 'p', policy: '{}', before: '', after: '{}', previewName: 'p.json' };
    assert.deepEqual(staleBuckets(model.buckets, [policy]), ['source-bucket']);
    assert.deepEqual(staleBuckets(model.buckets, [policy], ['elsewhere']).sort(), ['elsewhere', 'source-bucket']);
    const other: WriteStep = { ...policy, roleName: 'another-role' };
    assert.deepEqual(staleBuckets(model.buckets, [other]), []);
  });
});
