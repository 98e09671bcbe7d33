/**
 * The fix commands' view of AWS for one profile, region and endpoint: every plan starts from a fresh
 * read of the live state (never the explorer's cache: a write must merge into what is there now),
 * then the pure planners in `core/live` decide, and `apply` runs what the user confirmed.
 */
import type { ReplicationConfiguration } from '@aws-sdk/client-s3';
import { randomUUID } from 'node:crypto';
import { parse } from 'jsonc-parser';
import type { LiveFacts } from '../../core/facts';
import type { Finding } from '../../core/findings';
import { batchRoleName, planBatchReplication } from '../../core/live/batchPlan';
import { planPutReplication, type PutConfigPlan } from '../../core/live/configPlan';
import { planLiveFix, type LiveTarget } from '../../core/live/liveFixPlan';
import { replicationGrants } from '../../core/live/replicationGrants';
import { inlineQuotaProblem, planRoleRepair, type LiveRole, type ManagedPolicyChoice, type RoleRepairRequest } from '../../core/live/rolePlan';
import { tagsDecide } from '../../core/live/objectStatus';
import { statusReport, type SampledObject, type StatusReport } from '../../core/live/statusReport';
import { planEnableVersioning } from '../../core/live/versioningPlan';
import { captureQueueName, findCapture, planCapture, planStopCapture } from '../../core/live/capturePlan';
import { eventFor, type FailureEvent } from '../../core/live/failureEvents';
import { METRICS_COST, withMetricsEnabled } from '../../core/live/metricsPlan';
import { telemetryRules } from '../../core/live/telemetry';
import { planDestinationPolicy, planDestinationVersioning, planReplicaKeyGrant } from '../../core/live/otherSidePlan';
import { AccountDirectory, type AccountSettings } from '../accounts';
import { refusedPlan, type BatchStatus, type WritePlan } from '../../core/live/writePlan';
import { configSummary, destinationBuckets } from '../../core/iam/replicationConfig';
import { parseDocument } from '../../core/document';
import type { ClientOptions } from '../clientFactory';
import { AwsCallError, cancelledError } from '../errors';
import { managedPolicy } from '../iamService';
import { Limiter } from '../limiter';
import { LiveStateReader } from '../liveState';
import { parseLiveUri } from '../liveUris';
import { bucketNotification, replicationJson } from '../s3Service';
import { limitedScope, type CallScope } from '../scope';
import type { LiveBucketState } from '../types';
import { describeJob, unfinishedReplicationJobs, type JobProgress } from './batchJobs';
import { writeClients, type WriteClients } from './clients';
import { executePlan, type ExecuteOptions, type ExecuteResult } from './execute';
import { callerIdentity, type Identity } from './iamWrites';
import { liveRole } from './liveRole';
import { headObject, lifecycleRules, newestObjects, objectTags } from './s3Writes';
import { queueByName } from './sqsWrites';

export interface FixerOptions extends ClientOptions {
  /** Home region: signs IAM and STS calls, and finds buckets' regions. */
  region: string;
  /** The profile part of live document addresses, as the explorer builds them. */
  profileKey?: string;
  /** Calls in flight at once (default 4). */
  concurrency?: number;
  /** Profiles or an organization role for the other side of cross-account pairs. */
  accounts?: AccountSettings;
}

/**
 * Writes get a longer deadline than the explorer's reads: a 2 MB configuration uploads slowly on a
 * poor link, and the user is watching a progress notification, not a tree of thousands of buckets.
 */
const WRITE_DEADLINE_MS = 30_000;

/** A plan and who would run it, for the confirmation. */
export interface Prepared<P extends WritePlan = WritePlan> {
  plan: P;
  identity: Identity;
}

export type StatusTarget = { key: string; versionId?: string } | { newest: number };

export interface StatusResult {
  report: StatusReport;
  /** What was sampled, for the report's first line. */
  scope: string;
}

/** The configuration as the AWS CLI prints it (`get-bucket-replication`), for both sides of a preview. */
const cliFormat = (configuration: Record<string, unknown>) => replicationJson(configuration as unknown as ReplicationConfiguration);

