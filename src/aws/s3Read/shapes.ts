/**
 * S3's XML answers as the SDK's output shapes, member for member: the same names, the same numbers and
 * booleans, flattened lists as arrays, elements the model does not carry dropped (unmodelled.ts then
 * reports them, as it does for the SDK's output). The shapes below are the S3 model's (xml names,
 * flattening); test/aws/s3Read/shapes.test.ts checks them against the bundled SDK's schemas, so an SDK
 * upgrade that adds a member fails a test instead of silently dropping it here.
 */
import type {
  GetBucketEncryptionCommandOutput,
  GetBucketOwnershipControlsCommandOutput,
  GetBucketRequestPaymentCommandOutput,
  GetBucketVersioningCommandOutput,
  GetObjectLockConfigurationCommandOutput,
  NotificationConfiguration,
  ReplicationConfiguration,
} from '@aws-sdk/client-s3';
import type { XmlElement } from './xml';

export type Shape = 'string' | 'number' | 'boolean' | StructShape;

export interface StructShape {
  members: Record<string, Member>;
}

export interface Member {
  shape: Shape;
  /** Element name when it is not the member's. */
  xml?: string;
  /** A flattened list: every element of that name is one item. */
  list?: true;
}

export class ShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShapeError';
  }
}

/** Text of a leaf as the SDK reads it: whitespace with a line break is formatting, anything else is the value. */
function leafText(element: XmlElement): string {
  const text = element.text;
  return text.trim() === '' && text.includes('\n') ? '' : text;
}

function scalar(element: XmlElement, shape: 'string' | 'number' | 'boolean', path: string): string | number | boolean {
  const text = leafText(element);
  if (shape === 'string') return text;
  if (shape === 'boolean') {
    if (text === 'true') return true;
    if (text === 'false') return false;
    throw new ShapeError(`${path}: expected true or false, got "${text}"`);
  }
  const n = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(n)) throw new ShapeError(`${path}: expected a number, got "${text}"`);
  return n;
}

/** The structure `element` holds under `shape`; members without an element are absent, not undefined. */
export function readStruct(element: XmlElement, shape: StructShape, path = element.name): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(shape.members)) {
    const tag = member.xml ?? name;
    if (member.list) {
      const items = element.children.filter((c) => c.name === tag);
      if (items.length > 0) out[name] = items.map((c, i) => readValue(c, member.shape, `${path} > ${tag}[${i}]`));
      continue;
    }
    const found = element.children.find((c) => c.name === tag);
    if (found) out[name] = readValue(found, member.shape, `${path} > ${tag}`);
  }
  return out;
}

function readValue(element: XmlElement, shape: Shape, path: string): unknown {
  return typeof shape === 'string' ? scalar(element, shape, path) : readStruct(element, shape, path);
}

const S = (shape: Shape, extra: Omit<Member, 'shape'> = {}): Member => ({ shape, ...extra });
const struct = (members: Record<string, Member>): StructShape => ({ members });
const status = struct({ Status: S('string') });
const tag = struct({ Key: S('string'), Value: S('string') });
const minutes = struct({ Minutes: S('number') });

const notOperator = struct({
  Prefix: S('string'),
  Tag: S(tag),
  Or: S(struct({ Prefixes: S('string', { xml: 'Prefix', list: true }), Tags: S(tag, { xml: 'Tag', list: true }) })),
});

export const REPLICATION_CONFIGURATION = struct({
  Role: S('string'),
  Rules: S(
    struct({
      Status: S('string'),
      Destination: S(
        struct({
          Bucket: S('string'),
          Account: S('string'),
          StorageClass: S('string'),
          AccessControlTranslation: S(struct({ Owner: S('string') })),
          EncryptionConfiguration: S(struct({ ReplicaKmsKeyID: S('string'), UseSourceMultiRegionKey: S(status) })),
          ReplicationTime: S(struct({ Status: S('string'), Time: S(minutes) })),
          Metrics: S(struct({ Status: S('string'), EventThreshold: S(minutes) })),
        }),
      ),
      ID: S('string'),
      Priority: S('number'),
      Prefix: S('string'),
      Filter: S(
        struct({
          Prefix: S('string'),
          Tag: S(tag),
          And: S(struct({ Prefix: S('string'), Tags: S(tag, { xml: 'Tag', list: true }), Not: S(notOperator) })),
          Not: S(notOperator),
        }),
      ),
      SourceSelectionCriteria: S(struct({ SseKmsEncryptedObjects: S(status), ReplicaModifications: S(status) })),
      ExistingObjectReplication: S(status),
      DeleteMarkerReplication: S(status),
    }),
    { xml: 'Rule', list: true },
  ),
});

export const VERSIONING = struct({ Status: S('string'), MFADelete: S('string', { xml: 'MfaDelete' }) });

export const OWNERSHIP_CONTROLS = struct({ Rules: S(struct({ ObjectOwnership: S('string') }), { xml: 'Rule', list: true }) });

export const REQUEST_PAYMENT = struct({ Payer: S('string') });

export const ENCRYPTION = struct({
  Rules: S(
    struct({
      ApplyServerSideEncryptionByDefault: S(struct({ SSEAlgorithm: S('string'), KMSMasterKeyID: S('string') })),
      BucketKeyEnabled: S('boolean'),
      BlockedEncryptionTypes: S(struct({ EncryptionType: S('string', { list: true }) })),
    }),
    { xml: 'Rule', list: true },
  ),
});

const years = struct({ Days: S('number'), Years: S('number') });

export const OBJECT_LOCK = struct({
  ObjectLockEnabled: S('string'),
  Rule: S(struct({ DefaultRetention: S(struct({ Mode: S('string'), Days: S('number'), Years: S('number'), DefaultEventHold: S(years) })) })),
});

const notificationFilter = S(struct({ Key: S(struct({ FilterRules: S(struct({ Name: S('string'), Value: S('string') }), { xml: 'FilterRule', list: true }) }), { xml: 'S3Key' }) }));
const events = S('string', { xml: 'Event', list: true });

export const NOTIFICATION = struct({
  TopicConfigurations: S(struct({ TopicArn: S('string', { xml: 'Topic' }), Events: events, Id: S('string'), Filter: notificationFilter }), { xml: 'TopicConfiguration', list: true }),
  QueueConfigurations: S(struct({ QueueArn: S('string', { xml: 'Queue' }), Events: events, Id: S('string'), Filter: notificationFilter }), { xml: 'QueueConfiguration', list: true }),
  LambdaFunctionConfigurations: S(struct({ LambdaFunctionArn: S('string', { xml: 'CloudFunction' }), Events: events, Id: S('string'), Filter: notificationFilter }), {
    xml: 'CloudFunctionConfiguration',
    list: true,
  }),
  EventBridgeConfiguration: S(struct({})),
});

/** The outputs the lean reads give, typed as the SDK types them (without `$metadata`). */
export type VersioningOutput = Pick<GetBucketVersioningCommandOutput, 'Status' | 'MFADelete'>;
export type OwnershipOutput = Pick<GetBucketOwnershipControlsCommandOutput, 'OwnershipControls'>;
export type RequestPaymentOutput = Pick<GetBucketRequestPaymentCommandOutput, 'Payer'>;
export type EncryptionOutput = Pick<GetBucketEncryptionCommandOutput, 'ServerSideEncryptionConfiguration'>;
export type ObjectLockOutput = Pick<GetObjectLockConfigurationCommandOutput, 'ObjectLockConfiguration'>;
export type { NotificationConfiguration, ReplicationConfiguration };
