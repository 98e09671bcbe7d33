/**
 * Generates realistic V2 replication configurations of any size (S3 allows up to 1,000 rules):
 * varied filters, several destinations, cross-account ownership, KMS, RTC on some rules.
 * `defective` gives every rule one of the common mistakes, so findings and fixes are produced.
 * Deterministic: the same arguments always give the same text.
 */

const ACCOUNT = '123456789012';
const DESTINATIONS = ['dr-eu-west-1', 'dr-us-west-2', 'analytics-archive', 'audit-logs-copy', 'media-backup'];
const STORAGE_CLASSES = ['STANDARD_IA', 'GLACIER_IR', 'INTELLIGENT_TIERING', 'DEEP_ARCHIVE'];

type Json = Record<string, unknown>;

/** Each defect is one thing users really get wrong; applied round-robin when `defective`. */
const DEFECTS: ((rule: Json, i: number) => void)[] = [
  (r) => delete r.DeleteMarkerReplication,
  (r) => {
    (r.Destination as Json).ReplicationTime = { Status: 'Enabled', Time: { Minutes: 15 } };
    delete (r.Destination as Json).Metrics;
  },
  (r) => (r.Priority = 1),
  (r) => (r.Status = 'enabled'),
  (r) => ((r.Destination as Json).Bucket = 'destination-bucket'),
  (r) => {
    r.Filter = { Tag: { Key: 'team', Value: 'media' } };
    r.DeleteMarkerReplication = { Status: 'Enabled' };
  },
  (r, i) => (r.Priority = String(i + 1)),
  (r) => delete r.Status,
];

export function generateConfig(ruleCount: number, options: { defective?: boolean } = {}): string {
  const rules: Json[] = [];
  for (let i = 0; i < ruleCount; i++) {
    const rule = validRule(i);
    if (options.defective) DEFECTS[i % DEFECTS.length](rule, i);
    rules.push(rule);
  }
  return `${JSON.stringify({ Role: `arn:aws:iam::${ACCOUNT}:role/service-role/s3-replication-role`, Rules: rules }, null, 2)}\n`;
}

function validRule(i: number): Json {
  const team = `team-${i % 37}`;
  const filter = [
    { Prefix: `${team}/reports/${i}/` },
    { Tag: { Key: 'replicate', Value: `set-${i % 11}` } },
    { And: { Prefix: `${team}/raw/${i}/`, Tags: [{ Key: 'classification', Value: 'internal' }, { Key: 'owner', Value: team }] } },
  ][i % 3];
  const usesTags = i % 3 !== 0;
  const dest = DESTINATIONS[i % DESTINATIONS.length];
  const destination: Json = { Bucket: `arn:aws:s3:::${dest}` };
  if (i % 4 === 1) destination.StorageClass = STORAGE_CLASSES[i % STORAGE_CLASSES.length];
  if (i % 10 === 3) {
    destination.Account = '210987654321';
    destination.AccessControlTranslation = { Owner: 'Destination' };
  }
  const rule: Json = {
    ID: `${team}-rule-${String(i).padStart(4, '0')}`,
    Status: i % 17 === 5 ? 'Disabled' : 'Enabled',
    Priority: i + 1,
    Filter: filter,
    // Delete marker replication is not allowed with tag-based filters.
    DeleteMarkerReplication: { Status: usesTags || i % 2 === 0 ? 'Disabled' : 'Enabled' },
    Destination: destination,
  };
  if (i % 6 === 2) {
    rule.SourceSelectionCriteria = { SseKmsEncryptedObjects: { Status: 'Enabled' } };
    destination.EncryptionConfiguration = { ReplicaKmsKeyID: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/${hexKey(i)}` };
  }
  if (i % 7 === 0) {
    destination.ReplicationTime = { Status: 'Enabled', Time: { Minutes: 15 } };
    destination.Metrics = { Status: 'Enabled', EventThreshold: { Minutes: 15 } };
  }
  return rule;
}

function hexKey(i: number): string {
  const h = (i * 2654435761 >>> 0).toString(16).padStart(8, '0');
  return `${h}-${h.slice(0, 4)}-4${h.slice(1, 4)}-a${h.slice(5, 8)}-${h}${h.slice(0, 4)}`;
}

/**
 * A V1 configuration (rule-level `Prefix`, no `Filter`) of `ruleCount` rules alternating between
 * two destinations, so that S3's single-destination limit is broken on every other rule and
 * "Convert all N V1 rules to V2" is offered on each of those. `oneLine`: all on one line.
 */
export function generateV1Config(ruleCount: number, options: { oneLine?: boolean } = {}): string {
  const rules = Array.from({ length: ruleCount }, (_, i) => ({
    ID: `legacy-${String(i).padStart(4, '0')}`,
    Status: 'Enabled',
    Prefix: `team-${i % 37}/logs/${i}/`,
    Destination: { Bucket: `arn:aws:s3:::${DESTINATIONS[i % 2]}` },
  }));
  const config = { Role: `arn:aws:iam::${ACCOUNT}:role/service-role/s3-replication-role`, Rules: rules };
  return `${options.oneLine ? JSON.stringify(config) : JSON.stringify(config, null, 2)}\n`;
}

/**
 * A configuration carrying `tagCount` filter tags in all, spread over rules of 1,000 tags whose keys
 * repeat (every tag key appears 100 times in its rule): the shape that made duplicate-key related
 * lists quadratic. About 30 bytes per tag, compact.
 */
export function generateTagHeavyConfig(tagCount: number): string {
  const perRule = 1000;
  const rules = Array.from({ length: Math.ceil(tagCount / perRule) }, (_, r) => ({
    ID: `tagged-${r}`,
    Status: 'Enabled',
    Priority: r + 1,
    DeleteMarkerReplication: { Status: 'Disabled' },
    Filter: { And: { Prefix: `p${r}/`, Tags: Array.from({ length: Math.min(perRule, tagCount - r * perRule) }, (_, i) => ({ Key: `k${i % 10}`, Value: `v${i}` })) } },
    Destination: { Bucket: `arn:aws:s3:::${DESTINATIONS[r % DESTINATIONS.length]}` },
  }));
  return JSON.stringify({ Role: `arn:aws:iam::${ACCOUNT}:role/service-role/s3-replication-role`, Rules: rules });
}

/**
 * A replication role policy of `statementCount` statements, each granting the source reads or the
 * replica writes on its own bucket, the shape a role serving many buckets grows into.
 */
export function generateRolePolicy(statementCount: number): string {
  const statements = Array.from({ length: statementCount }, (_, i) =>
    i % 2
      ? { Sid: `Replicate${i}`, Effect: 'Allow', Action: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'], Resource: `arn:aws:s3:::replica-${i}/*` }
      : { Sid: `Read${i}`, Effect: 'Allow', Action: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl'], Resource: `arn:aws:s3:::source-${i}/*` },
  );
  // Compact: pretty-printed, 5,000 statements pass the 1 Mi-character limit for policies.
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}