/** A bucket's unfinished Batch Replication jobs, and where to follow them. */
export interface UnfinishedJobs {
  jobs: JobProgress[];
  region: string;
  accountId: string;
}

/** Why a configuration holding elements the SDK drops is not rewritten. */
export function unmodelledReason(bucket: string, unmodelled: readonly string[]): string {
  const shown = unmodelled.slice(0, 5).join(', ') + (unmodelled.length > 5 ? ` and ${unmodelled.length - 5} more` : '');
  return (
    `The live replication configuration of ${bucket} holds ${unmodelled.length === 1 ? 'an element' : 'elements'} that this extension's AWS SDK does not know (${shown}), ` +
    'probably a newer S3 feature. PutBucketReplication replaces the whole configuration, so writing it back would delete ' +
    `${unmodelled.length === 1 ? 'that element' : 'them'} without a word: nothing is written. Update the extension, or change the configuration with a tool that knows ${unmodelled.length === 1 ? 'it' : 'them'} (the AWS console or a current AWS CLI).`
  );
}

export class Fixer {
  private readonly clients: WriteClients;
  private readonly reader: LiveStateReader;
  private readonly limiter: Limiter;
  private readonly controller = new AbortController();
  private who?: Promise<Identity>;
  private readonly directory?: AccountDirectory;

  constructor(
    private readonly options: FixerOptions,
    clients?: WriteClients,
  ) {
    this.clients = clients ?? writeClients(options);
    this.limiter = new Limiter(options.concurrency ?? 4, () => cancelledError('The call'));
    if (this.clients.factory) {
      this.directory = new AccountDirectory({
        home: this.clients.factory,
        homeProfileLabel: options.profile ?? 'default credential chain',
        region: options.region,
        settings: options.accounts ?? {},
        clientOptions: options,
      });
    }
    // No reuse between reads: every plan merges into the state as it is now.
    this.reader = new LiveStateReader({ clients: this.clients, profileKey: options.profileKey ?? options.profile ?? 'default', homeRegion: options.region, ttlMs: 0, directory: this.directory });
  }

  /** Write clients of another account, through the directory (for the other side of a pair). */
  private async accountClients(account: string): Promise<WriteClients> {
    if (!this.directory) throw new Error(`No profile reaches account ${account}.`);
    const lookup = await this.directory.access(this.scope, account);
    if (!lookup.ok) throw new AwsCallError(lookup.failure);
    const c = lookup.access.clients;
    return {
      s3: (r) => c.s3(r),
      s3Reads: (r) => c.s3Reads(r),
      iam: (r) => c.iam(r),
      sts: (r) => c.sts(r),
      kms: (r) => c.kms(r),
      sqs: () => {
        throw new Error('Failure capture runs in the source account.');
      },
      cloudWatch: () => {
        throw new Error('Replication metrics are read in the source account.');
      },
      s3control: () => {
        throw new Error('Batch Replication jobs run in the source account.');
      },
      dispose: () => undefined,
    };
  }

  /** The destination of `bucket`'s rules named `destination`, read now with its owner's credentials. */
  private async destinationOf(bucket: string, destination: string) {
    const state = await this.bucketState(bucket);
    const dest = state.destinations.find((d) => d.name === destination);
    const config = state.replication.ok && state.replication.value.configured ? configSummary(parseDocument(state.replication.value.document)) : undefined;
    return { state, dest, config };
  }

