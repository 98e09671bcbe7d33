/**
 * What S3 checks on PutBucketReplication, in S3's order: the XML schema (MalformedXML), the source's
 * versioning, the V1/V2 schema rules and destination settings, then the destination buckets. Texts are
 * S3's own where the rule catalogue records them (shared/reference/replication-rules.md, "Known S3 error
 * responses"); loopback/README.md lists the few whose wording is not verified against AWS.
 */
import { AwsError } from '../protocol/errors';
import { malformedXml } from '../protocol/request';
import { bucketNameFromArn } from '../replication/engine';
import type { ReplicationConfiguration, ReplicationRule, StatusElement } from '../scenario/types';
import type { BucketState, LoopbackState } from '../state';

const DEVELOPER_GUIDE = ' Please refer to S3 Developer Guide for more information.';
const MAX_RULES = 1000;
const MAX_ID_LENGTH = 255;

const invalidRequest = (message: string): AwsError => new AwsError('InvalidRequest', message, 400);
const invalidArgument = (message: string, name: string, value: string): AwsError =>
  new AwsError('InvalidArgument', message, 400, { fields: { ArgumentName: name, ArgumentValue: value } });

const isStatus = (value: unknown): boolean => value === 'Enabled' || value === 'Disabled';
const statusOk = (element: StatusElement | undefined): boolean => element === undefined || isStatus(element.Status);

/** Schema-level problems: S3 answers all of them with MalformedXML. */
function schemaValid(config: Partial<ReplicationConfiguration>): config is ReplicationConfiguration {
  if (typeof config.Role !== 'string' || !Array.isArray(config.Rules) || config.Rules.length === 0 || config.Rules.length > MAX_RULES) return false;
  return config.Rules.every((rule) => {
    const dest = rule.Destination as ReplicationRule['Destination'] | undefined;
    if (!isStatus(rule.Status) || typeof dest?.Bucket !== 'string' || rule.ExistingObjectReplication !== undefined) return false;
    if (rule.Filter === undefined && rule.Prefix === undefined) return false;
    if (rule.Filter !== undefined && rule.Prefix !== undefined) return false;
    const filter = rule.Filter ?? {};
    if ([filter.Prefix, filter.Tag, filter.And].filter((p) => p !== undefined).length > 1) return false;
    const tags = [...(filter.Tag ? [filter.Tag] : []), ...(filter.And?.Tags ?? [])];
    if (tags.some((t) => typeof t.Key !== 'string' || typeof t.Value !== 'string')) return false;
    const criteria = rule.SourceSelectionCriteria;
    if (!statusOk(rule.DeleteMarkerReplication) || !statusOk(criteria?.SseKmsEncryptedObjects) || !statusOk(criteria?.ReplicaModifications)) return false;
    if (dest.AccessControlTranslation && dest.AccessControlTranslation.Owner !== 'Destination') return false;
    if (dest.ReplicationTime && (!isStatus(dest.ReplicationTime.Status) || !dest.ReplicationTime.Time)) return false;
    return !dest.Metrics || isStatus(dest.Metrics.Status);
  });
}

function checkSchemaVersion(rules: ReplicationRule[]): void {
  // S3 reads a document as V1 as soon as one rule uses the rule-level Prefix instead of a Filter.
  const v1 = rules.some((r) => r.Filter === undefined);
  for (const rule of rules) {
    const problem = v1
      ? rule.Priority !== undefined
        ? 'Priority cannot be used'
        : rule.DeleteMarkerReplication !== undefined
          ? 'DeleteMarkerReplication cannot be used'
          : undefined
      : rule.Priority === undefined
        ? 'Priority must be specified'
        : rule.DeleteMarkerReplication === undefined
          ? 'DeleteMarkerReplication must be specified'
          : undefined;
    if (problem) throw invalidRequest(`${problem} for this version of Cross Region Replication configuration schema.${DEVELOPER_GUIDE}`);
  }
  if (v1 && new Set(rules.map((r) => r.Destination.Bucket)).size > 1) throw invalidRequest('Number of distinct destination bucket ARNs cannot exceed 1');
}

