import { Rule } from '../../rule';
import { destRequesterPays, roleSameAccount } from './accounts';
import { objectLockDestination, objectLockPutPath } from './objectLock';
import { accountMatchesOwner, atcNotNeededBucketOwnerEnforced, atcSameAccount, destOwnerEnforced, sourceObjectOwnership } from './ownership';
import { crrVsSrr, replicaKmsKeyRegion } from './regions';
import { replicaKeySymmetric } from './kms';
import { destinationIsSource, existingObjects, replicaChain, replicaModificationsTwoWay } from './topology';
import { checkedEvenIfDisabled, destExists, destVersioning, sourceVersioning, sourceVersioningLocked } from './versioning';

/**
 * Section (f), and the `config + live` rules of section (a): rules that read live bucket state
 * (facts) about the buckets a configuration names; the engine skips them for plain files.
 */
export const LIVE_RULES: readonly Rule[] = [
  // (a) config + live
  roleSameAccount,
  destinationIsSource,
  replicaKmsKeyRegion,
  replicaModificationsTwoWay,
  replicaChain,
  accountMatchesOwner,
  atcSameAccount,
  atcNotNeededBucketOwnerEnforced,
  // (f) live state
  sourceVersioning,
  destVersioning,
  destExists,
  checkedEvenIfDisabled,
  sourceVersioningLocked,
  objectLockDestination,
  objectLockPutPath,
  destRequesterPays,
  crrVsSrr,
  sourceObjectOwnership,
  destOwnerEnforced,
  existingObjects,
  // (a) config + live, from KMS DescribeKey
  replicaKeySymmetric,
];
