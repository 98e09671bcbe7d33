/**
 * A Terraform replication configuration as the AWS provider sends it to S3 (PutBucketReplication):
 * the standalone `aws_s3_bucket_replication_configuration` and the legacy inline
 * `replication_configuration` of `aws_s3_bucket`, each with the provider's own defaults, read from
 * its source (internal/service/s3/bucket_replication_configuration.go, `expandReplicationRules`;
 * internal/service/s3/bucket.go, `expandBucketReplicationRules`):
 *
 * - standalone: a `filter` block (even empty) makes a V2 rule, sent with `priority` or 0; without
 *   `filter` the rule is V1 (`prefix`, default ""), and `priority` is dropped. Empty strings are
 *   not sent. `delete_marker_replication` is sent only when written.
 * - legacy: the same V1/V2 split; V2 rules also get `DeleteMarkerReplication: Disabled` unless
 *   `delete_marker_replication_status` says otherwise; `filter.tags` makes an `And`; `metrics` and
 *   `replication_time` default to Enabled and 15 minutes; `replica_kms_key_id`, `account_id` and
 *   `sse_kms_encrypted_objects.enabled` map to the API's nested members.
 *
 * Defaults the provider fills in are `synthetic`: rules see them as S3 will, findings about them
 * are left to the Terraform rules that explain them.
 */
import { Loc, TEntry, TNode, entryOf, get, one, str } from './values';

export type ReplicationStyle = 'standalone' | 'legacy';

/** API member → how the standalone resource spells it, for messages and fix titles. */
export const STANDALONE_NAMES: Readonly<Record<string, string>> = {
  Role: 'role',
  Rules: 'rule',
  ID: 'id',
  Priority: 'priority',
  Prefix: 'prefix',
  Status: 'status',
  Filter: 'filter',
  Tag: 'tag',
  And: 'and',
  Tags: 'tags',
  Key: 'key',
  Value: 'value',
  DeleteMarkerReplication: 'delete_marker_replication',
  Destination: 'destination',
  Bucket: 'bucket',
  Account: 'account',
  StorageClass: 'storage_class',
  AccessControlTranslation: 'access_control_translation',
  Owner: 'owner',
  EncryptionConfiguration: 'encryption_configuration',
  ReplicaKmsKeyID: 'replica_kms_key_id',
  Metrics: 'metrics',
  EventThreshold: 'event_threshold',
  Minutes: 'minutes',
  ReplicationTime: 'replication_time',
  Time: 'time',
  SourceSelectionCriteria: 'source_selection_criteria',
  ReplicaModifications: 'replica_modifications',
  SseKmsEncryptedObjects: 'sse_kms_encrypted_objects',
  ExistingObjectReplication: 'existing_object_replication',
};

export const LEGACY_NAMES: Readonly<Record<string, string>> = {
  ...STANDALONE_NAMES,
  Rules: 'rules',
  Account: 'account_id',
  EncryptionConfiguration: 'replica_kms_key_id',
  DeleteMarkerReplication: 'delete_marker_replication_status',
  EventThreshold: 'minutes',
  Time: 'minutes',
};

/**
 * How the API's members are written in each style: Terraform name, and whether it is a nested
 * block (`{ block: true }`) — what a fix needs to write a member back.
 */
export interface Member {
  name: string;
  block?: boolean;
  members?: Readonly<Record<string, Member>>;
  /** The API object is written flat into its parent block (legacy `replica_kms_key_id`). */
  flat?: boolean;
  /** A list (or set) attribute: a single API value (IAM's `"Resource": "arn…"`) is written as a one-item list. */
  list?: boolean;
}

const STATUS: Record<string, Member> = { Status: { name: 'status' } };
const MINUTES: Record<string, Member> = { Minutes: { name: 'minutes' } };

