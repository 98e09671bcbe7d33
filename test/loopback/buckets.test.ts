/** Buckets: ListBuckets paging (10,000 buckets), creation rules by region, virtual-host addressing. */
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetObjectLockConfigurationCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  paginateListBuckets,
  PutBucketEncryptionCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { strict as assert } from 'node:assert';
import type { LookupFunction } from 'node:net';
import http from 'node:http';
import { generatedScenario, startLoopback, type LoopbackServer } from '../../loopback';
import { awsError, clients, rawRequest, sigv4Headers, type Clients } from './helpers';

describe('loopback: buckets', () => {
  let server: LoopbackServer;
  let c: Clients;

  before(async () => {
    server = await startLoopback({
      scenario: {
        buckets: [
          { name: 'alpha', region: 'us-east-1', policy: { Version: '2012-10-17', Statement: [] }, objectLock: { mode: 'GOVERNANCE', days: 1 } },
          { name: 'beta', region: 'eu-west-1', ownershipControls: 'none', defaultEncryption: { algorithm: 'aws:kms' } },
          { name: 'gamma', region: 'eu-west-1', objects: [{ key: 'a/1.txt' }, { key: 'a/2.txt' }, { key: 'b.txt' }] },
        ],
      },
    });
    c = clients(server.url);
  });
  after(() => server.close());

  describe('ListBuckets', () => {
    it('returns every bucket with its region when no paging parameter is given', async () => {
      const result = await c.s3().send(new ListBucketsCommand({}));
      assert.deepEqual(
        result.Buckets?.map((b) => [b.Name, b.BucketRegion]),
        [
          ['alpha', 'us-east-1'],
          ['beta', 'eu-west-1'],
          ['gamma', 'eu-west-1'],
        ],
      );
      assert.equal(result.ContinuationToken, undefined);
    });

    it('pages with max-buckets and continuation-token, and filters by prefix and bucket-region', async () => {
      const first = await c.s3().send(new ListBucketsCommand({ MaxBuckets: 2 }));
      assert.deepEqual(first.Buckets?.map((b) => b.Name), ['alpha', 'beta']);
      assert.ok(first.ContinuationToken);
      const second = await c.s3().send(new ListBucketsCommand({ MaxBuckets: 2, ContinuationToken: first.ContinuationToken }));
      assert.deepEqual(second.Buckets?.map((b) => b.Name), ['gamma']);
      assert.equal(second.ContinuationToken, undefined);
      const eu = await c.s3().send(new ListBucketsCommand({ BucketRegion: 'eu-west-1', Prefix: 'g' }));
      assert.deepEqual([eu.Buckets?.map((b) => b.Name), eu.Prefix], [['gamma'], 'g']);
    });

    it('refuses max-buckets outside 1-10000 and a forged continuation token', async () => {
      const tooMany = await awsError(c.s3().send(new ListBucketsCommand({ MaxBuckets: 10001 })));
      assert.deepEqual([tooMany.name, tooMany.status], ['InvalidArgument', 400]);
      const forged = await awsError(c.s3().send(new ListBucketsCommand({ ContinuationToken: 'not-a-token' })));
      assert.deepEqual([forged.name, forged.message], ['InvalidArgument', 'The continuation token provided is incorrect']);
    });
  });

  describe('default encryption', () => {
    const byDefault = async (bucket: string, region = 'us-east-1') =>
      (await c.s3(region).send(new GetBucketEncryptionCommand({ Bucket: bucket }))).ServerSideEncryptionConfiguration?.Rules?.[0].ApplyServerSideEncryptionByDefault;

    it('answers SSE-S3 for a bucket without a setting, and the scenario\'s for the others', async () => {
      assert.deepEqual(await byDefault('alpha'), { SSEAlgorithm: 'AES256' });
      assert.deepEqual(await byDefault('beta', 'eu-west-1'), { SSEAlgorithm: 'aws:kms' });
    });

    it('sets it with PutBucketEncryption and refuses a key with AES256', async () => {
      const key = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
      await c.s3('eu-west-1').send(new PutBucketEncryptionCommand({ Bucket: 'gamma', ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms:dsse', KMSMasterKeyID: key } }] } }));
      assert.deepEqual(await byDefault('gamma', 'eu-west-1'), { SSEAlgorithm: 'aws:kms:dsse', KMSMasterKeyID: key });
      const refused = await awsError(c.s3('eu-west-1').send(new PutBucketEncryptionCommand({ Bucket: 'gamma', ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256', KMSMasterKeyID: key } }] } })));
      assert.equal(refused.name, 'InvalidArgument');
      assert.deepEqual(await byDefault('gamma', 'eu-west-1'), { SSEAlgorithm: 'aws:kms:dsse', KMSMasterKeyID: key }, 'a refused write changes nothing');
    });
  });

  describe('CreateBucket and friends', () => {
    it('creates in us-east-1 without a constraint and elsewhere with a matching one', async () => {
      await c.s3().send(new CreateBucketCommand({ Bucket: 'new-east' }));
      await c.s3('ap-southeast-2').send(new CreateBucketCommand({ Bucket: 'new-sydney', CreateBucketConfiguration: { LocationConstraint: 'ap-southeast-2' } }));
      assert.equal((await c.s3().send(new GetBucketLocationCommand({ Bucket: 'new-sydney' }))).LocationConstraint, 'ap-southeast-2');
      assert.equal((await c.s3().send(new GetBucketLocationCommand({ Bucket: 'new-east' }))).LocationConstraint, undefined, 'us-east-1 is the empty constraint');
      assert.equal((await c.s3().send(new GetBucketOwnershipControlsCommand({ Bucket: 'new-east' }))).OwnershipControls?.Rules?.[0].ObjectOwnership, 'BucketOwnerEnforced');
    });

    it("answers region and ownership mistakes with S3's codes", async () => {
      // The SDK fills in LocationConstraint from its region; the AWS CLI and raw callers do not.
      const unspecified = await rawRequest(server.url, '/no-constraint', { method: 'PUT', headers: sigv4Headers('s3', 'eu-west-1') });
      assert.equal(unspecified.status, 400);
      assert.match(unspecified.body, /<Code>IllegalLocationConstraintException<\/Code><Message>The unspecified location constraint is incompatible for the region specific endpoint this request was sent to\.<\/Message>/);
      const explicitEast = await awsError(c.s3().send(new CreateBucketCommand({ Bucket: 'explicit-east', CreateBucketConfiguration: { LocationConstraint: 'us-east-1' as never } })));
      assert.equal(explicitEast.name, 'InvalidLocationConstraint');
      const owned = await awsError(c.s3('eu-west-1').send(new CreateBucketCommand({ Bucket: 'beta', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } })));
      assert.deepEqual([owned.name, owned.status], ['BucketAlreadyOwnedByYou', 409]);
      await c.s3().send(new CreateBucketCommand({ Bucket: 'alpha' }));
      const invalid = await awsError(c.s3().send(new CreateBucketCommand({ Bucket: 'Bad_Name' })));
      assert.deepEqual([invalid.name, invalid.message], ['InvalidBucketName', 'The specified bucket is not valid.']);
    });

    it('reports bucket settings, and 404s in the codes S3 uses when a setting is absent', async () => {
      assert.equal((await c.s3().send(new GetBucketPolicyCommand({ Bucket: 'alpha' }))).Policy, JSON.stringify({ Version: '2012-10-17', Statement: [] }, null, 2));
      const lock = await c.s3().send(new GetObjectLockConfigurationCommand({ Bucket: 'alpha' }));
      assert.deepEqual(lock.ObjectLockConfiguration, { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 1 } } });
      const noPolicy = await awsError(c.s3('eu-west-1').send(new GetBucketPolicyCommand({ Bucket: 'beta' })));
      assert.deepEqual([noPolicy.name, noPolicy.status], ['NoSuchBucketPolicy', 404]);
      const noOwnership = await awsError(c.s3('eu-west-1').send(new GetBucketOwnershipControlsCommand({ Bucket: 'beta' })));
      assert.equal(noOwnership.name, 'OwnershipControlsNotFoundError');
      const noLock = await awsError(c.s3('eu-west-1').send(new GetObjectLockConfigurationCommand({ Bucket: 'beta' })));
      assert.equal(noLock.name, 'ObjectLockConfigurationNotFoundError');
    });

    it('refuses a call whose expected bucket owner is another account', async () => {
      const err = await awsError(c.s3().send(new GetBucketPolicyCommand({ Bucket: 'alpha', ExpectedBucketOwner: '111111111111' })));
      assert.deepEqual([err.name, err.status], ['AccessDenied', 403]);
      assert.ok((await c.s3().send(new GetBucketPolicyCommand({ Bucket: 'alpha', ExpectedBucketOwner: '123456789012' }))).Policy);
    });

    it('heads a bucket with its region, and refuses to delete one that holds objects', async () => {
      const head = await c.s3('eu-west-1').send(new HeadBucketCommand({ Bucket: 'gamma' }));
      assert.equal(head.BucketRegion, 'eu-west-1');
      const notEmpty = await awsError(c.s3('eu-west-1').send(new DeleteBucketCommand({ Bucket: 'gamma' })));
      assert.deepEqual([notEmpty.name, notEmpty.status], ['BucketNotEmpty', 409]);
      await c.s3().send(new DeleteBucketCommand({ Bucket: 'new-east' }));
      assert.equal(server.state.buckets.has('new-east'), false);
    });

    it('lists objects with delimiter and continuation', async () => {
      const page = await c.s3('eu-west-1').send(new ListObjectsV2Command({ Bucket: 'gamma', Delimiter: '/', MaxKeys: 1 }));
      assert.deepEqual([page.CommonPrefixes?.map((p) => p.Prefix), page.Contents, page.IsTruncated], [['a/'], undefined, true]);
      const rest = await c.s3('eu-west-1').send(new ListObjectsV2Command({ Bucket: 'gamma', Delimiter: '/', ContinuationToken: page.NextContinuationToken }));
      assert.deepEqual(rest.Contents?.map((o) => o.Key), ['b.txt']);
    });
  });

  it('serves virtual-host-style requests (bucket.localhost) as well as path style', async () => {
    // Every name resolves to 127.0.0.1: nothing leaves the machine whatever host the SDK builds.
    const lookup = ((_host: string, opts: { all?: boolean }, cb: (...args: unknown[]) => void) =>
      opts?.all ? cb(null, [{ address: '127.0.0.1', family: 4 }]) : cb(null, '127.0.0.1', 4)) as unknown as LookupFunction;
    const virtual = c.s3('eu-west-1', { endpoint: `http://localhost:${server.port}`, forcePathStyle: false, requestHandler: { httpAgent: new http.Agent({ lookup }) } });
    await virtual.send(new PutObjectCommand({ Bucket: 'beta', Key: 'virtual.txt', Body: 'v' }));
    assert.equal(server.state.buckets.get('beta')?.objects.get('virtual.txt')?.[0].body.toString(), 'v');
  });
});

describe('loopback: 10,000 buckets', () => {
  let server: LoopbackServer;

  before(async () => {
    server = await startLoopback({ scenario: generatedScenario(10_000) });
  });
  after(() => server.close());

  it('lists all 10,000 in one answer, and the paginator walks them in pages', async () => {
    const c = clients(server.url);
    const all = await c.s3().send(new ListBucketsCommand({}));
    assert.equal(all.Buckets?.length, 10_000);
    assert.ok(all.Buckets?.every((b) => b.BucketRegion), 'every bucket carries BucketRegion');
    const names: string[] = [];
    for await (const page of paginateListBuckets({ client: c.s3(), pageSize: 3000 }, {})) names.push(...(page.Buckets ?? []).map((b) => b.Name as string));
    assert.equal(names.length, 10_000);
    assert.deepEqual(names, [...names].sort(), 'pages continue where the previous one ended');
    assert.equal(new Set(names).size, 10_000);
  });

  it('pages at 10,000 when a filter is given without max-buckets', async () => {
    server.state.addBucket({ name: 'zz-extra', region: 'us-east-1', creationDate: new Date(), versioning: 'Off', owner: server.state.accountId, encryption: { algorithm: 'AES256' }, objects: new Map() });
    const c = clients(server.url);
    const first = await c.s3().send(new ListBucketsCommand({ Prefix: '' }));
    assert.equal(first.Buckets?.length, 10_000);
    const second = await c.s3().send(new ListBucketsCommand({ Prefix: '', ContinuationToken: first.ContinuationToken }));
    assert.deepEqual(second.Buckets?.map((b) => b.Name), ['zz-extra']);
  });
});