  /**
   * Adds the replication role to the destination's bucket policy (merging: one statement appended,
   * nothing removed), written with the destination account's credentials.
   */
  async planDestinationPolicy(bucket: string, destination: string): Promise<Prepared> {
    const title = `Allow the replication role in the bucket policy of ${destination}`;
    const { dest, config } = await this.destinationOf(bucket, destination);
    if (!config?.role) return this.prepared(refusedPlan(title, `The replication configuration of ${bucket} (and its role) could not be read.`));
    if (!dest?.account) return this.prepared(refusedPlan(title, dest?.failures[0]?.message ?? `The owner of ${destination} is not known: map its account to a profile (accountProfiles) or set organizationRole.`));
    if (dest.policy === undefined) return this.prepared(refusedPlan(title, `The bucket policy of ${destination} could not be read with ${dest.via}: ${dest.failures.find((f) => f.operation === 'GetBucketPolicy')?.message ?? 'unknown reason'}.`));
    const rules = config.rules.filter((r) => r.destination?.bucket === destination);
    const actions = ['s3:ReplicateObject', ...(rules.some((r) => r.deleteMarkers) ? ['s3:ReplicateDelete'] : []), ...(rules.some((r) => r.ownerOverride) ? ['s3:ObjectOwnerOverrideToBucketOwner'] : [])];
    return this.prepared(planDestinationPolicy({ bucket: destination, region: dest.region, account: dest.account, roleArn: config.role.arn, actions, policy: dest.policy === 'absent' ? undefined : dest.policy.text }));
  }

  /** Versioning on a destination, with its owner's credentials when it is in another account. */
  async planDestinationVersioning(bucket: string, destination: string): Promise<Prepared> {
    const { dest, state } = await this.destinationOf(bucket, destination);
    if (!dest) return this.prepared(refusedPlan(`Enable versioning on ${destination}`, `${destination} is not a destination of ${bucket}.`));
    if (dest.versioning === undefined) return this.prepared(refusedPlan(`Enable versioning on ${destination}`, dest.failures[0]?.message ?? `The versioning of ${destination} could not be read.`));
    const account = dest.account && dest.account !== state.account ? dest.account : undefined;
    return this.prepared(planDestinationVersioning(destination, dest.region, account, dest.versioning));
  }

  /** Grants the replication role the replica key in the key's own policy (with the key account's credentials). */
  async planReplicaKeyGrant(bucket: string, keyRef: string): Promise<Prepared> {
    const title = `Allow the replication role to use ${keyRef}`;
    const state = await this.bucketState(bucket);
    const key = state.keys?.find((k) => k.ref === keyRef || k.facts?.arn === keyRef);
    const config = state.replication.ok && state.replication.value.configured ? configSummary(parseDocument(state.replication.value.document)) : undefined;
    if (!config?.role) return this.prepared(refusedPlan(title, `The replication configuration of ${bucket} (and its role) could not be read.`));
    if (!key?.facts?.arn || !key.policy || !key.facts.account || !key.facts.region) {
      return this.prepared(refusedPlan(title, key?.failures[0]?.message ?? `The key ${keyRef} and its policy could not be read: map its account to a profile (accountProfiles) or set organizationRole.`));
    }
    const dest = state.destinations.find((d) => config.rules.some((r) => r.replicaKey?.value === keyRef && r.destination?.bucket === d.name));
    const actions = ['kms:Encrypt', 'kms:GenerateDataKey', ...(dest?.encryption?.bucketKey ? ['kms:Decrypt'] : [])];
    return this.prepared(planReplicaKeyGrant({ keyArn: key.facts.arn, region: key.facts.region, account: key.facts.account, roleArn: config.role.arn, actions, policy: key.policy.text }));
  }

  private get scope(): CallScope {
    return limitedScope(this.limiter, this.controller.signal, 0, this.options.callDeadlineMs ?? WRITE_DEADLINE_MS);
  }

  identity(): Promise<Identity> {
    this.who ??= callerIdentity(this.scope, this.clients.sts(this.options.region), this.options.region);
    this.who.catch(() => (this.who = undefined));
    return this.who;
  }

  /** Everything the bucket's replication depends on, read now. */
  bucketState(bucket: string): Promise<LiveBucketState> {
    return this.reader.bucketState(this.scope, { name: bucket }, { fresh: true });
  }

  private async prepared<P extends WritePlan>(plan: P): Promise<Prepared<P>> {
    return { plan, identity: await this.identity() };
  }

