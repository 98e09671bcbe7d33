import { strict as assert } from 'node:assert';
import { auditLine, confirmation } from '../../src/commands/confirmation';
import { bucketOfId } from '../../src/commands/nodeIds';
import { planBatchReplication } from '../../src/core/live/batchPlan';
import { planPutReplication } from '../../src/core/live/configPlan';
import { planEnableVersioning } from '../../src/core/live/versioningPlan';

const WHO = { account: '123456789012', arn: 'arn:aws:iam::123456789012:user/alice' };
const rule = (ID: string, Priority: number, Prefix: string) => ({ ID, Status: 'Enabled', Priority, Filter: { Prefix }, DeleteMarkerReplication: { Status: 'Disabled' }, Destination: { Bucket: 'arn:aws:s3:::dst' } });
const config = (...rules: unknown[]) => JSON.stringify({ Role: 'arn:aws:iam::123456789012:role/r', Rules: rules });

describe('confirmation', () => {
  it('names the account, the identity, the endpoint, each API call with its resource and region, and the cost', () => {
    const plan = planEnableVersioning({ bucket: 'dst', region: 'eu-west-1', current: 'Off', side: 'destination' });
    const text = confirmation(plan, WHO, { homeRegion: 'us-east-1', dryRun: false, endpoint: 'http://127.0.0.1:4599' });
    assert.equal(text.message, 'Enable versioning on destination bucket dst?');
    assert.equal(text.button, 'Apply');
    const lines = text.detail.split('\n');
    assert.equal(lines[0], 'Account 123456789012, as arn:aws:iam::123456789012:user/alice, through the endpoint http://127.0.0.1:4599.');
    assert.ok(lines.includes('1. PutBucketVersioning on bucket dst in eu-west-1'));
    assert.ok(lines.some((l) => /cannot be turned off again/.test(l)));
  });

  it('lists IAM calls as global, in order, and what a confirmed removal deletes', () => {
    const batch = planBatchReplication({ accountId: '123456789012', bucket: 'src', region: 'us-west-2', configured: true, statuses: ['NONE'], jobRole: { name: 'jobs', exists: false, inline: [], attached: [] }, clientRequestToken: 't' });
    const detail = confirmation(batch, WHO, { homeRegion: 'us-east-1', dryRun: false }).detail;
    assert.match(detail, /AWS calls, in this order:\n1\. CreateRole on role jobs \(IAM, global\)\n2\. PutRolePolicy on role jobs \(inline policy batch-replication\) \(IAM, global\)\n3\. CreateJob on bucket src in us-west-2/);
    const removing = planPutReplication({ bucket: 'src', text: config(rule('a', 1, 'a/')), uri: 'f.json', live: config(rule('a', 1, 'a/'), rule('b', 2, 'b/')), remove: ['b'] });
    const text = confirmation(removing, WHO, { homeRegion: 'us-east-1', dryRun: false });
    assert.equal(text.button, 'Apply and Delete');
    assert.match(text.detail, /This deletes:\n- live rule "b" \(to arn:aws:s3:::dst, Enabled\)/);
  });

  it('offers no button in dry-run mode and says nothing will be written', () => {
    const text = confirmation(planEnableVersioning({ bucket: 'b', current: 'Off' }), WHO, { homeRegion: 'us-east-1', dryRun: true });
    assert.equal(text.button, undefined);
    assert.match(text.message, /^Dry run: /);
    assert.match(text.detail, /nothing will be written/);
  });
});

describe('auditLine', () => {
  it('says what, where, the outcome and the request id, and nothing else', () => {
    assert.equal(
      auditLine({ api: 'PutRolePolicy', target: 'role r (inline policy p)', account: '123456789012', region: 'us-east-1', requestId: 'abc', outcome: 'ok' }),
      'PutRolePolicy on role r (inline policy p), account 123456789012, us-east-1: done, request id abc',
    );
    assert.equal(auditLine({ api: 'PutBucketReplication', target: 'bucket src', account: '1', region: 'eu-west-1', outcome: 'failed', code: 'AccessDenied' }), 'PutBucketReplication on bucket src, account 1, eu-west-1: failed (AccessDenied)');
  });
});

describe('bucketOfId', () => {
  it('finds the bucket of any node under it', () => {
    assert.equal(bucketOfId('bucket:source-bucket'), 'source-bucket');
    assert.equal(bucketOfId('bucket:source-bucket/role/trust/finding:0'), 'source-bucket');
    assert.equal(bucketOfId('region:us-east-1'), undefined);
    assert.equal(bucketOfId(undefined), undefined);
  });
});