export const STANDALONE_SCHEMA: Record<string, Member> = {
  Role: { name: 'role' },
  Rules: {
    name: 'rule',
    block: true,
    members: {
      ID: { name: 'id' },
      Priority: { name: 'priority' },
      Prefix: { name: 'prefix' },
      Status: { name: 'status' },
      Filter: {
        name: 'filter',
        block: true,
        members: {
          Prefix: { name: 'prefix' },
          Tag: { name: 'tag', block: true, members: { Key: { name: 'key' }, Value: { name: 'value' } } },
          And: { name: 'and', block: true, members: { Prefix: { name: 'prefix' } } },
        },
      },
      DeleteMarkerReplication: { name: 'delete_marker_replication', block: true, members: STATUS },
      ExistingObjectReplication: { name: 'existing_object_replication', block: true, members: STATUS },
      SourceSelectionCriteria: {
        name: 'source_selection_criteria',
        block: true,
        members: {
          ReplicaModifications: { name: 'replica_modifications', block: true, members: STATUS },
          SseKmsEncryptedObjects: { name: 'sse_kms_encrypted_objects', block: true, members: STATUS },
        },
      },
      Destination: {
        name: 'destination',
        block: true,
        members: {
          Bucket: { name: 'bucket' },
          Account: { name: 'account' },
          StorageClass: { name: 'storage_class' },
          AccessControlTranslation: { name: 'access_control_translation', block: true, members: { Owner: { name: 'owner' } } },
          EncryptionConfiguration: { name: 'encryption_configuration', block: true, members: { ReplicaKmsKeyID: { name: 'replica_kms_key_id' } } },
          Metrics: { name: 'metrics', block: true, members: { ...STATUS, EventThreshold: { name: 'event_threshold', block: true, members: MINUTES } } },
          ReplicationTime: { name: 'replication_time', block: true, members: { ...STATUS, Time: { name: 'time', block: true, members: MINUTES } } },
        },
      },
    },
  },
};

export const LEGACY_SCHEMA: Record<string, Member> = {
  Role: { name: 'role' },
  Rules: {
    name: 'rules',
    block: true,
    members: {
      ID: { name: 'id' },
      Priority: { name: 'priority' },
      Prefix: { name: 'prefix' },
      Status: { name: 'status' },
      Filter: { name: 'filter', block: true, members: { Prefix: { name: 'prefix' } } },
      // `sse_kms_encrypted_objects { enabled = true }`: removable; its status is a boolean there, not written from the API's.
      SourceSelectionCriteria: { name: 'source_selection_criteria', block: true, members: { SseKmsEncryptedObjects: { name: 'sse_kms_encrypted_objects', block: true, members: {} } } },
      Destination: {
        name: 'destination',
        block: true,
        members: {
          Bucket: { name: 'bucket' },
          Account: { name: 'account_id' },
          StorageClass: { name: 'storage_class' },
          AccessControlTranslation: { name: 'access_control_translation', block: true, members: { Owner: { name: 'owner' } } },
          EncryptionConfiguration: { name: '', flat: true, members: { ReplicaKmsKeyID: { name: 'replica_kms_key_id' } } },
          Metrics: { name: 'metrics', block: true, members: { ...STATUS, EventThreshold: { name: '', flat: true, members: MINUTES } } },
          ReplicationTime: { name: 'replication_time', block: true, members: { ...STATUS, Time: { name: '', flat: true, members: MINUTES } } },
        },
      },
    },
  },
};

/** The configuration S3 receives, from the Terraform object (resource body, or the inline block). */
export function replicationToApi(tf: TNode, style: ReplicationStyle): TNode {
  const entries: TEntry[] = [];
  const role = entryOf(tf, 'role');
  if (role) entries.push({ key: 'Role', keyAt: role.keyAt, value: role.value });
  const rules = entryOf(tf, style === 'standalone' ? 'rule' : 'rules');
  if (rules && rules.value.t === 'list') {
    const items = rules.value.items.map((r) => (r.t === 'obj' ? (style === 'standalone' ? standaloneRule(r) : legacyRule(r)) : r));
    entries.push({ key: 'Rules', keyAt: rules.keyAt, value: { t: 'list', items, at: rules.value.at } });
  }
  return { t: 'obj', entries, at: tf.at, keyword: tf.t === 'obj' ? tf.keyword : undefined, written: tf.written };
}

function synthetic(value: string | number, at: Loc): TNode {
  return typeof value === 'number' ? { t: 'num', value, at, synthetic: true } : { t: 'str', value, at, synthetic: true };
}

