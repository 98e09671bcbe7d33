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
import { accountId, type AccountAccess, type AccountDirectory } from './accounts';
import { AwsCallError } from './errors';
import { attachedPolicyArns, callerAccount, getRole, inlinePolicy, inlinePolicyNames, managedPolicy } from './iamService';
import { describeKey, keyArnParts, keyPolicy } from './kmsService';
import { liveUri } from './liveUris';
import { TtlMemo } from './memo';
import { findCapture } from '../core/live/capturePlan';
import { replicationEventTargets } from '../core/live/notifications';
import { policiesFor, policyContent, targetsAbove } from './organizationsService';
import {
  bucketEncryption,
  bucketNotification,
  bucketObjectLock,
  bucketOwnership,
  bucketPolicy,
  bucketRegion,
  bucketRequesterPays,
  bucketVersioning,
  ownedBy,
  readReplication,
  replicationJson,
  type DefaultEncryption,
  type Ownership,
  type ReplicationReadResult,
} from './s3Service';
import type { CallScope } from './scope';
import type { AwsFailure, BucketSummary, DestinationState, KeyState, LiveBucketState, LiveDocument, NotificationRead, Outcome, ReplicationRead, RoleState } from './types';

export type Clients = Pick<ClientFactory, 's3Reads' | 'iam' | 'sts'> & Partial<Pick<ClientFactory, 'kms' | 'organizations'>>;

export interface LiveStateOptions {
  clients: Clients;
  /** Names the profile in document addresses, so two profiles' documents never mix. */
  profileKey: string;
  /** Region for calls that are not about a bucket (STS, GetBucketLocation). */
  homeRegion: string;
  ttlMs: number;
  now?: () => number;
  /** Other accounts' credentials (accountProfiles, organizationRole); without it only the profile's own account is read. */
  directory?: AccountDirectory;
  /** Read the SCPs and RCPs of the accounts involved (Organizations; management or delegated administrator only). */
  guardrails?: boolean;
  /** Who reads Organizations, when not `clients` (a scan reads member accounts as themselves, the organization as the scanner). */
  organizationClients?: Pick<ClientFactory, 'organizations'>;
  /** The account `organizationClients` sign for, when known. */
  organizationAccount?: string;
  /**
   * Read versioning of a bucket without replication (default true: the view shows it). `scan` reports
   * findings only, and no rule judges a bucket that does not replicate, so it reads the configuration
   * first and versioning only when there is one; a bucket that is a destination gets it as one.
   */
  unreplicatedVersioning?: boolean;
}

