/** PutBucketReplication refuses what S3 refuses, with S3's codes and texts, and stores what S3 accepts. */
import { DeleteBucketReplicationCommand, GetBucketReplicationCommand, PutBucketReplicationCommand, PutBucketVersioningCommand, type ReplicationConfiguration } from '@aws-sdk/client-s3';
import { strict as assert } from 'node:assert';
import { startLoopback, type LoopbackServer, type Scenario } from '../../loopback';
import { awsError, clients, type Clients } from './helpers';

const ROLE = 'arn:aws:iam::123456789012:role/replication';
const DEV_GUIDE = ' Please refer to S3 Developer Guide for more information.';

function v2Rule(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { ID: 'r1', Status: 'Enabled', Priority: 1, Filter: {}, DeleteMarkerReplication: { Status: 'Disabled' }, Destination: { Bucket: 'arn:aws:s3:::dst' }, ...extra };
}

const scenario: Scenario = {
  buckets: [
    { name: 'src', versioning: 'Enabled' },
    { name: 'dst', region: 'eu-west-1', versioning: 'Enabled' },
    { name: 'unversioned-src' },
    { name: 'suspended-dst', versioning: 'Suspended' },
    { name: 'dst-two', versioning: 'Enabled' },
  ],
};

const MALFORMED = ['MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema'];

