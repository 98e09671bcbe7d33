/**
 * The lean reads against the SDK's: the same S3 answers (bodies, statuses, headers) served to both,
 * the same outputs deep-equal, the same AwsCallError (code, kind, message) from errors.ts. The answers
 * cover every member of the shapes the explorer reads, the S3 error answers the reads turn into states,
 * and the odd ones (no body, a proxy's HTML, a namespace prefix, entities, CDATA, comments).
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ClientFactory } from '../../../src/aws/clientFactory';
import { toAwsCallError } from '../../../src/aws/errors';
import { SdkBucketReads, type BucketReads } from '../../../src/aws/s3Read/reader';
import { unmodelledElements } from '../../../src/aws/unmodelled';

interface Answer {
  status?: number;
  body?: string;
  headers?: Record<string, string>;
}

const NS = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"';
const DECL = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** Every member of ReplicationConfiguration the bundled SDK models, some twice, some in V1 form. */
const FULL_REPLICATION = `${DECL}<ReplicationConfiguration ${NS}>
  <Role>arn:aws:iam::111122223333:role/replication</Role>
  <Rule>
    <ID>all-members</ID>
    <Priority>10</Priority>
    <Status>Enabled</Status>
    <Filter>
      <And>
        <Prefix>logs/&amp;more/</Prefix>
        <Tag><Key>team</Key><Value>data</Value></Tag>
        <Tag><Key>tier</Key><Value>gold &lt;1&gt;</Value></Tag>
        <Not><Prefix>tmp/</Prefix><Tag><Key>skip</Key><Value>yes</Value></Tag><Or><Prefix>a/</Prefix><Prefix>b/</Prefix><Tag><Key>x</Key><Value>1</Value></Tag></Or></Not>
      </And>
    </Filter>
    <SourceSelectionCriteria>
      <SseKmsEncryptedObjects><Status>Enabled</Status></SseKmsEncryptedObjects>
      <ReplicaModifications><Status>Enabled</Status></ReplicaModifications>
    </SourceSelectionCriteria>
    <ExistingObjectReplication><Status>Enabled</Status></ExistingObjectReplication>
    <Destination>
      <Bucket>arn:aws:s3:::dr-bucket</Bucket>
      <Account>444455556666</Account>
      <StorageClass>STANDARD_IA</StorageClass>
      <AccessControlTranslation><Owner>Destination</Owner></AccessControlTranslation>
      <EncryptionConfiguration><ReplicaKmsKeyID>arn:aws:kms:eu-west-1:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab</ReplicaKmsKeyID><UseSourceMultiRegionKey><Status>Enabled</Status></UseSourceMultiRegionKey></EncryptionConfiguration>
      <ReplicationTime><Status>Enabled</Status><Time><Minutes>15</Minutes></Time></ReplicationTime>
      <Metrics><Status>Enabled</Status><EventThreshold><Minutes>15</Minutes></EventThreshold></Metrics>
    </Destination>
    <DeleteMarkerReplication><Status>Disabled</Status></DeleteMarkerReplication>
  </Rule>
  <Rule>
    <ID>tag-only</ID>
    <Priority>2</Priority>
    <Status>Disabled</Status>
    <Filter><Tag><Key>k</Key><Value></Value></Tag></Filter>
    <Destination><Bucket>arn:aws:s3:::second</Bucket></Destination>
    <DeleteMarkerReplication><Status>Enabled</Status></DeleteMarkerReplication>
  </Rule>
  <Rule>
    <ID>empty-filter</ID>
    <Priority>0</Priority>
    <Status>Enabled</Status>
    <Filter/>
    <Destination><Bucket>arn:aws:s3:::third</Bucket><Metrics><Status>Disabled</Status></Metrics></Destination>
    <DeleteMarkerReplication><Status>Disabled</Status></DeleteMarkerReplication>
  </Rule>
  <Rule>
    <ID>filter-prefix</ID>
    <Priority>1</Priority>
    <Status>Enabled</Status>
    <Filter><Prefix></Prefix></Filter>
    <Destination><Bucket>arn:aws:s3:::fourth</Bucket></Destination>
    <DeleteMarkerReplication><Status>Disabled</Status></DeleteMarkerReplication>
  </Rule>
  <Rule>
    <ID>not-only</ID>
    <Priority>3</Priority>
    <Status>Enabled</Status>
    <Filter><Not><Or><Tag><Key>a</Key><Value>b</Value></Tag></Or></Not></Filter>
    <Destination><Bucket>arn:aws:s3:::fifth</Bucket></Destination>
    <DeleteMarkerReplication><Status>Disabled</Status></DeleteMarkerReplication>
  </Rule>
</ReplicationConfiguration>`;

