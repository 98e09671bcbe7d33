/**
 * Navigation over a replication configuration: its rules, their schema version and members.
 * Shared by every config rule so that "is this rule V2?" is decided in exactly one place.
 */
import { Node } from 'jsonc-parser';
import { JsonDocument } from '../../document';
import { elements, has, isObject, member } from '../../json';

export interface ConfigRule {
  node: Node;
  index: number;
  /** Absolute JSON path of the rule object, for fixes. */
  path: (string | number)[];
}

export function configRules(doc: JsonDocument): ConfigRule[] {
  const rules = member(doc.config, 'Rules');
  if (!rules || rules.type !== 'array') return [];
  const base = [...(doc.configPath ?? []), 'Rules'];
  return elements(rules)
    .map((node, index) => ({ node, index, path: [...base, index] }))
    .filter((r) => isObject(r.node));
}

/**
 * V2 when the rule has a `Filter`. S3 also treats RTC rules as V2, but which schema a rule is meant
 * to be is decided by Filter vs. rule-level Prefix, as S3's own error texts do.
 */
export function isV2(rule: Node): boolean {
  return has(rule, 'Filter');
}

export function isV1(rule: Node): boolean {
  return !has(rule, 'Filter') && has(rule, 'Prefix');
}

export function destinationOf(rule: Node): Node | undefined {
  const d = member(rule, 'Destination');
  return isObject(d) ? d : undefined;
}

/** Bucket name from `arn:<partition>:s3:::name`, or undefined when the value is not a bucket ARN. */
export function bucketNameFromArn(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const m = /^arn:aws[a-z-]*:s3:::([^/]+)$/.exec(value);
  return m ? m[1] : undefined;
}
