/**
 * Which policies belong to which replication configuration. A configuration names its role (`Role`)
 * and its destination buckets; a policy names buckets in its resources, and sometimes its role (the
 * `RoleName` of a `put-role-policy --cli-input-json` file, the `Role` of `get-role` output, or the
 * role a live document was fetched from). File names are only hints, used for trust policies, which
 * name neither buckets nor (usually) the role.
 *
 * The index over a workspace is built once per analysis, so a lookup costs what the policy names,
 * not the number of documents.
 */
import { JsonDocument } from '../document';
import { isObject, member, stringValue } from '../json';
import { Workspace } from '../rule';
import { ownCopy } from '../strings';
import { roleParts, s3BucketName, s3Parts } from './arn';
import { evaluate } from './evaluate';
import { policyView, PolicyView } from './policy';
import { resolveAction } from './actions';
import { compile, matches } from './pattern';
import { ConfigSummary, configSummary, destinationBuckets } from './replicationConfig';

export interface WorkspaceIndex {
  configs: ConfigSummary[];
  /** Lower-case role name → configurations using that role. */
  byRole: Map<string, ConfigSummary[]>;
  /** Destination (and known source) bucket → configurations. */
  byBucket: Map<string, ConfigSummary[]>;
  /** Folder of the document → configurations in it. */
  byFolder: Map<string, ConfigSummary[]>;
  permissionPolicies: JsonDocument[];
}

const indexes = new WeakMap<readonly JsonDocument[], WorkspaceIndex>();

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (!list) map.set(key, [value]);
  else if (!list.includes(value)) list.push(value);
}

export function workspaceIndex(ws: Workspace): WorkspaceIndex {
  const hit = indexes.get(ws.documents);
  if (hit) return hit;
  const index: WorkspaceIndex = { configs: [], byRole: new Map(), byBucket: new Map(), byFolder: new Map(), permissionPolicies: [] };
  for (const doc of ws.documents) {
    if (doc.kind === 'permission-policy') index.permissionPolicies.push(doc);
    if (doc.kind !== 'replication-config') continue;
    const c = configSummary(doc);
    // S3 on Outposts roles are granted s3-outposts: actions, which the S3 requirements do not describe.
    if (c.outposts) continue;
    index.configs.push(c);
    if (c.role) push(index.byRole, c.role.name.toLowerCase(), c);
    for (const b of destinationBuckets(c)) push(index.byBucket, b, c);
    if (c.sourceBucket) push(index.byBucket, c.sourceBucket, c);
    push(index.byFolder, folderOf(doc.uri), c);
  }
  indexes.set(ws.documents, index);
  return index;
}

export function folderOf(uri: string): string {
  const cut = Math.max(uri.lastIndexOf('/'), uri.lastIndexOf('\\'));
  return cut < 0 ? '' : uri.slice(0, cut);
}

export function fileNameOf(uri: string): string {
  return uri.slice(Math.max(uri.lastIndexOf('/'), uri.lastIndexOf('\\')) + 1);
}

/** The role a policy document belongs to, when the document says. */
export function policyRoleName(doc: JsonDocument): string | undefined {
  if (doc.live?.roleName) return doc.live.roleName;
  const root = doc.root;
  const direct = stringValue(member(root, 'RoleName'));
  if (direct) return direct;
  const role = member(root, 'Role');
  if (!isObject(role)) return undefined;
  const arn = stringValue(member(role, 'Arn'));
  return stringValue(member(role, 'RoleName')) ?? (arn ? roleParts(arn)?.name : undefined);
}

/** Literal bucket names in a policy's `Resource` entries. */
export function policyBuckets(view: PolicyView): Set<string> {
  const out = new Set<string>();
  for (const s of view.statements) {
    for (const r of s.resource?.items ?? []) {
      const b = s3BucketName(r.value);
      if (b) out.add(b);
    }
  }
  return out;
}

const SOURCE_READS = ['s3:getobjectversionforreplication'];
const DESTINATION_REPLICAS = ['s3:replicateobject', 's3:replicatedelete', 's3:replicatetags'];

/**
 * The replication actions a policy's Allow statements name explicitly, by side: an entry counts
 * when every S3 action it stands for is a replication one (`s3:ReplicateObject`, `s3:Replicate*`,
 * `s3:*Replication*`), not when a wildcard happens to cover one (`s3:*Object`, `s3:Get*`, `s3:*`).
 */
export function explicitReplication(view: PolicyView): { source: boolean; destination: boolean } {
  let out = explicitCache.get(view);
  if (out) return out;
  out = { source: false, destination: false };
  for (const s of view.statements) {
    if (s.effect !== 'Allow') continue;
    for (const item of s.action?.items ?? []) {
      const named = replicationActionsNamed(item.value);
      out.source ||= named.some((a) => SOURCE_READS.includes(a));
      out.destination ||= named.some((a) => DESTINATION_REPLICAS.includes(a));
    }
  }
  explicitCache.set(view, out);
  return out;
}

const explicitCache = new WeakMap<PolicyView, { source: boolean; destination: boolean }>();

