import { Rule } from '../../rule';
import { accountEmpty, accountFormat, accountRequiredWithAtc, atcAclBehaviour, atcOwnerEnum } from './account';
import { deleteMarkerDefaultOff, deleteMarkerRtcSla, existingObjectReplication } from './deleteMarkers';
import { destinationBucketArn, destinationDirectoryBucket, destinationRequired } from './destination';
import {
  encryptionConfigNeedsSseKms,
  replicaKmsKeyArn,
  replicaKmsKeyAwsManaged,
  replicaKmsKeyNotValidated,
  sourceSelectionEmpty,
  sseKmsNeedsReplicaKey,
  sseKmsObjectsSkipped,
} from './encryption';
import { failureEventsNeedMetrics } from './failureEvents';
import { filterAndSingle, filterEmptyAllObjects, filterOneChild, ruleNeedsPrefixOrFilter, rulePrefixAndFilter } from './filterShape';
import {
  filterTagDupKeys,
  filterTagKeyValue,
  filterTagUnmatchableLength,
  filterTooManyTags,
  tagFilterNoDeleteMarkers,
  tagFilterTagAtUpload,
} from './filterTags';
import { prefixLeadingSlash, prefixMaxLength, prefixXmlUnsafe } from './prefixes';
import { priorityNegative, priorityType, priorityUnique, v2PriorityRequired } from './priority';
import { priorityOverlapSameDestination } from './priorityOverlap';
import {
  metricsStatusRequired,
  metricsThreshold15,
  metricsThresholdWithoutRtc,
  metricsThresholdWithRtc,
  rtcFieldsRequired,
  rtcMetricsSameStatus,
  rtcMinutes15,
  rtcRequiresMetrics,
  rtcScope,
} from './rtcMetrics';
import { ruleIdAscii, ruleIdMaxLength, ruleIdMissing, ruleIdUnique } from './ruleId';
import { ruleStatusEnum, ruleStatusRequired } from './status';
import { storageClassDefault, storageClassEnum, storageClassFsxOpenzfs, storageClassNotReplication } from './storageClass';
import { memberType, unknownMember } from './members';
import { outpostsRuleBucket, outpostsUnsupported } from './outposts';
import { allRulesDisabled, configSizeMax, roleArnFormat, roleRequired, rulesMax, rulesRequired, schemaMixedV1V2 } from './topLevel';
import { v1NoDeleteMarker, v1NoPriority, v1NoReplicaModifications, v1PrefixDeprecated, v1RtcNeedsV2, v1SingleDestination } from './v1Schema';
import { v2DeleteMarkerRequired } from './v2DeleteMarkerRequired';

/**
 * Section (a) of the catalogue: rules on the replication configuration document itself, in
 * catalogue order. (`rc-source-selection-model-note` is deliberately no rule: it tells us not to
 * flag `SourceSelectionCriteria` holding only `ReplicaModifications`, and nothing here does.)
 */
export const CONFIG_RULES: readonly Rule[] = [
  // Members and their types, as the AWS CLI validates them before sending (beyond the catalogue)
  unknownMember,
  memberType,
  // Top level
  roleRequired,
  roleArnFormat,
  rulesRequired,
  rulesMax,
  configSizeMax,
  allRulesDisabled,
  schemaMixedV1V2,
  // Rule identity, status, priority
  ruleStatusRequired,
  ruleStatusEnum,
  ruleIdMaxLength,
  ruleIdAscii,
  ruleIdUnique,
  ruleIdMissing,
  priorityType,
  priorityUnique,
  priorityNegative,
  priorityOverlapSameDestination,
  v2PriorityRequired,
  v2DeleteMarkerRequired,
  v1NoPriority,
  v1NoDeleteMarker,
  v1NoReplicaModifications,
  v1SingleDestination,
  v1RtcNeedsV2,
  v1PrefixDeprecated,
  // Filter and prefix
  ruleNeedsPrefixOrFilter,
  rulePrefixAndFilter,
  filterOneChild,
  filterEmptyAllObjects,
  filterAndSingle,
  filterTagKeyValue,
  filterTagDupKeys,
  filterTagUnmatchableLength,
  filterTooManyTags,
  prefixMaxLength,
  prefixXmlUnsafe,
  prefixLeadingSlash,
  tagFilterNoDeleteMarkers,
  tagFilterTagAtUpload,
  // Delete markers, existing objects, source selection
  deleteMarkerDefaultOff,
  deleteMarkerRtcSla,
  existingObjectReplication,
  sseKmsNeedsReplicaKey,
  encryptionConfigNeedsSseKms,
  sseKmsObjectsSkipped,
  replicaKmsKeyArn,
  replicaKmsKeyNotValidated,
  replicaKmsKeyAwsManaged,
  sourceSelectionEmpty,
  // Destination
  destinationRequired,
  destinationBucketArn,
  destinationDirectoryBucket,
  storageClassEnum,
  storageClassFsxOpenzfs,
  storageClassNotReplication,
  storageClassDefault,
  accountRequiredWithAtc,
  accountEmpty,
  accountFormat,
  atcOwnerEnum,
  atcAclBehaviour,
  // RTC and metrics
  rtcRequiresMetrics,
  rtcMetricsSameStatus,
  rtcFieldsRequired,
  rtcMinutes15,
  metricsStatusRequired,
  metricsThreshold15,
  metricsThresholdWithRtc,
  metricsThresholdWithoutRtc,
  rtcScope,
  failureEventsNeedMetrics,
  // S3 on Outposts (beyond the catalogue)
  outpostsUnsupported,
  outpostsRuleBucket,
];
