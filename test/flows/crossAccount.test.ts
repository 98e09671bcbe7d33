/**
 * Cross-account replication through the explorer's reads and the fix commands, against the two-account
 * loopback: the source account's profile reads its bucket, a second profile (accountProfiles) reads and
 * writes the destination account's side. Each case breaks one thing the other account owns and checks
 * that the rule that predicts it fires on the source's rule, that the fix goes through the destination
 * account's credentials without losing a statement, and that objects replicate afterwards.
 */
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLoopback, twoAccountScenario, TWO_ACCOUNTS as A, type LoopbackServer, type TwoAccountOptions } from '../../loopback';
import type { AccountSettings } from '../../src/aws/accounts';
import { SdkBackend } from '../../src/aws/backend';
import { Fixer, type Prepared } from '../../src/aws/writes/fixer';
import { bucketChildren } from '../../src/explorer/bucketChildren';
import { diagnose, type BucketReport } from '../../src/explorer/diagnose';
import type { TreeNode } from '../../src/explorer/nodes';
import { pollFor } from '../aws/helpers';

const sourceCredentials: { accessKeyId: string; secretAccessKey: string } = { accessKeyId: A.sourceKey, secretAccessKey: 'x' };
const accounts: AccountSettings = { accountProfiles: { [A.destination]: 'dest-prod' } };
const replicaKeyArn = `arn:aws:kms:${A.destinationRegion}:${A.destination}:key/${A.replicaKeyId}`;
const ENV = ['AWS_SHARED_CREDENTIALS_FILE', 'AWS_CONFIG_FILE'] as const;

type Statement = { Sid?: string; Principal?: { AWS?: string | string[] }; Action?: string | string[] };
const statements = (text: string | undefined): Statement[] => (JSON.parse(text ?? '{"Statement":[]}') as { Statement: Statement[] }).Statement;

