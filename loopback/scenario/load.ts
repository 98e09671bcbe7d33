/** Reads a scenario (object or JSON file), checks it with located messages, and puts it into the state. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { faultProblem, type FaultController } from '../faults';
import { newRole, ROLE_NAME } from '../iam/roles';
import { BUCKET_NAME, REGION } from '../s3/buckets';
import { configurationJsonProblem, extraXmlProblems } from '../s3/replicationShape';
import { AccountState, etagOf, stableId, type BucketState, type IamAccount, type LoopbackState } from '../state';
import { EVENT_TYPES } from '../s3/notifications';
import { STORAGE_CLASSES } from '../s3/objects';
import { attributeProblem, QUEUE_NAME } from '../sqs/queues';
import type { NotificationState, NotificationTarget } from '../state';
import type { Scenario, ScenarioAccount, ScenarioBucket, ScenarioKey, ScenarioManagedPolicy, ScenarioNotification, ScenarioObject, ScenarioOrganization, ScenarioQueue, ScenarioRole } from './types';

export class ScenarioError extends Error {}

export function readScenario(input: Scenario | string): Scenario {
  if (typeof input !== 'string') return input;
  const file = resolve(input);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ScenarioError(`Cannot read the scenario file ${file}: ${(err as Error).message}`);
  }
  try {
    return JSON.parse(text) as Scenario;
  } catch (err) {
    throw new ScenarioError(`The scenario file ${file} is not valid JSON: ${(err as Error).message}`);
  }
}

/** A policy given as a JSON object or as its exact text; undefined when the text is not a JSON object. */
function policyText(value: unknown): string | undefined {
  if (typeof value !== 'string') return typeof value === 'object' && value !== null && !Array.isArray(value) ? JSON.stringify(value, null, 2) : undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? value : undefined;
  } catch {
    return undefined;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const VERSIONING = ['Enabled', 'Suspended', 'Off'];
const OWNERSHIP = ['BucketOwnerEnforced', 'BucketOwnerPreferred', 'ObjectWriter', 'none'];
const STATUSES = ['PENDING', 'COMPLETED', 'FAILED', 'REPLICA'];
const SSE = ['AES256', 'aws:kms', 'aws:kms:dsse'];

function bucketProblems(b: ScenarioBucket, at: string): string[] {
  if (!isObject(b)) return [`${at} must be an object`];
  if (b.objects !== undefined && !Array.isArray(b.objects)) return [`${at}.objects must be an array`];
  const problems: string[] = [];
  if (typeof b.name !== 'string' || !BUCKET_NAME.test(b.name)) problems.push(`${at}.name must be a valid bucket name`);
  if (b.region !== undefined && (typeof b.region !== 'string' || !REGION.test(b.region))) problems.push(`${at}.region must be a region code such as eu-west-1`);
  if (b.versioning !== undefined && !VERSIONING.includes(b.versioning)) problems.push(`${at}.versioning must be one of ${VERSIONING.join(', ')}`);
  if (b.ownershipControls !== undefined && !OWNERSHIP.includes(b.ownershipControls)) problems.push(`${at}.ownershipControls must be one of ${OWNERSHIP.join(', ')}`);
  if (b.policy !== undefined && policyText(b.policy) === undefined) problems.push(`${at}.policy must be a JSON object or its text`);
  if (b.creationDate !== undefined && Number.isNaN(Date.parse(b.creationDate))) problems.push(`${at}.creationDate must be an ISO date`);
  if (b.objectLock !== undefined && typeof b.objectLock !== 'boolean' && !isObject(b.objectLock)) problems.push(`${at}.objectLock must be true, false or {mode, days|years}`);
  if (b.defaultEncryption !== undefined && (!isObject(b.defaultEncryption) || !SSE.includes(b.defaultEncryption.algorithm))) problems.push(`${at}.defaultEncryption must be {algorithm: ${SSE.join(' | ')}, kmsKeyId?}`);
  if (b.replication !== undefined) {
    const problem = configurationJsonProblem(b.replication, `${at}.replication`);
    if (problem) problems.push(problem);
  }
  if (b.replicationExtraXml !== undefined) {
    if (b.replication === undefined) problems.push(`${at}.replicationExtraXml needs a replication configuration to extend`);
    else problems.push(...extraXmlProblems(b.replicationExtraXml, b.replication, `${at}.replicationExtraXml`));
  }
  (b.objects ?? []).forEach((o: ScenarioObject, j) => {
    const oat = `${at}.objects[${j}]`;
    if (!isObject(o)) return void problems.push(`${oat} must be an object`);
    if (typeof o.key !== 'string' || o.key === '') problems.push(`${oat}.key must be a non-empty string`);
    if (o.body !== undefined && typeof o.body !== 'string') problems.push(`${oat}.body must be a string`);
    if (o.tags !== undefined && (!isObject(o.tags) || Object.values(o.tags).some((v) => typeof v !== 'string'))) problems.push(`${oat}.tags must map tag keys to string values`);
    if (o.replicationStatus !== undefined && !STATUSES.includes(o.replicationStatus)) problems.push(`${oat}.replicationStatus must be one of ${STATUSES.join(', ')}`);
    if (o.storageClass !== undefined && !STORAGE_CLASSES.has(o.storageClass)) problems.push(`${oat}.storageClass must be an S3 storage class such as GLACIER`);
    if (o.archiveStatus !== undefined && o.archiveStatus !== 'ARCHIVE_ACCESS' && o.archiveStatus !== 'DEEP_ARCHIVE_ACCESS') problems.push(`${oat}.archiveStatus must be ARCHIVE_ACCESS or DEEP_ARCHIVE_ACCESS`);
    if (o.ageMinutes !== undefined && !(typeof o.ageMinutes === 'number' && o.ageMinutes >= 0)) problems.push(`${oat}.ageMinutes must be a number >= 0`);
  });
  if (b.notification !== undefined) problems.push(...notificationProblems(b.notification, `${at}.notification`));
  return problems;
}

const NOTIFICATION_LISTS = [
  ['TopicConfigurations', 'TopicArn'],
  ['QueueConfigurations', 'QueueArn'],
  ['LambdaFunctionConfigurations', 'LambdaFunctionArn'],
] as const;

function notificationProblems(n: ScenarioNotification, at: string): string[] {
  if (!isObject(n)) return [`${at} must be an object`];
  const problems: string[] = [];
  for (const [list, arnKey] of NOTIFICATION_LISTS) {
    const items = (n as Record<string, unknown>)[list];
    if (items === undefined) continue;
    if (!Array.isArray(items)) {
      problems.push(`${at}.${list} must be an array`);
      continue;
    }
    items.forEach((c: Record<string, unknown>, i) => {
      if (!isObject(c) || typeof c[arnKey] !== 'string') return void problems.push(`${at}.${list}[${i}].${arnKey} must be an ARN`);
      const events = c.Events;
      if (!Array.isArray(events) || events.length === 0 || events.some((e) => !EVENT_TYPES.includes(e as string))) problems.push(`${at}.${list}[${i}].Events must list S3 event types such as ${EVENT_TYPES[1]}`);
    });
  }
  return problems;
}

function queueProblems(q: ScenarioQueue, at: string): string[] {
  if (!isObject(q)) return [`${at} must be an object`];
  const problems: string[] = [];
  if (typeof q.name !== 'string' || !QUEUE_NAME.test(q.name)) problems.push(`${at}.name must be a queue name (letters, digits, - and _, at most 80)`);
  if (q.region !== undefined && (typeof q.region !== 'string' || !REGION.test(q.region))) problems.push(`${at}.region must be a region code such as eu-west-1`);
  if (q.policy !== undefined && policyText(q.policy) === undefined) problems.push(`${at}.policy must be a JSON object or its text`);
  for (const [name, value] of Object.entries(q.attributes ?? {})) {
    const problem = attributeProblem(name, String(value));
    if (problem) problems.push(`${at}.attributes.${name}: ${problem}`);
  }
  return problems;
}

function notificationState(n: ScenarioNotification): NotificationState {
  const targets = (items: { Id?: string; Events: string[]; Filter?: { Key?: { FilterRules?: { Name: string; Value: string }[] } } }[] | undefined, arnOf: (c: never) => string): NotificationTarget[] =>
    (items ?? []).map((c, i) => ({ id: c.Id ?? `scenario-${i + 1}`, arn: arnOf(c as never), events: [...c.Events], filterRules: (c.Filter?.Key?.FilterRules ?? []).map((r) => ({ name: r.Name, value: r.Value })) }));
  return {
    topics: targets(n.TopicConfigurations, (c: { TopicArn: string }) => c.TopicArn),
    queues: targets(n.QueueConfigurations, (c: { QueueArn: string }) => c.QueueArn),
    lambdas: targets(n.LambdaFunctionConfigurations, (c: { LambdaFunctionArn: string }) => c.LambdaFunctionArn),
    eventBridge: n.EventBridgeConfiguration !== undefined,
  };
}

function roleProblems(r: ScenarioRole, at: string, policyArns: Set<string>): string[] {
  if (!isObject(r)) return [`${at} must be an object`];
  if (r.inlinePolicies !== undefined && !isObject(r.inlinePolicies)) return [`${at}.inlinePolicies must map policy names to documents`];
  if (r.attachedPolicyArns !== undefined && !Array.isArray(r.attachedPolicyArns)) return [`${at}.attachedPolicyArns must be an array of policy ARNs`];
  const problems: string[] = [];
  if (typeof r.name !== 'string' || !ROLE_NAME.test(r.name)) problems.push(`${at}.name must be a valid role name`);
  if (r.path !== undefined && (typeof r.path !== 'string' || !/^\/([\x21-\x7e]*\/)?$/.test(r.path))) problems.push(`${at}.path must start and end with '/'`);
  if (policyText(r.trustPolicy) === undefined) problems.push(`${at}.trustPolicy must be a JSON object or its text`);
  for (const [name, doc] of Object.entries(r.inlinePolicies ?? {})) {
    if (policyText(doc) === undefined) problems.push(`${at}.inlinePolicies.${name} must be a JSON object or its text`);
  }
  if (r.permissionsBoundary !== undefined && !policyArns.has(r.permissionsBoundary)) problems.push(`${at}.permissionsBoundary (${r.permissionsBoundary}) is not one of the scenario's managedPolicies`);
  (r.attachedPolicyArns ?? []).forEach((arn, j) => {
    if (!policyArns.has(arn)) problems.push(`${at}.attachedPolicyArns[${j}] (${arn}) is not one of the scenario's managedPolicies`);
  });
  return problems;
}

/** Roles and managed policies of one account (the scenario itself for the primary account). */
function iamProblems(holder: { roles?: ScenarioRole[]; managedPolicies?: ScenarioManagedPolicy[] }, at: string, account: string): string[] {
  if (holder.roles !== undefined && !Array.isArray(holder.roles)) return [`${at}roles must be an array`];
  if (holder.managedPolicies !== undefined && !Array.isArray(holder.managedPolicies)) return [`${at}managedPolicies must be an array`];
  const problems: string[] = [];
  const policyArns = new Set<string>();
  (holder.managedPolicies ?? []).forEach((p, i) => {
    if (!isObject(p)) return void problems.push(`${at}managedPolicies[${i}] must be an object`);
    if (typeof p.name !== 'string' || !p.name) problems.push(`${at}managedPolicies[${i}].name must be a policy name`);
    if (policyText(p.document) === undefined) problems.push(`${at}managedPolicies[${i}].document must be a JSON object or its text`);
    policyArns.add(p.arn ?? `arn:aws:iam::${account}:policy${p.path ?? '/'}${p.name}`);
  });
  (holder.roles ?? []).forEach((r, i) => problems.push(...roleProblems(r, `${at}roles[${i}]`, policyArns)));
  return problems;
}

const KEY_STATES = ['Enabled', 'Disabled', 'PendingDeletion'];

function keyProblems(raw: unknown, at: string, accounts: Set<string>): string[] {
  if (!isObject(raw)) return [`${at} must be an object`];
  const k = raw as ScenarioKey;
  const problems: string[] = [];
  if (k.id !== undefined && (typeof k.id !== 'string' || !/^[\w-]{1,64}$/.test(k.id))) problems.push(`${at}.id must be a key id`);
  if (k.account !== undefined && !accounts.has(k.account)) problems.push(`${at}.account ${k.account} is not the primary account nor one of accounts[].id`);
  if (k.region !== undefined && (typeof k.region !== 'string' || !REGION.test(k.region))) problems.push(`${at}.region must be a region code such as eu-west-1`);
  if (k.state !== undefined && !KEY_STATES.includes(k.state)) problems.push(`${at}.state must be one of ${KEY_STATES.join(', ')}`);
  if (k.aliases !== undefined && (!Array.isArray(k.aliases) || k.aliases.some((a) => typeof a !== 'string' || !/^alias\/[\w/-]+$/.test(a)))) problems.push(`${at}.aliases must be alias/NAME strings`);
  if (k.policy !== undefined && policyText(k.policy) === undefined) problems.push(`${at}.policy must be a JSON object or its text`);
  return problems;
}

function organizationProblems(raw: unknown, accounts: Set<string>): string[] {
  if (!isObject(raw)) return ['organization must be an object'];
  const o = raw as ScenarioOrganization;
  const problems: string[] = [];
  const parents = new Set([o.rootId ?? 'r-root', ...(o.units ?? []).map((u) => u.id)]);
  if (o.managementAccount !== undefined && !accounts.has(o.managementAccount)) problems.push(`organization.managementAccount ${o.managementAccount} is not one of the scenario's accounts`);
  (o.delegatedAdministrators ?? []).forEach((a, i) => {
    if (!accounts.has(a)) problems.push(`organization.delegatedAdministrators[${i}] ${a} is not one of the scenario's accounts`);
  });
  (o.units ?? []).forEach((u, i) => {
    if (!isObject(u) || typeof u.id !== 'string' || typeof u.name !== 'string') problems.push(`organization.units[${i}] must be {id, name, parent?}`);
    else if (u.parent !== undefined && !parents.has(u.parent)) problems.push(`organization.units[${i}].parent ${u.parent} is not the root nor a unit`);
  });
  for (const [account, parent] of Object.entries(o.parents ?? {})) {
    if (!accounts.has(account)) problems.push(`organization.parents.${account} is not one of the scenario's accounts`);
    if (!parents.has(parent)) problems.push(`organization.parents.${account}: ${parent} is not the root nor a unit`);
  }
  (o.policies ?? []).forEach((p, i) => {
    const pat = `organization.policies[${i}]`;
    if (!isObject(p)) return void problems.push(`${pat} must be an object`);
    if (typeof p.id !== 'string' || typeof p.name !== 'string') problems.push(`${pat} needs an id and a name`);
    if (p.type !== 'SERVICE_CONTROL_POLICY' && p.type !== 'RESOURCE_CONTROL_POLICY') problems.push(`${pat}.type must be SERVICE_CONTROL_POLICY or RESOURCE_CONTROL_POLICY`);
    if (policyText(p.content) === undefined) problems.push(`${pat}.content must be a JSON object or its text`);
    if (!Array.isArray(p.targets) || p.targets.some((t) => !parents.has(t) && !accounts.has(t))) problems.push(`${pat}.targets must name the root, units or accounts`);
  });
  return problems;
}

/** Every problem in the scenario, each located by its JSON path. */
export function scenarioProblems(s: Scenario): string[] {
  if (typeof s !== 'object' || s === null || Array.isArray(s)) return ['the scenario must be a JSON object'];
  const lists = (['buckets', 'roles', 'managedPolicies', 'queues', 'faults'] as const).filter((k) => s[k] !== undefined && !Array.isArray(s[k]));
  if (lists.length > 0) return lists.map((k) => `${k} must be an array`);
  const problems: string[] = [];
  const account = s.accountId ?? '123456789012';
  if (!/^\d{12}$/.test(account)) problems.push('accountId must be 12 digits');
  if (s.replicationDelayMs !== undefined && !(typeof s.replicationDelayMs === 'number' && s.replicationDelayMs >= 0)) problems.push('replicationDelayMs must be a number >= 0');
  if (s.wrongRegion !== undefined && !['PermanentRedirect', 'AuthorizationHeaderMalformed'].includes(s.wrongRegion)) problems.push('wrongRegion must be PermanentRedirect or AuthorizationHeaderMalformed');
  if (s.trustPolicySizeQuota !== undefined && !(Number.isInteger(s.trustPolicySizeQuota) && s.trustPolicySizeQuota > 0)) problems.push('trustPolicySizeQuota must be a positive integer');
  const accountIds = new Set([account]);
  if (s.accounts !== undefined && !Array.isArray(s.accounts)) return ['accounts must be an array'];
  (s.accounts ?? []).forEach((a, i) => {
    if (!isObject(a)) return void problems.push(`accounts[${i}] must be an object`);
    if (typeof a.id !== 'string' || !/^\d{12}$/.test(a.id)) problems.push(`accounts[${i}].id must be 12 digits`);
    else if (accountIds.has(a.id)) problems.push(`accounts[${i}].id ${a.id} is used twice (the primary account is ${account})`);
    else accountIds.add(a.id);
    problems.push(...iamProblems(a, `accounts[${i}].`, a.id));
  });
  problems.push(...iamProblems(s, '', account));
  (s.keys ?? []).forEach((k, i) => problems.push(...keyProblems(k, `keys[${i}]`, accountIds)));
  if (s.organization !== undefined) problems.push(...organizationProblems(s.organization, accountIds));
  const names = new Set<string>();
  (s.buckets ?? []).forEach((b, i) => {
    problems.push(...bucketProblems(b, `buckets[${i}]`));
    if (!isObject(b)) return;
    if (names.has(b.name)) problems.push(`buckets[${i}].name ${b.name} is used twice`);
    names.add(b.name);
  });
  (s.queues ?? []).forEach((q, i) => problems.push(...queueProblems(q, `queues[${i}]`)));
  (s.buckets ?? []).forEach((b, i) => {
    if (isObject(b) && b.account !== undefined && !accountIds.has(b.account)) problems.push(`buckets[${i}].account ${b.account} is not the primary account nor one of accounts[].id`);
  });
  (s.faults ?? []).forEach((f, i) => {
    const problem = faultProblem(f, `faults[${i}]`);
    if (problem) problems.push(problem);
  });
  return problems;
}

function loadObjects(state: LoopbackState, bucket: BucketState, objects: ScenarioObject[], loadedAt: number): void {
  objects.forEach((o, i) => {
    const body = Buffer.from(o.body ?? '', 'utf8');
    const version = state.storeVersion(bucket, {
      key: o.key,
      body,
      etag: etagOf(body),
      contentType: o.contentType ?? 'text/plain',
      // Listed order is upload order: older objects first, one second apart (or as old as they say).
      lastModified: new Date(o.ageMinutes !== undefined ? loadedAt - o.ageMinutes * 60_000 : loadedAt - (objects.length - i) * 1000),
      tags: { ...o.tags },
      replicationStatus: o.replicationStatus,
      storageClass: o.storageClass === 'STANDARD' ? undefined : o.storageClass,
      archiveStatus: o.archiveStatus,
    });
    if (o.replicationStatus === undefined && !o.uploadedBeforeReplication && bucket.versioning === 'Enabled') state.replication.replicateNow(bucket, version, { at: version.lastModified.getTime() });
  });
}

function loadIam(account: IamAccount, holder: Pick<ScenarioAccount, 'roles' | 'managedPolicies'>, loadedAt: number): void {
  for (const p of holder.managedPolicies ?? []) {
    const path = p.path ?? '/';
    const arn = p.arn ?? account.policyArn(p.name, path);
    account.managedPolicies.set(arn, { arn, name: p.name, path, policyId: stableId('ANPA', arn), createDate: new Date(loadedAt), defaultVersionId: 'v1', document: policyText(p.document) as string });
  }
  for (const r of holder.roles ?? []) {
    const role = newRole(account, { name: r.name, path: r.path, trustPolicy: policyText(r.trustPolicy) as string, description: r.description, createDate: new Date(loadedAt) });
    for (const [name, doc] of Object.entries(r.inlinePolicies ?? {})) role.inlinePolicies.set(name, policyText(doc) as string);
    role.attachedPolicyArns.push(...(r.attachedPolicyArns ?? []));
    role.permissionsBoundaryArn = r.permissionsBoundary;
    account.roles.set(role.name, role);
  }
}

/** KMS's default key policy: the account's root (and through it the account's IAM policies) may do everything. */
export function defaultKeyPolicy(accountId: string): string {
  return JSON.stringify(
    { Version: '2012-10-17', Id: 'key-default-1', Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'kms:*', Resource: '*' }] },
    null,
    2,
  );
}