/** V1 rules: a Prefix beside Status, no Filter, no Priority, no DeleteMarkerReplication. */
const V1_REPLICATION = `<ReplicationConfiguration ${NS}><Role>arn:aws:iam::111122223333:role/old</Role><Rule><ID>v1</ID><Prefix>docs/</Prefix><Status>Enabled</Status><Destination><Bucket>arn:aws:s3:::old-dr</Bucket><StorageClass>GLACIER</StorageClass></Destination></Rule><Rule><Prefix></Prefix><Status>Disabled</Status><Destination><Bucket>arn:aws:s3:::old-dr2</Bucket></Destination></Rule></ReplicationConfiguration>`;

/** What a newer S3 may send: elements this SDK does not model, which the reads must drop and unmodelled.ts report. */
const FUTURE_REPLICATION = `<ReplicationConfiguration ${NS}><Role>arn:aws:iam::111122223333:role/r</Role><Rule><ID>f</ID><Priority>1</Priority><Status>Enabled</Status><Filter><Prefix>p/</Prefix><FutureFilter>x</FutureFilter></Filter><Destination><Bucket>arn:aws:s3:::d</Bucket><FutureSetting><Mode>On</Mode></FutureSetting></Destination><DeleteMarkerReplication><Status>Disabled</Status></DeleteMarkerReplication><FutureRuleMember/></Rule><FutureTopLevel>1</FutureTopLevel></ReplicationConfiguration>`;

/** Formatting the SDK's parser tolerates: comments, CDATA, character references, a namespace prefix on the root, CRLF. */
const ODD_REPLICATION = `${DECL}<!-- generated -->\r\n<s3:ReplicationConfiguration xmlns:s3="http://s3.amazonaws.com/doc/2006-03-01/">\r\n  <Role><![CDATA[arn:aws:iam::111122223333:role/cdata]]></Role>\r\n  <Rule><!-- c --><ID>&#x72;ule&#32;one</ID><Priority> 7 </Priority><Status>Enabled</Status><Filter><Prefix>  spaced  </Prefix></Filter><Destination><Bucket>arn:aws:s3:::d</Bucket></Destination><DeleteMarkerReplication><Status>Disabled</Status></DeleteMarkerReplication></Rule>\r\n</s3:ReplicationConfiguration>`;

const NOTIFICATION = `<NotificationConfiguration ${NS}>
  <TopicConfiguration><Id>t1</Id><Topic>arn:aws:sns:us-east-1:111122223333:events</Topic><Event>s3:Replication:OperationFailedReplication</Event><Event>s3:ObjectCreated:*</Event>
    <Filter><S3Key><FilterRule><Name>prefix</Name><Value>logs/</Value></FilterRule><FilterRule><Name>suffix</Name><Value>.gz</Value></FilterRule></S3Key></Filter></TopicConfiguration>
  <QueueConfiguration><Id>q1</Id><Queue>arn:aws:sqs:us-east-1:111122223333:failures</Queue><Event>s3:Replication:*</Event></QueueConfiguration>
  <QueueConfiguration><Queue>arn:aws:sqs:us-east-1:111122223333:other</Queue><Event>s3:ObjectRemoved:*</Event><Filter><S3Key/></Filter></QueueConfiguration>
  <CloudFunctionConfiguration><Id>l1</Id><CloudFunction>arn:aws:lambda:us-east-1:111122223333:function:f</CloudFunction><Event>s3:ObjectCreated:Put</Event></CloudFunctionConfiguration>
  <EventBridgeConfiguration></EventBridgeConfiguration>
</NotificationConfiguration>`;

type Op = (r: BucketReads, bucket: string, signal: AbortSignal) => Promise<unknown>;

const OPS: Record<string, Op> = {
  location: (r, b, s) => r.location(b, s),
  versioning: (r, b, s) => r.versioning(b, s),
  replication: (r, b, s) => r.replication(b, s),
  ownershipControls: (r, b, s) => r.ownershipControls(b, s),
  encryption: (r, b, s) => r.encryption(b, s),
  requestPayment: (r, b, s) => r.requestPayment(b, s),
  policy: (r, b, s) => r.policy(b, s),
  objectLock: (r, b, s) => r.objectLock(b, s),
  notification: (r, b, s) => r.notification(b, s),
  head: (r, b, s) => r.head(b, '111122223333', s).then(() => 'ok'),
};

