/**
 * Reads everything one bucket's replication depends on and turns it into the engine's model: the
 * configuration and the role's policies become documents (with `live` origins), versioning, regions,
 * existence, ownership, Object Lock and default encryption become facts. Nothing is judged here; the rules do that.
 *
 * Reads are shared through a short-lived cache: many buckets use one role, and a bucket is often
 * both a source and another bucket's destination.
 */
import type { ReplicationConfiguration } from '@aws-sdk/client-s3';
import type { BucketFacts, LiveFacts, ReplicationRuleFacts, RoleFacts, VersioningState } from '../core/facts';
import type { ClientFactory } from './clientFactory';
import { AwsCallError } from './errors';
import { attachedPolicyArns, callerAccount, getRole, inlinePolicy, inlinePolicyNames, managedPolicy } from './iamService';
import { liveUri } from './liveUris';
import { TtlMemo } from './memo';
import { findCapture } from '../core/live/capturePlan';
import { replicationEventTargets } from '../core/live/notifications';
import { bucketDefaultEncryption, bucketNotification, bucketObjectLock, bucketOwnership, bucketRegion, bucketVersioning, readReplication, replicationJson, type Ownership, type ReplicationReadResult } from './s3Service';
import type { CallScope } from './scope';
import type { AwsFailure, BucketSummary, DestinationState, LiveBucketState, LiveDocument, NotificationRead, Outcome, ReplicationRead, RoleState } from './types';

export type Clients = Pick<ClientFactory, 's3' | 'iam' | 'sts'>;

export interface LiveStateOptions {
  clients: Clients;
  /** Names the profile in document addresses, so two profiles' documents never mix. */
  profileKey: string;
  /** Region for calls that are not about a bucket (STS, GetBucketLocation). */
  homeRegion: string;
  ttlMs: number;
  now?: () => number;
}

export interface ReadOptions {
  fresh?: boolean;
}

async function outcome<T>(read: Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await read };
  } catch (err) {
    // Cancellation is not a state of the bucket: it propagates, and the cache drops the read.
    if (err instanceof AwsCallError && err.kind === 'cancelled') throw err;
    if (err instanceof AwsCallError) return { ok: false, failure: err.toFailure() };
    throw err;
  }
}

const value = <T>(o: Outcome<T>): T | undefined => (o.ok ? o.value : undefined);
const failures = (...os: Outcome<unknown>[]): AwsFailure[] => os.flatMap((o) => (o.ok ? [] : [o.failure]));

/** `arn:aws:s3:::name` → `name`; undefined for anything else (the config rules report those). */
export function bucketFromArn(arn: unknown): string | undefined {
  const m = typeof arn === 'string' ? /^arn:[\w-]+:s3:::([^/]+)$/.exec(arn) : null;
  return m ? m[1] : undefined;
}

/** `arn:aws:iam::123456789012:role/path/name` → account and name. */
export function roleFromArn(arn: unknown): { account: string; name: string } | undefined {
  const m = typeof arn === 'string' ? /^arn:[\w-]+:iam::(\d{12}):role\/(?:[^\s]*\/)?([\w+=,.@-]+)$/.exec(arn) : null;
  return m ? { account: m[1], name: m[2] } : undefined;
}

export function replicationSummary(config: ReplicationConfiguration | undefined): ReplicationRuleFacts[] {
  return (config?.Rules ?? []).flatMap((r) => {
    const destinationBucket = bucketFromArn(r.Destination?.Bucket);
    if (!destinationBucket) return [];
    return [{ destinationBucket, enabled: r.Status === 'Enabled', replicaModifications: r.SourceSelectionCriteria?.ReplicaModifications?.Status === 'Enabled' }];
  });
}

export class LiveStateReader {
  private readonly memo: TtlMemo<unknown>;
  /** Regions of the account's own buckets, from ListBuckets: no call needed to address them. */
  private readonly regions = new Map<string, string>();

  constructor(private readonly o: LiveStateOptions) {
    this.memo = new TtlMemo(o.ttlMs, o.now);
  }

  noteBuckets(buckets: readonly BucketSummary[]): void {
    for (const b of buckets) if (b.region) this.regions.set(b.name, b.region);
  }

  forget(): void {
    this.memo.clear();
  }

  /** Reads in flight are being cancelled: whoever asks next must read again, not wait for them. */
  forgetPending(): void {
    this.memo.dropPending();
  }

  private cached<T>(key: string, read: () => Promise<T>, fresh: boolean | undefined): Promise<T> {
    return this.memo.get(key, read, fresh) as Promise<T>;
  }

  private account(scope: CallScope): Promise<Outcome<string | undefined>> {
    return this.cached('account', () => outcome(callerAccount(scope, this.o.clients.sts(this.o.homeRegion), this.o.homeRegion)), false);
  }

