/** Our SigV4 against the SDK's own signer (@smithy/signature-v4): same request, credentials and time, same headers. */
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { SigV4Signer, canonicalQuery, uriEncode, type RequestToSign, type SigningCredentials } from '../../../src/aws/s3Read/sigv4';

/** The SDK's Checksum interface over node:crypto (what @smithy/hash-node does). */
class Sha256 {
  private readonly hash;
  constructor(secret?: unknown) {
    this.hash = secret ? createHmac('sha256', secret as Buffer) : createHash('sha256');
  }
  update(data: Uint8Array | string): void {
    this.hash.update(data);
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(this.hash.digest());
  }
  reset(): void {}
}

async function sdkHeaders(request: RequestToSign, credentials: SigningCredentials, region: string, now: Date): Promise<Record<string, string>> {
  const signer = new SignatureV4({ credentials, region, service: 's3', sha256: Sha256, uriEscapePath: false, applyChecksum: true });
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of request.query) {
    const prior = query[k];
    query[k] = prior === undefined ? v : [...(Array.isArray(prior) ? prior : [prior]), v];
  }
  const [hostname, port] = request.host.split(':');
  const signed = await signer.sign(
    {
      method: request.method,
      protocol: 'https:',
      hostname,
      port: port ? Number(port) : undefined,
      path: request.path,
      query,
      // What the SDK sends on a bodiless S3 GET: the payload hash header set by its S3 middleware.
      headers: { ...request.headers, host: request.host, 'x-amz-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' },
    },
    { signingDate: now },
  );
  return signed.headers;
}

const longTerm: SigningCredentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const session: SigningCredentials = {
  accessKeyId: 'ASIAEXAMPLEEXAMPLE12',
  secretAccessKey: 'tempSecret/with+slashes=',
  sessionToken: 'IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD+token/with+base64==',
};

const cases: { name: string; request: RequestToSign; credentials: SigningCredentials; region: string }[] = [
  { name: 'virtual-hosted subresource', request: { method: 'GET', host: 'my-bucket.s3.eu-west-1.amazonaws.com', path: '/', query: [['versioning', '']] }, credentials: longTerm, region: 'eu-west-1' },
  { name: 'session token', request: { method: 'GET', host: 'my-bucket.s3.us-east-1.amazonaws.com', path: '/', query: [['replication', '']] }, credentials: session, region: 'us-east-1' },
  { name: 'path style with a port', request: { method: 'GET', host: '127.0.0.1:4599', path: '/my.dotted.bucket', query: [['policy', '']] }, credentials: session, region: 'ap-southeast-2' },
  {
    name: 'query values that need encoding, repeated and unsorted keys',
    request: { method: 'GET', host: 's3.us-west-2.amazonaws.com', path: '/', query: [['prefix', 'a b/ü*(x)!~'], ['continuation-token', 'tok+en/=='], ['max-buckets', '10'], ['x-id', 'A'], ['x-id', '=B']] },
    credentials: longTerm,
    region: 'us-west-2',
  },
  { name: 'HEAD with an extra signed header', request: { method: 'HEAD', host: 'b.s3.us-east-1.amazonaws.com', path: '/', query: [], headers: { 'x-amz-expected-bucket-owner': '123456789012' } }, credentials: session, region: 'us-east-1' },
  { name: 'header value with inner runs of spaces', request: { method: 'GET', host: 'b.s3.us-east-1.amazonaws.com', path: '/', query: [['location', '']], headers: { 'x-amz-meta-note': '  two   spaces  ' } }, credentials: longTerm, region: 'us-east-1' },
];

describe('lean S3 reads: SigV4', () => {
  for (const c of cases) {
    it(`signs as the SDK does: ${c.name}`, async () => {
      const now = new Date('2026-12-07T17:15:38.123Z');
      const ours = new SigV4Signer(c.region, 's3').sign(c.request, c.credentials, now);
      const sdk = await sdkHeaders(c.request, c.credentials, c.region, now);
      assert.equal(ours.authorization, sdk.authorization);
      assert.equal(ours['x-amz-date'], sdk['x-amz-date']);
      assert.equal(ours['x-amz-security-token'], sdk['x-amz-security-token']);
    });
  }

  it('reuses the signing key only for the same secret, day and scope', async () => {
    const signer = new SigV4Signer('us-east-1', 's3');
    const request: RequestToSign = { method: 'GET', host: 'b.s3.us-east-1.amazonaws.com', path: '/', query: [['versioning', '']] };
    const day1 = new Date('2026-12-07T23:59:59Z');
    const day2 = new Date('2026-12-08T00:00:01Z');
    // Same access key, rotated secret: a cached key for the old secret must not sign for the new one.
    const rotated = { ...longTerm, secretAccessKey: 'another-secret' };
    for (const [credentials, when] of [[longTerm, day1], [rotated, day1], [longTerm, day2], [rotated, day2]] as const) {
      assert.equal(signer.sign(request, credentials, when).authorization, (await sdkHeaders(request, credentials, 'us-east-1', when)).authorization);
    }
  });

  it('encodes as RFC 3986 wants and sorts by encoded key, then value', () => {
    assert.equal(uriEncode("a b!'()*~-_.é/"), 'a%20b%21%27%28%29%2A~-_.%C3%A9%2F');
    assert.equal(canonicalQuery([['b', '2'], ['a', 'z'], ['a', 'y'], ['versioning', '']]), 'a=y&a=z&b=2&versioning=');
  });
});
