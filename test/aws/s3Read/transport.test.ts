/**
 * The lean reads against the loopback, which verifies the signatures of keys whose secret it knows:
 * signing (long-term and session credentials), retries within maxAttempts, clock-skew correction, the
 * request limiter's accounting, cancellation and the call deadline, and the same domain values and
 * failures as the SDK path for every bucket of an organization scenario.
 */
import assert from 'node:assert/strict';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { mixedOrganization, ORG_AUDIT_ROLE, startLoopback, type LoopbackServer } from '../../../loopback';
import { ClientFactory, type ClientOptions } from '../../../src/aws/clientFactory';
import { AwsCallError } from '../../../src/aws/errors';
import { Limiter } from '../../../src/aws/limiter';
import { scan, type ScanFinding } from '../../../src/aws/scan';
import { bucketEncryption, bucketNotification, bucketObjectLock, bucketOwnership, bucketPolicy, bucketRegion, bucketRequesterPays, bucketVersioning, ownedBy, readReplication } from '../../../src/aws/s3Service';
import { limitedScope } from '../../../src/aws/scope';

const KEY = { accessKeyId: 'AKIDVERIFIED', secretAccessKey: 'the-real-secret' };

describe('lean S3 reads: against the loopback', function () {
  this.timeout(60_000);
  let lb: LoopbackServer;
  const factories: ClientFactory[] = [];
  const factory = (o: Partial<ClientOptions> = {}) => {
    const f = new ClientFactory({ endpoint: lb.url, credentials: KEY, maxAttempts: 1, ...o });
    factories.push(f);
    return f;
  };
  const scope = (signal = new AbortController().signal, deadlineMs?: number) => limitedScope(new Limiter(16), signal, 0, deadlineMs);
  const failure = async (p: Promise<unknown>): Promise<AwsCallError> => {
    try {
      await p;
    } catch (err) {
      assert.ok(err instanceof AwsCallError, String(err));
      return err;
    }
    assert.fail('expected a failure');
  };

  beforeEach(async () => {
    const scenario = mixedOrganization(3, 9);
    // KEY signs for the first member account, and the endpoint knows its secret.
    const accounts = (scenario.accounts ?? []).map((a, i) => (i === 0 ? { ...a, accessKeys: [...(a.accessKeys ?? []), KEY.accessKeyId] } : a));
    lb = await startLoopback({ scenario: { ...scenario, accounts, signingSecrets: { [KEY.accessKeyId]: KEY.secretAccessKey } } });
  });
  afterEach(async () => {
    for (const f of factories.splice(0)) f.dispose();
    await lb.close();
  });

  /** A versioned bucket of the account KEY signs for. */
  const someBucket = () => [...lb.state.buckets.values()].find((b) => b.versioning === 'Enabled' && b.owner === [...lb.state.accounts.keys()][0])!;

  it('signs as the endpoint verifies: a long-term key, and session credentials with their token', async () => {
    const b = someBucket();
    assert.equal(await bucketVersioning(scope(), factory().s3Reads(b.region), b.region, b.name), 'Enabled');
    const wrong = await failure(bucketVersioning(scope(), factory({ credentials: { ...KEY, secretAccessKey: 'nope' } }).s3Reads(b.region), b.region, b.name));
    assert.equal(wrong.code, 'SignatureDoesNotMatch');
    assert.equal(wrong.kind, 'credentials');

    const management = factory({ credentials: { accessKeyId: 'AKIDMGMT', secretAccessKey: 'x' } });
    const out = await management.sts('us-east-1').send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${[...lb.state.accounts.keys()][0]}:role/${ORG_AUDIT_ROLE}`, RoleSessionName: 'lean-test' }));
    const c = out.Credentials!;
    const session = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
    const memberBucket = [...lb.state.buckets.values()].find((x) => x.owner === [...lb.state.accounts.keys()][0])!;
    assert.equal(typeof (await bucketRequesterPays(scope(), factory({ credentials: session }).s3Reads(memberBucket.region), memberBucket.region, memberBucket.name)), 'boolean');
    const noToken = await failure(bucketRequesterPays(scope(), factory({ credentials: { ...session, sessionToken: undefined } }).s3Reads(memberBucket.region), memberBucket.region, memberBucket.name));
    assert.equal(noToken.code, 'InvalidAccessKeyId');
  });

  it('asks for credentials again when they expire within five minutes, as the SDK does, and not before', async () => {
    const b = someBucket();
    for (const [minutesLeft, fresh] of [[60, false], [2, true]] as const) {
      let calls = 0;
      const provider = async () => {
        calls++;
        return { ...KEY, expiration: new Date(Date.now() + minutesLeft * 60_000) };
      };
      const reads = factory({ credentials: provider }).s3Reads(b.region);
      for (let i = 0; i < 3; i++) assert.equal(await bucketVersioning(scope(), reads, b.region, b.name), 'Enabled');
      // Expiring ones are refreshed by the SDK's own memo too, which may ask once more than we do.
      if (fresh) assert.ok(calls >= 3, `credentials expiring in ${minutesLeft} minutes were asked ${calls} times for 3 reads`);
      else assert.equal(calls, 1, `credentials expiring in ${minutesLeft} minutes`);
    }
  });

  it('retries throttling and 5xx within maxAttempts, counting every request in the limiter', async () => {
    const b = someBucket();
    const requests = new Limiter(4);
    lb.faults.add({ operation: 'GetBucketVersioning', error: 'InternalError', times: 2 });
    assert.equal(await bucketVersioning(scope(), factory({ maxAttempts: 3, requestLimiter: requests }).s3Reads(b.region), b.region, b.name), 'Enabled');
    assert.equal(lb.requestCount('GetBucketVersioning'), 3);
    assert.equal(requests.total, 3);

    lb.faults.add({ operation: 'GetBucketVersioning', error: 'SlowDown', times: 5 });
    const throttled = await failure(bucketVersioning(scope(), factory({ maxAttempts: 2 }).s3Reads(b.region), b.region, b.name));
    assert.equal(throttled.kind, 'throttled');
    assert.equal(lb.requestCount('GetBucketVersioning'), 5);
    lb.faults.clear();
    // Access denied is not retried.
    const denied = factory({ maxAttempts: 3 });
    lb.faults.add({ operation: 'GetBucketPolicy', error: 'AccessDenied', times: 1 });
    assert.equal((await failure(bucketPolicy(scope(), denied.s3Reads(b.region), b.region, b.name))).kind, 'access-denied');
    assert.equal(lb.requestCount('GetBucketPolicy'), 1);
  });

  it('corrects a skewed clock from the answer the endpoint refuses, and retries, as the SDK does', async () => {
    const b = someBucket();
    // This machine's clock 20 minutes behind AWS's: the endpoint refuses the first request (RequestTimeTooSkewed).
    lb.state.clockOffsetMs = 20 * 60_000;
    const offsets: number[] = [];
    for (const leanS3Reads of [true, false]) {
      const f = factory({ maxAttempts: 2, leanS3Reads });
      const before = lb.requestCount('GetBucketVersioning');
      assert.equal(await bucketVersioning(scope(), f.s3Reads(b.region), b.region, b.name), 'Enabled');
      assert.equal(lb.requestCount('GetBucketVersioning') - before, 2);
      offsets.push((f.s3(b.region).config as { systemClockOffset: number }).systemClockOffset);
      // The next call is signed with the corrected clock: one request.
      await bucketVersioning(scope(), f.s3Reads(b.region), b.region, b.name);
      assert.equal(lb.requestCount('GetBucketVersioning') - before, 3);
    }
    for (const offset of offsets) assert.ok(Math.abs(offset - 20 * 60_000) < 5_000, String(offset));
    const g = factory({ maxAttempts: 1 });
    assert.equal((await failure(bucketVersioning(scope(), g.s3Reads(b.region), b.region, b.name))).code, 'RequestTimeTooSkewed');
  });

  it('gives up at the call deadline, and is cancelled with its scope', async () => {
    const b = someBucket();
    lb.faults.add({ operation: 'GetBucketPolicy', hang: true });
    const late = await failure(bucketPolicy(scope(undefined, 300), factory().s3Reads(b.region), b.region, b.name));
    assert.equal(late.code, 'TimeoutError');
    assert.equal(late.kind, 'network');
    const controller = new AbortController();
    const pending = bucketPolicy(scope(controller.signal), factory().s3Reads(b.region), b.region, b.name);
    setTimeout(() => controller.abort(), 100);
    assert.equal((await failure(pending)).kind, 'cancelled');
  });

  it('reads every bucket to the same values and failures as the SDK path', async () => {
    lb.faults.add({ operation: 'GetBucketEncryption', error: 'AccessDenied', bucket: someBucket().name });
    const lean = factory();
    const sdk = factory({ leanS3Reads: false });
    const read = async (f: ClientFactory, name: string, region: string) => {
      const r = f.s3Reads(region);
      const settle = (p: Promise<unknown>) => p.then((v) => ({ ok: v }), (e: AwsCallError) => ({ code: e.code, kind: e.kind, message: e.message }));
      return Promise.all([
        settle(bucketRegion(scope(), f.s3Reads('us-east-1'), name)),
        settle(bucketVersioning(scope(), r, region, name)),
        settle(readReplication(scope(), r, region, name)),
        settle(bucketOwnership(scope(), r, region, name)),
        settle(bucketEncryption(scope(), r, region, name)),
        settle(bucketRequesterPays(scope(), r, region, name)),
        settle(bucketPolicy(scope(), r, region, name)),
        settle(bucketObjectLock(scope(), r, region, name)),
        settle(bucketNotification(scope(), r, region, name)),
        settle(ownedBy(scope(), r, region, name, '123456789012')),
        // Signed for the wrong Region: S3's PermanentRedirect, the same from both.
        settle(bucketVersioning(scope(), f.s3Reads(region === 'eu-west-1' ? 'us-west-2' : 'eu-west-1'), region, name)),
      ]);
    };
    const names = [...lb.state.buckets.values()].map((b) => [b.name, b.region] as const);
    assert.ok(names.length >= 20);
    for (const [name, region] of [...names, ['no-such-bucket-anywhere', 'us-east-1'] as const]) {
      assert.deepStrictEqual(await read(lean, name, region), await read(sdk, name, region), name);
    }
  });

  it('scan --org finds the same findings through the lean reads as through the SDK', async () => {
    const run = async (leanS3Reads: boolean) => {
      const findings: ScanFinding[] = [];
      await scan({ region: 'us-east-1', endpoint: lb.url, credentials: { accessKeyId: 'AKIDMGMT', secretAccessKey: 'x' }, maxAttempts: 1, org: true, role: ORG_AUDIT_ROLE, leanS3Reads, onFinding: (f) => findings.push(f) });
      return findings.map((f) => JSON.stringify(f)).sort();
    };
    const lean = await run(true);
    assert.ok(lean.length > 5);
    assert.deepEqual(lean, await run(false));
  });
});