function uuidFrom(seed: string): string {
  const hex = stableId('', seed).toLowerCase().padEnd(32, '0');
  const digits = Buffer.from(seed).toString('hex').padEnd(32, '0').slice(0, 32);
  const mixed = [...digits].map((c, i) => (i % 3 === 0 ? c : (hex.charCodeAt(i % hex.length) % 16).toString(16))).join('');
  return `${mixed.slice(0, 8)}-${mixed.slice(8, 12)}-${mixed.slice(12, 16)}-${mixed.slice(16, 20)}-${mixed.slice(20, 32)}`;
}

function loadKey(state: LoopbackState, k: ScenarioKey, loadedAt: number): void {
  const account = state.iamAccount(k.account ?? state.accountId) ?? state;
  const region = k.region ?? 'us-east-1';
  const keyId = k.id ?? uuidFrom(`${account.accountId}:${region}:${k.aliases?.[0] ?? k.description ?? account.kmsKeys.size}`);
  const arn = `arn:aws:kms:${region}:${account.accountId}:key/${keyId}`;
  const state_ = k.state ?? 'Enabled';
  account.kmsKeys.set(keyId, {
    keyId,
    arn,
    accountId: account.accountId,
    region,
    state: state_,
    keySpec: k.keySpec ?? 'SYMMETRIC_DEFAULT',
    keyUsage: k.keyUsage ?? 'ENCRYPT_DECRYPT',
    multiRegion: k.multiRegion ?? false,
    keyManager: k.awsManaged ? 'AWS' : 'CUSTOMER',
    description: k.description ?? '',
    creationDate: new Date(loadedAt),
    deletionDate: state_ === 'PendingDeletion' ? new Date(loadedAt + 7 * 86_400_000) : undefined,
    policy: k.policy === undefined ? defaultKeyPolicy(account.accountId) : (policyText(k.policy) as string),
  });
  for (const alias of k.aliases ?? []) account.kmsAliases.set(`${region}/${alias}`, keyId);
}

