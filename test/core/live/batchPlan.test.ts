import { strict as assert } from 'node:assert';
import { batchRoleName, BatchRequest, planBatchReplication } from '../../../src/core/live/batchPlan';
import { json } from '../../helpers';
import { CreateJobStep, PutRolePolicyStep } from './stepTypes';
import { Json, statements } from './fixtures';

const BATCH = 'batchoperations.s3.amazonaws.com';

function request(extra: Partial<BatchRequest> = {}): BatchRequest {
  return {
    accountId: '123456789012',
    bucket: 'source-bucket',
    region: 'us-east-1',
    configured: true,
    statuses: ['NONE', 'FAILED'],
    jobRole: { name: batchRoleName('source-bucket'), exists: false, inline: [], attached: [] },
    clientRequestToken: 'token-1',
    ...extra,
  };
}

describe('planBatchReplication', () => {
  it('creates the job role (trusting Batch Operations) and a job over NONE and FAILED objects', () => {
    const plan = planBatchReplication(request());
    assert.deepEqual(plan.steps.map((s) => s.api), ['CreateRole', 'PutRolePolicy', 'CreateJob']);
    const create = plan.steps[0];
    assert.ok(create.api === 'CreateRole');
    assert.equal(create.roleName, 's3-batch-replication-source-bucket');
    assert.deepEqual(statements(create.trustPolicy)[0].Principal, { Service: BATCH });
    const grants = statements((plan.steps[1] as PutRolePolicyStep).policy).flatMap((s) => ([] as string[]).concat(s.Action as string).map((a) => `${a} ${String(s.Resource)}`));
    assert.deepEqual(grants.sort(), ['s3:GetReplicationConfiguration arn:aws:s3:::source-bucket', 's3:InitiateReplication arn:aws:s3:::source-bucket/*', 's3:PutInventoryConfiguration arn:aws:s3:::source-bucket']);
    const job = plan.steps[2] as CreateJobStep;
    assert.equal(job.roleArn, 'arn:aws:iam::123456789012:role/s3-batch-replication-source-bucket');
    const generator = ((job.request.ManifestGenerator as Json).S3JobManifestGenerator as Json);
    assert.deepEqual(generator.Filter, { EligibleForReplication: true, ObjectReplicationStatuses: ['NONE', 'FAILED'] });
    assert.equal(generator.SourceBucket, 'arn:aws:s3:::source-bucket');
    assert.deepEqual(job.request.Report, { Enabled: false });
    assert.deepEqual(JSON.parse(job.after), job.request);
  });

  it('reuses an existing job role, merging the report grant and the trust into it', () => {
    const existing = json({ Version: '2012-10-17', Statement: [{ Sid: 'Other', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::x/*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } }] });
    const plan = planBatchReplication(
      request({
        jobRole: { name: 'jobs', arn: 'arn:aws:iam::123456789012:role/ops/jobs', exists: true, trust: json({ Statement: [{ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole' }] }), inline: [{ name: 'batch-replication', text: existing }], attached: [] },
        report: { bucket: 'reports', prefix: 'batch/' },
      }),
    );
    assert.deepEqual(plan.steps.map((s) => s.api), ['UpdateAssumeRolePolicy', 'PutRolePolicy', 'CreateJob']);
    const policy = statements((plan.steps[1] as PutRolePolicyStep).policy);
    assert.equal(policy[0].Sid, 'Other');
    assert.ok(policy.some((s) => s.Resource === 'arn:aws:s3:::reports/batch/*'));
    const job = plan.steps[2] as CreateJobStep;
    assert.equal(job.roleArn, 'arn:aws:iam::123456789012:role/ops/jobs');
    assert.deepEqual(job.request.Report, { Enabled: true, Bucket: 'arn:aws:s3:::reports', Prefix: 'batch/', Format: 'Report_CSV_20180820', ReportScope: 'FailedTasksOnly' });
  });

  it('refuses a bucket without a replication configuration, and an empty status choice', () => {
    assert.match(planBatchReplication(request({ configured: false })).refused ?? '', /SrcBucketReplicationConfigMissing/);
    assert.match(planBatchReplication(request({ statuses: [] })).refused ?? '', /Choose which objects/);
  });

  it('keeps role names within IAM\'s 64 characters', () => {
    assert.equal(batchRoleName('b'.repeat(63)).length, 64);
  });
});