/** A string member that the provider sends only when non-empty. */
function text(into: TEntry[], from: TNode, tfName: string, apiName: string): void {
  const e = entryOf(from, tfName);
  if (!e || e.value.t === 'null' || (e.value.t === 'str' && e.value.value === '')) return;
  into.push({ key: apiName, keyAt: e.keyAt, value: e.value });
}

/** A nested block (max one) mapped by `fn`; undefined when absent. */
function nested(into: TEntry[], from: TNode, tfName: string, apiName: string, fn: (block: TNode) => TNode): void {
  const e = entryOf(from, tfName);
  if (!e || e.value.t !== 'list' || e.value.items.length === 0) return;
  const first = e.value.items[0];
  into.push({ key: apiName, keyAt: e.keyAt, value: first.t === 'obj' ? fn(first) : first });
}

/**
 * The members kept in a list of their number: the list they were pushed to reserves room for 17,
 * and the configuration's value is kept for the whole analysis (a copy made now dies young).
 */
function obj(source: TNode, entries: TEntry[]): TNode {
  return { t: 'obj', entries: entries.slice(), at: source.at, keyword: source.t === 'obj' ? source.keyword : undefined, written: source.written };
}

function statusOnly(b: TNode): TNode {
  const e: TEntry[] = [];
  text(e, b, 'status', 'Status');
  return obj(b, e);
}

function minutes(b: TNode): TNode {
  const e: TEntry[] = [];
  const m = entryOf(b, 'minutes');
  if (m) e.push({ key: 'Minutes', keyAt: m.keyAt, value: m.value });
  return obj(b, e);
}

function standaloneRule(r: TNode): TNode {
  const e: TEntry[] = [];
  const keyword = (r.t === 'obj' && r.keyword) || r.at;
  text(e, r, 'id', 'ID');
  const filter = entryOf(r, 'filter');
  const priority = entryOf(r, 'priority');
  if (filter && filter.value.t === 'list' && filter.value.items.length > 0) {
    const f = filter.value.items[0];
    e.push({ key: 'Filter', keyAt: filter.keyAt, value: f.t === 'obj' ? standaloneFilter(f) : f });
    if (priority && priority.value.t !== 'null') e.push({ key: 'Priority', keyAt: priority.keyAt, value: priority.value });
    else e.push({ key: 'Priority', keyAt: keyword, value: synthetic(0, keyword) });
  } else {
    const prefix = entryOf(r, 'prefix');
    e.push(prefix && prefix.value.t !== 'null' ? { key: 'Prefix', keyAt: prefix.keyAt, value: prefix.value } : { key: 'Prefix', keyAt: keyword, value: synthetic('', keyword) });
  }
  text(e, r, 'status', 'Status');
  nested(e, r, 'delete_marker_replication', 'DeleteMarkerReplication', statusOnly);
  nested(e, r, 'destination', 'Destination', standaloneDestination);
  nested(e, r, 'source_selection_criteria', 'SourceSelectionCriteria', (s) => {
    const x: TEntry[] = [];
    nested(x, s, 'replica_modifications', 'ReplicaModifications', statusOnly);
    nested(x, s, 'sse_kms_encrypted_objects', 'SseKmsEncryptedObjects', statusOnly);
    return obj(s, x);
  });
  nested(e, r, 'existing_object_replication', 'ExistingObjectReplication', statusOnly);
  return obj(r, e);
}

/** `and` first, then `tag` (which replaces it), else `prefix` ("" for `filter {}`), as the provider builds it. */
function standaloneFilter(f: TNode): TNode {
  const e: TEntry[] = [];
  const tag = entryOf(f, 'tag');
  const and = entryOf(f, 'and');
  if (tag && tag.value.t === 'list' && tag.value.items.length > 0) {
    nested(e, f, 'tag', 'Tag', (t) => {
      const x: TEntry[] = [];
      text(x, t, 'key', 'Key');
      text(x, t, 'value', 'Value');
      return obj(t, x);
    });
  } else if (and && and.value.t === 'list' && and.value.items.length > 0) {
    nested(e, f, 'and', 'And', (a) => {
      const x: TEntry[] = [];
      text(x, a, 'prefix', 'Prefix');
      const tags = tagList(entryOf(a, 'tags'));
      if (tags) x.push(tags);
      return obj(a, x);
    });
  } else {
    const prefix = entryOf(f, 'prefix');
    const at = (f.t === 'obj' && f.keyword) || f.at;
    e.push(prefix && prefix.value.t !== 'null' ? { key: 'Prefix', keyAt: prefix.keyAt, value: prefix.value } : { key: 'Prefix', keyAt: at, value: synthetic('', at) });
  }
  return obj(f, e);
}