/** [case, configuration, expected code, expected message] */
const REFUSED: [string, Record<string, unknown>, string, string][] = [
  ['no rules', { Role: ROLE, Rules: [] }, MALFORMED[0], MALFORMED[1]],
  ['a rule with neither Filter nor Prefix', { Role: ROLE, Rules: [{ Status: 'Enabled', Destination: { Bucket: 'arn:aws:s3:::dst' } }] }, MALFORMED[0], MALFORMED[1]],
  ['ExistingObjectReplication', { Role: ROLE, Rules: [v2Rule({ ExistingObjectReplication: { Status: 'Enabled' } })] }, MALFORMED[0], MALFORMED[1]],
  ['a status that is not Enabled/Disabled', { Role: ROLE, Rules: [v2Rule({ Status: 'enabled' })] }, MALFORMED[0], MALFORMED[1]],
  ['a Filter with both Prefix and Tag', { Role: ROLE, Rules: [v2Rule({ Filter: { Prefix: 'a', Tag: { Key: 'k', Value: 'v' } } })] }, MALFORMED[0], MALFORMED[1]],
  [
    'V2 without DeleteMarkerReplication',
    { Role: ROLE, Rules: [v2Rule({ DeleteMarkerReplication: undefined })] },
    'InvalidRequest',
    `DeleteMarkerReplication must be specified for this version of Cross Region Replication configuration schema.${DEV_GUIDE}`,
  ],
  ['V2 without Priority', { Role: ROLE, Rules: [v2Rule({ Priority: undefined })] }, 'InvalidRequest', `Priority must be specified for this version of Cross Region Replication configuration schema.${DEV_GUIDE}`],
  [
    'V1 with Priority',
    { Role: ROLE, Rules: [{ Status: 'Enabled', Prefix: '', Priority: 1, Destination: { Bucket: 'arn:aws:s3:::dst' } }] },
    'InvalidRequest',
    `Priority cannot be used for this version of Cross Region Replication configuration schema.${DEV_GUIDE}`,
  ],
  [
    'V1 with DeleteMarkerReplication',
    { Role: ROLE, Rules: [{ Status: 'Enabled', Prefix: '', DeleteMarkerReplication: { Status: 'Disabled' }, Destination: { Bucket: 'arn:aws:s3:::dst' } }] },
    'InvalidRequest',
    `DeleteMarkerReplication cannot be used for this version of Cross Region Replication configuration schema.${DEV_GUIDE}`,
  ],
  [
    'V1 with two destinations',
    {
      Role: ROLE,
      Rules: [
        { ID: 'a', Status: 'Enabled', Prefix: 'a/', Destination: { Bucket: 'arn:aws:s3:::dst' } },
        { ID: 'b', Status: 'Enabled', Prefix: 'b/', Destination: { Bucket: 'arn:aws:s3:::dst-two' } },
      ],
    },
    'InvalidRequest',
    'Number of distinct destination bucket ARNs cannot exceed 1',
  ],
  ['a destination given by name', { Role: ROLE, Rules: [v2Rule({ Destination: { Bucket: 'dst' } })] }, 'InvalidArgument', 'Invalid bucket ARN'],
  [
    'a tag filter with delete marker replication',
    { Role: ROLE, Rules: [v2Rule({ Filter: { Tag: { Key: 'k', Value: 'v' } }, DeleteMarkerReplication: { Status: 'Enabled' } })] },
    'InvalidRequest',
    `Delete marker replication is not supported if any Tag filter is specified.${DEV_GUIDE}`,
  ],
  [
    'EncryptionConfiguration without SseKmsEncryptedObjects',
    { Role: ROLE, Rules: [v2Rule({ Destination: { Bucket: 'arn:aws:s3:::dst', EncryptionConfiguration: { ReplicaKmsKeyID: 'arn:aws:kms:eu-west-1:123456789012:key/k' } } })] },
    'InvalidRequest',
    'SseKmsEncryptedObjects must be specified if EncryptionConfiguration is present.',
  ],
  [
    'SseKmsEncryptedObjects without ReplicaKmsKeyID',
    { Role: ROLE, Rules: [v2Rule({ SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Disabled' } } })] },
    'InvalidRequest',
    'ReplicaKmsKeyID must be specified if SseKmsEncryptedObjects tag is present.',
  ],
  [
    'ReplicationTime without Metrics',
    { Role: ROLE, Rules: [v2Rule({ Destination: { Bucket: 'arn:aws:s3:::dst', ReplicationTime: { Status: 'Enabled', Time: { Minutes: 15 } } } })] },
    'InvalidRequest',
    'Replication destination must contain both ReplicationTime and Metrics or neither.',
  ],
  [
    'ReplicationTime minutes other than 15',
    { Role: ROLE, Rules: [v2Rule({ Destination: { Bucket: 'arn:aws:s3:::dst', ReplicationTime: { Status: 'Enabled', Time: { Minutes: 10 } }, Metrics: { Status: 'Enabled', EventThreshold: { Minutes: 15 } } } })] },
    'InvalidArgument',
    'Invalid time minute value',
  ],
  ['duplicate priorities', { Role: ROLE, Rules: [v2Rule(), v2Rule({ ID: 'r2', Filter: { Prefix: 'x/' } })] }, 'InvalidRequest', 'Found duplicate priority 1.'],
  ['duplicate rule ids', { Role: ROLE, Rules: [v2Rule(), v2Rule({ Priority: 2 })] }, 'InvalidArgument', 'Rule Id must be unique'],
  ['a rule ID with a non-ASCII character', { Role: ROLE, Rules: [v2Rule({ ID: 'réplication' })] }, 'InvalidArgument', 'Rule ID must contain only ASCII characters'],
  ['a rule ID of 256 characters', { Role: ROLE, Rules: [v2Rule({ ID: 'r'.repeat(256) })] }, 'InvalidArgument', 'ID length should not exceed allowed limit of 255'],
  ['a destination that does not exist', { Role: ROLE, Rules: [v2Rule({ Destination: { Bucket: 'arn:aws:s3:::nowhere' } })] }, 'InvalidRequest', 'Destination bucket must have versioning enabled.'],
  ['an unversioned destination, even for a disabled rule', { Role: ROLE, Rules: [v2Rule({ Status: 'Disabled', Destination: { Bucket: 'arn:aws:s3:::suspended-dst' } })] }, 'InvalidRequest', 'Destination bucket must have versioning enabled.'],
];

describe('loopback: PutBucketReplication validation', () => {
  let server: LoopbackServer;
  let c: Clients;

  before(async () => {
    server = await startLoopback({ scenario });
    c = clients(server.url);
  });
  after(() => server.close());

  const put = (bucket: string, config: Record<string, unknown>) =>
    c.s3().send(new PutBucketReplicationCommand({ Bucket: bucket, ReplicationConfiguration: config as unknown as ReplicationConfiguration }));

  for (const [name, config, code, message] of REFUSED) {
    it(`refuses ${name}: ${code}`, async () => {
      const err = await awsError(put('src', config));
      assert.deepEqual([err.name, err.message, err.status], [code, message, 400]);
      assert.equal(server.state.buckets.get('src')?.replication, undefined, 'nothing stored');
    });
  }

  it("refuses any configuration on a source whose versioning is not Enabled, with S3's text", async () => {
    const err = await awsError(put('unversioned-src', { Role: ROLE, Rules: [v2Rule()] }));
    assert.deepEqual([err.name, err.message], ['InvalidRequest', "Versioning must be 'Enabled' on the bucket to apply a replication configuration"]);
  });

  it('stores a valid V2 configuration, names unnamed rules, and answers 404 once it is deleted', async () => {
    await put('src', { Role: ROLE, Rules: [v2Rule({ ID: undefined, Filter: { And: { Prefix: 'p/', Tags: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }] } } })] });
    const stored = (await c.s3().send(new GetBucketReplicationCommand({ Bucket: 'src' }))).ReplicationConfiguration;
    assert.ok(stored?.Rules?.[0].ID, 'S3 generates an ID');
    assert.deepEqual(stored?.Rules?.[0].Filter, { And: { Prefix: 'p/', Tags: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }] } });
    await c.s3().send(new DeleteBucketReplicationCommand({ Bucket: 'src' }));
    await c.s3().send(new DeleteBucketReplicationCommand({ Bucket: 'src' }));
    const err = await awsError(c.s3().send(new GetBucketReplicationCommand({ Bucket: 'src' })));
    assert.deepEqual([err.name, err.message, err.status], ['ReplicationConfigurationNotFoundError', 'The replication configuration was not found', 404]);
  });

  it('accepts a rule ID of exactly 255 ASCII characters', async () => {
    await put('src', { Role: ROLE, Rules: [v2Rule({ ID: `${'r'.repeat(254)}~` })] });
    assert.equal(server.state.buckets.get('src')?.replication?.Rules[0].ID?.length, 255);
  });

  it('answers elements beyond the model that the stored configuration holds, and a write drops them', async () => {
    await put('src', { Role: ROLE, Rules: [v2Rule()] });
    const bucket = server.state.buckets.get('src');
    assert.ok(bucket);
    bucket.replicationExtraXml = [{ at: 'Rules[0].Destination', xml: '<FutureSetting><Status>Enabled</Status></FutureSetting>' }];
    let raw = '';
    const get = new GetBucketReplicationCommand({ Bucket: 'src' });
    get.middlewareStack.add(
      (next) => async (args) => {
        const out = await next(args);
        const res = out.response as { body: AsyncIterable<Buffer> & { [k: string]: unknown } };
        const chunks: Buffer[] = [];
        for await (const chunk of res.body) chunks.push(Buffer.from(chunk));
        raw = Buffer.concat(chunks).toString('utf8');
        (out.response as { body: unknown }).body = new Uint8Array(Buffer.from(raw));
        return out;
      },
      { step: 'deserialize', priority: 'low' },
    );
    const read = await c.s3().send(get);
    assert.match(raw, /<Destination><Bucket>arn:aws:s3:::dst<\/Bucket><FutureSetting><Status>Enabled<\/Status><\/FutureSetting><\/Destination>/);
    assert.deepEqual(read.ReplicationConfiguration?.Rules?.[0].Destination, { Bucket: 'arn:aws:s3:::dst' }, 'the SDK drops what it does not model');
    await put('src', { Role: ROLE, Rules: [v2Rule()] });
    assert.equal(bucket.replicationExtraXml, undefined);
  });

  it('accepts a V1 configuration (rule-level Prefix)', async () => {
    await put('src', { Role: ROLE, Rules: [{ ID: 'v1', Status: 'Enabled', Prefix: 'logs/', Destination: { Bucket: 'arn:aws:s3:::dst' } }] });
    assert.equal(server.state.buckets.get('src')?.replication?.Rules[0].Prefix, 'logs/');
  });

  it('refuses to suspend versioning on a bucket that has a replication configuration', async () => {
    const err = await awsError(c.s3().send(new PutBucketVersioningCommand({ Bucket: 'src', VersioningConfiguration: { Status: 'Suspended' } })));
    assert.deepEqual([err.name, err.status], ['InvalidBucketState', 409]);
    assert.equal(server.state.buckets.get('src')?.versioning, 'Enabled');
  });
});