  async planVersioning(bucket: string, side?: 'source' | 'destination'): Promise<Prepared> {
    const state = await this.bucketState(bucket);
    if (!state.versioning.ok) return this.prepared(refusedPlan(`Enable versioning on bucket ${bucket}`, state.versioning.failure.message));
    return this.prepared(planEnableVersioning({ bucket, region: state.bucket.region, current: state.versioning.value, side }));
  }

  /** Trust and least-privilege permissions for the role the bucket's configuration names. */
  async planRoleRepair(bucket: string): Promise<Prepared> {
    const title = `Repair the replication role of bucket ${bucket}`;
    const [state, identity] = await Promise.all([this.bucketState(bucket), this.identity()]);
    const config = this.configText(state);
    if (typeof config !== 'string') return { plan: refusedPlan(title, config.reason), identity };
    const { grants, notes, role, problem } = replicationGrants(config, bucket, state.facts);
    if (problem) return { plan: refusedPlan(title, `Nothing to repair: ${problem}.`), identity };
    if (!role) return { plan: refusedPlan(title, 'The configuration\'s "Role" is not an IAM role ARN; correct it first.'), identity };
    if (role.account !== identity.account) {
      return { plan: refusedPlan(title, `The role ${role.arn} belongs to account ${role.account}, but your credentials are for account ${identity.account}. Repair it with a profile of that account.`), identity };
    }
    const read = state.role && state.role.name === role.name ? state.role : await this.reader.roleState(this.scope, role.name, true);
    const live = liveRole(read);
    if (!live) return { plan: refusedPlan(title, read.failures[0]?.message ?? `The role ${role.name} could not be read.`), identity };
    if (!live.exists) live.path = role.path;
    const request: RoleRepairRequest = { title, role: live, service: 's3.amazonaws.com', grants, notes, policyName: 's3-replication', description: `S3 replication for ${bucket} (created by S3 Replication Doctor)` };
    const plan = planRoleRepair(request);
    if (!plan.overInlineQuota) return { plan, identity };
    // The grants do not fit inline: plan again with a managed policy name that is free (or left by an interrupted repair).
    const partition = /^arn:([^:]+):/.exec(identity.arn)?.[1] ?? 'aws';
    const managed = await this.freeManagedPolicy(live, `${request.policyName}-${live.name}`, identity.account, partition, plan.overInlineQuota.document);
    if (!managed) return { plan, identity };
    return { plan: planRoleRepair({ ...request, managedPolicy: managed }), identity };
  }

  /**
   * A customer managed policy name for grants that do not fit inline: `base`, else `base-2`… `base-9`.
   * A policy of that name that holds exactly `document` and is not attached yet (an interrupted repair
   * created it) is reused; any other existing one is skipped.
   */
  private async freeManagedPolicy(role: LiveRole, base: string, account: string, partition: string, document: string): Promise<ManagedPolicyChoice | undefined> {
    const iam = this.clients.iam(this.options.region);
    for (let n = 1; n <= 9; n++) {
      const name = `${base.slice(0, 125)}${n === 1 ? '' : `-${n}`}`;
      const arn = `arn:${partition}:iam::${account}:policy/${name}`;
      try {
        const existing = await managedPolicy(this.scope, iam, arn);
        if (!role.attachedArns?.includes(arn) && existing.document === document) return { name, path: '/', arn, existing: existing.document };
      } catch (err) {
        if (err instanceof AwsCallError && err.code === 'NoSuchEntity') return { name, path: '/', arn };
        throw err;
      }
    }
    return undefined;
  }

  /** A document from the editor onto the bucket; `remove` names live rules the user agreed to delete. */
  async planPutReplication(bucket: string, doc: { text: string; uri: string }, remove: readonly string[] = []): Promise<Prepared<PutConfigPlan>> {
    const state = await this.bucketState(bucket);
    const title = `Put replication configuration on bucket ${bucket}`;
    if (!state.replication.ok) {
      const plan: PutConfigPlan = { ...refusedPlan(title, `The live configuration could not be read, so what the write would delete is unknown: ${state.replication.failure.message}`), problems: [], missingLive: [] };
      return this.prepared(plan);
    }
    const read = state.replication.value;
    if (read.configured && read.unmodelled) {
      const plan: PutConfigPlan = { ...refusedPlan(title, unmodelledReason(bucket, read.unmodelled)), problems: [], missingLive: [] };
      return this.prepared(plan);
    }
    const live = read.configured ? read.document.text : undefined;
    const facts = await this.withDestinations(state.facts, doc.text);
    return this.prepared(planPutReplication({ bucket, region: state.bucket.region, text: doc.text, uri: doc.uri, live, remove, facts, format: cliFormat }));
  }