/** Versioning of a bucket without replication, not read (`unreplicatedVersioning: false`). */
const VERSIONING_NOT_READ: Outcome<VersioningState> = {
  ok: false,
  failure: { operation: 'GetBucketVersioning', code: 'NotRead', kind: 'service', message: 'Versioning was not read: the bucket has no replication configuration.' },
};

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
    return this.cached(`location:${bucket}`, () => outcome(bucketRegion(scope, this.o.clients.s3Reads(this.o.homeRegion), bucket)), fresh);
  }

  private versioning(scope: CallScope, region: string, bucket: string, fresh?: boolean, clients: Clients = this.o.clients): Promise<Outcome<VersioningState>> {
    return this.cached(`versioning:${bucket}`, () => outcome(bucketVersioning(scope, clients.s3Reads(region), region, bucket)), fresh);
  }

  private replication(scope: CallScope, region: string, bucket: string, fresh?: boolean, clients: Clients = this.o.clients): Promise<Outcome<ReplicationReadResult | undefined>> {
    return this.cached(`replication:${bucket}`, () => outcome(readReplication(scope, clients.s3Reads(region), region, bucket)), fresh);
  }

  private objectLock(scope: CallScope, region: string, bucket: string, fresh?: boolean, clients: Clients = this.o.clients): Promise<Outcome<boolean>> {
    return this.cached(`lock:${bucket}`, () => outcome(bucketObjectLock(scope, clients.s3Reads(region), region, bucket)), fresh);
  }

  private ownership(scope: CallScope, region: string, bucket: string, fresh?: boolean, clients: Clients = this.o.clients): Promise<Outcome<Ownership>> {
    return this.cached(`ownership:${bucket}`, () => outcome(bucketOwnership(scope, clients.s3Reads(region), region, bucket)), fresh);
  }

  private notification(scope: CallScope, region: string, bucket: string, fresh?: boolean): Promise<Outcome<NotificationRead>> {
    return this.cached(
      `notification:${bucket}`,
      () => outcome(bucketNotification(scope, this.o.clients.s3Reads(region), region, bucket).then((configuration) => ({ configuration, capture: findCapture(configuration) }))),
      fresh,
    );
  }

  private requesterPays(scope: CallScope, region: string, bucket: string, fresh?: boolean, clients: Clients = this.o.clients): Promise<Outcome<boolean>> {
    return this.cached(`payer:${bucket}`, () => outcome(bucketRequesterPays(scope, clients.s3Reads(region), region, bucket)), fresh);
  }

  private policy(scope: CallScope, region: string, bucket: string, fresh?: boolean, clients: Clients = this.o.clients): Promise<Outcome<string | undefined>> {
    return this.cached(`policy:${bucket}`, () => outcome(bucketPolicy(scope, clients.s3Reads(region), region, bucket)), fresh);
  }

  private encryption(scope: CallScope, region: string, bucket: string, fresh?: boolean, clients: Clients = this.o.clients): Promise<Outcome<DefaultEncryption>> {
    return this.cached(`encryption:${bucket}`, () => outcome(bucketEncryption(scope, clients.s3Reads(region), region, bucket)), fresh);
  }

  async bucketState(scope: CallScope, bucket: BucketSummary, options: ReadOptions = {}): Promise<LiveBucketState> {
    const { fresh } = options;
    const name = bucket.name;
    const regionRead = bucket.region ? { ok: true as const, value: bucket.region } : await this.region(scope, name, fresh);
    if (!regionRead.ok) {
      return { bucket, versioning: regionRead, replication: regionRead, destinations: [], documents: [], facts: { buckets: {} }, failures: [regionRead.failure] };
    }
    const region = regionRead.value;
    let versioning: Outcome<VersioningState>;
    let config: Outcome<ReplicationReadResult | undefined>;
    let account: Outcome<string | undefined>;
    if (this.o.unreplicatedVersioning === false) {
      [config, account] = await Promise.all([this.replication(scope, region, name, fresh), this.account(scope)]);
      versioning = config.ok && !config.value ? VERSIONING_NOT_READ : await this.versioning(scope, region, name, fresh);
    } else {
      [versioning, config, account] = await Promise.all([this.versioning(scope, region, name, fresh), this.replication(scope, region, name, fresh), this.account(scope)]);
    }
    const accountId = value(account);
    const source: BucketFacts = { name, exists: true, region, versioning: value(versioning), ownerAccount: accountId };
    const facts: LiveFacts = { accountId, buckets: { [name]: source } };
    const base = { bucket: { ...bucket, region }, versioning, destinations: [] as DestinationState[], documents: [] as LiveDocument[], facts, account: accountId, via: this.o.profileKey };
    if (!config.ok) return { ...base, replication: config, failures: failures(versioning, config) };
    if (!config.value) {
      source.replication = [];
      return { ...base, replication: { ok: true, value: { configured: false } }, failures: versioning === VERSIONING_NOT_READ ? [] : failures(versioning) };
    }

    const { configuration, unmodelled } = config.value;
    source.replication = replicationSummary(configuration);
    const document: LiveDocument = {
      uri: liveUri({ kind: 'replication', profile: this.o.profileKey, bucket: name }),
      text: replicationJson(configuration),
      kind: 'replication-config',
      live: { sourceBucket: name, account: accountId },
      title: `${name} replication configuration`,
    };
    // Destination.Account says which account to ask first about a destination that is not the view's own.
    const hints = new Map<string, string | undefined>();
    for (const r of configuration.Rules ?? []) {
      const d = bucketFromArn(r.Destination?.Bucket);
      if (d && !hints.get(d)) hints.set(d, accountId_(r.Destination?.Account));
    }
    const roleArn = roleFromArn(configuration.Role);
    // Default encryption decides whether new objects are SSE-KMS, which a rule without the opt-in skips.
    const [ownership, objectLock, encryption, notification, destinations, role] = await Promise.all([
      this.ownership(scope, region, name, fresh),
      this.objectLock(scope, region, name, fresh),
      this.encryption(scope, region, name, fresh),
      // Where failure events go (rc-failure-events-need-metrics) and whether our capture is on.
      this.notification(scope, region, name, fresh),
      Promise.all([...hints].map(([d, hint]) => (d === name ? Promise.resolve(undefined) : this.destination(scope, d, hint, accountId, fresh)))),
      roleArn ? this.roleFor(scope, roleArn, accountId, fresh) : Promise.resolve(undefined),
    ]);
    source.ownership = value(ownership);
    source.objectLock = value(objectLock);
    const enc = value(encryption);
    source.defaultEncryption = enc?.algorithm;
    if (enc?.algorithm?.startsWith('aws:kms') && enc.kmsKeyId) source.defaultKmsKeyId = enc.kmsKeyId;
    if (enc) source.bucketKeyEnabled = enc.bucketKey;
    if (notification.ok) source.replicationEvents = replicationEventTargets(notification.value.configuration);
    const readDestinations = destinations.filter((d): d is DestinationState => d !== undefined);
    for (const d of readDestinations) facts.buckets[d.name] = destinationFacts(d);
    if (role) facts.roles = { [role.name]: roleFacts(role) };
    const keys = await this.keys(scope, configuration, source, readDestinations, accountId, fresh);
    if (keys.length > 0) facts.keys = Object.fromEntries(keys.flatMap((k) => (k.facts ? [[k.ref, k.facts]] : [])));
    // A destination whose owner is not known stays in the list as undefined: it may be in an organization.
    const involved = [accountId, ...(roleArn ? [roleArn.account] : []), ...readDestinations.map((d) => d.account)];
    const guardrails = this.o.guardrails ? await this.guardrails(scope, accountId, involved, fresh) : undefined;
    const replication: Outcome<ReplicationRead> = { ok: true, value: { configured: true, document, ...(unmodelled.length > 0 ? { unmodelled } : {}) } };
    const destinationPolicies = readDestinations.flatMap((d) => (d.policy && d.policy !== 'absent' ? [d.policy] : []));
    return {
      ...base,
      replication,
      destinations: readDestinations,
      role,
      keys,
      guardrails: guardrails?.documents,
      guardrailsNote: guardrails?.note,
      guardrailsNone: guardrails?.none,
      documents: [
        document,
        ...(role?.trust ? [role.trust] : []),
        ...(role?.policies ?? []),
        ...(role?.boundary ? [role.boundary] : []),
        ...destinationPolicies,
        ...keys.flatMap((k) => (k.policy ? [k.policy] : [])),
        ...(guardrails?.documents ?? []),
      ],
      failures: [...failures(versioning, ownership, objectLock, encryption), ...(role?.failures ?? [])],
      notification,
    };
  }

  /** Clients for an account other than the view's own, through the directory; the failure says why not. */
  private async accessTo(scope: CallScope, account: string | undefined, home: string | undefined): Promise<{ access?: AccountAccess; failure?: AwsFailure }> {
    if (!account || account === home) return { access: home ? { account: home, via: `profile ${this.o.profileKey}`, clients: this.o.clients as AccountAccess['clients'] } : undefined };
    if (!this.o.directory) return { failure: { operation: 'AccountAccess', target: account, code: 'NoProfileForAccount', kind: 'access-denied', message: `No profile reaches account ${account}: add it to the accountProfiles setting, or set organizationRole.` } };
    const lookup = await this.o.directory.access(scope, account);
    return lookup.ok ? { access: lookup.access } : { failure: lookup.failure };
  }

  /**
   * Who owns a destination, and credentials to read it with: the view's own account when its listing
   * has the bucket, else the account the rule names (`Destination.Account`), the home account and the
   * mapped accounts, each asked with its own credentials (GetBucketLocation, then HeadBucket with
   * ExpectedBucketOwner). Undefined when none of them owns it (another account nobody mapped).
   */
  private owner(scope: CallScope, name: string, hint: string | undefined, home: string | undefined, fresh?: boolean): Promise<{ access?: AccountAccess; region?: string; missing?: boolean; failures: AwsFailure[] }> {
    return this.cached(`owner:${name}`, async () => {
      if (this.regions.has(name) && home) return { access: (await this.accessTo(scope, home, home)).access, region: this.regions.get(name), failures: [] };
      const mapped = Object.keys(this.o.directory?.settings.accountProfiles ?? {});
      const candidates = [...new Set([hint, home, ...mapped].filter((a): a is string => !!a))];
      const problems: AwsFailure[] = [];
      for (const account of candidates) {
        const { access, failure } = await this.accessTo(scope, account, home);
        if (!access) {
          if (failure && account === hint) problems.push(failure);
          continue;
        }
        const location = await outcome(bucketRegion(scope, access.clients.s3Reads(this.o.homeRegion), name));
        if (!location.ok) {
          if (location.failure.code === 'NoSuchBucket') return { missing: true, failures: [] };
          continue;
        }
        const owned = await outcome(ownedBy(scope, access.clients.s3Reads(location.value), location.value, name, account));
        if (owned.ok && owned.value) return { access, region: location.value, failures: [] };
      }
      return { failures: problems };
    }, fresh);
  }

  private async destination(scope: CallScope, name: string, hint: string | undefined, home: string | undefined, fresh?: boolean): Promise<DestinationState> {
    const owner = await this.owner(scope, name, hint, home, fresh);
    if (owner.missing) return { name, exists: false, failures: [] };
    const access = owner.access;
    const clients: Clients = access?.clients ?? this.o.clients;
    const via = access ? `account ${access.account} via ${access.via}` : `profile ${this.o.profileKey} (owner not known)`;
    const region = owner.region ? { ok: true as const, value: owner.region } : await this.region(scope, name, fresh);
    if (!region.ok) {
      if (region.failure.kind === 'not-found') return { name, exists: false, failures: [] };
      return { name, via, failures: [...owner.failures, { ...region.failure, via }] };
    }
    const r = region.value;
    const [versioning, objectLock, ownership, requesterPays, policy, encryption, replication] = await Promise.all([
      this.versioning(scope, r, name, fresh, clients),
      this.objectLock(scope, r, name, fresh, clients),
      this.ownership(scope, r, name, fresh, clients),
      this.requesterPays(scope, r, name, fresh, clients),
      // Only the owner account may read a bucket policy (S3 answers 405 to every other).
      access ? this.policy(scope, r, name, fresh, clients) : Promise.resolve(undefined),
      this.encryption(scope, r, name, fresh, clients),
      // The owner's credentials can read its configuration (chains and two-way setups need it).
      access ? this.replication(scope, r, name, fresh, clients) : Promise.resolve(undefined),
    ]);
    const missing = [versioning, objectLock].some((o) => !o.ok && o.failure.code === 'NoSuchBucket');
    if (missing) return { name, exists: false, failures: [] };
    const state: DestinationState = {
      name,
      region: r,
      exists: true,
      account: access?.account,
      via,
      versioning: value(versioning),
      objectLock: value(objectLock),
      ownership: value(ownership),
      requesterPays: value(requesterPays),
      encryption: value(encryption),
      failures: [...owner.failures, ...failures(versioning, objectLock, ownership, requesterPays, encryption, ...(policy ? [policy] : [])).map((f) => ({ ...f, via }))],
    };
    if (policy?.ok) {
      state.policy =
        policy.value === undefined
          ? 'absent'
          : { uri: liveUri({ kind: 'bucket-policy', profile: this.o.profileKey, bucket: name }), text: policy.value, kind: 'bucket-policy', live: { bucketPolicyOf: name, account: access?.account }, title: `${name} bucket policy` };
    }
    if (replication?.ok) state.replication = replicationSummary(replication.value?.configuration);
    return state;
  }

  /** The replica keys of the rules and the source bucket's default key (when SSE-KMS objects replicate). */
  private async keys(scope: CallScope, configuration: ReplicationConfiguration, source: BucketFacts, destinations: DestinationState[], home: string | undefined, fresh?: boolean): Promise<KeyState[]> {
    const wanted = new Map<string, { use: 'replica' | 'source'; region?: string; account?: string }>();
    const sseKms = (configuration.Rules ?? []).some((r) => r.Status !== 'Disabled' && r.SourceSelectionCriteria?.SseKmsEncryptedObjects?.Status === 'Enabled');
    for (const r of configuration.Rules ?? []) {
      const ref = r.Destination?.EncryptionConfiguration?.ReplicaKmsKeyID;
      if (!ref || r.Status === 'Disabled' || wanted.has(ref)) continue;
      const dest = destinations.find((d) => d.name === bucketFromArn(r.Destination?.Bucket));
      const parts = keyArnParts(ref);
      wanted.set(ref, { use: 'replica', region: parts?.region ?? dest?.region, account: parts?.account ?? dest?.account });
    }
    if (sseKms && source.defaultKmsKeyId && !wanted.has(source.defaultKmsKeyId)) {
      const parts = keyArnParts(source.defaultKmsKeyId);
      wanted.set(source.defaultKmsKeyId, { use: 'source', region: parts?.region ?? source.region, account: parts?.account ?? home });
    }
    return Promise.all([...wanted].map(([ref, w]) => this.cached(`key:${ref}`, () => this.readKey(scope, ref, w.use, w.region, w.account, home, fresh), fresh)));
  }

  private async readKey(scope: CallScope, ref: string, use: 'replica' | 'source', region: string | undefined, account: string | undefined, home: string | undefined, fresh?: boolean): Promise<KeyState> {
    if (!region) return { ref, use, failures: [{ operation: 'DescribeKey', target: ref, code: 'UnknownRegion', kind: 'service', message: `The Region of key ${ref} is not known (its bucket's Region could not be read).` }] };
    const { access, failure } = await this.accessTo(scope, account, home);
    // DescribeKey works across accounts when the key policy allows it: try the view's own credentials then.
    const clients: Clients = access?.clients ?? this.o.clients;
    const via = access ? `account ${access.account} via ${access.via}` : `profile ${this.o.profileKey}`;
    if (!clients.kms) return { ref, use, via, failures: [] };
    const described = await outcome(describeKey(scope, clients.kms(region), region, ref));
    const out: KeyState = { ref, use, via, failures: [...(failure && !described.ok ? [failure] : []), ...failures(described).map((f) => ({ ...f, via }))] };
    if (!described.ok) return out;
    out.facts = described.value;
    const arn = described.value.arn;
    // GetKeyPolicy is not a cross-account operation: only with the key owner's credentials.
    if (arn && access && described.value.account === access.account) {
      const policy = await outcome(keyPolicy(scope, clients.kms(region), region, arn));
      if (policy.ok) {
        out.policy = { uri: liveUri({ kind: 'key-policy', profile: this.o.profileKey, key: arn }), text: policy.value, kind: 'key-policy', live: { keyArn: arn, account: access.account }, title: `Key policy of ${arn.slice(arn.indexOf('key/'))}` };
        out.facts = { ...out.facts, policy: 'present' };
      } else out.failures.push({ ...policy.failure, via });
    } else if (arn && !access) {
      out.failures.push({ operation: 'GetKeyPolicy', target: arn, code: 'NoProfileForAccount', kind: 'access-denied', via, message: `The key policy of ${arn} was not read: it can only be read from account ${described.value.account}, which no profile reaches (accountProfiles or organizationRole).` });
    }
    void fresh;
    return out;
  }

  /**
   * SCPs and RCPs attached to each account, its OUs and the root, read through the view's own profile
   * (only an organization's management account or a delegated administrator may). A failure is a note
   * that guardrails were not checked, never a pass.
   */
  private async guardrails(scope: CallScope, home: string | undefined, accounts: (string | undefined)[], fresh?: boolean): Promise<{ documents: LiveDocument[]; note?: string; none?: string }> {
    const orgs = (this.o.organizationClients ?? this.o.clients).organizations?.(this.o.homeRegion);
    if (!orgs) return { documents: [], note: 'SCPs and RCPs were not checked (no Organizations client).' };
    const documents: LiveDocument[] = [];
    for (const account of new Set(accounts.filter((a): a is string => !!a))) {
      const read = await this.cached(`guardrails:${account}`, () => outcome(this.readGuardrails(scope, account)), fresh);
      if (!read.ok) {
        // "Not in use" is about the account that asked: when that is the bucket's own account and the only
        // one the replication involves, no SCP or RCP can apply, which is an answer, not a gap.
        const reader = this.o.organizationClients ? this.o.organizationAccount : home;
        if (read.failure.code === NOT_IN_ORGANIZATION && home && reader === home && accounts.every((a) => a === home)) {
          return { documents, none: `No SCP or RCP applies: account ${home}, the only account this replication involves, is not a member of an organization (${NOT_IN_ORGANIZATION}).` };
        }
        return { documents, note: guardrailsNote(read.failure) };
      }
      documents.push(...read.value);
    }
    return { documents };
  }

  private async readGuardrails(scope: CallScope, account: string): Promise<LiveDocument[]> {
    const orgs = (this.o.organizationClients ?? this.o.clients).organizations!(this.o.homeRegion);
    const targets = await targetsAbove(scope, orgs, account);
    const out: LiveDocument[] = [];
    for (const type of ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'] as const) {
      for (const target of targets) {
        for (const p of await policiesFor(scope, orgs, target, type)) {
          // AWS's FullAWSAccess / RCPFullAWSAccess allow everything: nothing to find in them.
          if (p.id === 'p-FullAWSAccess' || p.id === 'p-RCPFullAWSAccess') continue;
          const content = await this.cached(`orgpolicy:${p.id}`, () => policyContent(scope, orgs, p.id), false);
          out.push({
            uri: liveUri({ kind: 'org-policy', profile: this.o.profileKey, account, policy: p.id }),
            text: content,
            kind: type === 'SERVICE_CONTROL_POLICY' ? 'service-control-policy' : 'resource-control-policy',
            live: { account },
            title: `${type === 'SERVICE_CONTROL_POLICY' ? 'SCP' : 'RCP'} ${p.name} (${p.id}, on ${target}) for account ${account}`,
          });
        }
      }
    }
    return out;
  }

  private async roleFor(scope: CallScope, arn: { account: string; name: string }, accountId: string | undefined, fresh?: boolean): Promise<RoleState> {
    if (accountId && arn.account !== accountId) {
      const { access, failure } = await this.accessTo(scope, arn.account, accountId);
      if (access) return this.cached(`role:${arn.account}:${arn.name}`, () => this.readRole(scope, arn.name, fresh, access.clients, `account ${arn.account} via ${access.via}`), fresh);
      return {
        name: arn.name,
        arn: `arn:aws:iam::${arn.account}:role/${arn.name}`,
        policies: [],
        failures: [{ ...(failure as AwsFailure), operation: 'GetRole', target: arn.name, message: `The role belongs to account ${arn.account}, but your credentials are for account ${accountId}; its policies were not read. ${failure?.message ?? ''}`.trim() }],
      };
    }
    return this.roleState(scope, arn.name, fresh);
  }

  /** The role with its trust policy and permission policies (inline, then attached managed ones). */
  roleState(scope: CallScope, roleName: string, fresh?: boolean): Promise<RoleState> {
    return this.cached(`role:${roleName}`, () => this.readRole(scope, roleName, fresh), fresh);
  }

  private async readRole(scope: CallScope, roleName: string, fresh?: boolean, clients: Clients = this.o.clients, via?: string): Promise<RoleState> {
    const iam = clients.iam(this.o.homeRegion);
    const read = await outcome(getRole(scope, iam, roleName));
    if (!read.ok) return { name: roleName, arn: '', policies: [], failures: [{ ...read.failure, via }] };
    if (!read.value) return { name: roleName, arn: '', exists: false, policies: [], failures: [] };
    const profile = this.o.profileKey;
    const account = read.value.arn.split(':')[4];
    const live = { roleName, account };
    const trust: LiveDocument = { uri: liveUri({ kind: 'trust', profile, role: roleName }), text: read.value.trustPolicy, kind: 'trust-policy', live, title: 'Trust policy' };
    const boundaryArn = read.value.permissionsBoundaryArn;
    const [names, arns, boundary] = await Promise.all([
      outcome(inlinePolicyNames(scope, iam, roleName)),
      outcome(attachedPolicyArns(scope, iam, roleName)),
      boundaryArn ? this.cached(`policy:${boundaryArn}`, () => outcome(managedPolicy(scope, iam, boundaryArn)), fresh) : Promise.resolve(undefined),
    ]);
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
    const boundaryDoc: LiveDocument | undefined =
      boundary?.ok ? { uri: liveUri({ kind: 'boundary', profile, role: roleName, policy: boundary.value.name }), text: boundary.value.document, kind: 'permissions-boundary', live, title: `${boundary.value.name} (permissions boundary)` } : undefined;
    const all = failures(names, arns, ...inline, ...managed, ...(boundary ? [boundary] : [])).map((f) => (via ? { ...f, via } : f));
    return { name: roleName, arn: read.value.arn, exists: true, trust, policies, boundary: boundaryDoc, attachedArns: value(arns), failures: all };
  }
}

