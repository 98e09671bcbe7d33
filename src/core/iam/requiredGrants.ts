/**
 * What a replication role must be granted, as policy-ready grants: the requirements whose resource
 * is an exact ARN, and apart from them those the configuration cannot name (source objects' KMS
 * keys, replica keys given by alias or ID), which each caller words or fills in its own way.
 */
import { LiveFacts } from '../facts';
import { Grant } from './merge';
import { ConfigSummary } from './replicationConfig';
import { replicationRequirements, Requirement } from './requirements';

export interface RequiredGrants {
  grants: Grant[];
  unresolved: Requirement[];
}

export interface RequiredGrantsOptions {
  sources: readonly string[];
  facts?: LiveFacts;
  /**
   * Include the grants the checks report only as info (`s3:ReplicateTags`): a generated role
   * follows AWS's examples, while a repair adds only what the checks find missing.
   */
  optional: boolean;
}

export function requiredGrants(summary: ConfigSummary, options: RequiredGrantsOptions): RequiredGrants {
  const grants: Grant[] = [];
  const unresolved: Requirement[] = [];
  for (const r of replicationRequirements(summary, { sources: options.sources, facts: options.facts })) {
    if (r.severity === 'info' && !options.optional) continue;
    if (r.exact) grants.push({ action: r.action, resource: r.resource, side: r.side });
    else unresolved.push(r);
  }
  return { grants, unresolved };
}
