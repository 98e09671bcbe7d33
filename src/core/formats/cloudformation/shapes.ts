/**
 * The properties CloudFormation's AWS::S3::Bucket takes under `ReplicationConfiguration` (from the
 * resource's schema, which allows nothing else), where it names them differently from the S3 API
 * (`Id` for `ID`, `TagFilter` for `Tag`), and which members are integers (CloudFormation converts
 * `"1"` to 1, the API would not).
 */
export interface Shape {
  /** CloudFormation name → API name. */
  rename?: Readonly<Record<string, string>>;
  /** Children by API name. */
  members?: Readonly<Record<string, Shape>>;
  /** The shape of every element of a list. */
  items?: Shape;
  /** Integer members; every other scalar member is a string. */
  ints?: readonly string[];
  /** Members whose values stay as written (policy documents: IAM reads numbers and booleans). */
  free?: boolean;
  /** Every property CloudFormation allows here, as it spells them; others fail the stack. */
  closed?: readonly string[];
  /** Members the S3 API takes here that CloudFormation does not define at all. */
  apiOnly?: readonly string[];
  /** What a message calls an object of this shape: `replication rule`. */
  label?: string;
}

const STATUS: Shape = { closed: ['Status'] };
const TIME: Shape = { ints: ['Minutes'], closed: ['Minutes'] };
const TAG: Shape = { closed: ['Key', 'Value'], label: 'tag filter' };

const RULE: Shape = {
  label: 'replication rule',
  rename: { Id: 'ID' },
  ints: ['Priority'],
  closed: ['DeleteMarkerReplication', 'Destination', 'Filter', 'Id', 'Prefix', 'Priority', 'SourceSelectionCriteria', 'Status'],
  apiOnly: ['ExistingObjectReplication'],
  members: {
    Filter: {
      label: 'replication rule filter',
      rename: { TagFilter: 'Tag' },
      closed: ['And', 'Prefix', 'TagFilter'],
      members: { Tag: TAG, And: { label: '`And` filter', rename: { TagFilters: 'Tags' }, closed: ['Prefix', 'TagFilters'], members: { Tags: { items: TAG } } } },
    },
    Destination: {
      label: 'replication destination',
      closed: ['AccessControlTranslation', 'Account', 'Bucket', 'EncryptionConfiguration', 'Metrics', 'ReplicationTime', 'StorageClass'],
      members: {
        AccessControlTranslation: { closed: ['Owner'] },
        EncryptionConfiguration: { closed: ['ReplicaKmsKeyID'] },
        ReplicationTime: { closed: ['Status', 'Time'], members: { Time: TIME } },
        Metrics: { closed: ['EventThreshold', 'Status'], members: { EventThreshold: TIME } },
      },
    },
    DeleteMarkerReplication: STATUS,
    SourceSelectionCriteria: { closed: ['ReplicaModifications', 'SseKmsEncryptedObjects'], members: { ReplicaModifications: STATUS, SseKmsEncryptedObjects: STATUS } },
  },
};

export const REPLICATION_CONFIGURATION: Shape = { label: 'replication configuration', closed: ['Role', 'Rules'], members: { Rules: { items: RULE } } };

/** Every API name a message may use, as CloudFormation spells it. */
export const REPLICATION_NAMES: Readonly<Record<string, string>> = { ID: 'Id', Tag: 'TagFilter', Tags: 'TagFilters' };

export const POLICY: Shape = { free: true };

export function apiName(shape: Shape | undefined, sourceKey: string): string {
  return shape?.rename?.[sourceKey] ?? sourceKey;
}

export function sourceName(shape: Shape | undefined, apiKey: string): string {
  for (const [from, to] of Object.entries(shape?.rename ?? {})) if (to === apiKey) return from;
  return apiKey;
}

export function child(shape: Shape | undefined, apiKey: string | number): Shape | undefined {
  if (!shape) return undefined;
  if (typeof apiKey === 'number') return shape.items;
  return shape.free ? shape : shape.members?.[apiKey];
}