  /** The engine's fix for a finding the explorer showed on one of the bucket's live documents. */
  async planLiveFix(bucket: string, finding: Pick<Finding, 'uri' | 'ruleId' | 'offset' | 'length'>, fixTitle?: string): Promise<Prepared> {
    const title = `Fix ${finding.ruleId} in AWS`;
    const address = parseLiveUri(finding.uri);
    if (!address) return this.prepared(refusedPlan(title, 'The finding is not on a document read from AWS.'));
    const state = await this.bucketState(bucket);
    const read = state.replication.ok ? state.replication.value : undefined;
    if (address.kind === 'replication' && read?.configured && read.unmodelled) return this.prepared(refusedPlan(title, unmodelledReason(address.bucket, read.unmodelled)));
    if (address.kind !== 'replication' && address.kind !== 'trust' && address.kind !== 'inline' && address.kind !== 'managed') {
      return this.prepared(refusedPlan(title, 'This document belongs to another account or service: use the fix commands on its node (bucket policy, key policy) instead.'));
    }
    const target: LiveTarget =
      address.kind === 'replication' ? { kind: 'replication', bucket: address.bucket, region: state.bucket.region } : address.kind === 'trust' ? { kind: 'trust', role: address.role } : { kind: address.kind, role: address.role, policy: address.policy };
    const plan = planLiveFix({ documents: state.documents, facts: state.facts, finding, fixTitle, target, format: cliFormat });
    const put = plan.steps.find((s) => s.api === 'PutRolePolicy');
    if (put?.api === 'PutRolePolicy' && state.role?.name === put.roleName) {
      const inline = liveRole(state.role)?.inline ?? [];
      const problem = inlineQuotaProblem(put.roleName, inline, put.policyName, put.policy);
      if (problem) return this.prepared(refusedPlan(plan.title, `${problem}. Nothing was written. "Repair the replication role" can put missing permissions into a managed policy instead.`));
    }
    return this.prepared(plan);
  }

  async planBatch(bucket: string, options: { statuses: readonly BatchStatus[]; report?: { bucket: string; prefix: string }; jobRoleName?: string }): Promise<Prepared> {
    const title = `Replicate existing objects of bucket ${bucket}`;
    const [state, identity] = await Promise.all([this.bucketState(bucket), this.identity()]);
    if (!state.replication.ok) return { plan: refusedPlan(title, state.replication.failure.message), identity };
    const roleState = await this.reader.roleState(this.scope, options.jobRoleName ?? batchRoleName(bucket), true);
    const jobRole = liveRole(roleState);
    if (!jobRole) return { plan: refusedPlan(title, roleState.failures[0]?.message ?? `The role ${roleState.name} could not be read.`), identity };
    const plan = planBatchReplication({
      accountId: identity.account,
      bucket,
      region: state.bucket.region,
      partition: /^arn:([^:]+):/.exec(identity.arn)?.[1],
      configured: state.replication.value.configured,
      statuses: options.statuses,
      jobRole,
      report: options.report,
      clientRequestToken: randomUUID(),
    });
    return { plan, identity };
  }

  apply(prepared: Prepared, options: ExecuteOptions = {}): Promise<ExecuteResult> {
    return executePlan(
      prepared.plan,
      { scope: this.scope, clients: this.clients, homeRegion: this.options.region, identity: prepared.identity, accountClients: (account) => this.accountClients(account) },
      options,
    );
  }

  async jobProgress(region: string, accountId: string, jobId: string): Promise<JobProgress> {
    return describeJob(this.scope, this.clients.s3control(region), region, accountId, jobId);
  }

