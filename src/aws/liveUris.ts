/**
 * Addresses of documents fetched from AWS. The engine reports findings against them, and the
 * explorer's read-only document provider serves them under the same address, so a finding opens at
 * its place. The file names end in `.json` so editors treat them as JSON (and run diagnostics).
 */

export const LIVE_SCHEME = 's3-replication-doctor';

export type LiveAddress =
  | { kind: 'replication'; profile: string; bucket: string }
  | { kind: 'trust'; profile: string; role: string }
  | { kind: 'inline'; profile: string; role: string; policy: string }
  | { kind: 'managed'; profile: string; role: string; policy: string }
  | { kind: 'bucket-policy'; profile: string; bucket: string }
  | { kind: 'key-policy'; profile: string; key: string }
  | { kind: 'boundary'; profile: string; role: string; policy: string }
  | { kind: 'org-policy'; profile: string; account: string; policy: string };

const seg = encodeURIComponent;

export function liveUri(a: LiveAddress): string {
  const base = `${LIVE_SCHEME}:/${seg(a.profile)}`;
  switch (a.kind) {
    case 'replication':
      return `${base}/buckets/${seg(a.bucket)}/replication.json`;
    case 'trust':
      return `${base}/roles/${seg(a.role)}/trust-policy.json`;
    case 'inline':
      return `${base}/roles/${seg(a.role)}/inline/${seg(a.policy)}.json`;
    case 'managed':
      // By name, not ARN: an ARN's slashes would not survive URI normalisation as one path segment.
      return `${base}/roles/${seg(a.role)}/attached/${seg(a.policy)}.json`;
    case 'bucket-policy':
      return `${base}/buckets/${seg(a.bucket)}/policy.json`;
    case 'key-policy':
      return `${base}/keys/${seg(a.key)}/key-policy.json`;
    case 'boundary':
      return `${base}/roles/${seg(a.role)}/boundary/${seg(a.policy)}.json`;
    case 'org-policy':
      return `${base}/accounts/${seg(a.account)}/org-policies/${seg(a.policy)}.json`;
  }
}

/** The address a live URI stands for; undefined for anything else. */
export function parseLiveUri(uri: string): LiveAddress | undefined {
  if (!uri.startsWith(`${LIVE_SCHEME}:/`)) return undefined;
  const parts = uri.slice(LIVE_SCHEME.length + 2).split('/');
  let decoded: string[];
  try {
    decoded = parts.map(decodeURIComponent);
  } catch {
    return undefined;
  }
  const [profile, area, name, ...rest] = decoded;
  if (area === 'buckets' && rest.length === 1 && rest[0] === 'replication.json') return { kind: 'replication', profile, bucket: name };
  if (area === 'buckets' && rest.length === 1 && rest[0] === 'policy.json') return { kind: 'bucket-policy', profile, bucket: name };
  if (area === 'keys' && rest.length === 1 && rest[0] === 'key-policy.json') return { kind: 'key-policy', profile, key: name };
  if (area === 'accounts' && rest.length === 2 && rest[0] === 'org-policies' && rest[1].endsWith('.json')) return { kind: 'org-policy', profile, account: name, policy: rest[1].slice(0, -5) };
  if (area !== 'roles') return undefined;
  if (rest.length === 2 && rest[0] === 'boundary' && rest[1].endsWith('.json')) return { kind: 'boundary', profile, role: name, policy: rest[1].slice(0, -5) };
  if (rest.length === 1 && rest[0] === 'trust-policy.json') return { kind: 'trust', profile, role: name };
  if (rest.length === 2 && rest[0] === 'inline' && rest[1].endsWith('.json')) return { kind: 'inline', profile, role: name, policy: rest[1].slice(0, -5) };
  if (rest.length === 2 && rest[0] === 'attached' && rest[1].endsWith('.json')) return { kind: 'managed', profile, role: name, policy: rest[1].slice(0, -5) };
  return undefined;
}