function replicationActionsNamed(value: string): string[] {
  if (!/^s3:/i.test(value)) return [];
  const r = resolveAction(value);
  // Without action data, the entry's own text must say it.
  const onlyReplication = r.kind === 'actions' ? r.actions.every((a) => /replicat/i.test(a.name)) : /replicat/i.test(value);
  if (!onlyReplication) return [];
  const p = compile(value.toLowerCase());
  return [...SOURCE_READS, ...DESTINATION_REPLICAS].filter((a) => matches(p, a));
}

/** The policy names replication actions itself, on either side. */
export function namesReplicationActions(view: PolicyView): boolean {
  const e = explicitReplication(view);
  return e.source || e.destination;
}

/** Writes to a destination's objects: a policy granting none of them is not that role's (a reader, say). */
export const DESTINATION_WRITES = ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags', 's3:ObjectOwnerOverrideToBucketOwner', 's3:PutObject'];

/** Configurations whose role name the file name carries (`s3-replication-role.json`, `s3-replication-role-policy.json`). */
export function configsNamedByFile(uri: string, index: WorkspaceIndex): ConfigSummary[] {
  const name = fileNameOf(uri).toLowerCase();
  const out: ConfigSummary[] = [];
  for (const [role, configs] of index.byRole) {
    const at = name.indexOf(role);
    if (at < 0) continue;
    const before = name.charAt(at - 1);
    const after = name.charAt(at + role.length);
    if ((before === '' || /[^a-z0-9]/.test(before)) && (after === '' || /[^a-z0-9]/.test(after))) out.push(...configs);
  }
  return out;
}

/**
 * The configurations a permission policy serves, recognised and not guessed: the configurations
 * of the role the document names (`RoleName`, a `Role` object, the live role), else of the role its
 * file name carries, else those whose destinations it writes to, when it sits beside them or names
 * replication actions itself. An S3 read/write policy elsewhere is some other principal's, even if
 * `s3:*Object` happens to cover `s3:ReplicateObject`.
 */
export function configsForPermissionPolicy(doc: JsonDocument, ws: Workspace): ConfigSummary[] {
  const index = workspaceIndex(ws);
  if (index.configs.length === 0) return [];
  const role = policyRoleName(doc);
  if (role) return index.byRole.get(role.toLowerCase()) ?? [];
  const byFile = configsNamedByFile(doc.uri, index);
  if (byFile.length > 0) return byFile;
  const view = policyView(doc);
  if (!view) return [];
  const explicit = namesReplicationActions(view);
  const folder = folderOf(doc.uri);
  const out: ConfigSummary[] = [];
  for (const bucket of policyBuckets(view)) {
    for (const c of index.byBucket.get(bucket) ?? []) {
      if (out.includes(c) || (!explicit && folderOf(c.doc.uri) !== folder)) continue;
      const writes = destinationBuckets(c).some((d) =>
        DESTINATION_WRITES.some((action) => evaluate([view], { action, resource: `arn:${c.partition}:s3:::${d}/*`, scope: 'some' }).allows.length > 0),
      );
      if (writes) out.push(c);
    }
  }
  return out;
}

/** The bucket a live policy was read from, else the buckets its resources name. */
export function bucketsOfPolicy(doc: JsonDocument, view: PolicyView): Set<string> {
  return doc.live?.bucketPolicyOf ? new Set([doc.live.bucketPolicyOf]) : policyBuckets(view);
}

/** Configurations whose destination (or known source) buckets a bucket policy names. */
export function configsForBucketPolicy(doc: JsonDocument, ws: Workspace): { config: ConfigSummary; bucket: string }[] {
  const view = policyView(doc);
  if (!view) return [];
  const index = workspaceIndex(ws);
  const out: { config: ConfigSummary; bucket: string }[] = [];
  // A live bucket policy belongs to its bucket, whatever its statements name.
  for (const bucket of bucketsOfPolicy(doc, view)) {
    for (const config of index.byBucket.get(bucket) ?? []) out.push({ config, bucket });
  }
  return out;
}

/** Configurations a trust policy belongs to: by role name (in the document, else in its file name), else those in the same folder. */
export function configsForTrustPolicy(doc: JsonDocument, ws: Workspace): { configs: ConfigSummary[]; byName: boolean } {
  const index = workspaceIndex(ws);
  const role = policyRoleName(doc);
  if (role) return { configs: index.byRole.get(role.toLowerCase()) ?? [], byName: true };
  const byFile = configsNamedByFile(doc.uri, index);
  if (byFile.length > 0) return { configs: byFile, byName: true };
  return { configs: index.byFolder.get(folderOf(doc.uri)) ?? [], byName: false };
}

/**
 * Source buckets of a configuration as far as the documents tell: the live origin, else the
 * buckets the role policy grants the source-side actions on (the configuration itself never names
 * its source). Buckets where `s3:GetReplicationConfiguration` is allowed win; then those where
 * source objects are read. Undefined when nothing points at a source.
 */