const SUCCESSES: [keyof typeof OPS, string, string][] = [
  ['replication', 'every modelled member', FULL_REPLICATION],
  ['replication', 'V1 prefix rules', V1_REPLICATION],
  ['replication', 'elements the model does not have', FUTURE_REPLICATION],
  ['replication', 'comments, CDATA, references, a prefixed root, CRLF', ODD_REPLICATION],
  ['versioning', 'enabled with MFA delete', `<VersioningConfiguration ${NS}><Status>Enabled</Status><MfaDelete>Disabled</MfaDelete></VersioningConfiguration>`],
  ['versioning', 'suspended', `<VersioningConfiguration ${NS}><Status>Suspended</Status></VersioningConfiguration>`],
  ['versioning', 'never enabled', `<VersioningConfiguration ${NS}/>`],
  ['versioning', 'never enabled, formatted', `<VersioningConfiguration ${NS}>\n</VersioningConfiguration>`],
  ['ownershipControls', 'enforced', `<OwnershipControls ${NS}><Rule><ObjectOwnership>BucketOwnerEnforced</ObjectOwnership></Rule></OwnershipControls>`],
  ['encryption', 'SSE-S3', `<ServerSideEncryptionConfiguration ${NS}><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256</SSEAlgorithm></ApplyServerSideEncryptionByDefault><BucketKeyEnabled>false</BucketKeyEnabled></Rule></ServerSideEncryptionConfiguration>`],
  [
    'encryption',
    'SSE-KMS with a bucket key and blocked types',
    `<ServerSideEncryptionConfiguration ${NS}><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>aws:kms</SSEAlgorithm><KMSMasterKeyID>arn:aws:kms:us-east-1:111122223333:alias/data</KMSMasterKeyID></ApplyServerSideEncryptionByDefault><BucketKeyEnabled>true</BucketKeyEnabled><BlockedEncryptionTypes><EncryptionType>SSE-C</EncryptionType></BlockedEncryptionTypes></Rule></ServerSideEncryptionConfiguration>`,
  ],
  ['requestPayment', 'requester pays', `<RequestPaymentConfiguration ${NS}><Payer>Requester</Payer></RequestPaymentConfiguration>`],
  ['objectLock', 'enabled with a default retention', `<ObjectLockConfiguration ${NS}><ObjectLockEnabled>Enabled</ObjectLockEnabled><Rule><DefaultRetention><Mode>GOVERNANCE</Mode><Days>30</Days></DefaultRetention></Rule></ObjectLockConfiguration>`],
  ['objectLock', 'enabled only', `<ObjectLockConfiguration ${NS}><ObjectLockEnabled>Enabled</ObjectLockEnabled></ObjectLockConfiguration>`],
  ['location', 'a Region', `<LocationConstraint ${NS}>ap-southeast-2</LocationConstraint>`],
  ['location', 'the legacy EU', `<LocationConstraint ${NS}>EU</LocationConstraint>`],
  ['location', 'us-east-1 (empty)', `<LocationConstraint ${NS}/>`],
  ['policy', 'a policy', '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}'],
  ['notification', 'topics, queues, functions, EventBridge', NOTIFICATION],
  ['notification', 'none', `<NotificationConfiguration ${NS}/>`],
  ['head', 'exists', ''],
];

const s3Error = (code: string, message: string, extra = '') => `${DECL}<Error><Code>${code}</Code><Message>${message}</Message>${extra}<RequestId>4442587FB7D0A2F9</RequestId><HostId>host</HostId></Error>`;

const ERRORS: [keyof typeof OPS, string, Answer][] = [
  ['policy', 'no policy', { status: 404, body: s3Error('NoSuchBucketPolicy', 'The bucket policy does not exist', '<BucketName>b</BucketName>') }],
  ['replication', 'no replication', { status: 404, body: s3Error('ReplicationConfigurationNotFoundError', 'The replication configuration was not found') }],
  ['ownershipControls', 'no controls', { status: 404, body: s3Error('OwnershipControlsNotFoundError', 'The bucket ownership controls were not found') }],
  ['objectLock', 'no Object Lock', { status: 404, body: s3Error('ObjectLockConfigurationNotFoundError', 'Object Lock configuration does not exist for this bucket') }],
  ['encryption', 'no encryption', { status: 404, body: s3Error('ServerSideEncryptionConfigurationNotFoundError', 'The server side encryption configuration was not found') }],
  ['versioning', 'access denied', { status: 403, body: s3Error('AccessDenied', 'Access Denied') }],
  ['versioning', 'no such bucket', { status: 404, body: s3Error('NoSuchBucket', 'The specified bucket does not exist') }],
  ['replication', 'wrong Region', { status: 301, headers: { 'x-amz-bucket-region': 'eu-west-1' }, body: s3Error('PermanentRedirect', 'The bucket you are attempting to access must be addressed using the specified endpoint.', '<Endpoint>b.s3.eu-west-1.amazonaws.com</Endpoint><Bucket>b</Bucket>') }],
  ['versioning', 'malformed authorization', { status: 400, body: s3Error('AuthorizationHeaderMalformed', "The authorization header is malformed; the region 'us-east-1' is wrong; expecting 'eu-west-1'", '<Region>eu-west-1</Region>') }],
  ['encryption', 'signature', { status: 403, body: s3Error('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.') }],
  ['policy', 'method not allowed (another account)', { status: 405, body: s3Error('MethodNotAllowed', 'The specified method is not allowed against this resource.', '<Method>GET</Method><ResourceType>BUCKETPOLICY</ResourceType>') }],
  ['versioning', 'an internal error', { status: 500, body: s3Error('InternalError', 'We encountered an internal error. Please try again.') }],
  ['versioning', 'slow down', { status: 503, body: s3Error('SlowDown', 'Please reduce your request rate.') }],
  ['versioning', 'a proxy page', { status: 502, body: '<html><body><h1>502 Bad Gateway</h1></body></html>' }],
  ['versioning', 'an empty 403', { status: 403, body: '' }],
  ['versioning', 'an empty 404', { status: 404, body: '' }],
  ['head', 'HEAD 403 (another owner)', { status: 403 }],
  ['head', 'HEAD 404', { status: 404 }],
  ['head', 'HEAD 301', { status: 301, headers: { 'x-amz-bucket-region': 'eu-west-1' } }],
  ['head', 'HEAD 400', { status: 400 }],
];

