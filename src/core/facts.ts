/**
 * Live state of buckets and roles, as read from AWS. The explorer fills this in; files analysed in
 * the editor or the CLI have none, and the rules that need it stay silent there.
 */

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
  /** The KMS key of the default encryption (as configured: key ARN, id or alias), when it names one. */
  defaultKmsKeyId?: string;
  /** S3 Bucket Keys are enabled in the default encryption. */
  bucketKeyEnabled?: boolean;
  /**
   * The bucket policy as read live: `absent` when the bucket has none, `present` when it was read (the
   * policy is then one of the analysed documents, its `live.bucketPolicyOf` naming the bucket);
   * undefined when it was not read.
   */
  policy?: 'absent' | 'present';
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
   * Known from a file that creates the bucket (a template), not read from AWS: it has no objects
   * yet and no history, so what only matters for a bucket that exists is left unsaid.
   */
  declared?: boolean;
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

/** A KMS key as DescribeKey tells it (and whether its key policy was read). */
export interface KeyFacts {
  /** The reference as the configuration or bucket writes it (key ARN, alias ARN, id). */
  ref: string;
  /** false when KMS says NotFoundException; undefined when not known. */
  exists?: boolean;
  arn?: string;
  account?: string;
  region?: string;
  /** `Enabled`, `Disabled`, `PendingDeletion`, `PendingImport`, `Unavailable`… */
  state?: string;
  /** `SYMMETRIC_DEFAULT`, `RSA_2048`, `HMAC_256`… */
  keySpec?: string;
  keyUsage?: string;
  multiRegion?: boolean;
  /** `AWS` for an AWS managed key (aws/s3). */
  keyManager?: 'AWS' | 'CUSTOMER';
  /** The key policy was read: it is one of the analysed documents, its `live.keyArn` naming the key. */
  policy?: 'present';
}

export interface LiveFacts {
  /** Account of the caller's credentials (STS GetCallerIdentity). */
  accountId?: string;
  buckets: Record<string, BucketFacts>;
  roles?: Record<string, RoleFacts>;
  /** KMS keys by the reference the documents use. */
  keys?: Record<string, KeyFacts>;
}

export function keyFacts(facts: LiveFacts | undefined, ref: string | undefined): KeyFacts | undefined {
  return facts && ref ? facts.keys?.[ref] : undefined;
}

export function bucketFacts(facts: LiveFacts | undefined, name: string | undefined): BucketFacts | undefined {
  return facts && name ? facts.buckets[name] : undefined;
}