export function inferSources(config: ConfigSummary | undefined, view: PolicyView): string[] | undefined {
  if (config?.sourceBucket) return [config.sourceBucket];
  const destinations = new Set(config ? destinationBuckets(config) : []);
  const candidates = [...policyBuckets(view)].filter((b) => !destinations.has(b));
  const partition = config?.partition ?? partitionOf(view);
  const allowed = (action: string, resource: string) => evaluate([view], { action, resource, scope: 'some' }).allows.length > 0;
  const byConfig = candidates.filter((b) => allowed('s3:GetReplicationConfiguration', `arn:${partition}:s3:::${b}`));
  if (byConfig.length > 0) return byConfig;
  const byRead = candidates.filter((b) =>
    ['s3:GetObjectVersionForReplication', 's3:GetObjectVersion', 's3:GetObject'].some((a) => allowed(a, `arn:${partition}:s3:::${b}/*`)),
  );
  return byRead.length > 0 ? byRead : undefined;
}

const sourceCache = new WeakMap<readonly JsonDocument[], Map<ConfigSummary, string[]>>();

/**
 * Source buckets of a configuration across the workspace: its live origin, else what the role
 * policies serving it point at. Built once per analysis, for all configurations at once.
 */
export function sourcesOf(config: ConfigSummary, ws: Workspace): string[] {
  if (config.sourceBucket) return [config.sourceBucket];
  let map = sourceCache.get(ws.documents);
  if (!map) {
    map = new Map();
    for (const doc of workspaceIndex(ws).permissionPolicies) {
      const view = policyView(doc);
      if (!view) continue;
      for (const c of configsForPermissionPolicy(doc, ws)) {
        const found = inferSources(c, view) ?? [];
        map.set(c, [...new Set([...(map.get(c) ?? []), ...found])]);
      }
    }
    sourceCache.set(ws.documents, map);
  }
  return map.get(config) ?? [];
}

/**
 * Source buckets the role policies among `documents` point at for `config`: a starting guess where
 * the user must name the source (generating a role policy).
 */
export function guessSources(config: JsonDocument, documents: readonly JsonDocument[]): string[] {
  if (config.kind !== 'replication-config') return [];
  return sourcesOf(configSummary(config), { documents: [config, ...documents.filter((d) => d !== config)] });
}

/** Partition of the first S3 ARN in the policy; `aws` when there is none. */
export function partitionOf(view: PolicyView): string {
  for (const s of view.statements) {
    for (const r of s.resource?.items ?? []) {
      const p = s3Parts(r.value)?.partition;
      if (p && !/[*?]/.test(p)) return p;
    }
  }
  return 'aws';
}

/**
 * What the associations above read from a policy, kept while the CLI streams past thousands of
 * files so that a policy can be read again if a configuration turns out to concern it.
 */
export interface PolicyLinks {
  uri: string;
  kind: 'permission-policy' | 'trust-policy' | 'bucket-policy';
  /** Lower case. */
  roleName?: string;
  buckets: string[];
}

/** The links of a policy whose findings can depend on a configuration; undefined for any other document. */
export function policyLinks(doc: JsonDocument): PolicyLinks | undefined {
  if (doc.kind !== 'permission-policy' && doc.kind !== 'trust-policy' && doc.kind !== 'bucket-policy') return undefined;
  const view = policyView(doc);
  const role = policyRoleName(doc);
  // Kept after the document is released: copies, not slices of its text.
  return { uri: doc.uri, kind: doc.kind, roleName: role && ownCopy(role.toLowerCase()), buckets: view ? [...policyBuckets(view)].map(ownCopy) : [] };
}

/**
 * The policies (by URI) whose findings may depend on one of `configs`. It must hold every policy
 * the associations above can tie to a configuration, and may hold more (they are only re-checked):
 * the role named in the document or in the file name, the configuration's folder, a bucket of the
 * configuration; and bucket policies naming a bucket of such a permission policy (it may be the
 * source bucket, which only the role policy names).
 */
export function policiesConcerned(configs: readonly ConfigSummary[], policies: readonly PolicyLinks[]): Set<string> {
  const out = new Set<string>();
  if (configs.length === 0) return out;
  const roles = [...new Set(configs.flatMap((c) => (c.role ? [c.role.name.toLowerCase()] : [])))];
  const folders = new Set(configs.map((c) => folderOf(c.doc.uri)));
  const buckets = new Set(configs.flatMap((c) => [...destinationBuckets(c), ...(c.sourceBucket ? [c.sourceBucket] : [])]));
  const roleBuckets = new Set<string>();
  for (const p of policies) {
    const name = fileNameOf(p.uri).toLowerCase();
    const concerned =
      (p.roleName !== undefined && roles.includes(p.roleName)) ||
      roles.some((r) => name.includes(r)) ||
      folders.has(folderOf(p.uri)) ||
      p.buckets.some((b) => buckets.has(b));
    if (!concerned) continue;
    out.add(p.uri);
    if (p.kind === 'permission-policy') for (const b of p.buckets) roleBuckets.add(b);
  }
  for (const p of policies) {
    if (p.kind === 'bucket-policy' && p.buckets.some((b) => roleBuckets.has(b))) out.add(p.uri);
  }
  return out;
}
