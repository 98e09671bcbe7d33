/**
 * Clients and credentials as users have them: profiles from the shared files named by the
 * environment (never the real ~/.aws), `credential_process`, the default chain.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLoopback, type LoopbackServer } from '../../loopback';
import { SdkBackend } from '../../src/aws/backend';
import { ClientFactory, iamRegionFor, sharedCredentials, type Credentials } from '../../src/aws/clientFactory';
import type { AwsCallError } from '../../src/aws/errors';
import { startProxy, walkthroughWithConfig, type Proxy } from './helpers';

const ENV_KEYS = ['AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_EC2_METADATA_DISABLED'];

describe('aws: clients and credentials', function () {
  let server: LoopbackServer;
  let proxy: Proxy;
  let dir: string;
  let saved: Record<string, string | undefined>;

  before(async () => {
    server = await startLoopback({ scenario: walkthroughWithConfig() });
    proxy = await startProxy(server.url);
  });
  after(async () => {
    await proxy.close();
    await server.close();
  });

  beforeEach(() => {
    saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
    for (const k of ENV_KEYS) delete process.env[k];
    // The chain must never reach for instance metadata (it would leave 127.0.0.1).
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
    dir = mkdtempSync(join(tmpdir(), 'aws-profiles-'));
    process.env.AWS_CONFIG_FILE = join(dir, 'config');
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'credentials');
    proxy.accessKeys.length = 0;
  });
  afterEach(() => {
    for (const k of ENV_KEYS) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
    rmSync(dir, { recursive: true, force: true });
  });

  const backend = (profile?: string) => new SdkBackend({ profile, region: 'us-east-1', concurrency: 4, endpoint: proxy.url, maxAttempts: 1 });

  it('signs with the chosen profile from the files the environment names', async () => {
    writeFileSync(process.env.AWS_CONFIG_FILE as string, '[profile team]\nregion = eu-west-1\n');
    writeFileSync(process.env.AWS_SHARED_CREDENTIALS_FILE as string, '[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = s\n\n[team]\naws_access_key_id = AKIDTEAM\naws_secret_access_key = s\n');
    const b = backend('team');
    try {
      const page = await b.listBuckets(undefined, 10);
      assert.deepEqual(page.buckets.map((x) => x.name), ['destination-bucket', 'source-bucket']);
      assert.deepEqual([...new Set(proxy.accessKeys)], ['AKIDTEAM']);
    } finally {
      b.dispose();
    }
  });

  it('runs credential_process once for every client of a profile', async () => {
    const script = join(dir, 'creds.js');
    const runs = join(dir, 'runs.log');
    writeFileSync(script, `require('fs').appendFileSync(${JSON.stringify(runs)}, 'run\\n'); console.log(JSON.stringify({ Version: 1, AccessKeyId: 'AKIDPROCESS', SecretAccessKey: 's' }));\n`);
    writeFileSync(process.env.AWS_CONFIG_FILE as string, `[profile proc]\ncredential_process = ${process.execPath} ${script}\n`);
    const b = backend('proc');
    try {
      const { buckets } = await b.listBuckets(undefined, 10);
      // S3 in two regions, IAM and STS: four clients, one credential resolution.
      const state = await b.bucketState(buckets.find((x) => x.name === 'source-bucket') ?? { name: 'source-bucket' });
      assert.equal(state.role?.exists, true);
      assert.equal(readFileSync(runs, 'utf8'), 'run\n');
      assert.deepEqual([...new Set(proxy.accessKeys)], ['AKIDPROCESS']);
    } finally {
      b.dispose();
    }
  });

  it('reports a failing credential_process without its arguments or its output (they may hold secrets)', async () => {
    const script = join(dir, 'vault-login.js');
    writeFileSync(script, `process.stderr.write('vault: token hvs.SECRET-FROM-STDERR rejected for ' + process.argv[2] + '\\n'); process.exit(3);\n`);
    writeFileSync(process.env.AWS_CONFIG_FILE as string, `[profile vault]\ncredential_process = ${process.execPath} ${script} --password=SECRET-ARGUMENT\n`);
    const b = backend('vault');
    try {
      const err = await b.listBuckets(undefined, 10).then(
        () => assert.fail('expected a credentials failure'),
        (e: unknown) => e as AwsCallError,
      );
      assert.equal(err.kind, 'credentials');
      assert.match(err.message, /^ListBuckets could not be signed with your credentials \(CredentialsProviderError\): the profile's credential_process command failed\. Its command line and output are not shown/);
      // Everything the explorer logs or shows in the status bar comes from these.
      const shown = [err.message, JSON.stringify(err.toFailure()), String(err), err.stack ?? '', String((err.cause as Error | undefined)?.message), String((err.cause as Error | undefined)?.stack)].join('\n');
      for (const secret of ['SECRET-ARGUMENT', 'SECRET-FROM-STDERR', 'vault-login.js', 'vault: token']) assert.ok(!shown.includes(secret), `${secret} leaked`);
      assert.deepEqual(proxy.accessKeys, [], 'nothing was sent');
    } finally {
      b.dispose();
    }
  });

  it('uses environment credentials through the default chain when no profile is chosen', async () => {
    process.env.AWS_ACCESS_KEY_ID = 'AKIDENVIRONMENT';
    process.env.AWS_SECRET_ACCESS_KEY = 's';
    const b = backend(undefined);
    try {
      await b.listBuckets(undefined, 10);
      assert.deepEqual([...new Set(proxy.accessKeys)], ['AKIDENVIRONMENT']);
      assert.equal(b.profileLabel, 'default credential chain');
    } finally {
      b.dispose();
    }
  });

  it('reports a profile without credentials as a credentials failure, without sending anything', async () => {
    writeFileSync(process.env.AWS_CONFIG_FILE as string, '[profile empty]\nregion = us-east-1\n');
    const b = backend('nope');
    try {
      await assert.rejects(b.listBuckets(undefined, 10), (err: { kind?: string; operation?: string }) => err.kind === 'credentials' && err.operation === 'ListBuckets');
      assert.deepEqual(proxy.accessKeys, []);
    } finally {
      b.dispose();
    }
  });

  it('reads the files again after a failure: `aws configure` then refresh works without a reload', async () => {
    writeFileSync(process.env.AWS_CONFIG_FILE as string, '[profile late]\nregion = us-east-1\n');
    const b = backend('late');
    try {
      await assert.rejects(b.listBuckets(undefined, 10), (err: { kind?: string }) => err.kind === 'credentials');
      writeFileSync(process.env.AWS_SHARED_CREDENTIALS_FILE as string, '[late]\naws_access_key_id = AKIDLATE\naws_secret_access_key = s\n');
      await b.listBuckets(undefined, 10);
      assert.deepEqual(proxy.accessKeys, ['AKIDLATE']);
    } finally {
      b.dispose();
    }
  });

  it('refuses clients once disposed (the profile changed)', () => {
    const factory = new ClientFactory({ credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, endpoint: proxy.url });
    factory.s3('us-east-1');
    factory.dispose();
    assert.throws(() => factory.s3('us-east-1'), /disposed/);
  });

  it('signs IAM calls for the partition home region', () => {
    assert.equal(iamRegionFor('eu-west-1'), 'us-east-1');
    assert.equal(iamRegionFor('cn-northwest-1'), 'cn-north-1');
    assert.equal(iamRegionFor('us-gov-east-1'), 'us-gov-west-1');
  });
});

describe('aws: shared credentials', () => {
  it('resolves once, again when close to expiry, and again after a failure', async () => {
    let now = 0;
    let calls = 0;
    let expiresIn: number | undefined = undefined;
    let fail = false;
    const provider = async (): Promise<Credentials> => {
      calls++;
      if (fail) throw new Error('sso session expired');
      return { accessKeyId: `AKID${calls}`, secretAccessKey: 's', expiration: expiresIn === undefined ? undefined : new Date(now + expiresIn) };
    };
    const shared = sharedCredentials(provider, () => now);
    assert.equal((await shared()).accessKeyId, 'AKID1');
    assert.equal((await shared()).accessKeyId, 'AKID1');
    expiresIn = 60 * 60_000;
    const expiring = sharedCredentials(provider, () => now);
    assert.equal((await expiring()).accessKeyId, 'AKID2');
    now += 54 * 60_000;
    assert.equal((await expiring()).accessKeyId, 'AKID2');
    now += 2 * 60_000; // inside the five-minute margin
    assert.equal((await expiring()).accessKeyId, 'AKID3');
    fail = true;
    const failing = sharedCredentials(provider, () => now);
    await assert.rejects(failing(), /sso session expired/);
    fail = false;
    assert.equal((await failing()).accessKeyId, 'AKID5');
  });
});
