/**
 * Which buckets a fix concerns, judged on the explorer's real reports of the walkthrough (its
 * configuration applied, nothing versioned) read from the loopback endpoint.
 */
import { strict as assert } from 'node:assert';
import { startLoopback, type LoopbackServer } from '../../loopback';
import * as aws from '../../src/aws';
import { staleBuckets, versioningCandidates } from '../../src/commands/setupBuckets';
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

  const live = (bucket: string) => model.entry(bucket)?.report?.live;

  it('offers the source bucket and its destination from the source bucket, each named for its side', () => {
    assert.deepEqual(versioningCandidates('source-bucket', live('source-bucket')), [
      { bucket: 'source-bucket', side: 'source', description: 'source, versioning Off' },
      { bucket: 'destination-bucket', side: 'destination', description: 'destination in eu-west-1, versioning Off' },
    ]);
  });

  it('does not call a bucket without a replication configuration a "source" (the destination\'s own node)', () => {
    const [only, ...more] = versioningCandidates('destination-bucket', live('destination-bucket'));
    assert.deepEqual(more, []);
    assert.deepEqual(only, { bucket: 'destination-bucket', description: 'versioning Off' });
    assert.equal(planEnableVersioning({ bucket: only.bucket, current: 'Off', side: only.side }).title, 'Enable versioning on bucket destination-bucket');
  });

  it('offers nothing once versioning is enabled, or before the bucket was checked', () => {
    const state = live('destination-bucket');
    assert.ok(state);
    assert.deepEqual(versioningCandidates('destination-bucket', { ...state, versioning: { ok: true, value: 'Enabled' } }), []);
    assert.deepEqual(versioningCandidates('unchecked-bucket', undefined), []);
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
