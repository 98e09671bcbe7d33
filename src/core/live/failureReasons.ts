/**
 * What S3 itself says went wrong: every documented replication `failureReason` (the S3 User Guide,
 * "Receiving replication failure events with Amazon S3 Event Notifications", section "Amazon S3
 * replication failure reasons"; the same codes appear in S3 Batch Replication completion reports),
 * tied to the rules that predict it from configuration and to the command that repairs it.
 *
 * The table is the one place these codes are explained: the Replication view, the object explainer,
 * the CLI's `status` and the README all read it.
 */

/** The repair a reason calls for, as one of our commands; `manual` when only the text can say it. */
export type ReasonFix = 'repairRole' | 'enableVersioning' | 'replicateFailed' | 'manual' | 'none';

export type ReasonSide = 'role' | 'destination' | 'source' | 'kms' | 'batch' | 'race';

export interface FailureReason {
  code: string;
  /** What S3 means, in one sentence. */
  meaning: string;
  /** Registered rules whose findings predict this failure. */
  rules: readonly string[];
  fix: ReasonFix;
  /** What to do, in one or two sentences (also for `manual`). */
  remedy: string;
  side: ReasonSide;
  /** A race with a concurrent change (the object went away, or was already replicated): nothing to repair. */
  benign?: boolean;
  /** Only S3 Batch Replication reports it. */
  batchOnly?: boolean;
}

const ROLE_WRITE = ['iam-replicate-object', 'iam-all-destinations-covered', 'iam-prefix-scope-covers-filters', 'iam-explicit-deny', 'bp-cross-account-required', 'bp-principal-exact-role-arn', 'bp-deny-required'];
const REPAIR = 'Repair Replication Role adds the missing permission to the role; a destination in another account also needs it in its bucket policy. Then replicate the FAILED objects with Batch Replication: S3 never retries them.';
const GONE = 'The object changed while S3 was replicating it (deleted, or replaced by a newer version that replicates on its own). Nothing to repair.';

