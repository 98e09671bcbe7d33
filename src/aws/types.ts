/**
 * What the AWS layer hands to the explorer (and, later, to the fix commands): plain domain data, no SDK
 * types, so the explorer can `import type` it without pulling the SDK into the extension bundle.
 */
import type { DocumentKind } from '../core/classify';
import type { DocumentInput, LiveOrigin } from '../core/document';
import type { BucketFacts, KeyFacts, LiveFacts, ReplicationRuleFacts, VersioningState } from '../core/facts';
import type { FailureEvent } from '../core/live/failureEvents';
import type { RuleTelemetry, TelemetryWindow } from '../core/live/telemetry';

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
  /** The account and credentials the call was made with (`444455556666 via profile dest-prod`), when not the view's own. */
  via?: string;
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
  ownership?: BucketFacts['ownership'];
  requesterPays?: boolean;
  /** The default encryption: algorithm, KMS key, Bucket Keys. */
  encryption?: { algorithm?: string; kmsKeyId?: string; bucketKey: boolean };
  /** The bucket policy as read (a live document), `absent` when it has none; undefined when it could not be read. */
  policy?: LiveDocument | 'absent';
  /** The destination's own rules (for chains and two-way setups), when its configuration could be read. */
  replication?: ReplicationRuleFacts[];
  /** The owner account, when known (the view's own account, or confirmed with the owner's credentials). */
  account?: string;
  /** How it was read: `account 444455556666 via profile dest-prod`. */
  via?: string;
  /** Reads about this destination that failed (cross-account destinations are often unreadable). */
  failures: AwsFailure[];
}

/** A KMS key replication uses (a rule's replica key, or the source bucket's default key), as read. */
export interface KeyState {
  ref: string;
  use: 'replica' | 'source';
  facts?: KeyFacts;
  policy?: LiveDocument;
  via?: string;
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
  /** The permissions boundary (kind `permissions-boundary`), when the role has one. */
  boundary?: LiveDocument;
  /** ARNs of the attached managed policies, when they could be listed. */
  attachedArns?: string[];
  failures: AwsFailure[];
}

/** A replicating bucket's notification configuration, and our failure-event capture in it. */
export interface NotificationRead {
  /** As GetBucketNotificationConfiguration returns it, in the CLI's member names. */
  configuration: Record<string, unknown>;
  /** The queue our capture sends failure events to, when capture is on. */
  capture?: { queueArn: string };
}

/** Everything read about one bucket, and the engine's inputs built from it. */
export interface LiveBucketState {
  bucket: BucketSummary;
  versioning: Outcome<VersioningState>;
  replication: Outcome<ReplicationRead>;
  destinations: DestinationState[];
  /** Absent when the bucket has no readable configuration or its `Role` is not a role ARN. */
  role?: RoleState;
  /** The KMS keys the rules use. */
  keys?: KeyState[];
  /** SCPs and RCPs of the accounts involved, as live documents; `guardrailsNote` says why they were not read. */
  guardrails?: LiveDocument[];
  guardrailsNote?: string;
  /** Why no SCP or RCP applies, when that is known: every account involved is outside any organization. */
  guardrailsNone?: string;
  /** The source bucket's account and how it was read. */
  account?: string;
  via?: string;
  /** The configuration, trust policy and permission policies, as analysed together. */
  documents: LiveDocument[];
  facts: LiveFacts;
  /** Every failed read about the source bucket and its role (destinations keep their own). */
  failures: AwsFailure[];
  /**
   * Replicating buckets only. Not counted in `failures` (nor in the bucket's health): a user without
   * `s3:GetBucketNotification` still sees the configuration checked; the node says what is missing.
   */
  notification?: Outcome<NotificationRead>;
}

/** Failure events read from our capture queue. */
export interface CapturedEvents {
  queueArn: string;
  /** Every event seen in the window (read now or earlier), newest last. */
  events: FailureEvent[];
  /** Messages in the queue now (visible and in flight), per SQS's approximate count. */
  waiting?: number;
  failure?: AwsFailure;
}

/** The newest Batch Replication job of the bucket and the failures of its completion report. */
export interface BatchReportRead {
  jobId: string;
  status: string;
  region: string;
  createdAt?: string;
  failedTasks?: number;
  /** Failed tasks with their reasons; [] when the job had no report or no failures. */
  events: FailureEvent[];
  /** The job was created without a completion report. */
  noReport?: boolean;
  failure?: AwsFailure;
}

/** What S3 reports about a bucket's replication over a window: per-rule metrics, captured events, the last Batch report. */
export interface BucketObservations {
  window: TelemetryWindow;
  /** Epoch ms of the read. */
  at: number;
  /** One entry per rule of the configuration, in its order. */
  rules: RuleTelemetry[];
  capture?: CapturedEvents;
  batch?: BatchReportRead;
  /** Reads that failed and concern no single rule (ListJobs denied…). */
  failures: AwsFailure[];
}

export interface ObserveOptions {
  /** Window length in ms (default 24 h). */
  sinceMs?: number;
  now?: number;
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
  /**
   * What S3 reports about these buckets' replication: metrics (one batched GetMetricData call per
   * Region per 500 metrics across all of them), captured failure events, the newest Batch report.
   * Read failures are in the result, never thrown (cancellation is).
   */
  observe(states: readonly LiveBucketState[], options?: ObserveOptions): Promise<Map<string, BucketObservations>>;
  /** Drops cached reads so the next reads go to AWS. */
  forget(): void;
  /** Aborts every queued and running call (they reject with a `cancelled` AwsCallError). */
  cancel(): void;
  /** Calls running and waiting right now. */
  load(): { running: number; queued: number };
  dispose(): void;
}