/** S3 documents both refusals (InvalidArgument); the wording of the length one is S3's lifecycle answer, the other is ours. */
function checkRuleId(id: string | undefined): void {
  if (id === undefined) return;
  if (id.length > MAX_ID_LENGTH) throw invalidArgument(`ID length should not exceed allowed limit of ${MAX_ID_LENGTH}`, 'ID', id);
  if (/[^\x00-\x7f]/.test(id)) throw invalidArgument('Rule ID must contain only ASCII characters', 'ID', id);
}

function checkRule(rule: ReplicationRule): void {
  checkRuleId(rule.ID);
  const dest = rule.Destination;
  const tagFilter = rule.Filter?.Tag !== undefined || (rule.Filter?.And?.Tags?.length ?? 0) > 0;
  if (tagFilter && rule.DeleteMarkerReplication?.Status === 'Enabled') {
    throw invalidRequest(`Delete marker replication is not supported if any Tag filter is specified.${DEVELOPER_GUIDE}`);
  }
  const tagKeys = (rule.Filter?.And?.Tags ?? []).map((t) => t.Key);
  if (new Set(tagKeys).size < tagKeys.length) throw invalidRequest('Duplicate Tag Keys are not allowed.');
  if (!/^arn:aws[\w-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(dest.Bucket)) throw invalidArgument('Invalid bucket ARN', 'Bucket', dest.Bucket);
  if (dest.AccessControlTranslation && !dest.Account) throw invalidRequest('Account must be specified if the Owner in AccessControlTranslation has a value');
  const sseSelector = rule.SourceSelectionCriteria?.SseKmsEncryptedObjects;
  if (dest.EncryptionConfiguration && !sseSelector) throw invalidRequest('SseKmsEncryptedObjects must be specified if EncryptionConfiguration is present.');
  if (sseSelector && !dest.EncryptionConfiguration?.ReplicaKmsKeyID) throw invalidRequest('ReplicaKmsKeyID must be specified if SseKmsEncryptedObjects tag is present.');
  const rtc = dest.ReplicationTime;
  const metrics = dest.Metrics;
  if (rtc) {
    if (!metrics) throw invalidRequest('Replication destination must contain both ReplicationTime and Metrics or neither.');
    if (rtc.Status !== metrics.Status) throw invalidRequest('ReplicationTime and Metrics must have the same status.');
    if (rtc.Time?.Minutes !== 15) throw invalidArgument('Invalid time minute value', 'ReplicationTime', String(rtc.Time?.Minutes ?? ''));
  }
  if (rtc?.Status === 'Enabled') {
    if (metrics?.EventThreshold?.Minutes === undefined) throw invalidArgument('ReplicationMetrics must contain an event threshold', 'ReplicationMetrics', '');
    if (metrics.EventThreshold.Minutes !== 15) throw invalidArgument('Invalid event threshold minute value', 'ReplicationMetrics', String(metrics.EventThreshold.Minutes));
  }
}

function checkUnique(rules: ReplicationRule[]): void {
  const ids = new Set<string>();
  const priorities = new Set<number>();
  for (const rule of rules) {
    if (rule.ID !== undefined) {
      if (ids.has(rule.ID)) throw invalidArgument('Rule Id must be unique', 'ID', rule.ID);
      ids.add(rule.ID);
    }
    if (rule.Priority !== undefined) {
      if (priorities.has(rule.Priority)) throw invalidRequest(`Found duplicate priority ${rule.Priority}.`);
      priorities.add(rule.Priority);
    }
  }
}

/** Validates a PutBucketReplication request for `source`; throws the AwsError S3 would answer. */
export function validateReplication(config: Record<string, unknown>, source: BucketState, state: LoopbackState): ReplicationConfiguration {
  if (!schemaValid(config)) throw malformedXml();
  if (source.versioning !== 'Enabled') throw invalidRequest("Versioning must be 'Enabled' on the bucket to apply a replication configuration");
  checkSchemaVersion(config.Rules);
  config.Rules.forEach(checkRule);
  checkUnique(config.Rules);
  // Destinations are checked even for disabled rules. A missing destination gets the same answer as an
  // unversioned one: that is what AWS sent in the recording the rule catalogue cites.
  for (const rule of config.Rules) {
    const destination = state.buckets.get(bucketNameFromArn(rule.Destination.Bucket));
    if (destination?.versioning !== 'Enabled') throw invalidRequest('Destination bucket must have versioning enabled.');
  }
  return config;
}
