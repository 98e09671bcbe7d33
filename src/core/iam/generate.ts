/**
 * A complete least-privilege role for a replication configuration: the permission policy (exact
 * ARNs, key prefixes kept, one statement per resource kind) and the trust policy. Built with the
 * same requirements and merge as the checks and fixes, so a generated policy passes them.
 */
import { FormattingOptions } from 'jsonc-parser';
import { JsonDocument } from '../document';
import { LiveFacts } from '../facts';
import { mergeGrants } from './merge';
import { ConfigSummary, configSummary, crossAccount } from './replicationConfig';
import { requiredGrants } from './requiredGrants';
import { trustPolicy } from './trustPolicy';

export interface GenerateOptions {
  /** The bucket the configuration is put on; the configuration itself never names it. */
  sourceBucket?: string;
  /** KMS keys that encrypt the source objects (SSE-KMS rules); the configuration does not name them. */
  sourceKeys?: readonly string[];
  /** Also trust S3 Batch Operations, for a role that runs Batch Replication jobs too. */
  batch?: boolean;
  facts?: LiveFacts;
}

export interface GeneratedRole {
  permissionPolicy: string;
  trustPolicy: string;
  /** What the user must still do or know: placeholders to fill, bucket policies to add. */
  notes: string[];
}

export const SOURCE_BUCKET_PLACEHOLDER = 'SOURCE-BUCKET-NAME';

const FORMAT: FormattingOptions = { tabSize: 2, insertSpaces: true, eol: '\n' };
const pretty = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

export function generateRolePolicies(config: JsonDocument, options: GenerateOptions = {}): GeneratedRole | { problem: string } {
  if (config.kind !== 'replication-config' || !config.config) return { problem: 'this document is not an S3 replication configuration' };
  if (config.syntaxErrors.length > 0) return { problem: 'the replication configuration is not valid JSON; fix its syntax first' };
  const summary = configSummary(config);
  if (summary.rules.length === 0) return { problem: 'the configuration has no enabled rule with a destination, so its role needs no permissions' };
  const notes: string[] = [];
  const source = options.sourceBucket || summary.sourceBucket;
  if (!source) notes.push(`Replace ${SOURCE_BUCKET_PLACEHOLDER} with the bucket this configuration is put on (a replication configuration does not name its own bucket).`);
  const { grants, unresolved } = requiredGrants(summary, { sources: [source || SOURCE_BUCKET_PLACEHOLDER], facts: options.facts, optional: true });
  for (const r of unresolved) {
    if (r.side === 'source-key') {
      const keys = options.sourceKeys?.length ? options.sourceKeys : [sourceKeyPlaceholder(summary)];
      if (!options.sourceKeys?.length) notes.push(`Replace the placeholder key ARN with the KMS key(s) that encrypt the source objects: ${r.action} is needed on them (${r.why}).`);
      for (const key of keys) grants.push({ action: r.action, resource: key, side: r.side });
    } else notes.push(`${r.action} is needed on ${r.resource.replace(/\*$/, '...')}, which the configuration names only by alias or ID: add it on the key's ARN (${r.why}).`);
  }
  const empty = pretty({ Version: '2012-10-17', Statement: [] });
  const merged = mergeGrants(empty, grants, FORMAT);
  for (const rule of summary.rules) {
    if (rule.destination && crossAccount(summary, rule)) {
      notes.push(
        `The destination bucket ${rule.destination.bucket} belongs to account ${rule.destination.account}: its bucket policy must also allow ${summary.role?.arn ?? 'this role'} the replication actions on arn:${summary.partition}:s3:::${rule.destination.bucket}/*.`,
      );
    }
  }
  const services = options.batch ? ['s3.amazonaws.com', 'batchoperations.s3.amazonaws.com'] : 's3.amazonaws.com';
  return { permissionPolicy: pretty(JSON.parse(merged.text)), trustPolicy: pretty(trustPolicy(services)), notes: [...new Set(notes)] };
}

/** Clearly not a real key (the Region and key ID are words), so the policy checks flag it until it is replaced. */
function sourceKeyPlaceholder(summary: ConfigSummary): string {
  return `arn:${summary.partition}:kms:SOURCE-KEY-REGION:${summary.role?.account ?? 'ACCOUNT-ID'}:key/SOURCE-KEY-ID`;
}
