/**
 * Live state of buckets and roles, as read from AWS. The explorer fills this in; files analysed in
 * the editor or the CLI have none, and the rules that need it stay silent there.
 */
import type { TextEdit } from './findings';

export type VersioningState = 'Enabled' | 'Suspended' | 'Off';

export interface BucketFacts {
  name: string;
  /** false when AWS says NoSuchBucket; undefined when not known (e.g. AccessDenied). */
  exists?: boolean;
  region?: string;
  versioning?: VersioningState;
  objectLock?: boolean;
  ownership?: 'BucketOwnerPreferred' | 'ObjectWriter' | 'BucketOwnerEnforced';
  /** Account that owns the bucket, when known. */
  ownerAccount?: string;
  requesterPays?: boolean;
  /** SSE algorithm of the bucket's default encryption (`AES256`, `aws:kms`, `aws:kms:dsse`), when known. */
  defaultEncryption?: string;
  /**
   * The bucket's own replication rules, summarised (from GetBucketReplication); `[]` when it has no
   * configuration, undefined when not known. Lets rules follow chains and two-way setups.
   */
  replication?: ReplicationRuleFacts[];
  /**
   * Where the bucket's notification configuration sends replication events (GetBucketNotificationConfiguration),
   * undefined when not read. S3 sends them only for rules with replication metrics.
   */
  replicationEvents?: ReplicationEventTargets;
  /**
   * Declared facts only (a Terraform module): the change that turns versioning on where the bucket
   * is declared, written into the file `uri` (a fix edits its finding's own file); undefined when it
   * cannot be written there.
   */
  enableVersioning?: (uri: string) => DeclaredChange | undefined;
}

/** A change to the files that declare a fact: edits of the file it was asked for. */
export interface DeclaredChange {
  title: string;
  edits(): TextEdit[];
}

/** Destinations (ARNs, or `EventBridge`) of replication failure and RTC threshold events. */
export interface ReplicationEventTargets {
  failed: string[];
  threshold: string[];
}

export interface ReplicationRuleFacts {
  /** Destination bucket name (from the rule's bucket ARN). */
  destinationBucket: string;
  enabled: boolean;
  /** `SourceSelectionCriteria.ReplicaModifications.Status` is Enabled. */
  replicaModifications: boolean;
}

export interface RoleFacts {
  name: string;
  arn?: string;
  exists?: boolean;
}

export interface LiveFacts {
  /** Account of the caller's credentials (STS GetCallerIdentity). */
  accountId?: string;
  buckets: Record<string, BucketFacts>;
  roles?: Record<string, RoleFacts>;
}

export function bucketFacts(facts: LiveFacts | undefined, name: string | undefined): BucketFacts | undefined {
  return facts && name ? facts.buckets[name] : undefined;
}