/** `tags = { k = "v" }` → `Tags: [{ Key: k, Value: v }]`; undefined when empty (the provider sends none). */
function tagList(e: TEntry | undefined): TEntry | undefined {
  if (!e) return undefined;
  const v = e.value;
  if (v.t === 'unknown') return { key: 'Tags', keyAt: e.keyAt, value: v };
  if (v.t !== 'obj' || v.entries.length === 0) return undefined;
  const items: TNode[] = v.entries.map((t) => ({
    t: 'obj',
    at: t.keyAt ?? v.at,
    entries: [
      { key: 'Key', keyAt: t.keyAt, value: { t: 'str', value: t.key, at: t.keyAt ?? v.at } },
      { key: 'Value', keyAt: t.keyAt, value: t.value },
    ],
  }));
  return { key: 'Tags', keyAt: e.keyAt, value: { t: 'list', items, at: v.at } };
}

function standaloneDestination(d: TNode): TNode {
  const e: TEntry[] = [];
  nested(e, d, 'access_control_translation', 'AccessControlTranslation', (a) => {
    const x: TEntry[] = [];
    text(x, a, 'owner', 'Owner');
    return obj(a, x);
  });
  text(e, d, 'account', 'Account');
  text(e, d, 'bucket', 'Bucket');
  nested(e, d, 'encryption_configuration', 'EncryptionConfiguration', (c) => {
    const x: TEntry[] = [];
    text(x, c, 'replica_kms_key_id', 'ReplicaKmsKeyID');
    return obj(c, x);
  });
  nested(e, d, 'metrics', 'Metrics', (m) => {
    const x: TEntry[] = [];
    nested(x, m, 'event_threshold', 'EventThreshold', minutes);
    text(x, m, 'status', 'Status');
    return obj(m, x);
  });
  nested(e, d, 'replication_time', 'ReplicationTime', (t) => {
    const x: TEntry[] = [];
    text(x, t, 'status', 'Status');
    nested(x, t, 'time', 'Time', minutes);
    return obj(t, x);
  });
  text(e, d, 'storage_class', 'StorageClass');
  return obj(d, e);
}

