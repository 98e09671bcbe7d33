/**
 * Section (b) of the catalogue: the replication role's permission policy against its
 * configurations. All of these read the same requirement checks (`roleFindings`); each reports its
 * own kind of finding.
 */
import { Rule } from '../../rule';
import { DOCS } from '../../sources';
import { FamilyMeta, familyRules } from './common';
import { roleFindings } from './roleFindings';
import { GUARDRAIL_KINDS, guardrailFindings } from './guardrails';
import { perAnalysis } from './common';
import type { JsonDocument } from '../../document';
import type { Workspace } from '../../rule';

const META: FamilyMeta[] = [
  {
    id: 'iam-get-replication-configuration',
    severity: 'warning',
    summary: 'AWS documents `s3:GetReplicationConfiguration` on the source bucket as required for the replication role (no documented failure follows from its absence).',
    docUrl: DOCS.UG_PERM,
  },
  {
    id: 'iam-list-bucket',
    severity: 'warning',
    summary: 'AWS documents `s3:ListBucket` on the source bucket as required for the replication role (no documented failure follows from its absence).',
    docUrl: DOCS.UG_PERM,
  },
  {
    id: 'iam-get-object-version-for-replication',
    severity: 'error',
    summary: 'The replication role must allow `s3:GetObjectVersionForReplication` on the source objects (`s3:GetObject` does not authorize replication).',
    docUrl: DOCS.UG_PERM,
  },
  {
    id: 'iam-get-object-version-acl',
    severity: 'error',
    summary: 'The replication role must allow `s3:GetObjectVersionAcl` on the source objects.',
    docUrl: DOCS.UG_PERM,
  },
  {
    id: 'iam-get-object-version-tagging',
    severity: 'warning',
    summary: 'Without `s3:GetObjectVersionTagging` on the source objects, tagged objects fail (an error for tag-filtered rules).',
    docUrl: DOCS.UG_PERM,
  },
  {
    id: 'iam-replicate-object',
    severity: 'error',
    summary: 'The replication role must allow `s3:ReplicateObject` on each destination\'s objects (`s3:PutObject` does not authorize replication).',
    docUrl: DOCS.UG_PERM,
  },
  {
    id: 'iam-replicate-delete',
    severity: 'warning',
    summary: 'Without `s3:ReplicateDelete` on the destination objects, delete markers fail (an error when they are replicated).',
    docUrl: DOCS.UG_PERM,
  },
  {
    id: 'iam-replicate-tags-optional',
    severity: 'info',
    summary: '`s3:ReplicateTags` is optional: `s3:ReplicateObject` already covers tags and ACLs.',
    docUrl: DOCS.UG_PERM,
  },
  {
    id: 'iam-get-object-version-vs-for-replication',
    severity: 'warning',
    summary: '`s3:GetObjectVersion` instead of `s3:GetObjectVersionForReplication`: SSE-KMS and DSSE-KMS objects do not replicate.',
    docUrl: DOCS.UG_KMS,
  },
  {
    id: 'iam-all-destinations-covered',
    severity: 'error',
    summary: 'A destination of the configuration is missing from the resources the role may replicate to.',
    docUrl: DOCS.UG_PERM,
  },
  {
    id: 'iam-prefix-scope-covers-filters',
    severity: 'warning',
    summary: 'Prefix-scoped object resources do not cover everything a rule replicates.',
    docUrl: DOCS.UG_KMS,
  },
  {
    id: 'iam-owner-override',
    severity: 'error',
    summary: '`AccessControlTranslation` needs `s3:ObjectOwnerOverrideToBucketOwner` on the destination objects.',
    docUrl: DOCS.UG_OWN,
  },
  {
    id: 'iam-object-lock-read',
    severity: 'error',
    summary: 'An Object Lock source bucket needs `s3:GetObjectRetention` and `s3:GetObjectLegalHold` on its objects.',
    docUrl: DOCS.UG_OL,
    live: true,
  },
  {
    id: 'iam-kms-decrypt-source',
    severity: 'error',
    summary: 'Replicating SSE-KMS objects needs `kms:Decrypt` on the source key(s).',
    docUrl: DOCS.UG_KMS,
  },
  {
    id: 'iam-kms-encrypt-destination',
    severity: 'error',
    summary: 'The role needs `kms:Encrypt` on the `ReplicaKmsKeyID` key.',
    docUrl: DOCS.UG_KMS,
  },
  {
    id: 'iam-kms-generate-data-key',
    severity: 'warning',
    summary: 'The role should have `kms:GenerateDataKey` on the destination key.',
    docUrl: DOCS.UG_KMS,
  },
  {
    id: 'iam-kms-viaservice-region',
    severity: 'error',
    summary: 'A `kms:ViaService` condition names another Region than the key S3 uses.',
    docUrl: DOCS.UG_KMS,
  },
  {
    id: 'iam-kms-context-prefix-mismatch',
    severity: 'warning',
    summary: 'A `kms:EncryptionContext:aws:s3:arn` condition does not cover the object keys the rule replicates.',
    docUrl: DOCS.UG_KMS,
  },
  {
    id: 'iam-explicit-deny',
    severity: 'error',
    summary: 'An explicit Deny in the role policy, its permissions boundary, an SCP or an RCP blocks a permission replication needs.',
    docUrl: DOCS.UG_TRB,
  },
  {
    id: 'iam-get-wildcard-ok',
    severity: 'info',
    summary: 'A wildcard such as `s3:Get*` already covers the source reads; listing them is least privilege.',
    docUrl: DOCS.UG_REQ,
  },
];

const findings = perAnalysis((doc: JsonDocument, ws: Workspace) => (doc.kind === 'permission-policy' ? roleFindings(doc, ws) : guardrailFindings(doc, ws)));

// Guardrails (boundary, SCP, RCP) only ever report iam-explicit-deny; they are read live.
export const ROLE_RULES: readonly Rule[] = familyRules(META, ['permission-policy', ...GUARDRAIL_KINDS], findings);
