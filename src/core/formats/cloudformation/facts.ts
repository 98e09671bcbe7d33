/**
 * What a template declares about the buckets and roles it creates, in the live facts model: the
 * live rules (versioning on both sides, Object Lock, ownership…) then run on the template. Only
 * what the template says is a fact; what it leaves to defaults or deploy time stays unknown, except
 * versioning and Object Lock, which a new bucket never has unless the template turns them on.
 */
import { BucketFacts, LiveFacts, ReplicationRuleFacts } from '../../facts';
import { OWN_ACCOUNT } from '../../embedded/symbols';
import { SNode, get } from '../../embedded/sourceTree';
import { Template, bucketName, intrinsic, resolveString, roleArn, roleName } from './template';

export function templateFacts(t: Template): LiveFacts {
  const facts: LiveFacts = { buckets: {}, roles: {} };
  for (const r of t.resources.values()) {
    if (r.type === 'AWS::S3::Bucket') {
      const name = bucketName(t, r);
      facts.buckets[name] = bucketFacts(t, name, r.properties);
    } else if (r.type === 'AWS::IAM::Role' && facts.roles) {
      const name = roleName(t, r);
      facts.roles[name] = { name, arn: roleArn(t, r), exists: true };
    }
  }
  return facts;
}

function text(t: Template, node: SNode | undefined): string | undefined {
  if (!node) return undefined;
  const v = resolveString(t, node);
  return typeof v === 'string' ? v : undefined;
}

function bucketFacts(t: Template, name: string, p: SNode | undefined): BucketFacts {
  const facts: BucketFacts = { name, exists: true, ownerAccount: OWN_ACCOUNT, declared: true };
  const versioning = get(p, 'VersioningConfiguration');
  const status = text(t, get(versioning, 'Status'));
  if (!versioning) facts.versioning = 'Off';
  else if (status === 'Enabled' || status === 'Suspended') facts.versioning = status;
  // Like versioning, Object Lock is off on a new bucket unless the template turns it on.
  const lock = get(p, 'ObjectLockEnabled');
  if (!lock) facts.objectLock = false;
  else if (!intrinsic(lock)) facts.objectLock = text(t, lock) === 'true';
  const rules = get(get(p, 'OwnershipControls'), 'Rules');
  const ownership = rules?.type === 'seq' ? text(t, get(rules.items[0], 'ObjectOwnership')) : undefined;
  if (ownership === 'BucketOwnerPreferred' || ownership === 'ObjectWriter' || ownership === 'BucketOwnerEnforced') facts.ownership = ownership;
  const sse = get(get(p, 'BucketEncryption'), 'ServerSideEncryptionConfiguration');
  const algorithm = sse?.type === 'seq' ? text(t, get(get(sse.items[0], 'ServerSideEncryptionByDefault'), 'SSEAlgorithm')) : undefined;
  if (algorithm) facts.defaultEncryption = algorithm;
  const replication = get(get(p, 'ReplicationConfiguration'), 'Rules');
  if (replication?.type === 'seq' && !intrinsic(replication)) facts.replication = replication.items.flatMap((rule) => ruleFacts(t, rule));
  else if (!get(p, 'ReplicationConfiguration')) facts.replication = [];
  return facts;
}

function ruleFacts(t: Template, rule: SNode): ReplicationRuleFacts[] {
  const arn = text(t, get(get(rule, 'Destination'), 'Bucket'));
  const bucket = arn?.startsWith('arn:') ? arn.split(':').slice(5).join(':') : undefined;
  if (!bucket) return [];
  const modifications = text(t, get(get(get(rule, 'SourceSelectionCriteria'), 'ReplicaModifications'), 'Status'));
  return [{ destinationBucket: bucket, enabled: text(t, get(rule, 'Status')) === 'Enabled', replicaModifications: modifications === 'Enabled' }];
}
