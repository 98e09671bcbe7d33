/**
 * What a PutBucketReplication would change. S3 replaces the whole configuration, so every live rule
 * that the new document does not carry is deleted: the write preview names each one.
 */
import { canonicalJson } from '../json';

export interface RuleSummary {
  id?: string;
  index: number;
  destination?: string;
  status?: string;
}

export interface ConfigDiff {
  roleChanged?: { from?: string; to?: string };
  /** Live rules the write would delete (by ID; S3 gives every stored rule one). */
  removed: RuleSummary[];
  /** Rules present on both sides (same ID) whose content differs. */
  changed: RuleSummary[];
  /** New rules: IDs not live, or rules without an ID (S3 will generate one). */
  added: RuleSummary[];
  unchanged: RuleSummary[];
}

type Json = Record<string, unknown>;

export function diffConfigs(live: unknown, next: unknown): ConfigDiff {
  const liveRules = rulesOf(live);
  const nextRules = rulesOf(next);
  const nextById = new Map<string, Json>();
  for (const r of nextRules) if (typeof r.ID === 'string') nextById.set(r.ID, r);
  const liveIds = new Set<string>();
  const diff: ConfigDiff = { removed: [], changed: [], added: [], unchanged: [] };

  liveRules.forEach((rule, index) => {
    const id = typeof rule.ID === 'string' ? rule.ID : undefined;
    const summary = summarize(rule, index);
    if (id === undefined) {
      // A live rule always has an ID; without one we cannot match it, so assume it is replaced.
      diff.removed.push(summary);
      return;
    }
    liveIds.add(id);
    const counterpart = nextById.get(id);
    if (!counterpart) diff.removed.push(summary);
    else if (canonicalJson(counterpart) !== canonicalJson(rule)) diff.changed.push(summarize(counterpart, nextRules.indexOf(counterpart)));
    else diff.unchanged.push(summary);
  });
  nextRules.forEach((rule, index) => {
    if (typeof rule.ID !== 'string' || !liveIds.has(rule.ID)) diff.added.push(summarize(rule, index));
  });

  const from = roleOf(live);
  const to = roleOf(next);
  if (from !== to) diff.roleChanged = { from, to };
  return diff;
}

function unwrap(config: unknown): Json | undefined {
  if (!config || typeof config !== 'object') return undefined;
  const c = config as Json;
  const inner = c.ReplicationConfiguration;
  return inner && typeof inner === 'object' ? (inner as Json) : c;
}

function rulesOf(config: unknown): Json[] {
  const rules = unwrap(config)?.Rules;
  return Array.isArray(rules) ? rules.filter((r): r is Json => !!r && typeof r === 'object') : [];
}

function roleOf(config: unknown): string | undefined {
  const role = unwrap(config)?.Role;
  return typeof role === 'string' ? role : undefined;
}

function summarize(rule: Json, index: number): RuleSummary {
  const dest = rule.Destination as Json | undefined;
  return {
    id: typeof rule.ID === 'string' ? rule.ID : undefined,
    index,
    destination: typeof dest?.Bucket === 'string' ? dest.Bucket : undefined,
    status: typeof rule.Status === 'string' ? rule.Status : undefined,
  };
}

