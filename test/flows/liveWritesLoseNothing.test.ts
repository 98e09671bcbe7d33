/**
 * Live writes lose nothing, against the loopback endpoint: a role whose inline policies are near IAM's
 * 10,240-character quota gets a managed policy instead of a refused (or truncated) inline one; a change
 * someone else makes between the preview and the write stops every write command, and running it again
 * keeps that change; a configuration holding an element the SDK does not model is never rewritten.
 */
import { IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { strict as assert } from 'node:assert';
import { startLoopback, type LoopbackServer, type LoopbackState, type Scenario } from '../../loopback';
import { analyze } from '../../src/core/analyze';
import { batchRoleName } from '../../src/core/live/batchPlan';
import { Fixer, type Prepared } from '../../src/aws/writes/fixer';
import type { ExecuteResult } from '../../src/aws/writes/execute';
import { credentials, pollFor } from '../aws/helpers';
import { policyOfSize } from '../loopback/helpers';

const ACCOUNT = '123456789012';
const ROLE = 'replication';
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/${ROLE}`;
const S3_TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole' }] }, null, 2);
const rule = (ID: string, priority: number, prefix: string) => ({ ID, Status: 'Enabled', Priority: priority, Filter: { Prefix: prefix }, DeleteMarkerReplication: { Status: 'Disabled' }, Destination: { Bucket: 'arn:aws:s3:::dst' } });
/** A rule S3 would refuse (no DeleteMarkerReplication): the engine reports it, with a fix. */
function ruleWithoutDeleteMarkers(ID: string, priority: number, prefix: string) {
  const { DeleteMarkerReplication: _, ...rest } = rule(ID, priority, prefix);
  return rest;
}
/** Two unrelated inline policies of 5,022 characters each (white space not counted): 10,044 together. */
const NEAR_QUOTA = { 'team-a': policyOfSize(5_022), 'team-b': policyOfSize(5_022, 4) };
const COLLEAGUE = { Sid: 'ColleagueAddedThis', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' };

function scenario(extra: Partial<Scenario> = {}): Scenario {
  return {
    replicationDelayMs: 10,
    buckets: [
      { name: 'src', versioning: 'Enabled', replication: { Role: ROLE_ARN, Rules: [rule('main', 1, 'data/')] } },
      { name: 'dst', region: 'eu-west-1', versioning: 'Enabled' },
      { name: 'plain', versioning: 'Off' },
    ],
    roles: [{ name: ROLE, trustPolicy: S3_TRUST, inlinePolicies: { ...NEAR_QUOTA } }],
    ...extra,
  };
}

describe('flow: live writes lose nothing', function () {
  this.timeout(60_000);
  let lb: LoopbackServer;
  let fixer: Fixer;

  beforeEach(async () => {
    lb = await startLoopback({ scenario: scenario() });
    fixer = new Fixer({ region: 'us-east-1', endpoint: lb.url, credentials, maxAttempts: 1 });
  });
  afterEach(async () => {
    fixer.dispose();
    await lb.close();
  });

  const apis = (p: Prepared) => p.plan.steps.map((s) => s.api);
  const role = () => lb.state.roles.get(ROLE);
  const writes = () => ['PutRolePolicy', 'UpdateAssumeRolePolicy', 'CreatePolicy', 'AttachRolePolicy', 'PutBucketReplication', 'PutBucketVersioning', 'CreateRole'].reduce((n, op) => n + lb.requestCount(op), 0);
  async function applied(prepared: Prepared): Promise<ExecuteResult> {
    assert.equal(prepared.plan.refused, undefined, prepared.plan.refused);
    const result = await fixer.apply(prepared);
    assert.equal(result.failure, undefined, result.failure?.message);
    assert.equal(result.changed, undefined, result.changed?.detail);
    assert.deepEqual(result.mismatches, []);
    return result;
  }
  /** A fault that lets the plan's own read through, then changes the state as a colleague would. */
  const colleague = (operation: string, change: (state: LoopbackState) => void) => lb.faults.add({ operation, times: 1, change });

  describe('IAM\'s per-role inline quota', () => {
    it('says the grants do not fit inline, writes them into a managed policy attached to the role, and leaves the inline policies byte for byte', async () => {
      const prepared = await fixer.planRoleRepair('src');
      assert.deepEqual(apis(prepared), ['CreatePolicy', 'AttachRolePolicy']);
      assert.match(prepared.plan.warnings.join(' '), /inline policies would total 10,[0-9]{3} characters .* over IAM's limit of 10,240 .* managed policy s3-replication-replication/);
      const created = prepared.plan.steps[0];
      assert.ok(created.api === 'CreatePolicy');
      // The endpoint, like IAM, refuses the same permissions as a third inline policy.
      const iam = new IAMClient({ region: 'us-east-1', endpoint: lb.url, credentials, maxAttempts: 1 });
      await assert.rejects(iam.send(new PutRolePolicyCommand({ RoleName: ROLE, PolicyName: 's3-replication', PolicyDocument: created.policy })), (err: Error) => err.name === 'LimitExceededException');

      await applied(prepared);
      assert.deepEqual(Object.fromEntries(role()?.inlinePolicies ?? []), NEAR_QUOTA, 'nothing inline was touched');
      assert.deepEqual(role()?.attachedPolicyArns, [`arn:aws:iam::${ACCOUNT}:policy/s3-replication-replication`]);
      assert.deepEqual(apis(await fixer.planRoleRepair('src')), [], 'a second run plans nothing');

      // The attached policy is enough for S3 to replicate.
      const s3 = new S3Client({ region: 'us-east-1', endpoint: lb.url, forcePathStyle: true, credentials, maxAttempts: 1 });
      await s3.send(new PutObjectCommand({ Bucket: 'src', Key: 'data/a.csv', Body: 'a' }));
      await pollFor(async () => ((await s3.send(new HeadObjectCommand({ Bucket: 'src', Key: 'data/a.csv' }))).ReplicationStatus === 'COMPLETED' ? true : undefined), 'COMPLETED');
    });

    it('after an interrupted repair (created, not attached), attaches the policy it created instead of creating another', async () => {
      lb.faults.add({ operation: 'AttachRolePolicy', error: 'AccessDenied', times: 1 });
      const first = await fixer.apply(await fixer.planRoleRepair('src'));
      assert.equal(first.failure?.operation, 'AttachRolePolicy');
      assert.deepEqual(first.audit.map((a) => [a.api, a.outcome]), [['CreatePolicy', 'ok'], ['AttachRolePolicy', 'failed']]);
      const again = await fixer.planRoleRepair('src');
      assert.deepEqual(apis(again), ['AttachRolePolicy']);
      await applied(again);
      assert.equal(lb.state.managedPolicies.size, 1);
      assert.deepEqual(role()?.attachedPolicyArns, [`arn:aws:iam::${ACCOUNT}:policy/s3-replication-replication`]);
    });

    it('refuses a Fix in AWS that would take the inline policies over the quota, before writing', async () => {
      // An inline policy with a wrong Version (a finding with a fix) on a role already at 10,240 characters.
      const wrong = policyOfSize(5_219).replace('"2012-10-17"', '"2012-10-1"');
      lb.loadScenario(scenario({ roles: [{ name: ROLE, trustPolicy: S3_TRUST, inlinePolicies: { 'team-a': policyOfSize(5_022), wrong } }] }));
      const state = await fixer.bucketState('src');
      const uri = state.documents.find((d) => d.uri.includes('wrong'))?.uri;
      const finding = analyze(state.documents, { facts: state.facts }).findings.find((f) => f.uri === uri && f.ruleId === 'iam-version');
      assert.ok(finding, 'iam-version on the inline policy');
      const prepared = await fixer.planLiveFix('src', finding);
      assert.match(prepared.plan.refused ?? '', /would total 10,241 characters .* over IAM's limit of 10,240 .*Nothing was written/);
      assert.equal(writes(), 0);
    });
  });

  describe('a change between the preview and the write', () => {
    it('Repair Replication Role (inline policy): stops before writing anything, and the run after it keeps the colleague\'s statement', async () => {
      lb.loadScenario(scenario({ roles: [{ name: ROLE, trustPolicy: S3_TRUST, inlinePolicies: { mine: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::src' }] } } }] }));
      colleague('GetRolePolicy', (state) => {
        const r = state.roles.get(ROLE);
        const doc = JSON.parse(r?.inlinePolicies.get('mine') ?? '{}') as { Statement: unknown[] };
        doc.Statement.push(COLLEAGUE);
        r?.inlinePolicies.set('mine', JSON.stringify(doc, null, 2));
      });
      const prepared = await fixer.planRoleRepair('src');
      assert.deepEqual(apis(prepared), ['PutRolePolicy']);
      const result = await fixer.apply(prepared);
      assert.match(result.changed?.detail ?? '', /The live document of role replication \(inline policy mine\) changed since the preview/);
      assert.deepEqual(result.audit, [], 'nothing was sent');
      assert.equal(writes(), 0);
      await applied(await fixer.planRoleRepair('src'));
      const statements = (JSON.parse(role()?.inlinePolicies.get('mine') ?? '{}') as { Statement: { Sid?: string }[] }).Statement;
      assert.ok(statements.some((s) => s.Sid === 'ColleagueAddedThis'), 'the colleague\'s statement survives');
    });

    it('Repair Replication Role (trust policy): a trust policy changed after the preview is not overwritten, nor is the inline policy written', async () => {
      const ec2Trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
      lb.loadScenario(scenario({ roles: [{ name: ROLE, trustPolicy: ec2Trust }] }));
      const changedTrust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: ['ec2.amazonaws.com', 'lambda.amazonaws.com'] }, Action: 'sts:AssumeRole' }] });
      colleague('GetRole', (state) => {
        const r = state.roles.get(ROLE);
        if (r) r.trustPolicy = changedTrust;
      });
      const prepared = await fixer.planRoleRepair('src');
      assert.deepEqual(apis(prepared), ['UpdateAssumeRolePolicy', 'PutRolePolicy']);
      const result = await fixer.apply(prepared);
      assert.match(result.changed?.detail ?? '', /role replication changed since the preview/);
      assert.equal(writes(), 0, 'neither the trust policy nor the inline policy was written');
      assert.equal(role()?.trustPolicy, changedTrust);
      await applied(await fixer.planRoleRepair('src'));
      assert.match(role()?.trustPolicy ?? '', /lambda\.amazonaws\.com/);
      assert.match(role()?.trustPolicy ?? '', /s3\.amazonaws\.com/);
    });

    it('a change that lands after the first write of a plan stops the plan before the next write', async () => {
      const ec2Trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
      lb.loadScenario(scenario({ roles: [{ name: ROLE, trustPolicy: ec2Trust }] }));
      const prepared = await fixer.planRoleRepair('src');
      assert.deepEqual(apis(prepared), ['UpdateAssumeRolePolicy', 'PutRolePolicy']);
      // The colleague's inline policy lands while the trust policy is being written.
      colleague('UpdateAssumeRolePolicy', (state) => state.roles.get(ROLE)?.inlinePolicies.set('s3-replication', JSON.stringify({ Version: '2012-10-17', Statement: [COLLEAGUE] })));
      const result = await fixer.apply(prepared);
      assert.deepEqual(result.audit.map((a) => a.api), ['UpdateAssumeRolePolicy']);
      assert.match(result.changed?.detail ?? '', /inline policy s3-replication\) did not exist when the preview was made, and it does now/);
      assert.equal(lb.requestCount('PutRolePolicy'), 0);
      await applied(await fixer.planRoleRepair('src'));
      assert.match(role()?.inlinePolicies.get('s3-replication') ?? '', /ColleagueAddedThis/);
    });

    it('Put Replication Configuration: a rule added after the preview is not deleted; the next run keeps it', async () => {
      colleague('GetBucketReplication', (state) => state.buckets.get('src')?.replication?.Rules.push(rule('colleague', 2, 'logs/')));
      const doc = { text: JSON.stringify({ Role: ROLE_ARN, Rules: [{ ...rule('main', 1, 'data/'), Status: 'Disabled' }] }, null, 2), uri: 'file.json' };
      const prepared = await fixer.planPutReplication('src', doc);
      assert.deepEqual(prepared.plan.missingLive, [], 'the preview did not see the colleague\'s rule');
      const result = await fixer.apply(prepared);
      assert.match(result.changed?.detail ?? '', /The live document of bucket src changed since the preview/);
      assert.equal(lb.requestCount('PutBucketReplication'), 0);
      const again = await fixer.planPutReplication('src', doc);
      assert.deepEqual(again.plan.missingLive.map((r) => r.id), ['colleague']);
      await applied(again);
      assert.deepEqual(lb.state.buckets.get('src')?.replication?.Rules.map((r) => [r.ID, r.Status]), [['main', 'Disabled'], ['colleague', 'Enabled']]);
    });

    it('Fix in AWS (replication configuration): stops on a changed configuration; the next run keeps the change', async () => {
      lb.loadScenario(scenario({ buckets: [{ name: 'src', versioning: 'Enabled', replication: { Role: ROLE_ARN, Rules: [ruleWithoutDeleteMarkers('main', 1, 'data/')] } }, { name: 'dst', region: 'eu-west-1', versioning: 'Enabled' }] }));
      const state = await fixer.bucketState('src');
      const finding = analyze(state.documents, { facts: state.facts }).findings.find((f) => f.ruleId === 'rc-v2-delete-marker-required');
      assert.ok(finding);
      colleague('GetBucketReplication', (s) => s.buckets.get('src')?.replication?.Rules.push(rule('colleague', 2, 'logs/')));
      const prepared = await fixer.planLiveFix('src', finding);
      assert.deepEqual(apis(prepared), ['PutBucketReplication']);
      const result = await fixer.apply(prepared);
      assert.ok(result.changed);
      assert.equal(lb.requestCount('PutBucketReplication'), 0);
      await applied(await fixer.planLiveFix('src', finding));
      assert.deepEqual(lb.state.buckets.get('src')?.replication?.Rules.map((r) => [r.ID, r.DeleteMarkerReplication?.Status]), [['main', 'Disabled'], ['colleague', 'Disabled']]);
    });

    it('Enable Versioning: stops when the versioning state changed since the preview', async () => {
      colleague('GetBucketVersioning', (state) => {
        const b = state.buckets.get('plain');
        if (b) b.versioning = 'Suspended';
      });
      const prepared = await fixer.planVersioning('plain');
      assert.equal(prepared.plan.steps[0].before.trim(), '{}');
      const result = await fixer.apply(prepared);
      assert.match(result.changed?.detail ?? '', /bucket plain changed since the preview/);
      assert.equal(lb.requestCount('PutBucketVersioning'), 0);
      await applied(await fixer.planVersioning('plain'));
      assert.equal(lb.state.buckets.get('plain')?.versioning, 'Enabled');
    });

    it('Replicate existing objects: a job role created by someone else after the preview is not overwritten', async () => {
      const jobRole = batchRoleName('src');
      const prepared = await fixer.planBatch('src', { statuses: ['NONE'] });
      assert.deepEqual(apis(prepared), ['CreateRole', 'PutRolePolicy', 'CreateJob']);
      // The colleague creates the role between the preview and the write.
      const theirs = structuredClone(role());
      assert.ok(theirs);
      lb.state.roles.set(jobRole, { ...theirs, name: jobRole, inlinePolicies: new Map([['theirs', '{"Version":"2012-10-17","Statement":[]}']]) });
      const result = await fixer.apply(prepared);
      assert.match(result.changed?.detail ?? '', new RegExp(`role ${jobRole} did not exist when the preview was made, and it does now`));
      assert.equal(lb.requestCount('CreateJob') + lb.requestCount('CreateRole') + lb.requestCount('PutRolePolicy'), 0);
      assert.deepEqual([...(lb.state.roles.get(jobRole)?.inlinePolicies.keys() ?? [])], ['theirs']);
    });
  });

  describe('an element the SDK does not model', () => {
    beforeEach(() => {
      lb.loadScenario(
        scenario({
          buckets: [
            {
              name: 'src',
              versioning: 'Enabled',
              replication: { Role: ROLE_ARN, Rules: [rule('main', 1, 'data/'), ruleWithoutDeleteMarkers('logs', 2, 'logs/')] },
              replicationExtraXml: [{ at: 'Rules[1].Destination', xml: '<ReplicaPlacement><Zone>use1-az1</Zone></ReplicaPlacement>' }],
            },
            { name: 'dst', region: 'eu-west-1', versioning: 'Enabled' },
          ],
        }),
      );
    });

    it('is noticed in the raw answer and named; Put Replication Configuration refuses to rewrite the configuration', async () => {
      const state = await fixer.bucketState('src');
      assert.ok(state.replication.ok && state.replication.value.configured);
      assert.deepEqual(state.replication.value.unmodelled, ['Rule[1] > Destination > ReplicaPlacement']);
      const doc = { text: JSON.stringify({ Role: ROLE_ARN, Rules: [rule('main', 1, 'data/'), rule('logs', 2, 'logs/')].map((r) => ({ ...r, Status: 'Disabled' })) }, null, 2), uri: 'file.json' };
      const prepared = await fixer.planPutReplication('src', doc);
      assert.match(prepared.plan.refused ?? '', /holds an element that this extension's AWS SDK does not know \(Rule\[1\] > Destination > ReplicaPlacement\).*would delete that element.*nothing is written/);
      assert.deepEqual(prepared.plan.steps, []);
      assert.equal(lb.requestCount('PutBucketReplication'), 0);
      assert.equal(lb.state.buckets.get('src')?.replicationExtraXml?.length, 1, 'the element is still there');
    });

    it('Fix in AWS on that configuration refuses too; the role can still be repaired (it does not rewrite the configuration)', async () => {
      const state = await fixer.bucketState('src');
      const finding = analyze(state.documents, { facts: state.facts }).findings.find((f) => f.uri === state.documents[0].uri && f.fixes?.length);
      assert.ok(finding, 'a finding with a fix on the configuration');
      const fix = await fixer.planLiveFix('src', finding);
      assert.match(fix.plan.refused ?? '', /does not know/);
      const repair = await fixer.planRoleRepair('src');
      assert.equal(repair.plan.refused, undefined);
      assert.ok(repair.plan.steps.length > 0);
      assert.equal(lb.requestCount('PutBucketReplication'), 0);
    });

    it('a write that finds the element appeared after the preview stops', async () => {
      const src = lb.state.buckets.get('src');
      assert.ok(src);
      src.replicationExtraXml = undefined;
      colleague('GetBucketReplication', () => (src.replicationExtraXml = [{ at: '', xml: '<Future><On>yes</On></Future>' }]));
      const doc = { text: JSON.stringify({ Role: ROLE_ARN, Rules: [rule('main', 1, 'data/'), { ...rule('logs', 2, 'logs/'), Status: 'Disabled' }] }, null, 2), uri: 'file.json' };
      const prepared = await fixer.planPutReplication('src', doc);
      assert.equal(prepared.plan.refused, undefined);
      const result = await fixer.apply(prepared);
      assert.match(result.changed?.detail ?? '', /it now holds Future, which this extension's AWS SDK does not know/);
      assert.equal(lb.requestCount('PutBucketReplication'), 0);
    });
  });
});
