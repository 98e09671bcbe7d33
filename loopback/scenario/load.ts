/** Reads a scenario (object or JSON file), checks it with located messages, and puts it into the state. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { faultProblem, type FaultController } from '../faults';
import { newRole, ROLE_NAME } from '../iam/roles';
import { BUCKET_NAME, REGION } from '../s3/buckets';
import { configurationJsonProblem, extraXmlProblems } from '../s3/replicationShape';
import { etagOf, stableId, type BucketState, type LoopbackState } from '../state';
import type { Scenario, ScenarioBucket, ScenarioObject, ScenarioRole } from './types';

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
  });
  return problems;
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
  (r.attachedPolicyArns ?? []).forEach((arn, j) => {
    if (!policyArns.has(arn)) problems.push(`${at}.attachedPolicyArns[${j}] (${arn}) is not one of the scenario's managedPolicies`);
  });
  return problems;
}

/** Every problem in the scenario, each located by its JSON path. */
export function scenarioProblems(s: Scenario): string[] {
  if (typeof s !== 'object' || s === null || Array.isArray(s)) return ['the scenario must be a JSON object'];
  const lists = (['buckets', 'roles', 'managedPolicies', 'faults'] as const).filter((k) => s[k] !== undefined && !Array.isArray(s[k]));
  if (lists.length > 0) return lists.map((k) => `${k} must be an array`);
  const problems: string[] = [];
  const account = s.accountId ?? '123456789012';
  if (!/^\d{12}$/.test(account)) problems.push('accountId must be 12 digits');
  if (s.replicationDelayMs !== undefined && !(typeof s.replicationDelayMs === 'number' && s.replicationDelayMs >= 0)) problems.push('replicationDelayMs must be a number >= 0');
  if (s.wrongRegion !== undefined && !['PermanentRedirect', 'AuthorizationHeaderMalformed'].includes(s.wrongRegion)) problems.push('wrongRegion must be PermanentRedirect or AuthorizationHeaderMalformed');
  if (s.trustPolicySizeQuota !== undefined && !(Number.isInteger(s.trustPolicySizeQuota) && s.trustPolicySizeQuota > 0)) problems.push('trustPolicySizeQuota must be a positive integer');
  const policyArns = new Set<string>();
  (s.managedPolicies ?? []).forEach((p, i) => {
    if (!isObject(p)) return void problems.push(`managedPolicies[${i}] must be an object`);
    if (typeof p.name !== 'string' || !p.name) problems.push(`managedPolicies[${i}].name must be a policy name`);
    if (policyText(p.document) === undefined) problems.push(`managedPolicies[${i}].document must be a JSON object or its text`);
    policyArns.add(p.arn ?? `arn:aws:iam::${account}:policy${p.path ?? '/'}${p.name}`);
  });
  const names = new Set<string>();
  (s.buckets ?? []).forEach((b, i) => {
    problems.push(...bucketProblems(b, `buckets[${i}]`));
    if (!isObject(b)) return;
    if (names.has(b.name)) problems.push(`buckets[${i}].name ${b.name} is used twice`);
    names.add(b.name);
  });
  (s.roles ?? []).forEach((r, i) => problems.push(...roleProblems(r, `roles[${i}]`, policyArns)));
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
      // Listed order is upload order: older objects first, one second apart.
      lastModified: new Date(loadedAt - (objects.length - i) * 1000),
      tags: { ...o.tags },
      replicationStatus: o.replicationStatus,
    });
    if (o.replicationStatus === undefined && !o.uploadedBeforeReplication && bucket.versioning === 'Enabled') state.replication.replicateNow(bucket, version);
  });
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
  for (const p of scenario.managedPolicies ?? []) {
    const path = p.path ?? '/';
    const arn = p.arn ?? state.policyArn(p.name, path);
    state.managedPolicies.set(arn, { arn, name: p.name, path, policyId: stableId('ANPA', arn), createDate: new Date(loadedAt), defaultVersionId: 'v1', document: policyText(p.document) as string });
  }
  for (const r of scenario.roles ?? []) {
    const role = newRole(state, { name: r.name, path: r.path, trustPolicy: policyText(r.trustPolicy) as string, description: r.description, createDate: new Date(loadedAt) });
    for (const [name, doc] of Object.entries(r.inlinePolicies ?? {})) role.inlinePolicies.set(name, policyText(doc) as string);
    role.attachedPolicyArns.push(...(r.attachedPolicyArns ?? []));
    state.roles.set(role.name, role);
  }
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
      ownership: b.ownershipControls === 'none' ? undefined : (b.ownershipControls ?? 'BucketOwnerEnforced'),
      objectLock,
      encryption: b.defaultEncryption ? { ...b.defaultEncryption } : { algorithm: 'AES256' },
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
