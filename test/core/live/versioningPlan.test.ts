import { strict as assert } from 'node:assert';
import { planEnableVersioning } from '../../../src/core/live/versioningPlan';

describe('planEnableVersioning', () => {
  it('plans PutBucketVersioning and says plainly that it cannot be turned off, and what it costs', () => {
    const plan = planEnableVersioning({ bucket: 'destination-bucket', region: 'eu-west-1', current: 'Off', side: 'destination' });
    assert.equal(plan.title, 'Enable versioning on destination bucket destination-bucket');
    assert.deepEqual(plan.steps.map((s) => [s.api, s.before, s.after]), [['PutBucketVersioning', '{}\n', '{\n    "Status": "Enabled"\n}\n']]);
    assert.match(plan.warnings[0], /cannot be turned off again .* only suspended/);
    assert.match(plan.warnings[0], /noncurrent version.*billed/);
  });

  it('shows a suspended bucket as such, and plans nothing for an enabled one', () => {
    assert.equal(planEnableVersioning({ bucket: 'b', current: 'Suspended' }).steps[0].before, '{\n    "Status": "Suspended"\n}\n');
    assert.deepEqual(planEnableVersioning({ bucket: 'b', current: 'Enabled' }).steps, []);
  });
});