export const FAILURE_REASONS: readonly FailureReason[] = [
  {
    code: 'AssumeRoleNotPermitted',
    meaning: 'S3 cannot assume the IAM role of the replication configuration (or of the Batch Operations job).',
    rules: ['trust-s3-service-principal', 'trust-action-assume-role', 'trust-explicit-deny', 'trust-conditions', 'trust-batch-principal'],
    fix: 'repairRole',
    remedy: 'Repair Replication Role lets s3.amazonaws.com assume the role (merged into its trust policy), or creates the role when it is missing.',
    side: 'role',
  },
  {
    code: 'DstBucketInvalidRegion',
    meaning: 'The destination bucket is not in the Region the Batch Operations job names.',
    rules: [],
    fix: 'replicateFailed',
    remedy: 'Create the Batch Replication job in the source bucket\'s Region (Replicate Existing Objects does).',
    side: 'batch',
    batchOnly: true,
  },
  {
    code: 'DstBucketNotFound',
    meaning: 'The destination bucket of the rule does not exist.',
    rules: ['ls-dest-exists'],
    fix: 'manual',
    remedy: 'Create the destination bucket with versioning enabled, or correct `Destination.Bucket`; then replicate the FAILED objects with Batch Replication.',
    side: 'destination',
  },
  {
    code: 'DstBucketObjectLockConfigMissing',
    meaning: 'The source bucket has Object Lock and the destination does not.',
    rules: ['ls-object-lock-destination'],
    fix: 'manual',
    remedy: 'Enable Object Lock on the destination bucket (it must be versioned), then replicate the FAILED objects with Batch Replication.',
    side: 'destination',
  },
  {
    code: 'DstBucketUnversioned',
    meaning: 'Versioning is not enabled on the destination bucket (often: it was suspended after replication was set up).',
    rules: ['ls-dest-versioning'],
    fix: 'enableVersioning',
    remedy: 'Enable Versioning on the destination bucket, then replicate the FAILED objects with Batch Replication.',
    side: 'destination',
  },
  {
    code: 'DstDelObjNotPermitted',
    meaning: 'S3 may not replicate delete markers to the destination (`s3:ReplicateDelete` is missing).',
    rules: ['iam-replicate-delete', 'bp-cross-account-delete', 'bp-deny-required'],
    fix: 'repairRole',
    remedy: 'Repair Replication Role grants `s3:ReplicateDelete` on the destination objects; a destination in another account must allow it in its bucket policy too.',
    side: 'role',
  },
  {
    code: 'DstKmsKeyInvalidState',
    meaning: 'The KMS key that encrypts replicas in the destination is disabled or pending deletion.',
    rules: [],
    fix: 'manual',
    remedy: 'Enable the destination KMS key (or cancel its deletion) in AWS KMS, then replicate the FAILED objects with Batch Replication.',
    side: 'kms',
  },
  {
    code: 'DstKmsKeyNotFound',
    meaning: 'The `ReplicaKmsKeyID` key of the rule does not exist.',
    rules: ['rc-replica-kms-key-arn', 'rc-replica-kms-key-region'],
    fix: 'manual',
    remedy: 'Correct `EncryptionConfiguration.ReplicaKmsKeyID` to a key in the destination\'s Region and put the configuration again.',
    side: 'kms',
  },
  {
    code: 'DstMultipartCompleteNotPermitted',
    meaning: 'S3 may not complete a multipart upload of the replica (`s3:ReplicateObject` is missing on the destination).',
    rules: ROLE_WRITE,
    fix: 'repairRole',
    remedy: REPAIR,
    side: 'role',
  },
  {
    code: 'DstMultipartInitNotPermitted',
    meaning: 'S3 may not start a multipart upload of the replica (`s3:ReplicateObject` is missing on the destination).',
    rules: ROLE_WRITE,
    fix: 'repairRole',
    remedy: REPAIR,
    side: 'role',
  },
  {
    code: 'DstMultipartUploadNotPermitted',
    meaning: 'S3 may not upload parts of the replica (`s3:ReplicateObject` is missing on the destination; formerly `DstMultipartPartUploadNotPermitted`).',
    rules: ROLE_WRITE,
    fix: 'repairRole',
    remedy: REPAIR,
    side: 'role',
  },
  {
    code: 'DstObjectHardDeleted',
    meaning: 'The replica was deleted from the destination by version id, which Batch Replication does not re-replicate.',
    rules: [],
    fix: 'manual',
    remedy: 'Copy the source object onto itself (a new version) so that live replication copies it again.',
    side: 'batch',
    batchOnly: true,
  },
  {
    code: 'DstPutAclNotPermitted',
    meaning: 'S3 may not replicate the object\'s ACL (`s3:ReplicateObject`, or the owner override, is missing on the destination).',
    rules: [...ROLE_WRITE, 'iam-owner-override', 'bp-owner-override'],
    fix: 'repairRole',
    remedy: REPAIR,
    side: 'role',
  },
  {
    code: 'DstPutLegalHoldNotPermitted',
    meaning: 'S3 may not put the Object Lock legal hold on the replica (`s3:PutObjectLegalHold` on the destination).',
    rules: [],
    fix: 'manual',
    remedy: 'Allow `s3:PutObjectLegalHold` on the destination objects (the destination bucket policy in another account), then replicate the FAILED objects.',
    side: 'destination',
  },
  {
    code: 'DstPutObjectNotPermitted',
    meaning: 'S3 may not write the replica: `s3:ReplicateObject` (or `s3:ObjectOwnerOverrideToBucketOwner`) is missing, a bucket policy denies it, or the destination KMS key refuses the role.',
    rules: [...ROLE_WRITE, 'iam-owner-override', 'bp-owner-override', 'iam-kms-encrypt-destination', 'iam-kms-generate-data-key'],
    fix: 'repairRole',
    remedy: REPAIR,
    side: 'role',
  },
  {
    code: 'DstPutRetentionNotPermitted',
    meaning: 'S3 may not put the Object Lock retention on the replica (`s3:PutObjectRetention` on the destination).',
    rules: [],
    fix: 'manual',
    remedy: 'Allow `s3:PutObjectRetention` on the destination objects (the destination bucket policy in another account), then replicate the FAILED objects.',
    side: 'destination',
  },
  {
    code: 'DstPutTaggingNotPermitted',
    meaning: 'S3 may not replicate the object\'s tags (`s3:ReplicateObject` is missing, or `s3:ReplicateTags` is denied, on the destination).',
    rules: ['iam-replicate-object', 'bp-cross-account-required', 'bp-deny-replicate-tags'],
    fix: 'repairRole',
    remedy: REPAIR,
    side: 'role',
  },
  {
    code: 'DstVersionNotFound',
    meaning: 'The destination no longer has the replica version whose metadata S3 was replicating (it was deleted there).',
    rules: [],
    fix: 'none',
    remedy: 'Benign when the replica was deleted on purpose; otherwise copy the source object onto itself to replicate it again.',
    side: 'race',
    benign: true,
  },
  {
    code: 'InitiateReplicationNotPermitted',
    meaning: 'The Batch Operations job role lacks `s3:InitiateReplication` on the source objects.',
    rules: [],
    fix: 'replicateFailed',
    remedy: 'Replicate Existing Objects repairs the job role (adds `s3:InitiateReplication`) before it starts a new job.',
    side: 'batch',
    batchOnly: true,
  },
  {
    code: 'SrcBucketInvalidRegion',
    meaning: 'The source bucket is not in the Region the Batch Operations job runs in.',
    rules: [],
    fix: 'replicateFailed',
    remedy: 'Create the Batch Replication job in the source bucket\'s Region (Replicate Existing Objects does).',
    side: 'batch',
    batchOnly: true,
  },
  {
    code: 'SrcBucketNotFound',
    meaning: 'S3 cannot find the source bucket (it was deleted while objects were being replicated).',
    rules: [],
    fix: 'none',
    remedy: 'Nothing to replicate any more.',
    side: 'race',
    benign: true,
  },
  {
    code: 'SrcBucketReplicationConfigMissing',
    meaning: 'The source bucket has no replication configuration (Batch Replication copies with it).',
    rules: [],
    fix: 'manual',
    remedy: 'Put a replication configuration on the source bucket first, then start Batch Replication again.',
    side: 'batch',
  },
  {
    code: 'SrcGetAclNotPermitted',
    meaning: 'S3 cannot read the source object\'s ACL: `s3:GetObjectVersionAcl` is missing, or another account owns the object.',
    rules: ['iam-get-object-version-acl', 'ls-source-object-ownership'],
    fix: 'repairRole',
    remedy: 'Repair Replication Role grants `s3:GetObjectVersionAcl`; objects owned by other accounts need Object Ownership `BucketOwnerEnforced` on the source. Then replicate the FAILED objects.',
    side: 'role',
  },
  {
    code: 'SrcGetLegalHoldNotPermitted',
    meaning: 'S3 cannot read the source object\'s Object Lock legal hold (`s3:GetObjectLegalHold`).',
    rules: ['iam-object-lock-read'],
    fix: 'repairRole',
    remedy: REPAIR,
    side: 'role',
  },
  {
    code: 'SrcGetObjectNotPermitted',
    meaning: 'S3 cannot read the source object: `s3:GetObjectVersionForReplication` is missing (or the source KMS key refuses the role).',
    rules: ['iam-get-object-version-for-replication', 'iam-get-object-version-vs-for-replication', 'iam-kms-decrypt-source', 'iam-explicit-deny'],
    fix: 'repairRole',
    remedy: REPAIR,
    side: 'role',
  },
  {
    code: 'SrcGetRetentionNotPermitted',
    meaning: 'S3 cannot read the source object\'s Object Lock retention (`s3:GetObjectRetention`).',
    rules: ['iam-object-lock-read'],
    fix: 'repairRole',
    remedy: REPAIR,
    side: 'role',
  },
  {
    code: 'SrcGetTaggingNotPermitted',
    meaning: 'S3 cannot read the source object\'s tags (`s3:GetObjectVersionTagging`).',
    rules: ['iam-get-object-version-tagging'],
    fix: 'repairRole',
    remedy: REPAIR,
    side: 'role',
  },
  {
    code: 'SrcHeadObjectNotPermitted',
    meaning: 'S3 cannot read the source object\'s metadata (`s3:GetObjectVersionForReplication`).',
    rules: ['iam-get-object-version-for-replication'],
    fix: 'repairRole',
    remedy: REPAIR,
    side: 'role',
  },
  {
    code: 'SrcKeyNotFound',
    meaning: 'The source key was gone when S3 came to replicate it.',
    rules: [],
    fix: 'none',
    remedy: GONE,
    side: 'race',
    benign: true,
  },
  {
    code: 'SrcKmsKeyInvalidState',
    meaning: 'The KMS key of the source object is disabled or pending deletion.',
    rules: [],
    fix: 'manual',
    remedy: 'Enable the source KMS key (or cancel its deletion) in AWS KMS, then replicate the FAILED objects with Batch Replication.',
    side: 'kms',
  },
  {
    code: 'SrcObjectNotEligible',
    meaning: 'The object is not eligible: it is in an archive storage class (S3 Glacier Flexible Retrieval, Deep Archive, or an Intelligent-Tiering archive tier), or no enabled rule matches it (its tags, a disabled rule).',
    rules: ['rc-tag-filter-tag-at-upload', 'rc-all-rules-disabled'],
    fix: 'replicateFailed',
    remedy: 'Restore archived objects first (or keep replicated data out of archive classes on the source), correct the rule if its filter or status excludes the object, then replicate the FAILED objects with Batch Replication.',
    side: 'source',
  },
  {
    code: 'SrcObjectNotFound',
    meaning: 'The source object was gone when S3 came to replicate it.',
    rules: [],
    fix: 'none',
    remedy: GONE,
    side: 'race',
    benign: true,
  },
  {
    code: 'SrcReplicationNotPending',
    meaning: 'The object was already replicated (or is being replicated) when this attempt ran.',
    rules: [],
    fix: 'none',
    remedy: 'Nothing to repair: another attempt replicated it.',
    side: 'race',
    benign: true,
  },
  {
    code: 'SrcVersionNotFound',
    meaning: 'The source version was gone when S3 came to replicate it (or its metadata).',
    rules: [],
    fix: 'none',
    remedy: GONE,
    side: 'race',
    benign: true,
  },
];

const BY_CODE = new Map(FAILURE_REASONS.map((r) => [r.code.toLowerCase(), r]));

/** The table entry of a reason code (case-insensitive), or undefined for a code AWS does not document. */
export function failureReason(code: string | undefined): FailureReason | undefined {
  return code ? BY_CODE.get(code.trim().toLowerCase()) : undefined;
}

/** The documented reason named somewhere in a free text (a Batch report's error code or message), if any. */
export function reasonInText(text: string | undefined): FailureReason | undefined {
  if (!text) return undefined;
  for (const word of text.split(/[^A-Za-z]+/)) {
    const r = failureReason(word);
    if (r) return r;
  }
  return undefined;
}

/** A one-line label for the repair, for tree descriptions and the CLI. */
export const FIX_LABEL: Record<ReasonFix, string> = {
  repairRole: 'Repair Replication Role',
  enableVersioning: 'Enable Versioning on the destination',
  replicateFailed: 'Replicate FAILED objects (Batch Replication)',
  manual: 'manual fix',
  none: 'nothing to fix',
};