describe('flow: both sides of a cross-account pair (two-account loopback)', function () {
  this.timeout(60_000);
  let dir: string;
  const saved: Partial<Record<(typeof ENV)[number], string>> = {};
  let lb: LoopbackServer | undefined;
  const disposables: { dispose(): void }[] = [];

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'srd-accounts-'));
    // The destination account's profile, as users keep it in ~/.aws/credentials.
    writeFileSync(join(dir, 'credentials'), `[dest-prod]\naws_access_key_id = ${A.destinationKey}\naws_secret_access_key = x\n`);
    writeFileSync(join(dir, 'config'), '');
    for (const k of ENV) saved[k] = process.env[k];
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'credentials');
    process.env.AWS_CONFIG_FILE = join(dir, 'config');
  });
  after(() => {
    for (const k of ENV) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
    rmSync(dir, { recursive: true, force: true });
  });
  afterEach(async () => {
    for (const d of disposables.splice(0)) d.dispose();
    await lb?.close();
    lb = undefined;
  });

  async function start(o: TwoAccountOptions): Promise<LoopbackServer> {
    lb = await startLoopback({ scenario: twoAccountScenario({ replicationDelayMs: 5, ...o }) });
    return lb;
  }
  const options = (url: string, extra = {}) => ({ region: A.sourceRegion, endpoint: url, credentials: sourceCredentials, maxAttempts: 1, accounts, ...extra });
  /** What the Replication view shows for the source bucket. */
  async function viewOf(url: string, settings = accounts): Promise<BucketReport> {
    const backend = new SdkBackend({ ...options(url), concurrency: 4, accounts: settings });
    disposables.push(backend);
    return diagnose(await backend.bucketState({ name: A.sourceBucket }));
  }
  function fixer(url: string): Fixer {
    const f = new Fixer(options(url));
    disposables.push(f);
    return f;
  }
  /** The rule node of the view's tree for the source bucket's only rule. */
  function ruleNode(report: BucketReport): TreeNode {
    const children = bucketChildren({ bucket: { name: A.sourceBucket }, state: 'checked', report } as Parameters<typeof bucketChildren>[0]);
    const rules = children.find((n) => n.kind === 'rules');
    const rule = rules?.children?.[0];
    assert.ok(rule, JSON.stringify(children.map((n) => n.label)));
    return rule;
  }
  const problems = (r: BucketReport) => r.findings.filter((f) => f.severity !== 'info').map((f) => `${f.severity} ${f.ruleId}`);
  const s3 = (url: string, region: string, credentials = sourceCredentials) => new S3Client({ region, endpoint: url, forcePathStyle: true, credentials, maxAttempts: 1 });
  async function replicates(url: string, key: string): Promise<string | undefined> {
    const src = s3(url, A.sourceRegion);
    await src.send(new PutObjectCommand({ Bucket: A.sourceBucket, Key: key, Body: 'payload' }));
    return pollFor(async () => {
      const s = (await src.send(new HeadObjectCommand({ Bucket: A.sourceBucket, Key: key }))).ReplicationStatus;
      return s === 'COMPLETED' || s === 'FAILED' ? s : undefined;
    }, `${key} replicated or failed`);
  }
  async function apply(f: Fixer, prepared: Prepared) {
    assert.equal(prepared.plan.refused, undefined, prepared.plan.refused);
    const result = await f.apply(prepared);
    assert.equal(result.failure, undefined, result.failure?.message);
    assert.deepEqual(result.mismatches, []);
    return result;
  }

  it('reads the destination with its own account\'s profile and says so', async () => {
    const { url } = await start({});
    const report = await viewOf(url);
    const [dest] = report.live.destinations;
    assert.equal(dest.account, A.destination);
    assert.match(dest.via ?? '', /profile dest-prod/);
    assert.deepEqual(dest.failures, []);
    assert.equal(dest.ownership, 'BucketOwnerEnforced');
    assert.ok(dest.policy && dest.policy !== 'absent', 'the bucket policy is read with the owner\'s credentials');
    assert.deepEqual(problems(report), []);
  });

  it('a destination bucket policy without the role: error in the view, fixed through the second profile keeping every statement, then objects replicate', async () => {
    const { url, state } = await start({ destinationPolicy: 'lacks-role' });
    const before = statements(state.buckets.get(A.destinationBucket)?.policy);
    assert.equal(await replicates(url, 'before-fix.txt'), 'FAILED', 'the loopback enforces the destination bucket policy');

    const report = await viewOf(url);
    assert.ok(problems(report).includes('error bp-cross-account-required'), problems(report).join(', '));
    const finding = report.findings.find((f) => f.ruleId === 'bp-cross-account-required');
    assert.match(finding?.message ?? '', /crr-role|111122223333/);
    // In the view, the other account's bucket policy finding sits on the source's rule, with the account named.
    const rule = ruleNode(report);
    assert.ok(rule.children?.some((n) => /bp-cross-account-required/.test(`${n.label} ${n.description ?? ''} ${String(n.tooltip ?? '')}`)), JSON.stringify(rule.children?.map((n) => n.label)));
    const destNode = rule.children?.find((n) => n.id.endsWith('/destination'));
    assert.match(String(destNode?.description), new RegExp(`account ${A.destination}`));
    assert.match(String(destNode?.tooltip), /profile dest-prod/);

    const f = fixer(url);
    const prepared = await f.planDestinationPolicy(A.sourceBucket, A.destinationBucket);
    assert.deepEqual(prepared.plan.steps.map((s) => [s.api, s.account]), [['PutBucketPolicy', A.destination]]);
    assert.match(prepared.plan.title, new RegExp(`account ${A.destination}`), 'the confirmation names the account');
    const result = await apply(f, prepared);
    assert.deepEqual(result.audit.map((a) => [a.api, a.account, a.outcome]), [['PutBucketPolicy', A.destination, 'ok']]);

    const after = statements(state.buckets.get(A.destinationBucket)?.policy);
    assert.deepEqual(after.slice(0, before.length), before, 'every existing statement is kept, unchanged and in order');
    assert.equal(after.length, before.length + 1);
    assert.equal(after[before.length].Principal?.AWS, `arn:aws:iam::${A.source}:role/${A.role}`);
    assert.deepEqual((await f.planDestinationPolicy(A.sourceBucket, A.destinationBucket)).plan.steps, [], 'a second run plans nothing');

    assert.deepEqual(problems(await viewOf(url)), []);
    assert.equal(await replicates(url, 'after-fix.txt'), 'COMPLETED');
    const replica = await s3(url, A.destinationRegion, { accessKeyId: A.destinationKey, secretAccessKey: 'x' }).send(new GetObjectCommand({ Bucket: A.destinationBucket, Key: 'after-fix.txt' }));
    assert.equal(await replica.Body?.transformToString(), 'payload');
  });

  it('a destination with no bucket policy at all gets one with the single statement, after a warning', async () => {
    const { url, state } = await start({ destinationPolicy: 'none', destinationReadableFromSource: false });
    const f = fixer(url);
    const prepared = await f.planDestinationPolicy(A.sourceBucket, A.destinationBucket);
    assert.match(prepared.plan.warnings.join(' '), /no bucket policy yet/);
    await apply(f, prepared);
    assert.equal(statements(state.buckets.get(A.destinationBucket)?.policy).length, 1);
    assert.equal(await replicates(url, 'x.txt'), 'COMPLETED');
  });

  it('refuses when nothing reaches the destination account, naming the settings', async () => {
    const { url } = await start({ destinationPolicy: 'lacks-role' });
    const f = new Fixer(options(url, { accounts: {} }));
    disposables.push(f);
    const prepared = await f.planDestinationPolicy(A.sourceBucket, A.destinationBucket);
    assert.match(prepared.plan.refused ?? '', /accountProfiles|organizationRole|could not be read/);
    assert.deepEqual(prepared.plan.steps, []);
    // The view says what it could not read, and why, instead of passing.
    const report = await viewOf(url, {});
    const failures = report.live.destinations[0].failures;
    assert.ok(failures.some((x) => x.code === 'NoProfileForAccount' && /accountProfiles/.test(x.message)), JSON.stringify(failures));
    const unknown = ruleNode(report).children?.find((n) => n.contextValue === 'unmappedAccount');
    assert.equal(unknown?.account, A.destination, 'the node offers to map the account to a profile');
    assert.match(String(unknown?.description), /not checked, because/);
  });

  it('a disabled replica key: error naming DstKmsKeyInvalidState, as the replication fails', async () => {
    const { url } = await start({ replicaKey: 'Disabled' });
    const report = await viewOf(url);
    const key = report.live.keys?.find((k) => k.use === 'replica');
    assert.equal(key?.facts?.state, 'Disabled');
    assert.match(key?.via ?? '', /profile dest-prod/);
    const error = report.findings.find((f) => f.severity === 'error' && f.ruleId === 'kms-key-state');
    assert.match(error?.message ?? '', /DstKmsKeyInvalidState/);
  });

  it('a replica key policy without the role: granted through the destination account, keeping the key\'s statements', async () => {
    const { url, state } = await start({ replicaKey: 'Enabled', replicaKeyGrantsRole: false });
    const report = await viewOf(url);
    assert.ok(problems(report).some((p) => p.startsWith('error kms-')), problems(report).join(', '));
    const keyPolicy = () => statements(state.accounts.get(A.destination)?.kmsKeys.get(A.replicaKeyId)?.policy);
    const before = keyPolicy();
    const f = fixer(url);
    const prepared = await f.planReplicaKeyGrant(A.sourceBucket, replicaKeyArn);
    assert.deepEqual(prepared.plan.steps.map((s) => [s.api, s.account]), [['PutKeyPolicy', A.destination]]);
    await apply(f, prepared);
    const after = keyPolicy();
    assert.deepEqual(after.slice(0, before.length), before);
    assert.deepEqual(after[before.length].Action, ['kms:Encrypt', 'kms:GenerateDataKey']);
    assert.deepEqual((await f.planReplicaKeyGrant(A.sourceBucket, replicaKeyArn)).plan.steps, []);
    assert.deepEqual(problems(await viewOf(url)).filter((p) => p.includes('kms-')), []);
  });

  it('enables versioning on a destination in another account with that account\'s credentials', async () => {
    const { url, state } = await start({ destinationVersioning: 'Suspended' });
    const f = fixer(url);
    const prepared = await f.planDestinationVersioning(A.sourceBucket, A.destinationBucket);
    assert.deepEqual(prepared.plan.steps.map((s) => [s.api, s.account]), [['PutBucketVersioning', A.destination]]);
    const result = await apply(f, prepared);
    assert.equal(result.audit[0].region, A.destinationRegion);
    assert.equal(state.buckets.get(A.destinationBucket)?.versioning, 'Enabled');
  });

  it('Requester Pays and BucketOwnerEnforced destinations give the rules that were dead', async () => {
    const payer = await viewOf((await start({ requesterPays: true })).url);
    assert.ok(problems(payer).includes('error ls-dest-requester-pays'));
    await lb?.close();
    const enforced = await viewOf((await start({ ownerOverride: true })).url);
    assert.ok(enforced.findings.some((f) => f.ruleId === 'rc-atc-not-needed-bucket-owner-enforced'));
    await lb?.close();
    const plain = await viewOf((await start({})).url);
    assert.ok(plain.findings.some((f) => f.ruleId === 'ls-dest-owner-enforced'), 'the destination\'s Object Ownership is read across accounts');
    await lb?.close();
    const writer = await viewOf((await start({ destinationOwnership: 'ObjectWriter' })).url);
    assert.ok(!writer.findings.some((f) => f.ruleId === 'ls-dest-owner-enforced'));
  });
});