  private region(scope: CallScope, bucket: string, fresh?: boolean): Promise<Outcome<string>> {
    const known = this.regions.get(bucket);
    if (known) return Promise.resolve({ ok: true, value: known });
    return this.cached(`location:${bucket}`, () => outcome(bucketRegion(scope, this.o.clients.s3(this.o.homeRegion), bucket)), fresh);
  }

  private versioning(scope: CallScope, region: string, bucket: string, fresh?: boolean): Promise<Outcome<VersioningState>> {
    return this.cached(`versioning:${bucket}`, () => outcome(bucketVersioning(scope, this.o.clients.s3(region), region, bucket)), fresh);
  }

  private replication(scope: CallScope, region: string, bucket: string, fresh?: boolean): Promise<Outcome<ReplicationReadResult | undefined>> {
    return this.cached(`replication:${bucket}`, () => outcome(readReplication(scope, this.o.clients.s3(region), region, bucket)), fresh);
  }

  private objectLock(scope: CallScope, region: string, bucket: string, fresh?: boolean): Promise<Outcome<boolean>> {
    return this.cached(`lock:${bucket}`, () => outcome(bucketObjectLock(scope, this.o.clients.s3(region), region, bucket)), fresh);
  }

  private ownership(scope: CallScope, region: string, bucket: string, fresh?: boolean): Promise<Outcome<Ownership>> {
    return this.cached(`ownership:${bucket}`, () => outcome(bucketOwnership(scope, this.o.clients.s3(region), region, bucket)), fresh);
  }

  private notification(scope: CallScope, region: string, bucket: string, fresh?: boolean): Promise<Outcome<NotificationRead>> {
    return this.cached(
      `notification:${bucket}`,
      () => outcome(bucketNotification(scope, this.o.clients.s3(region), region, bucket).then((configuration) => ({ configuration, capture: findCapture(configuration) }))),
      fresh,
    );
  }

  private encryption(scope: CallScope, region: string, bucket: string, fresh?: boolean): Promise<Outcome<string | undefined>> {
    return this.cached(`encryption:${bucket}`, () => outcome(bucketDefaultEncryption(scope, this.o.clients.s3(region), region, bucket)), fresh);
  }

  async bucketState(scope: CallScope, bucket: BucketSummary, options: ReadOptions = {}): Promise<LiveBucketState> {
    const { fresh } = options;
    const name = bucket.name;
    const regionRead = bucket.region ? { ok: true as const, value: bucket.region } : await this.region(scope, name, fresh);
    if (!regionRead.ok) {
      return { bucket, versioning: regionRead, replication: regionRead, destinations: [], documents: [], facts: { buckets: {} }, failures: [regionRead.failure] };
    }
    const region = regionRead.value;
    const [versioning, config, account] = await Promise.all([this.versioning(scope, region, name, fresh), this.replication(scope, region, name, fresh), this.account(scope)]);
    const accountId = value(account);
    const source: BucketFacts = { name, exists: true, region, versioning: value(versioning), ownerAccount: accountId };
    const facts: LiveFacts = { accountId, buckets: { [name]: source } };
    const base = { bucket: { ...bucket, region }, versioning, destinations: [] as DestinationState[], documents: [] as LiveDocument[], facts };
    if (!config.ok) return { ...base, replication: config, failures: failures(versioning, config) };
    if (!config.value) {
      source.replication = [];
      return { ...base, replication: { ok: true, value: { configured: false } }, failures: failures(versioning) };
    }

    const { configuration, unmodelled } = config.value;
    source.replication = replicationSummary(configuration);
    const document: LiveDocument = {
      uri: liveUri({ kind: 'replication', profile: this.o.profileKey, bucket: name }),
      text: replicationJson(configuration),
      kind: 'replication-config',
      live: { sourceBucket: name },
      title: `${name} replication configuration`,
    };
    const destinationNames = [...new Set(source.replication.map((r) => r.destinationBucket))];
    const roleArn = roleFromArn(configuration.Role);
    // Default encryption decides whether new objects are SSE-KMS, which a rule without the opt-in skips.
    const [ownership, objectLock, encryption, notification, destinations, role] = await Promise.all([
      this.ownership(scope, region, name, fresh),
      this.objectLock(scope, region, name, fresh),
      this.encryption(scope, region, name, fresh),
      // Where failure events go (rc-failure-events-need-metrics) and whether our capture is on.
      this.notification(scope, region, name, fresh),
      Promise.all(destinationNames.map((d) => (d === name ? Promise.resolve(undefined) : this.destination(scope, d, fresh)))),
      roleArn ? this.roleFor(scope, roleArn, accountId, fresh) : Promise.resolve(undefined),
    ]);
    source.ownership = value(ownership);
    source.objectLock = value(objectLock);
    source.defaultEncryption = value(encryption);
    if (notification.ok) source.replicationEvents = replicationEventTargets(notification.value.configuration);
    const readDestinations = destinations.filter((d): d is DestinationState => d !== undefined);
    for (const d of readDestinations) facts.buckets[d.name] = destinationFacts(d, this.regions.has(d.name) ? accountId : undefined);
    if (role) facts.roles = { [role.name]: roleFacts(role) };
    const replication: Outcome<ReplicationRead> = { ok: true, value: { configured: true, document, ...(unmodelled.length > 0 ? { unmodelled } : {}) } };
    return {
      ...base,
      replication,
      destinations: readDestinations,
      role,
      documents: [document, ...(role?.trust ? [role.trust] : []), ...(role?.policies ?? [])],
      failures: [...failures(versioning, ownership, objectLock, encryption), ...(role?.failures ?? [])],
      notification,
    };
  }