  /** Batch Replication jobs of the bucket that are still running (or awaiting confirmation), with where to follow them. */
  async unfinishedJobs(bucket: string): Promise<UnfinishedJobs> {
    const [state, identity] = await Promise.all([this.bucketState(bucket), this.identity()]);
    const region = state.bucket.region ?? this.options.region;
    const jobs = await unfinishedReplicationJobs(this.scope, this.clients.s3control(region), region, identity.account, bucket);
    return { jobs, region, accountId: identity.account };
  }

  /**
   * HeadObject on one object, or on the newest `n`, each explained against the bucket's configuration,
   * its storage class and the bucket's lifecycle rules; a FAILED object by S3's own reason when one of
   * `events` (captured failure events, Batch report lines) names it.
   */
  async objectStatus(bucket: string, target: StatusTarget, options: { events?: readonly FailureEvent[] } = {}): Promise<StatusResult> {
    const state = await this.bucketState(bucket);
    const region = state.bucket.region ?? this.options.region;
    const s3 = this.clients.s3(region);
    const config = state.replication.ok && state.replication.value.configured ? parse(state.replication.value.document.text) : undefined;
    const lifecycle = lifecycleRules(this.scope, s3, region, bucket);
    // Tags are read only where a tag filter decides why an object has no status.
    const explain = async (o: SampledObject): Promise<SampledObject> => {
      const e = o.status === 'FAILED' ? eventFor(options.events ?? [], o.key, o.versionId) : undefined;
      const failure = e ? { reason: e.reason, ruleId: e.ruleId, time: e.time, from: e.from } : undefined;
      return tagsDecide(config, o) ? { ...o, failure, tags: await objectTags(this.scope, s3, region, bucket, o.key, o.versionId) } : { ...o, failure };
    };
    if ('key' in target) {
      const object = await explain(await headObject(this.scope, s3, region, bucket, target.key, target.versionId));
      return { report: statusReport(bucket, config, [object], await lifecycle), scope: `Object ${target.key}${target.versionId ? ` (version ${target.versionId})` : ''}` };
    }
    const listed = await newestObjects(this.scope, s3, region, bucket, target.newest);
    const objects: SampledObject[] = await Promise.all(listed.objects.map((o) => headObject(this.scope, s3, region, bucket, o.key).then((h) => explain({ ...h, lastModified: o.lastModified }))));
    const among = listed.complete ? '' : ` among the first ${listed.scanned} keys`;
    return { report: statusReport(bucket, config, objects, await lifecycle), scope: `Newest ${objects.length} object${objects.length === 1 ? '' : 's'}${among}` };
  }

  /** An SQS queue only S3 may write to, merged into the bucket's notification configuration for failure events. */
  async planCapture(bucket: string): Promise<Prepared> {
    const title = `Capture replication failure reasons of bucket ${bucket}`;
    const [state, identity] = await Promise.all([this.bucketState(bucket), this.identity()]);
    const region = state.bucket.region ?? this.options.region;
    if (!state.replication.ok) return { plan: refusedPlan(title, state.replication.failure.message), identity };
    if (!state.replication.value.configured) return { plan: refusedPlan(title, `${bucket} has no replication configuration: there is nothing to capture.`), identity };
    const [notification, queue] = await Promise.all([this.notificationOf(bucket, region), queueByName(this.scope, this.clients.sqs(region), region, captureQueueName(bucket))]);
    const rules = telemetryRules(parse(state.replication.value.document.text), { bucket, region }, () => undefined).filter((r) => r.enabled);
    const plan = planCapture({
      bucket,
      region,
      accountId: identity.account,
      partition: /^arn:([^:]+):/.exec(identity.arn)?.[1],
      live: notification.ok ? notification.value : undefined,
      unreadable: notification.ok ? undefined : notification.failure.message,
      queue: queue ? { exists: true, policy: queue.policy } : { exists: false },
      rules: rules.map((r) => ({ id: r.ruleId, metrics: r.metrics })),
    });
    return { plan, identity };
  }

