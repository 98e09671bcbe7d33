/**
 * A failed write, said so that the user can act: an AccessDenied names the permission their own
 * identity lacks (derived from the call, or read from IAM's message when it names it), S3's refusals
 * of a replication configuration name the bucket to fix, and throttling says it was retried.
 */
import { callerPermissions, type CallContext, type CallerPermission } from '../../core/live/callerPermissions';
import { AwsCallError, toAwsCallError } from '../errors';
import type { FailureKind } from '../types';

export type NextStep = { kind: 'enableVersioning'; bucket: string } | { kind: 'copyPermissions'; statement: string } | { kind: 'retry' };

export interface WriteFailure {
  operation: string;
  code: string;
  kind: FailureKind;
  message: string;
  /** Actions the command offers beside the message. */
  next: NextStep[];
  requestId?: string;
}

export interface ErrorContext extends CallContext {
  /** The caller's ARN, to say whose permissions are missing. */
  identity?: string;
  /** Destination buckets of a configuration being written. */
  destinations?: string[];
  /** The source bucket of a configuration being written. */
  source?: string;
}

/** IAM names the missing action itself: "... is not authorized to perform: iam:PutRolePolicy on resource: role x ...". */
function namedByIam(message: string): CallerPermission | undefined {
  const m = /not authorized to perform: ([\w-]+:[\w*]+) on resource: (?:role )?(\S+?)(?: because|$|\s)/.exec(message);
  return m ? { action: m[1], resource: m[2] } : undefined;
}

function statement(perms: readonly CallerPermission[]): string {
  const byResource = new Map<string, string[]>();
  for (const p of perms) byResource.set(p.resource, [...(byResource.get(p.resource) ?? []), p.action]);
  const Statement = [...byResource].map(([resource, actions]) => ({ Effect: 'Allow', Action: actions.length === 1 ? actions[0] : actions, Resource: resource }));
  return JSON.stringify({ Version: '2012-10-17', Statement }, null, 2);
}

function requestIdOf(err: AwsCallError): string | undefined {
  return (err.cause as { $metadata?: { requestId?: string } } | undefined)?.$metadata?.requestId;
}

function attemptsOf(err: AwsCallError): number | undefined {
  return (err.cause as { $metadata?: { attempts?: number } } | undefined)?.$metadata?.attempts;
}

/** S3's literal refusals of PutBucketReplication that point at a bucket's state. */
function replicationRefusal(err: AwsCallError, ctx: ErrorContext): { message: string; next: NextStep[] } | undefined {
  const text = (err.cause as { message?: string } | undefined)?.message ?? err.message;
  const dests = ctx.destinations ?? [];
  const named = dests.length === 1 ? `The destination bucket ${dests[0]}` : `A destination bucket (${dests.join(', ') || 'unknown'})`;
  if (/Destination bucket must exist/i.test(text)) {
    return { message: `${named} does not exist (S3: "Destination bucket must exist."). Create it, or correct Destination.Bucket, then write the configuration again.`, next: [] };
  }
  if (/Destination bucket must have versioning enabled/i.test(text)) {
    return {
      message: `${named} does not have versioning enabled, or does not exist (S3: "Destination bucket must have versioning enabled."). Enable versioning on it first.`,
      next: dests.map((bucket) => ({ kind: 'enableVersioning' as const, bucket })),
    };
  }
  if (/Versioning must be 'Enabled' on the bucket/i.test(text) && ctx.source) {
    return { message: `Versioning is not enabled on ${ctx.source} (S3: "Versioning must be 'Enabled' on the bucket to apply a replication configuration"). Enable it first.`, next: [{ kind: 'enableVersioning', bucket: ctx.source }] };
  }
  return undefined;
}

export function explainWriteError(raw: unknown, ctx: ErrorContext): WriteFailure {
  const err = raw instanceof AwsCallError ? raw : toAwsCallError(raw, ctx.operation, ctx.bucket ?? ctx.roleName, ctx.region);
  const base = { operation: err.operation, code: err.code, kind: err.kind, requestId: requestIdOf(err) };
  const who = ctx.identity ? `Your identity ${ctx.identity}` : 'Your AWS identity';
  if (err.kind === 'access-denied') {
    const derived = callerPermissions(ctx);
    const named = namedByIam((err.cause as { message?: string } | undefined)?.message ?? '');
    // IAM names the resource by ARN or as "role NAME"; the ARN is what a policy needs.
    if (named && !named.resource.startsWith('arn:')) named.resource = derived.find((p) => p.action === named.action)?.resource ?? derived[0]?.resource ?? named.resource;
    const perms = named ? [named] : derived;
    if (perms.length === 0) return { ...base, message: err.message, next: [] };
    const list = perms.map((p) => `${p.action} on ${p.resource}`).join(perms.length > 2 ? ', ' : ' and ');
    const which = named || perms.length === 1 ? `lacks ${list}` : `needs ${list}; at least one of them is missing`;
    return { ...base, message: `${err.operation} was denied (${err.code}). ${who} ${which}. Ask an administrator to grant ${named || perms.length === 1 ? 'it' : 'them'}, or use a profile that has ${named || perms.length === 1 ? 'it' : 'them'}.`, next: [{ kind: 'copyPermissions', statement: statement(perms) }] };
  }
  if (err.kind === 'throttled') {
    const attempts = attemptsOf(err);
    return { ...base, message: `AWS throttled ${err.operation} (${err.code}); it was retried${attempts ? ` ${attempts} times in all` : ''} and still refused, so nothing more was sent. Try again in a minute.`, next: [{ kind: 'retry' }] };
  }
  if (err.operation === 'PutBucketReplication' && err.code === 'InvalidRequest') {
    const refusal = replicationRefusal(err, ctx);
    if (refusal) return { ...base, ...refusal };
  }
  const said = (err.cause as { message?: string } | undefined)?.message ?? '';
  if (err.code === 'LimitExceeded') {
    const what =
      err.operation === 'PutRolePolicy'
        ? `the role's inline policies together would be over IAM's size limit`
        : err.operation === 'UpdateAssumeRolePolicy' || err.operation === 'CreateRole'
          ? `the trust policy would be over your account's trust policy size quota`
          : err.operation === 'CreatePolicy'
            ? 'the managed policy would be over IAM\'s size limit'
            : 'an IAM quota would be exceeded';
    return { ...base, message: `IAM refused ${err.operation}: ${what} (LimitExceeded${said ? `: "${said}"` : ''}). That document was not changed.`, next: [] };
  }
  if (err.code === 'MalformedPolicyDocument') return { ...base, message: `IAM refused the policy document of ${err.operation} as malformed (MalformedPolicyDocument${said ? `: "${said}"` : ''}). Nothing was changed by that call.`, next: [] };
  if (err.code === 'EntityAlreadyExists') return { ...base, message: `${err.operation} found that ${err.target ?? 'it'} already exists (EntityAlreadyExists): someone created it since the preview. Run the command again to plan from what is there now.`, next: [] };
  if (err.code === 'NoSuchBucket') return { ...base, message: `The bucket ${ctx.bucket ?? err.target ?? ''} does not exist (NoSuchBucket).`, next: [] };
  if (err.code === 'NoSuchEntity') return { ...base, message: `The role ${ctx.roleName ?? err.target ?? ''} does not exist (NoSuchEntity); refresh and plan again.`, next: [] };
  return { ...base, message: err.message, next: [] };
}
