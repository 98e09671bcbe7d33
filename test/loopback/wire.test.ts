/** What goes over the wire: signatures required, error bodies and headers in each service's shape. */
import { strict as assert } from 'node:assert';
import { startLoopback, type LoopbackServer } from '../../loopback';
import { rawRequest, sigv4Headers } from './helpers';

describe('loopback: wire format', () => {
  let server: LoopbackServer;

  before(async () => {
    server = await startLoopback({ scenario: { buckets: [{ name: 'plain', region: 'us-east-1' }, { name: 'far', region: 'eu-west-1' }] } });
  });
  after(() => server.close());

  describe('unsigned and malformed requests', () => {
    it('answers an anonymous S3 request with 403 AccessDenied, as S3 answers anonymous access', async () => {
      const res = await rawRequest(server.url, '/plain?versioning');
      assert.equal(res.status, 403);
      assert.match(res.body, /<Error><Code>AccessDenied<\/Code><Message>Access Denied<\/Message><RequestId>[0-9A-F]{16}<\/RequestId><HostId>[^<]+<\/HostId><\/Error>/);
      assert.equal(server.state.buckets.get('plain')?.versioning, 'Off');
    });

    it('answers an unsigned IAM call with MissingAuthenticationToken in the Query error shape', async () => {
      const res = await rawRequest(server.url, '/', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=GetRole&Version=2010-05-08&RoleName=x' });
      assert.equal(res.status, 403);
      assert.match(
        res.body,
        /<ErrorResponse xmlns="https:\/\/iam\.amazonaws\.com\/doc\/2010-05-08\/"><Error><Type>Sender<\/Type><Code>MissingAuthenticationToken<\/Code><Message>Request is missing Authentication Token<\/Message><\/Error><RequestId>[0-9a-f-]{36}<\/RequestId><\/ErrorResponse>/,
      );
    });

    it('routes an unsigned GetCallerIdentity to STS and refuses it there', async () => {
      const res = await rawRequest(server.url, '/', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=GetCallerIdentity&Version=2011-06-15' });
      assert.equal(res.status, 403);
      assert.match(res.body, /xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/".*MissingAuthenticationToken/);
    });

    it('refuses SigV2 and malformed SigV4 headers with the texts S3 uses', async () => {
      const v2 = await rawRequest(server.url, '/plain?versioning', { headers: { authorization: 'AWS AKIDEXAMPLE:c2lnbmF0dXJl', date: new Date().toUTCString() } });
      assert.equal(v2.status, 400);
      assert.match(v2.body, /<Code>InvalidRequest<\/Code><Message>The authorization mechanism you have provided is not supported\. Please use AWS4-HMAC-SHA256\.<\/Message>/);
      const noSignature = await rawRequest(server.url, '/plain?versioning', {
        headers: { authorization: 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250101/us-east-1/s3/aws4_request, SignedHeaders=host', 'x-amz-date': '20250101T000000Z' },
      });
      assert.equal(noSignature.status, 400);
      assert.match(noSignature.body, /<Code>AuthorizationHeaderMalformed<\/Code><Message>The authorization header is malformed; Authorization header requires 'Signature' parameter\.<\/Message>/);
    });

    it('requires x-amz-content-sha256 on SigV4-signed S3 requests', async () => {
      const headers = sigv4Headers('s3');
      delete headers['x-amz-content-sha256'];
      const res = await rawRequest(server.url, '/plain?versioning', { headers });
      assert.equal(res.status, 400);
      assert.match(res.body, /Missing required header for this request: x-amz-content-sha256/);
    });

    it('accepts any key pair with a well-formed signature, and presigned URLs', async () => {
      const signed = await rawRequest(server.url, '/plain?versioning', { headers: sigv4Headers('s3') });
      assert.equal(signed.status, 200);
      const presigned = await rawRequest(
        server.url,
        `/plain?versioning&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${encodeURIComponent('ANYKEY/20250101/us-east-1/s3/aws4_request')}&X-Amz-Date=20250101T000000Z&X-Amz-SignedHeaders=host&X-Amz-Signature=${'a'.repeat(64)}`,
      );
      assert.equal(presigned.status, 200);
    });
  });

  describe('error and success shapes', () => {
    it('puts S3 errors in <Error> with request id headers that match the body', async () => {
      const res = await rawRequest(server.url, '/missing-bucket?versioning', { headers: sigv4Headers('s3') });
      assert.equal(res.status, 404);
      assert.equal(res.headers.get('content-type'), 'application/xml');
      const id = res.headers.get('x-amz-request-id');
      assert.match(id ?? '', /^[0-9A-F]{16}$/);
      assert.ok(res.headers.get('x-amz-id-2'));
      assert.ok(res.body.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message><BucketName>missing-bucket</BucketName>'));
      assert.ok(res.body.includes(`<RequestId>${id}</RequestId>`));
    });

    it('answers a HEAD error with the status and headers only', async () => {
      const res = await rawRequest(server.url, '/plain/no-such-key', { method: 'HEAD', headers: sigv4Headers('s3') });
      assert.equal(res.status, 404);
      assert.equal(res.body, '');
      assert.ok(res.headers.get('x-amz-request-id'));
    });

    it('redirects a request signed for the wrong region, or answers AuthorizationHeaderMalformed when the scenario asks', async () => {
      const redirect = await rawRequest(server.url, '/far?versioning', { headers: sigv4Headers('s3', 'us-east-1') });
      assert.equal(redirect.status, 301);
      assert.equal(redirect.headers.get('x-amz-bucket-region'), 'eu-west-1');
      assert.match(redirect.body, /<Code>PermanentRedirect<\/Code>.*<Endpoint>127\.0\.0\.1:\d+<\/Endpoint><Bucket>far<\/Bucket>/);
      server.state.wrongRegion = 'AuthorizationHeaderMalformed';
      try {
        const malformed = await rawRequest(server.url, '/far?versioning', { headers: sigv4Headers('s3', 'us-east-1') });
        assert.equal(malformed.status, 400);
        assert.match(malformed.body, /<Message>The authorization header is malformed; the region 'us-east-1' is wrong; expecting 'eu-west-1'<\/Message><Region>eu-west-1<\/Region>/);
      } finally {
        server.state.wrongRegion = 'PermanentRedirect';
      }
      const location = await rawRequest(server.url, '/far?location', { headers: sigv4Headers('s3', 'us-east-1') });
      assert.equal(location.status, 200, 'GetBucketLocation answers from any region');
      assert.match(location.body, /<LocationConstraint xmlns="http:\/\/s3\.amazonaws\.com\/doc\/2006-03-01\/">eu-west-1<\/LocationConstraint>/);
    });

    it('answers IAM with the Query envelope and x-amzn-RequestId', async () => {
      const res = await rawRequest(server.url, '/', { method: 'POST', headers: { ...sigv4Headers('iam'), 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=GetRole&Version=2010-05-08&RoleName=ghost' });
      assert.equal(res.status, 404);
      const id = res.headers.get('x-amzn-requestid');
      assert.equal(
        res.body,
        `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>The role with name ghost cannot be found.</Message></Error><RequestId>${id}</RequestId></ErrorResponse>`,
      );
    });

    it('refuses IAM requests signed for a region other than us-east-1, as the global IAM endpoint does', async () => {
      const res = await rawRequest(server.url, '/', { method: 'POST', headers: { ...sigv4Headers('iam', 'eu-west-1'), 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=GetRole&RoleName=x' });
      assert.equal(res.status, 403);
      assert.match(res.body, /<Code>SignatureDoesNotMatch<\/Code><Message>Credential should be scoped to a valid region, not 'eu-west-1'\. <\/Message>/);
    });

    it('names unknown actions and unimplemented S3 calls instead of guessing', async () => {
      const iam = await rawRequest(server.url, '/', { method: 'POST', headers: { ...sigv4Headers('iam'), 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=DeleteRole&Version=2010-05-08' });
      assert.equal(iam.status, 400);
      assert.match(iam.body, /<Code>InvalidAction<\/Code><Message>Could not find operation DeleteRole for version 2010-05-08<\/Message>/);
      const s3 = await rawRequest(server.url, '/plain?website', { headers: sigv4Headers('s3') });
      assert.equal(s3.status, 501);
      assert.match(s3.body, /<Code>NotImplemented<\/Code><Message>The loopback endpoint does not implement GET \?website<\/Message>/);
    });
  });
});