const accountId_ = accountId;

/** Facts without the members nobody knows, so they read (and compare) as what was learnt. */
function known<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function destinationFacts(d: DestinationState): BucketFacts {
  return known({
    name: d.name,
    exists: d.exists,
    region: d.region,
    versioning: d.versioning,
    objectLock: d.objectLock,
    ownership: d.ownership,
    requesterPays: d.requesterPays,
    ownerAccount: d.account,
    defaultEncryption: d.encryption?.algorithm,
    defaultKmsKeyId: d.encryption?.kmsKeyId,
    bucketKeyEnabled: d.encryption?.bucketKey,
    policy: d.policy === undefined ? undefined : d.policy === 'absent' ? 'absent' : 'present',
    replication: d.replication,
  });
}

function roleFacts(r: RoleState): RoleFacts {
  return { name: r.name, arn: r.arn || undefined, exists: r.exists };
}

const NOT_IN_ORGANIZATION = 'AWSOrganizationsNotInUseException';

/**
 * Why SCPs and RCPs were not read, in one sentence: outside any organization there are none for the
 * reading account; otherwise only the management account or a delegated administrator may read them.
 */
export function guardrailsNote(failure: AwsFailure): string {
  if (failure.code === NOT_IN_ORGANIZATION) {
    return `SCPs and RCPs were not checked: the account that reads them is not a member of an organization (${NOT_IN_ORGANIZATION}), so none apply to it; an account in another organization may still have them.`;
  }
  const message = failure.message.includes(failure.code) ? failure.message : `${failure.message} (${failure.code})`;
  return `SCPs and RCPs were not checked: ${message.replace(/\.?$/, '.')} Only the organization's management account or a delegated administrator may read them.`;
}
