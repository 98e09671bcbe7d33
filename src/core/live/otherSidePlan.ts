/**
 * Fixes on the other side of a cross-account pair, planned from the documents read just before:
 * the replication role added to the destination bucket policy, the role granted on the replica key's
 * policy, versioning on the destination. Each merges into the live document (appends a statement;
 * never removes or rewrites one) and runs with the destination account's credentials (`account`).
 */
import { parseDocument } from '../document';
import { evaluate } from '../iam/evaluate';
import { appendStatements } from '../iam/merge';
import { policyView } from '../iam/policy';
import { listSome } from './listText';
import { planEnableVersioning } from './versioningPlan';
import { prettyJson, refusedPlan, type WritePlan } from './writePlan';
import type { VersioningState } from '../facts';

export interface DestinationPolicyRequest {
  bucket: string;
  region?: string;
  /** Owner of the destination (whose credentials write). */
  account: string;
  roleArn: string;
  /** Actions the role needs on the destination's objects: s3:ReplicateObject, and s3:ReplicateDelete / s3:ObjectOwnerOverrideToBucketOwner where the rules need them. */
  actions: string[];
  /** The live policy text; undefined when the bucket has none. */
  policy?: string;
}

const sidFor = (prefix: string, roleArn: string): string => `${prefix}${roleArn.split(':')[4] ?? ''}`.replace(/[^A-Za-z0-9]/g, '');

/** What the live policy already allows the role (an unconditional Allow and no Deny). */
function missingActions(text: string | undefined, uri: string, kind: 'bucket-policy' | 'key-policy', roleArn: string, actions: string[], resource: string): { missing: string[]; denied: string[] } {
  if (!text) return { missing: actions, denied: [] };
  const view = policyView(parseDocument({ uri, text, kind }));
  if (!view) return { missing: actions, denied: [] };
  const principal = { arn: roleArn, account: roleArn.split(':')[4] };
  const missing: string[] = [];
  const denied: string[] = [];
  for (const action of actions) {
    const e = evaluate([view], { action, resource, principal });
    if (e.decision === 'denied') denied.push(action);
    else if (e.decision !== 'allowed') missing.push(action);
  }
  return { missing, denied };
}

export function planDestinationPolicy(req: DestinationPolicyRequest): WritePlan {
  const title = `Allow the replication role in the bucket policy of ${req.bucket} (account ${req.account})`;
  const resource = `arn:aws:s3:::${req.bucket}/*`;
  const { missing, denied } = missingActions(req.policy, `live:${req.bucket}/policy.json`, 'bucket-policy', req.roleArn, req.actions, resource);
  if (denied.length > 0) {
    return refusedPlan(title, `The bucket policy of ${req.bucket} explicitly denies the role ${listSome(denied)}; an Allow cannot override a Deny. Exempt the role from that Deny by hand.`);
  }
  if (missing.length === 0) return { title, steps: [], warnings: [], losses: [] };
  const statement = { Sid: sidFor('ReplicationFrom', req.roleArn), Effect: 'Allow', Principal: { AWS: req.roleArn }, Action: missing.length === 1 ? missing[0] : missing, Resource: resource };
  const after = req.policy ? appendStatements(req.policy, [statement]) : prettyJson({ Version: '2012-10-17', Statement: [statement] });
  return {
    title,
    steps: [
      { api: 'PutBucketPolicy', title: `PutBucketPolicy on ${req.bucket} in account ${req.account}`, bucket: req.bucket, region: req.region, account: req.account, policy: after, before: req.policy ?? '', after, previewName: 'bucket-policy.json' },
    ],
    warnings: req.policy ? [] : [`${req.bucket} has no bucket policy yet: this creates one with the single statement shown.`],
    losses: [],
  };
}

export interface KeyGrantRequest {
  keyArn: string;
  region: string;
  account: string;
  roleArn: string;
  /** kms:Encrypt and kms:GenerateDataKey; kms:Decrypt too with S3 Bucket Keys on the destination. */
  actions: string[];
  policy: string;
}

export function planReplicaKeyGrant(req: KeyGrantRequest): WritePlan {
  const title = `Allow the replication role to use key ${req.keyArn.slice(req.keyArn.indexOf('key/'))} (account ${req.account})`;
  const { missing, denied } = missingActions(req.policy, `live:${req.keyArn}/key-policy.json`, 'key-policy', req.roleArn, req.actions, req.keyArn);
  if (denied.length > 0) return refusedPlan(title, `The key policy explicitly denies the role ${listSome(denied)}; an Allow cannot override a Deny. Exempt the role from that Deny by hand.`);
  if (missing.length === 0) return { title, steps: [], warnings: [], losses: [] };
  const statement = { Sid: sidFor('ReplicationRole', req.roleArn), Effect: 'Allow', Principal: { AWS: req.roleArn }, Action: missing.length === 1 ? missing[0] : missing, Resource: '*' };
  const after = appendStatements(req.policy, [statement]);
  return {
    title,
    steps: [{ api: 'PutKeyPolicy', title: `PutKeyPolicy on ${req.keyArn}`, keyArn: req.keyArn, region: req.region, account: req.account, policy: after, before: req.policy, after, previewName: 'key-policy.json' }],
    warnings: [],
    losses: [],
  };
}

export function planDestinationVersioning(bucket: string, region: string | undefined, account: string | undefined, current: VersioningState | undefined): WritePlan {
  const plan = planEnableVersioning({ bucket, region, current, side: 'destination' });
  if (!account) return plan;
  return { ...plan, title: `${plan.title} (account ${account})`, steps: plan.steps.map((s) => ({ ...s, account, title: `${s.title} (account ${account})` })) };
}
