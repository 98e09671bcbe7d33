/**
 * What the AWS layer hands to the explorer (and, later, to the fix commands): plain domain data, no SDK
 * types, so the explorer can `import type` it without pulling the SDK into the extension bundle.
 */
import type { DocumentKind } from '../core/classify';
import type { DocumentInput, LiveOrigin } from '../core/document';
import type { LiveFacts, ReplicationRuleFacts, VersioningState } from '../core/facts';

/** Why a call failed, in the terms the explorer shows (the AWS error code stays in `code`). */
export type FailureKind =
  | 'access-denied'
  | 'throttled'
  | 'not-found'
  | 'credentials'
  | 'region-disabled'
  | 'network'
  | 'cancelled'
  | 'service';

export interface AwsFailure {
  /** AWS operation name, e.g. `GetBucketReplication`. */
  operation: string;
  /** The bucket, role or policy ARN the call was about. */
  target?: string;
  /** AWS error code (`AccessDenied`, `SlowDown`…) or the SDK error name. */
  code: string;
  kind: FailureKind;
  /** One sentence for people: what failed and, where we know it, what to do. */
  message: string;
}

/** The result of one read: its value, or the located reason it could not be read. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; failure: AwsFailure };

export interface BucketSummary {
  name: string;
  /** From ListBuckets' `BucketRegion`, or GetBucketLocation when an endpoint does not send it. */
  region?: string;
  creationDate?: string;
}

export interface BucketPage {
  buckets: BucketSummary[];
  /** Present when ListBuckets has more pages. */
  continuationToken?: string;
}

/** A document fetched from AWS, ready for the engine (it is a `DocumentInput`) and for an editor. */
export interface LiveDocument extends DocumentInput {
  kind: DocumentKind;
  live: LiveOrigin;
  /** Short name for tree labels and pickers, e.g. `s3-replication-policy (inline)`. */
  title: string;
}

export type ReplicationRead =
  | { configured: false }
  | {
      configured: true;
      document: LiveDocument;
      /** Elements S3 sent that the bundled SDK does not model, so `document` lacks them (paths such as `Rule[0] > Destination > X`). */
      unmodelled?: string[];
    };

export interface DestinationState {
  name: string;
  region?: string;
  /** false on NoSuchBucket; undefined when it could not be checked. */
  exists?: boolean;
  versioning?: VersioningState;
  objectLock?: boolean;
  /** The destination's own rules (for chains and two-way setups), when it is one of the account's buckets. */
  replication?: ReplicationRuleFacts[];
  /** Reads about this destination that failed (cross-account destinations are often unreadable). */
  failures: AwsFailure[];
}

export interface RoleState {
  name: string;
  arn: string;
  /** false on NoSuchEntity; undefined when it could not be checked. */
  exists?: boolean;
  trust?: LiveDocument;
  /** Inline policies, then the default versions of attached managed policies. */
  policies: LiveDocument[];
  /** ARNs of the attached managed policies, when they could be listed. */
  attachedArns?: string[];
  failures: AwsFailure[];
}

/** Everything read about one bucket, and the engine's inputs built from it. */
export interface LiveBucketState {
  bucket: BucketSummary;
  versioning: Outcome<VersioningState>;
  replication: Outcome<ReplicationRead>;
  destinations: DestinationState[];
  /** Absent when the bucket has no readable configuration or its `Role` is not a role ARN. */
  role?: RoleState;
  /** The configuration, trust policy and permission policies, as analysed together. */
  documents: LiveDocument[];
  facts: LiveFacts;
  /** Every failed read about the source bucket and its role (destinations keep their own). */
  failures: AwsFailure[];
}

/** What the explorer needs from AWS; `src/aws/backend.ts` implements it over SDK v3 clients. */
export interface ExplorerBackend {
  /** The profile as shown to people (`default chain` when none is chosen) and the listing region. */
  readonly profileLabel: string;
  readonly region: string;
  listBuckets(continuationToken: string | undefined, pageSize: number): Promise<BucketPage>;
  /** `fresh` re-reads everything the bucket depends on (its role and destinations too). */
  bucketState(bucket: BucketSummary, options?: { fresh?: boolean; urgent?: boolean }): Promise<LiveBucketState>;
  /** A role's documents on their own, for reopening a live policy document after a reload. */
  roleState(roleName: string): Promise<RoleState>;
  /** Drops cached reads so the next reads go to AWS. */
  forget(): void;
  /** Aborts every queued and running call (they reject with a `cancelled` AwsCallError). */
  cancel(): void;
  /** Calls running and waiting right now. */
  load(): { running: number; queued: number };
  dispose(): void;
}
