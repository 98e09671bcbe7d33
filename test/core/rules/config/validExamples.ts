/** Valid configurations in the shapes AWS documents, shared by the rule and the schema tests. */
import { json } from '../../../helpers';
import { config, ROLE } from './fixtures';

const KEY = 'arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

export const VALID_EXAMPLES: Record<string, string> = {
  'basic V2 rule': config([{ ID: 'tax', Status: 'Enabled', Priority: 1, DeleteMarkerReplication: { Status: 'Disabled' }, Filter: { Prefix: 'Tax' }, Destination: { Bucket: 'arn:aws:s3:::amzn-s3-demo-destination-bucket' } }]),
  'V1 rule': config([{ Status: 'Enabled', Prefix: 'Tax', Destination: { Bucket: 'arn:aws:s3:::amzn-s3-demo-destination-bucket' } }]),
  'two destinations with priorities': config([
    { ID: 'a', Status: 'Enabled', Priority: 1, DeleteMarkerReplication: { Status: 'Disabled' }, Filter: { Prefix: 'Tax' }, Destination: { Bucket: 'arn:aws:s3:::dest-1' } },
    { ID: 'b', Status: 'Enabled', Priority: 2, DeleteMarkerReplication: { Status: 'Enabled' }, Filter: { Prefix: 'Project' }, Destination: { Bucket: 'arn:aws:s3:::dest-2', StorageClass: 'STANDARD_IA' } },
  ]),
  'tag and prefix with And': config([
    { ID: 't', Status: 'Enabled', Priority: 1, DeleteMarkerReplication: { Status: 'Disabled' }, Filter: { And: { Prefix: 'Tax', Tags: [{ Key: 'k1', Value: 'v1' }, { Key: 'k2', Value: 'v2' }] } }, Destination: { Bucket: 'arn:aws:s3:::dest' } },
  ]),
  'RTC with metrics': config([
    {
      ID: 'rtc', Status: 'Enabled', Priority: 1, DeleteMarkerReplication: { Status: 'Disabled' }, Filter: { Prefix: '' },
      Destination: { Bucket: 'arn:aws:s3:::dest', ReplicationTime: { Status: 'Enabled', Time: { Minutes: 15 } }, Metrics: { Status: 'Enabled', EventThreshold: { Minutes: 15 } } },
    },
  ]),
  'metrics only': config([{ ID: 'm', Status: 'Enabled', Priority: 1, DeleteMarkerReplication: { Status: 'Disabled' }, Filter: {}, Destination: { Bucket: 'arn:aws:s3:::dest', Metrics: { Status: 'Enabled' } } }]),
  'SSE-KMS': config([
    {
      ID: 'kms', Status: 'Enabled', Priority: 1, DeleteMarkerReplication: { Status: 'Disabled' }, Filter: { Prefix: 'Tax' },
      SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' } },
      Destination: { Bucket: 'arn:aws:s3:::dest', EncryptionConfiguration: { ReplicaKmsKeyID: KEY } },
    },
  ]),
  'cross-account owner override': config([
    {
      ID: 'x', Status: 'Enabled', Priority: 1, DeleteMarkerReplication: { Status: 'Disabled' }, Filter: {},
      Destination: { Bucket: 'arn:aws:s3:::dest', Account: '444455556666', AccessControlTranslation: { Owner: 'Destination' } },
    },
  ]),
  'replica modification sync': config([
    { ID: 'rm', Status: 'Enabled', Priority: 1, DeleteMarkerReplication: { Status: 'Disabled' }, Filter: { Prefix: '' }, SourceSelectionCriteria: { ReplicaModifications: { Status: 'Enabled' } }, Destination: { Bucket: 'arn:aws:s3:::dest' } },
  ]),
  'get-bucket-replication output': json({
    ReplicationConfiguration: { Role: ROLE, Rules: [{ ID: 'r', Priority: 0, Filter: {}, Status: 'Disabled', Destination: { Bucket: 'arn:aws:s3:::dest' }, DeleteMarkerReplication: { Status: 'Disabled' } }, { ID: 's', Priority: 1, Filter: {}, Status: 'Enabled', Destination: { Bucket: 'arn:aws:s3:::dest2' }, DeleteMarkerReplication: { Status: 'Disabled' } }] },
  }),
};
