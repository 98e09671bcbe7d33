import { Rule } from '../../rule';
import { iamUnknownAction, iamUnknownService } from './actionNames';
import { iamArnMalformed, iamPrincipalFormat } from './arnFormat';
import { BUCKET_POLICY_RULES } from './bucketPolicy';
import { KEY_POLICY_RULES } from './keyPolicy';
import { KMS_BUCKET_KEY_RULES } from './kmsBucketKey';
import { iamConditionOperator } from './conditionOperator';
import { iamActionElement, iamEffect, iamPrincipalNotAllowed, iamPrincipalRequired, iamResourceElement, iamStatement } from './grammar';
import { iamResourceLevelMismatch } from './resourceLevelMismatch';
import { ROLE_RULES } from './roleRules';
import { iamSidFormat, iamSidUnique } from './sid';
import { iamUnknownKey } from './unknownKey';
import { trustActionAssumeRole, trustBatchPrincipal, trustConditions, trustExplicitDeny, trustS3ServicePrincipal } from './trust';
import { iamVersion } from './version';

/** Sections (b)–(e): IAM policy grammar and replication role, trust, bucket and key policy rules. */
export const IAM_RULES: readonly Rule[] = [
  // Grammar, every policy kind
  iamVersion,
  iamStatement,
  iamEffect,
  iamActionElement,
  iamResourceElement,
  iamPrincipalNotAllowed,
  iamPrincipalRequired,
  iamPrincipalFormat,
  iamSidUnique,
  iamSidFormat,
  iamUnknownKey,
  iamConditionOperator,
  iamUnknownService,
  iamUnknownAction,
  iamArnMalformed,
  iamResourceLevelMismatch,
  // (b) Replication role permission policy
  ...ROLE_RULES,
  // (c) Replication role trust policy
  trustS3ServicePrincipal,
  trustActionAssumeRole,
  trustBatchPrincipal,
  trustConditions,
  trustExplicitDeny,
  // (d) Bucket policies
  ...BUCKET_POLICY_RULES,
  ...KEY_POLICY_RULES,
  ...KMS_BUCKET_KEY_RULES,
];
