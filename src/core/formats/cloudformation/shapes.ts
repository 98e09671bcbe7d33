/**
 * Where CloudFormation names a member differently from the S3 API (`Id` for `ID`, `TagFilter` for
 * `Tag`), and which members are integers (CloudFormation converts `"1"` to 1, the API would not).
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
}

const TIME: Shape = { ints: ['Minutes'] };

const RULE: Shape = {
  rename: { Id: 'ID' },
  ints: ['Priority'],
  members: {
    Filter: { rename: { TagFilter: 'Tag' }, members: { And: { rename: { TagFilters: 'Tags' } } } },
    Destination: { members: { ReplicationTime: { members: { Time: TIME } }, Metrics: { members: { EventThreshold: TIME } } } },
  },
};

export const REPLICATION_CONFIGURATION: Shape = { members: { Rules: { items: RULE } } };

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