function legacyRule(r: TNode): TNode {
  const e: TEntry[] = [];
  const keyword = (r.t === 'obj' && r.keyword) || r.at;
  text(e, r, 'status', 'Status');
  text(e, r, 'id', 'ID');
  const dest = entryOf(r, 'destination');
  if (dest) nested(e, r, 'destination', 'Destination', legacyDestination);
  nested(e, r, 'source_selection_criteria', 'SourceSelectionCriteria', (s) => {
    const x: TEntry[] = [];
    nested(x, s, 'sse_kms_encrypted_objects', 'SseKmsEncryptedObjects', (k) => {
      const enabled = entryOf(k, 'enabled');
      const y: TEntry[] = [];
      if (enabled) {
        const v = enabled.value;
        const status: TNode = v.t === 'bool' ? { t: 'str', value: v.value ? 'Enabled' : 'Disabled', at: v.at } : v.t === 'str' ? { t: 'str', value: v.value === 'true' ? 'Enabled' : 'Disabled', at: v.at } : v;
        y.push({ key: 'Status', keyAt: enabled.keyAt, value: status });
      }
      return obj(k, y);
    });
    return obj(s, x);
  });
  const filter = entryOf(r, 'filter');
  const f = filter && filter.value.t === 'list' ? filter.value.items[0] : undefined;
  if (filter && f) {
    const filterAt = filter.keyAt ?? f.at;
    const prefix = entryOf(f, 'prefix');
    const prefixEntry: TEntry = prefix && prefix.value.t !== 'null' ? { key: 'Prefix', keyAt: prefix.keyAt, value: prefix.value } : { key: 'Prefix', keyAt: filterAt, value: synthetic('', filterAt) };
    const tags = tagList(entryOf(f, 'tags'));
    const fe: TEntry[] = [];
    if (tags) fe.push({ key: 'And', keyAt: filter.keyAt, value: { t: 'obj', at: f.at, entries: [prefixEntry, tags] } });
    else fe.push(prefixEntry);
    e.push({ key: 'Filter', keyAt: filter.keyAt, value: obj(f, fe) });
    const priority = entryOf(r, 'priority');
    if (priority && priority.value.t !== 'null') e.push({ key: 'Priority', keyAt: priority.keyAt, value: priority.value });
    else e.push({ key: 'Priority', keyAt: keyword, value: synthetic(0, keyword) });
    const dm = entryOf(r, 'delete_marker_replication_status');
    if (dm && !(dm.value.t === 'str' && dm.value.value === '')) e.push({ key: 'DeleteMarkerReplication', keyAt: dm.keyAt, value: { t: 'obj', at: dm.value.at, entries: [{ key: 'Status', keyAt: dm.keyAt, value: dm.value }] } });
    else e.push({ key: 'DeleteMarkerReplication', keyAt: filterAt, value: { t: 'obj', at: filterAt, synthetic: true, entries: [{ key: 'Status', value: synthetic('Disabled', filterAt) }] } });
  } else {
    const prefix = entryOf(r, 'prefix');
    e.push(prefix && prefix.value.t !== 'null' ? { key: 'Prefix', keyAt: prefix.keyAt, value: prefix.value } : { key: 'Prefix', keyAt: keyword, value: synthetic('', keyword) });
  }
  return obj(r, e);
}

function legacyDestination(d: TNode): TNode {
  const e: TEntry[] = [];
  const bucket = entryOf(d, 'bucket');
  if (bucket) e.push({ key: 'Bucket', keyAt: bucket.keyAt, value: bucket.value });
  text(e, d, 'storage_class', 'StorageClass');
  const kms = entryOf(d, 'replica_kms_key_id');
  if (kms && !(kms.value.t === 'str' && kms.value.value === '')) e.push({ key: 'EncryptionConfiguration', keyAt: kms.keyAt, value: { t: 'obj', at: kms.value.at, entries: [{ key: 'ReplicaKmsKeyID', keyAt: kms.keyAt, value: kms.value }] } });
  text(e, d, 'account_id', 'Account');
  nested(e, d, 'access_control_translation', 'AccessControlTranslation', (a) => {
    const x: TEntry[] = [];
    const owner = entryOf(a, 'owner');
    if (owner) x.push({ key: 'Owner', keyAt: owner.keyAt, value: owner.value });
    return obj(a, x);
  });
  const withDefaults = (b: TNode, timeKey: string): TNode => {
    const x: TEntry[] = [];
    const at = (b.t === 'obj' && b.keyword) || b.at;
    const status = entryOf(b, 'status');
    x.push(status ? { key: 'Status', keyAt: status.keyAt, value: status.value } : { key: 'Status', keyAt: at, value: synthetic('Enabled', at) });
    const m = entryOf(b, 'minutes');
    const minutesNode = m ? m.value : synthetic(15, at);
    x.push({ key: timeKey, keyAt: m?.keyAt ?? at, value: { t: 'obj', at: minutesNode.at, synthetic: !m, entries: [{ key: 'Minutes', keyAt: m?.keyAt ?? at, value: minutesNode }] } });
    return obj(b, x);
  };
  nested(e, d, 'metrics', 'Metrics', (m) => withDefaults(m, 'EventThreshold'));
  nested(e, d, 'replication_time', 'ReplicationTime', (t) => withDefaults(t, 'Time'));
  return obj(d, e);
}

/** The destination bucket nodes of the configuration (for the Terraform rules). */
export function destinationBuckets(api: TNode): TNode[] {
  const rules = get(api, 'Rules');
  if (rules?.t !== 'list') return [];
  return rules.items.flatMap((r) => {
    const b = get(get(r, 'Destination'), 'Bucket');
    return b ? [b] : [];
  });
}

export { one, str };