  private async destination(scope: CallScope, name: string, fresh?: boolean): Promise<DestinationState> {
    const region = await this.region(scope, name, fresh);
    if (!region.ok) {
      if (region.failure.kind === 'not-found') return { name, exists: false, failures: [] };
      return { name, failures: [region.failure] };
    }
    const own = this.regions.has(name);
    const [versioning, objectLock, replication] = await Promise.all([
      this.versioning(scope, region.value, name, fresh),
      this.objectLock(scope, region.value, name, fresh),
      // Only the account's own buckets: another account's configuration is not readable anyway.
      own ? this.replication(scope, region.value, name, fresh) : Promise.resolve(undefined),
    ]);
    const missing = [versioning, objectLock].some((o) => !o.ok && o.failure.code === 'NoSuchBucket');
    if (missing) return { name, exists: false, failures: [] };
    const state: DestinationState = { name, region: region.value, exists: true, versioning: value(versioning), objectLock: value(objectLock), failures: failures(versioning, objectLock) };
    if (replication?.ok) state.replication = replicationSummary(replication.value?.configuration);
    return state;
  }

  private roleFor(scope: CallScope, arn: { account: string; name: string }, accountId: string | undefined, fresh?: boolean): Promise<RoleState> {
    if (accountId && arn.account !== accountId) {
      const failure: AwsFailure = {
        operation: 'GetRole',
        target: arn.name,
        code: 'OtherAccount',
        kind: 'access-denied',
        message: `The role belongs to account ${arn.account}, but your credentials are for account ${accountId}; its policies were not read.`,
      };
      return Promise.resolve({ name: arn.name, arn: `arn:aws:iam::${arn.account}:role/${arn.name}`, policies: [], failures: [failure] });
    }
    return this.roleState(scope, arn.name, fresh);
  }

  /** The role with its trust policy and permission policies (inline, then attached managed ones). */
  roleState(scope: CallScope, roleName: string, fresh?: boolean): Promise<RoleState> {
    return this.cached(`role:${roleName}`, () => this.readRole(scope, roleName, fresh), fresh);
  }

  private async readRole(scope: CallScope, roleName: string, fresh?: boolean): Promise<RoleState> {
    const iam = this.o.clients.iam(this.o.homeRegion);
    const read = await outcome(getRole(scope, iam, roleName));
    if (!read.ok) return { name: roleName, arn: '', policies: [], failures: [read.failure] };
    if (!read.value) return { name: roleName, arn: '', exists: false, policies: [], failures: [] };
    const profile = this.o.profileKey;
    const live = { roleName };
    const trust: LiveDocument = { uri: liveUri({ kind: 'trust', profile, role: roleName }), text: read.value.trustPolicy, kind: 'trust-policy', live, title: 'Trust policy' };
    const [names, arns] = await Promise.all([outcome(inlinePolicyNames(scope, iam, roleName)), outcome(attachedPolicyArns(scope, iam, roleName))]);
    const [inline, managed] = await Promise.all([
      Promise.all((value(names) ?? []).map((n) => outcome(inlinePolicy(scope, iam, roleName, n)))),
      Promise.all((value(arns) ?? []).map((arn) => this.cached(`policy:${arn}`, () => outcome(managedPolicy(scope, iam, arn)), fresh))),
    ]);
    const policies: LiveDocument[] = [
      ...inline.flatMap((o) => (o.ok ? [{ uri: liveUri({ kind: 'inline', profile, role: roleName, policy: o.value.name }), text: o.value.document, kind: 'permission-policy' as const, live, title: `${o.value.name} (inline)` }] : [])),
      ...managed.flatMap((o) =>
        o.ok ? [{ uri: liveUri({ kind: 'managed', profile, role: roleName, policy: o.value.name }), text: o.value.document, kind: 'permission-policy' as const, live, title: `${o.value.name} (attached, ${o.value.versionId})` }] : [],
      ),
    ];
    return { name: roleName, arn: read.value.arn, exists: true, trust, policies, attachedArns: value(arns), failures: failures(names, arns, ...inline, ...managed) };
  }
}

function destinationFacts(d: DestinationState, ownerAccount: string | undefined): BucketFacts {
  return { name: d.name, exists: d.exists, region: d.region, versioning: d.versioning, objectLock: d.objectLock, ownerAccount, replication: d.replication };
}

function roleFacts(r: RoleState): RoleFacts {
  return { name: r.name, arn: r.arn || undefined, exists: r.exists };
}
