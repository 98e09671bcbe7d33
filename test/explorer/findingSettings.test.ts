/**
 * The user's choices about findings (the rules setting, hiding info findings) apply to the
 * Replication view as to files: the view's problems, notes and health follow them, and changing them
 * judges the checked buckets again without reading AWS again.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LiveBucketState } from '../../src/aws/types';
import { diagnose } from '../../src/explorer/diagnose';
import { ExplorerSession, type AwsModule } from '../../src/explorer/explorerSession';
import { FakeBackend, liveState, settle } from './fakes';

const WALKTHROUGH_CONFIG = readFileSync(join(__dirname, '../../../shared/examples/seed-walkthrough/replication-config.json'), 'utf8');

/** source-bucket as the sandbox serves it: the walkthrough's configuration, both buckets versioned. */
function walkthroughSource(name = 'source-bucket'): LiveBucketState {
  return liveState(name, {
    replication: { ok: true, value: { configured: true, document: { uri: `live:${name}`, text: WALKTHROUGH_CONFIG, kind: 'replication-config', live: { sourceBucket: name }, title: 'replication' } } },
    documents: [{ uri: `live:${name}`, text: WALKTHROUGH_CONFIG, kind: 'replication-config', live: { sourceBucket: name }, title: 'replication' }],
    destinations: [{ name: 'destination-bucket', region: 'eu-west-1', exists: true, versioning: 'Enabled', failures: [] }],
    facts: {
      buckets: {
        [name]: { name, exists: true, region: 'us-east-1', versioning: 'Enabled', replication: [{ destinationBucket: 'destination-bucket', enabled: true, replicaModifications: false }] },
        'destination-bucket': { name: 'destination-bucket', exists: true, region: 'eu-west-1', versioning: 'Enabled' },
      },
    },
  });
}

const ids = (findings: { ruleId: string; severity: string }[]) => findings.map((f) => `${f.severity} ${f.ruleId}`).sort();

describe('explorer: the rules setting and info display', () => {
  it('default severities without settings; the rules layer replaces severities and turns rules off; hideInfo drops the notes', () => {
    const live = walkthroughSource();
    const plain = diagnose(live);
    assert.ok(ids(plain.findings).includes('error rc-v2-delete-marker-required'));
    assert.ok(plain.findings.some((f) => f.severity === 'info'));
    assert.equal(plain.health.level, 'error');

    const relaxed = diagnose(live, {
      rules: [
        { pattern: 'rc-v2-delete-marker-required', severity: 'warning' },
        { pattern: 'rc-rtc-*', severity: 'off' },
      ],
      hideInfo: true,
    });
    assert.deepEqual(ids(relaxed.findings), ['warning rc-v2-delete-marker-required']);
    assert.equal(relaxed.health.level, 'warning');
  });

  it('a changed setting judges the checked buckets again, with no new AWS read', async () => {
    const made: FakeBackend[] = [];
    const aws = { createBackend: () => (made.push(new FakeBackend(['source-bucket'])), made[made.length - 1]) } as unknown as AwsModule;
    const session = new ExplorerSession({ concurrency: 1 }, { loadAws: () => aws, env: {}, files: { configFile: '/nonexistent/c', credentialsFile: '/nonexistent/k' } });
    const model = session.model();
    await model.load();
    const checked = model.whenChecked('source-bucket');
    made[0].answer('source-bucket', (n) => walkthroughSource(n));
    await checked;
    await settle();
    assert.equal(model.entry('source-bucket')?.report?.health.level, 'error');
    let redrawn = 0;
    model.onDidChangeBuckets(() => redrawn++);

    session.setFindingSettings({ rules: [{ pattern: 'rc-*', severity: 'off' }], hideInfo: true });
    const report = model.entry('source-bucket')?.report;
    assert.deepEqual(report?.findings, []);
    assert.equal(report?.health.level, 'ok');
    assert.equal(redrawn, 1, 'the tree redraws the bucket');
    assert.equal(made[0].checks.length, 1, 'AWS was not read again');
    session.dispose();
  });
});