  /** Removes exactly what capture added: our notification entry and our queue. */
  async planStopCapture(bucket: string): Promise<Prepared> {
    const [state, identity] = await Promise.all([this.bucketState(bucket), this.identity()]);
    const region = state.bucket.region ?? this.options.region;
    // Read here, not from the bucket state: that reads it only while the bucket replicates.
    const notification = await this.notificationOf(bucket, region);
    const configuration = notification.ok ? notification.value : undefined;
    const arn = configuration ? findCapture(configuration)?.queueArn : undefined;
    // Our queue: the one the notification names, else the one capture would have created.
    const name = arn ? (/:([\w-]+)$/.exec(arn)?.[1] ?? captureQueueName(bucket)) : captureQueueName(bucket);
    const queue = await queueByName(this.scope, this.clients.sqs(region), region, name);
    const plan = planStopCapture({
      bucket,
      region,
      live: configuration,
      unreadable: notification.ok ? undefined : notification.failure.message,
      queue: queue ? { name, messages: queue.messages } : undefined,
    });
    return { plan, identity };
  }

  /** The live configuration with replication metrics enabled on one rule, through the put-configuration plan. */
  async planEnableMetrics(bucket: string, ruleIndex: number): Promise<Prepared<PutConfigPlan>> {
    const state = await this.bucketState(bucket);
    const title = `Enable replication metrics on bucket ${bucket}`;
    const refuse = (reason: string): Promise<Prepared<PutConfigPlan>> => this.prepared({ ...refusedPlan(title, reason), problems: [], missingLive: [] });
    if (!state.replication.ok) return refuse(state.replication.failure.message);
    if (!state.replication.value.configured) return refuse(`${bucket} has no replication configuration.`);
    const live = state.replication.value.document;
    const edit = withMetricsEnabled(live.text, ruleIndex);
    if (!edit.text) return refuse(edit.refused ?? 'The rule cannot have metrics.');
    const plan = planPutReplication({ bucket, region: state.bucket.region, text: edit.text, uri: live.uri, live: live.text, facts: state.facts, format: cliFormat });
    const named = edit.ruleId ? ` on rule "${edit.ruleId}"` : '';
    return this.prepared({ ...plan, title: `Enable replication metrics${named} of bucket ${bucket}`, warnings: [...edit.notes, METRICS_COST, ...plan.warnings] });
  }

  private configText(state: LiveBucketState): string | { reason: string } {
    if (!state.replication.ok) return { reason: state.replication.failure.message };
    if (!state.replication.value.configured) return { reason: `${state.bucket.name} has no replication configuration: put one first, then repair the role it names.` };
    return state.replication.value.document.text;
  }

  private async notificationOf(bucket: string, region: string): Promise<{ ok: true; value: Record<string, unknown> } | { ok: false; failure: { message: string } }> {
    try {
      return { ok: true, value: await bucketNotification(this.scope, this.clients.s3Reads(region), region, bucket) };
    } catch (err) {
      if (err instanceof AwsCallError && err.kind !== 'cancelled') return { ok: false, failure: err.toFailure() };
      throw err;
    }
  }

  /** Facts about the buckets a new document replicates to, so the engine checks them before S3 does. */
  private async withDestinations(facts: LiveFacts, text: string): Promise<LiveFacts> {
    const doc = parseDocument({ uri: 'replication.json', text, kind: 'replication-config' });
    const missing = doc.config ? destinationBuckets(configSummary(doc)).filter((b) => !facts.buckets[b]) : [];
    const states = await Promise.all(missing.map((b) => this.bucketState(b)));
    const buckets = { ...facts.buckets };
    states.forEach((s, i) => {
      const name = missing[i];
      const gone = s.failures.some((f) => f.kind === 'not-found');
      buckets[name] = gone ? { name, exists: false } : (s.facts.buckets[name] ?? { name });
    });
    return { ...facts, buckets };
  }

  dispose(): void {
    this.controller.abort();
    this.directory?.dispose();
    this.clients.dispose();
  }
}
