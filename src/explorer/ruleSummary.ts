/**
 * The rules of a fetched configuration, described for the tree: what each one replicates and where.
 * Read from the parsed document so each rule keeps its place (findings inside it belong to it).
 */
import type { JsonDocument } from '../core/document';
import { elements, isObject, member, numberValue, stringValue, type Node } from '../core/json';

export interface RuleSummary {
  index: number;
  id?: string;
  status?: string;
  priority?: number;
  filter: string;
  destinationBucket?: string;
  /** `Destination.Bucket` as written, when it is not an S3 bucket ARN. */
  destinationText?: string;
  deleteMarkers?: string;
  /** `Destination.EncryptionConfiguration.ReplicaKmsKeyID` as written. */
  replicaKey?: string;
  /** The rule's span in the document. */
  offset: number;
  length: number;
}

const quote = (s: string) => JSON.stringify(s);

function tagsText(tags: Node[]): string {
  return tags.map((t) => `${stringValue(member(t, 'Key')) ?? '?'}=${stringValue(member(t, 'Value')) ?? '?'}`).join(', ');
}

/** What a rule's filter selects, in a few words. */
export function filterText(rule: Node): string {
  const filter = member(rule, 'Filter');
  const v1Prefix = stringValue(member(rule, 'Prefix'));
  if (!filter) return v1Prefix ? `prefix ${quote(v1Prefix)} (V1)` : v1Prefix === '' ? 'all objects (V1)' : 'no filter';
  const prefix = stringValue(member(filter, 'Prefix'));
  const tag = member(filter, 'Tag');
  const and = member(filter, 'And');
  if (isObject(and)) {
    const p = stringValue(member(and, 'Prefix'));
    const tags = elements(member(and, 'Tags')).filter(isObject);
    return [p ? `prefix ${quote(p)}` : '', tags.length ? `tags ${tagsText(tags)}` : ''].filter(Boolean).join(' and ') || 'all objects';
  }
  if (isObject(tag)) return `tag ${tagsText([tag])}`;
  return prefix ? `prefix ${quote(prefix)}` : 'all objects';
}

export function ruleSummaries(doc: JsonDocument | undefined): RuleSummary[] {
  if (!doc?.config) return [];
  return elements(member(doc.config, 'Rules'))
    .filter(isObject)
    .map((rule, index) => {
      const destination = member(rule, 'Destination');
      const bucket = stringValue(member(destination, 'Bucket'));
      const arn = bucket ? /^arn:[\w-]+:s3:::([^/]+)$/.exec(bucket) : null;
      return {
        index,
        id: stringValue(member(rule, 'ID')),
        status: stringValue(member(rule, 'Status')),
        priority: numberValue(member(rule, 'Priority')),
        filter: filterText(rule),
        destinationBucket: arn ? arn[1] : undefined,
        destinationText: arn ? undefined : bucket,
        deleteMarkers: stringValue(member(member(rule, 'DeleteMarkerReplication'), 'Status')),
        replicaKey: stringValue(member(member(destination, 'EncryptionConfiguration'), 'ReplicaKmsKeyID')),
        offset: rule.offset,
        length: rule.length,
      };
    });
}
