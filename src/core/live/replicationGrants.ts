/**
 * The least-privilege grants a bucket's replication configuration needs from its role, from the
 * engine's required-permissions logic: exact ARNs, key prefixes kept, the optional ones (reported
 * as info) left out. Needs whose resource the configuration does not name become notes.
 */
import { parseDocument } from '../document';
import { LiveFacts } from '../facts';
import { Grant } from '../iam/merge';
import { configSummary } from '../iam/replicationConfig';
import { requiredGrants } from '../iam/requiredGrants';

export interface ReplicationGrants {
  grants: Grant[];
  notes: string[];
  /** The configuration's `Role`, when it is a role ARN. */
  role?: { arn: string; name: string; account: string; path: string };
  problem?: string;
}

export function replicationGrants(configText: string, bucket: string, facts?: LiveFacts): ReplicationGrants {
  const doc = parseDocument({ uri: `${bucket}/replication.json`, text: configText, kind: 'replication-config', live: { sourceBucket: bucket } });
  if (doc.syntaxErrors.length > 0 || !doc.config) return { grants: [], notes: [], problem: 'the replication configuration is not valid JSON' };
  const summary = configSummary(doc);
  const arn = summary.role?.arn;
  const role = summary.role && arn ? { arn, name: summary.role.name, account: summary.role.account, path: /:role(\/.*\/)?[^/]*$/.exec(arn)?.[1] ?? '/' } : undefined;
  if (summary.rules.length === 0) return { grants: [], notes: [], role, problem: 'the configuration has no enabled rule, so its role needs no permissions' };
  const { grants, unresolved } = requiredGrants(summary, { sources: [bucket], facts, optional: false });
  const notes = unresolved.map(
    (r) => `${r.action} is needed on ${r.side === 'source-key' ? 'the KMS keys that encrypt the source objects' : 'the replica KMS key'}, which the configuration does not name by ARN, so it is not added: grant it on those keys (${r.why}).`,
  );
  return { grants, notes, role };
}
