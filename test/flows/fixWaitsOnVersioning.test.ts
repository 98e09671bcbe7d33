/**
 * *Fix in AWS…* on the walkthrough's missing DeleteMarkerReplication while its buckets are not
 * versioned, through the fix commands' planning and AWS layers against the loopback endpoint: the
 * plan is refused with Enable Versioning as the step to run first (never a dead end, never "the
 * document has an error"), that step is written, and the same fix planned again goes through.
 */
import { strict as assert } from 'node:assert';
import { startLoopback, type LoopbackServer } from '../../loopback';
import { Fixer } from '../../src/aws/writes/fixer';
import { diagnose } from '../../src/explorer/diagnose';
import { credentials, walkthroughWithConfig } from '../aws/helpers';

describe('flow: a fix in AWS that waits on versioning, then completes', function () {
  this.timeout(60_000);
  let lb: LoopbackServer;
  let fixer: Fixer;

  before(async () => {
    const scenario = walkthroughWithConfig('Off');
    lb = await startLoopback({ scenario });
    fixer = new Fixer({ region: 'us-east-1', endpoint: lb.url, credentials, maxAttempts: 2 });
  });
  after(async () => {
    fixer.dispose();
    await lb.close();
  });

  const deleteMarkerFinding = async () => {
    const report = diagnose(await fixer.bucketState('source-bucket'));
    const f = report.findings.find((x) => x.ruleId === 'rc-v2-delete-marker-required');
    assert.ok(f, 'the view shows the missing DeleteMarkerReplication');
    return f;
  };
  const fixTitle = 'Add "DeleteMarkerReplication": {"Status": "Disabled"}';

  it('is refused with the versioning of both buckets to enable first, and enabling it lets the same fix through', async () => {
    const blocked = (await fixer.planLiveFix('source-bucket', await deleteMarkerFinding(), fixTitle)).plan;
    assert.deepEqual(blocked.steps, []);
    assert.match(blocked.refused ?? '', /versioning is not enabled on the source bucket source-bucket and destination bucket destination-bucket: enable it first/);
    assert.doesNotMatch(blocked.refused ?? '', /error/i, 'the document has no error: the buckets do');
    assert.deepEqual(blocked.prerequisites, [
      { kind: 'enableVersioning', bucket: 'source-bucket', side: 'source' },
      { kind: 'enableVersioning', bucket: 'destination-bucket', side: 'destination' },
    ]);

    for (const p of blocked.prerequisites ?? []) {
      const prepared = await fixer.planVersioning(p.bucket, p.side);
      const result = await fixer.apply(prepared);
      assert.equal(result.failure, undefined, result.failure?.message);
    }

    const planned = await fixer.planLiveFix('source-bucket', await deleteMarkerFinding(), fixTitle);
    assert.equal(planned.plan.refused, undefined, planned.plan.refused);
    assert.deepEqual(planned.plan.steps.map((s) => s.api), ['PutBucketReplication']);
    const written = await fixer.apply(planned);
    assert.equal(written.failure, undefined, written.failure?.message);
    const after = diagnose(await fixer.bucketState('source-bucket'));
    assert.deepEqual(after.findings.filter((f) => f.severity === 'error').map((f) => f.ruleId), []);
  });
});
