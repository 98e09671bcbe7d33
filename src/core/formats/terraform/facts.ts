/**
 * What a module declares about the buckets and roles it creates, in the live facts model, so the
 * live rules (versioning on both sides, Object Lock, ownership, default encryption, two-way
 * setups) run on it: `aws_s3_bucket_versioning`, `aws_s3_bucket_object_lock_configuration` /
 * `object_lock_enabled`, `aws_s3_bucket_ownership_controls`,
 * `aws_s3_bucket_server_side_encryption_configuration`, and the legacy inline `versioning`,
 * `object_lock_configuration` and `server_side_encryption_configuration` blocks.
 *
 * A new bucket has no versioning unless the module turns it on; but when some versioning resource
 * of the module names a bucket we cannot resolve (a variable without default, `for_each`), no
 * bucket's versioning is claimed to be off.
 */
import { BucketFacts, LiveFacts, ReplicationRuleFacts } from '../../facts';
import { OWN_ACCOUNT, UNKNOWN } from '../../embedded/symbols';
import { Evaluator } from './evaluate';
import { VersioningChanges, enableVersioning } from './factFixes';
import { attribute } from './hcl/ast';
import { TfDoc } from './documents';
import { TfResource, resourcesOf } from './module';
import { TNode, get, one, str } from './values';

/** `changes` receives, per declared bucket whose versioning is off, how to turn it on. */
export function moduleFacts(ev: Evaluator, docs: readonly TfDoc[], changes: VersioningChanges): LiveFacts {
  const m = ev.m;
  const facts: LiveFacts = { buckets: {}, roles: {} };
  /** Bucket name each bucket-scoped resource configures; undefined when not resolvable. */
  const target = (r: TfResource): string | undefined => {
    if (r.multi) return undefined;
    const v = ev.block(r.block, r.file);
    const b = str(get(v, 'bucket'));
    return b && !b.includes(UNKNOWN) ? b : undefined;
  };
  const scoped = (type: string) => {
    const byBucket = new Map<string, TNode>();
    const resources = new Map<string, TfResource>();
    let unresolved = false;
    for (const r of resourcesOf(m, type)) {
      const name = target(r);
      if (name === undefined) unresolved = true;
      else {
        byBucket.set(name, ev.block(r.block, r.file));
        resources.set(name, r);
      }
    }
    return { byBucket, resources, unresolved };
  };
  const versioning = scoped('aws_s3_bucket_versioning');
  const locks = scoped('aws_s3_bucket_object_lock_configuration');
  const ownership = scoped('aws_s3_bucket_ownership_controls');
  const encryption = scoped('aws_s3_bucket_server_side_encryption_configuration');

  for (const r of resourcesOf(m, 'aws_s3_bucket')) {
    if (r.multi) continue;
    const name = ev.bucketName(r);
    const body = ev.block(r.block, r.file);
    // A bucket created through another provider configuration (`provider = aws.replica`) may be in another account.
    const f: BucketFacts = { name, exists: true, ...(attribute(r.block.body, 'provider') ? {} : { ownerAccount: OWN_ACCOUNT }) };

    const lockFlag = get(body, 'object_lock_enabled');
    const legacyLock = str(get(one(get(body, 'object_lock_configuration')), 'object_lock_enabled'));
    if ((lockFlag?.t === 'bool' && lockFlag.value) || legacyLock === 'Enabled' || locks.byBucket.has(name)) f.objectLock = true;
    else if (!lockFlag && !legacyLock && !locks.unresolved) f.objectLock = false;

    const v = versioning.byBucket.get(name);
    const legacy = one(get(body, 'versioning'));
    if (v) {
      const status = str(get(one(get(v, 'versioning_configuration')), 'status'));
      if (status === 'Enabled' || status === 'Suspended') f.versioning = status;
      else if (status === 'Disabled') f.versioning = 'Off';
    } else if (legacy) {
      const enabled = get(legacy, 'enabled');
      if (enabled?.t === 'bool') f.versioning = enabled.value ? 'Enabled' : 'Off';
    } else if (f.objectLock) {
      // S3 turns versioning on for a bucket created with Object Lock.
      f.versioning = 'Enabled';
    } else if (!versioning.unresolved) {
      f.versioning = 'Off';
    }

    if (f.versioning !== undefined && f.versioning !== 'Enabled') changes.set(name, enableVersioning(m, r, versioning.resources.get(name)));

    const o = str(get(one(get(ownership.byBucket.get(name), 'rule')), 'object_ownership'));
    if (o === 'BucketOwnerPreferred' || o === 'ObjectWriter' || o === 'BucketOwnerEnforced') f.ownership = o;

    const sse = encryption.byBucket.get(name) ?? one(get(body, 'server_side_encryption_configuration'));
    const algorithm = str(get(one(get(one(get(sse, 'rule')), 'apply_server_side_encryption_by_default')), 'sse_algorithm'));
    if (algorithm && !algorithm.includes(UNKNOWN)) f.defaultEncryption = algorithm;

    facts.buckets[name] = f;
  }

  // Replication as declared, for the two-way and chain rules; none declared is none.
  let unresolvedSource = false;
  const rulesOf = new Map<string, ReplicationRuleFacts[]>();
  for (const d of docs) {
    if (d.kind !== 'replication-config') continue;
    const source = d.origin?.sourceBucket;
    if (!source) {
      unresolvedSource = true;
      continue;
    }
    rulesOf.set(source, [...(rulesOf.get(source) ?? []), ...ruleFacts(d.api)]);
  }
  for (const f of Object.values(facts.buckets)) {
    const declared = rulesOf.get(f.name);
    if (declared) f.replication = declared;
    else if (!unresolvedSource) f.replication = [];
  }

  for (const r of resourcesOf(m, 'aws_iam_role')) {
    if (r.multi || !facts.roles) continue;
    const name = ev.roleName(r);
    facts.roles[name] = { name, arn: ev.roleArn(r), exists: true };
  }
  return facts;
}

function ruleFacts(api: TNode): ReplicationRuleFacts[] {
  const rules = get(api, 'Rules');
  if (rules?.t !== 'list') return [];
  return rules.items.flatMap((rule) => {
    const arn = str(get(get(rule, 'Destination'), 'Bucket'));
    const bucket = arn?.startsWith('arn:') ? arn.split(':').slice(5).join(':') : undefined;
    if (!bucket || bucket.includes(UNKNOWN)) return [];
    const modifications = str(get(get(get(rule, 'SourceSelectionCriteria'), 'ReplicaModifications'), 'Status'));
    return [{ destinationBucket: bucket, enabled: str(get(rule, 'Status')) === 'Enabled', replicaModifications: modifications === 'Enabled' }];
  });
}
