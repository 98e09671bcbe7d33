/** Objects: versions by versioning state, streamed (aws-chunked) uploads, tags, ListObjectVersions paging. */
import { GetObjectCommand, HeadObjectCommand, ListObjectVersionsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { strict as assert } from 'node:assert';
import { Readable } from 'node:stream';
import { startLoopback, type LoopbackServer } from '../../loopback';
import { awsError, clients, type Clients } from './helpers';

describe('loopback: objects', () => {
  let server: LoopbackServer;
  let c: Clients;

  before(async () => {
    server = await startLoopback({ scenario: { buckets: [{ name: 'versioned', versioning: 'Enabled' }, { name: 'plain' }, { name: 'paused', versioning: 'Suspended' }] } });
    c = clients(server.url);
  });
  after(() => server.close());

  const put = (bucket: string, key: string, body: string, tagging?: string) => c.s3().send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, Tagging: tagging }));

  it('keeps every version in a versioned bucket and one null version elsewhere', async () => {
    const v1 = await put('versioned', 'k', 'one');
    const v2 = await put('versioned', 'k', 'two');
    assert.ok(v1.VersionId && v2.VersionId && v1.VersionId !== v2.VersionId);
    const old = await c.s3().send(new GetObjectCommand({ Bucket: 'versioned', Key: 'k', VersionId: v1.VersionId }));
    assert.equal(await old.Body?.transformToString(), 'one');
    await put('plain', 'k', 'one');
    const plain = await put('plain', 'k', 'two');
    assert.equal(plain.VersionId, undefined, 'a never-versioned bucket sends no version id');
    assert.equal(server.state.buckets.get('plain')?.objects.get('k')?.length, 1);
    await put('paused', 'k', 'x');
    assert.equal((await c.s3().send(new HeadObjectCommand({ Bucket: 'paused', Key: 'k' }))).VersionId, 'null');
  });

  it('decodes streamed uploads (aws-chunked with a trailing checksum) and keeps tags', async () => {
    await c.s3().send(new PutObjectCommand({ Bucket: 'plain', Key: 'streamed.txt', Body: Readable.from([Buffer.from('hello '), Buffer.from('world')]), ContentLength: 11, Tagging: 'a=1&b=two%20words' }));
    const got = await c.s3().send(new GetObjectCommand({ Bucket: 'plain', Key: 'streamed.txt' }));
    assert.equal(await got.Body?.transformToString(), 'hello world');
    assert.equal(got.TagCount, 2);
    assert.deepEqual(server.state.buckets.get('plain')?.objects.get('streamed.txt')?.[0].tags, { a: '1', b: 'two words' });
  });

  it('answers NoSuchKey and NoSuchVersion as S3 does', async () => {
    const key = await awsError(c.s3().send(new GetObjectCommand({ Bucket: 'plain', Key: 'absent' })));
    assert.deepEqual([key.name, key.status, key.message], ['NoSuchKey', 404, 'The specified key does not exist.']);
    const version = await awsError(c.s3().send(new GetObjectCommand({ Bucket: 'versioned', Key: 'k', VersionId: 'nope' })));
    assert.deepEqual([version.name, version.status], ['NoSuchVersion', 404]);
  });

  it('pages ListObjectVersions with key and version-id markers, newest version first', async () => {
    for (const key of ['a', 'b']) for (let i = 0; i < 2; i++) await put('versioned', key, `${key}${i}`);
    const seen: [string, boolean][] = [];
    let markers: { KeyMarker?: string; VersionIdMarker?: string } = {};
    for (let page = 0; page < 10; page++) {
      const r = await c.s3().send(new ListObjectVersionsCommand({ Bucket: 'versioned', MaxKeys: 3, ...markers }));
      seen.push(...(r.Versions ?? []).map((v): [string, boolean] => [v.Key as string, v.IsLatest as boolean]));
      if (!r.IsTruncated) break;
      markers = { KeyMarker: r.NextKeyMarker, VersionIdMarker: r.NextVersionIdMarker };
    }
    assert.deepEqual(seen, [
      ['a', true],
      ['a', false],
      ['b', true],
      ['b', false],
      ['k', true],
      ['k', false],
    ]);
  });
});
