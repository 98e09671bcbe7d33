/** Bucket addresses of the lean reads against the S3 client's own endpoint rules, name by name. */
import assert from 'node:assert/strict';
import { GetBucketVersioningCommand, HeadBucketCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { getEndpointFromInstructions } from '@smithy/core/endpoints';
import { BucketEndpoints } from '../../../src/aws/s3Read/endpoint';

const credentials = { accessKeyId: 'AKID', secretAccessKey: 'secret' };
const NAMES = ['data-lake', 'abc', 'a-b-c-1', 'my.dotted.bucket', 'UpperCase', 'ab', 'two--dashes', 'dir--use1-az4--x-s3', '192.168.1.1', 'x'.repeat(63), 'trailing-', 'a_b'];
const CLIENTS: [string, S3ClientConfig][] = [
  ['AWS us-east-1', { region: 'us-east-1' }],
  ['AWS eu-west-1', { region: 'eu-west-1' }],
  ['China', { region: 'cn-north-1' }],
  ['FIPS + dual-stack', { region: 'us-west-2', useFipsEndpoint: true, useDualstackEndpoint: true }],
  ['custom endpoint, path style (the sandbox, S3-compatible servers)', { region: 'eu-west-1', endpoint: 'http://127.0.0.1:4599', forcePathStyle: true }],
  ['custom endpoint with a base path', { region: 'us-east-1', endpoint: 'https://s3.example.com/base', forcePathStyle: true }],
];

describe('lean S3 reads: bucket addresses', () => {
  for (const [label, config] of CLIENTS) {
    it(`addresses every bucket name as the SDK does: ${label}`, async () => {
      const client = new S3Client({ ...config, credentials });
      const endpoints = new BucketEndpoints(client);
      for (const name of NAMES) {
        for (const head of [false, true]) {
          const ours = await endpoints.address(name, head);
          let sdk;
          try {
            sdk = await getEndpointFromInstructions({ Bucket: name }, (head ? HeadBucketCommand : GetBucketVersioningCommand) as never, client.config as never);
          } catch {
            assert.equal(ours, undefined, `${name}: the SDK refuses it, the lean path must leave it to the SDK`);
            continue;
          }
          const auth = (sdk.properties?.authSchemes as { name: string; signingName: string; signingRegion: string }[])[0];
          if (auth.name !== 'sigv4' || auth.signingName !== 's3') {
            assert.equal(ours, undefined, `${name}: ${auth.name}/${auth.signingName} is the SDK's to send`);
            continue;
          }
          assert.ok(ours, `${name}: a plain SigV4 address`);
          assert.equal(`${ours.protocol}//${ours.host}${ours.path}`, sdk.url.href.replace(/\/$/, ours.path === '/' ? '/' : ''), `${name} (${head ? 'HEAD' : 'GET'})`);
          assert.equal(ours.signingRegion, auth.signingRegion);
        }
      }
    });
  }
});