function loadOrganization(state: LoopbackState, o: ScenarioOrganization): void {
  const rootId = o.rootId ?? 'r-root';
  const members = new Map<string, string>();
  for (const account of state.allAccounts()) members.set(account.accountId, o.parents?.[account.accountId] ?? rootId);
  state.organization = {
    id: o.id ?? 'o-loopback01',
    managementAccount: o.managementAccount ?? state.accountId,
    delegatedAdministrators: [...(o.delegatedAdministrators ?? [])],
    rootId,
    units: (o.units ?? []).map((u) => ({ id: u.id, name: u.name, parent: u.parent ?? rootId })),
    members,
    policies: (o.policies ?? []).map((p) => ({
      id: p.id,
      name: p.name,
      description: p.description ?? '',
      type: p.type,
      awsManaged: p.awsManaged ?? false,
      content: policyText(p.content) as string,
      targets: [...p.targets],
    })),
  };
}

/** Replaces the state (and the faults) with the scenario; throws ScenarioError listing every problem. */
export function loadScenario(state: LoopbackState, faults: FaultController, input: Scenario | string): void {
  const scenario = readScenario(input);
  const problems = scenarioProblems(scenario);
  if (problems.length > 0) throw new ScenarioError(`The scenario has ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
  state.clear();
  faults.clear();
  const loadedAt = Date.now();
  state.accountId = scenario.accountId ?? state.accountId;
  state.replicationDelayMs = scenario.replicationDelayMs ?? state.replicationDelayMs;
  state.wrongRegion = scenario.wrongRegion ?? state.wrongRegion;
  state.trustPolicySizeQuota = scenario.trustPolicySizeQuota ?? state.trustPolicySizeQuota;
  loadIam(state, scenario, loadedAt);
  for (const key of scenario.accessKeys ?? []) state.accessKeys.set(key, state.accountId);
  for (const [key, secret] of Object.entries(scenario.signingSecrets ?? {})) state.signingSecrets.set(key, secret);
  for (const a of scenario.accounts ?? []) {
    const account = new AccountState(a.id);
    account.name = a.name;
    account.email = a.email;
    account.trustPolicySizeQuota = a.trustPolicySizeQuota ?? account.trustPolicySizeQuota;
    state.accounts.set(a.id, account);
    loadIam(account, a, loadedAt);
    for (const key of a.accessKeys ?? []) state.accessKeys.set(key, a.id);
  }
  for (const q of scenario.queues ?? []) {
    const attributes = Object.fromEntries(Object.entries(q.attributes ?? {}).map(([k, v]) => [k, String(v)]));
    if (q.policy !== undefined) attributes.Policy = policyText(q.policy) as string;
    state.queues.create(q.region ?? 'us-east-1', q.name, attributes, loadedAt);
  }
  for (const k of scenario.keys ?? []) loadKey(state, k, loadedAt);
  if (scenario.organization) loadOrganization(state, scenario.organization);
  const buckets = (scenario.buckets ?? []).map((b): [BucketState, ScenarioObject[]] => {
    const objectLock = b.objectLock === true ? {} : b.objectLock || undefined;
    const bucket: BucketState = {
      name: b.name,
      region: b.region ?? 'us-east-1',
      creationDate: b.creationDate ? new Date(b.creationDate) : new Date(loadedAt),
      versioning: objectLock ? 'Enabled' : (b.versioning ?? 'Off'),
      replication: b.replication ? structuredClone(b.replication) : undefined,
      replicationExtraXml: b.replicationExtraXml?.map((x) => ({ ...x })),
      policy: b.policy === undefined ? undefined : policyText(b.policy),
      owner: b.account ?? state.accountId,
      requesterPays: b.requesterPays,
      ownership: b.ownershipControls === 'none' ? undefined : (b.ownershipControls ?? 'BucketOwnerEnforced'),
      objectLock,
      encryption: b.defaultEncryption ? { ...b.defaultEncryption } : { algorithm: 'AES256' },
      notification: b.notification ? notificationState(b.notification) : undefined,
      objects: new Map(),
      label: b.label,
    };
    state.addBucket(bucket);
    return [bucket, b.objects ?? []];
  });
  // Objects after every bucket exists, so that replication at load time finds its destinations.
  for (const [bucket, objects] of buckets) loadObjects(state, bucket, objects, loadedAt);
  for (const f of scenario.faults ?? []) faults.add(f);
}