describe('lean S3 reads: parity with the SDK', function () {
  this.timeout(30_000);
  let server: Server;
  let url = '';
  let answer: Answer = {};
  const seen: IncomingMessage[] = [];
  let lean: BucketReads;
  let sdk: BucketReads;
  let factory: ClientFactory;

  before(async () => {
    server = createServer((req, res) => {
      seen.push(req);
      req.resume();
      req.on('end', () => {
        const body = answer.body ?? '';
        res.writeHead(answer.status ?? 200, { 'content-type': 'application/xml', 'content-length': String(Buffer.byteLength(body)), ...answer.headers });
        res.end(req.method === 'HEAD' ? undefined : body);
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    factory = new ClientFactory({ endpoint: url, credentials: { accessKeyId: 'AKIDPARITY', secretAccessKey: 'secret' }, maxAttempts: 1 });
    lean = factory.s3Reads('us-east-1');
    sdk = new SdkBucketReads(factory.s3('us-east-1'));
  });

  after(async () => {
    factory.dispose();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const outcome = async (reads: BucketReads, op: keyof typeof OPS): Promise<{ ok: unknown } | { error: { code: string; kind: string; message: string } }> => {
    try {
      return { ok: await OPS[op](reads, 'parity-bucket', new AbortController().signal) };
    } catch (err) {
      const e = toAwsCallError(err, op, 'parity-bucket', 'us-east-1');
      return { error: { code: e.code, kind: e.kind, message: e.message } };
    }
  };

  for (const [op, name, body] of SUCCESSES) {
    it(`${op}: ${name}`, async () => {
      answer = { body };
      const [a, b] = [await outcome(lean, op), await outcome(sdk, op)];
      assert.deepStrictEqual(a, b);
      assert.ok('ok' in a, `no error expected: ${JSON.stringify(a)}`);
      // The request the lean path sent: the subresource, path-style, signed.
      const req = seen[seen.length - 2];
      assert.equal(req.url, op === 'head' ? '/parity-bucket' : `/parity-bucket?${{ ownershipControls: 'ownershipControls', objectLock: 'object-lock', requestPayment: 'requestPayment' }[op as string] ?? op}`);
      assert.match(String(req.headers.authorization), /^AWS4-HMAC-SHA256 Credential=AKIDPARITY\/\d{8}\/us-east-1\/s3\/aws4_request, SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}$/);
    });
  }

  it('reports the same unmodelled elements from both reads of an answer the model does not cover', async () => {
    answer = { body: FUTURE_REPLICATION };
    const a = (await lean.replication('b', new AbortController().signal)) as { configuration: object; raw: string };
    const b = (await sdk.replication('b', new AbortController().signal)) as { configuration: object; raw: string };
    const paths = unmodelledElements(a.raw, a.configuration);
    assert.deepEqual(paths, unmodelledElements(b.raw, b.configuration));
    assert.deepEqual(paths, ['Rule[0] > Filter > FutureFilter', 'Rule[0] > Destination > FutureSetting', 'Rule[0] > FutureRuleMember', 'FutureTopLevel']);
  });

  for (const [op, name, a] of ERRORS) {
    it(`${op}: ${name} fails the same way`, async () => {
      answer = a;
      const [x, y] = [await outcome(lean, op), await outcome(sdk, op)];
      assert.deepStrictEqual(x, y);
      assert.ok('error' in x, `an error expected: ${JSON.stringify(x)}`);
    });
  }
});
