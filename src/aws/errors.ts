/**
 * One typed error for every AWS call, so callers branch on `kind` instead of on SDK error classes.
 * Reads SDK errors by shape (`name`, `$metadata`), so this file needs no SDK import.
 */
import type { AwsFailure, FailureKind } from './types';

export class AwsCallError extends Error implements AwsFailure {
  readonly operation: string;
  readonly target?: string;
  readonly code: string;
  readonly kind: FailureKind;

  constructor(failure: AwsFailure, cause?: unknown) {
    super(failure.message, { cause });
    this.name = 'AwsCallError';
    this.operation = failure.operation;
    this.target = failure.target;
    this.code = failure.code;
    this.kind = failure.kind;
  }

  /** Plain data, for outcomes that are stored and shown. */
  toFailure(): AwsFailure {
    return { operation: this.operation, target: this.target, code: this.code, kind: this.kind, message: this.message };
  }
}

/** The SDK's words for an IAM Identity Center session that needs `aws sso login` (not missing credentials). */
export function isSsoSessionExpiry(message: string): boolean {
  return /\bsso\b/i.test(message) && /expired|refresh|invalid/i.test(message);
}

export function cancelledError(operation: string, target?: string): AwsCallError {
  return new AwsCallError({ operation, target, code: 'Cancelled', kind: 'cancelled', message: `${operation} was cancelled.` });
}

/**
 * Regions an account must enable before it can use them. Requests there from an account that has not
 * enabled them fail with credential-looking errors, which would send people hunting for a key problem.
 */
const OPT_IN_REGIONS = new Set([
  'af-south-1', 'ap-east-1', 'ap-east-2', 'ap-south-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5', 'ap-southeast-6',
  'ap-southeast-7', 'ca-west-1', 'eu-central-2', 'eu-south-1', 'eu-south-2', 'il-central-1', 'me-central-1', 'me-south-1', 'mx-central-1',
]);

export function isOptInRegion(region: string | undefined): boolean {
  return region !== undefined && OPT_IN_REGIONS.has(region);
}

const ACCESS_DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'AllAccessDisabled', 'UnauthorizedOperation', 'Forbidden']);
const THROTTLED = new Set(['SlowDown', 'Throttling', 'ThrottlingException', 'TooManyRequestsException', 'RequestLimitExceeded', 'ServiceUnavailable']);
const CREDENTIALS = new Set([
  'CredentialsProviderError', 'ExpiredToken', 'ExpiredTokenException', 'InvalidAccessKeyId', 'InvalidClientTokenId',
  'SignatureDoesNotMatch', 'InvalidToken', 'UnrecognizedClientException', 'TokenProviderError', 'InvalidGrantException',
]);
const NOT_FOUND = new Set(['NoSuchBucket', 'NoSuchEntity', 'NoSuchEntityException', 'NotFound', 'ReplicationConfigurationNotFoundError']);
const NETWORK = new Set(['TimeoutError', 'RequestTimeout', 'ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'socket hang up']);

interface SdkErrorShape {
  name?: string;
  code?: string;
  message?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number };
}

function codeOf(err: SdkErrorShape): string {
  // S3 answers some errors without a body (HEAD, 403 from a proxy): the SDK then names them by status only.
  const status = err.$metadata?.httpStatusCode;
  const name = err.Code ?? err.name ?? 'Error';
  if ((name === 'Unknown' || name === 'UnknownError' || name === 'Error') && status === 403) return 'AccessDenied';
  if ((name === 'Unknown' || name === 'UnknownError' || name === 'Error') && status === 404) return 'NotFound';
  if (name === 'Error' && err.code) return err.code;
  return name;
}

function kindOf(code: string, status: number | undefined, region: string | undefined): FailureKind {
  if (code === 'AbortError' || code === 'Cancelled') return 'cancelled';
  if (code === 'AllAccessDisabled' || (CREDENTIALS.has(code) && isOptInRegion(region) && code !== 'CredentialsProviderError' && code !== 'TokenProviderError')) return 'region-disabled';
  if (ACCESS_DENIED.has(code) || status === 403) return CREDENTIALS.has(code) ? 'credentials' : 'access-denied';
  if (CREDENTIALS.has(code)) return 'credentials';
  if (THROTTLED.has(code) || status === 429 || status === 503) return 'throttled';
  if (NOT_FOUND.has(code) || status === 404) return 'not-found';
  if (NETWORK.has(code)) return 'network';
  return 'service';
}

function sentence(kind: FailureKind, code: string, operation: string, detail: string, region: string | undefined): string {
  const about = detail ? `: ${detail.replace(/\s+$/, '')}` : '';
  switch (kind) {
    case 'access-denied':
      return `${operation} was denied (${code})${about}. Your credentials need permission for this call.`;
    case 'throttled':
      return `${operation} was throttled by AWS (${code}) and still failed after retries. Refresh later or lower s3ReplicationDoctor.concurrency.`;
    case 'credentials':
      return `${operation} could not be signed with your credentials (${code})${about}`;
    case 'region-disabled':
      return `${operation} failed in ${region ?? 'this Region'} (${code}). ${region && isOptInRegion(region) ? `${region} is an opt-in Region; it` : 'The Region'} may not be enabled for your account.`;
    case 'network':
      return `${operation} did not get an answer (${code})${about}. Check the network or the endpoint setting.`;
    case 'cancelled':
      return `${operation} was cancelled.`;
    default:
      return `${operation} failed (${code})${about}`;
  }
}

/**
 * A failing `credential_process` surfaces as Node's "Command failed: <the whole command line>" followed
 * by the process's stderr: arguments and stderr can hold secrets (tokens, passwords, vault paths), and
 * the message goes to the output channel and the status bar. Such a message is replaced by a sentence
 * that names no argument and quotes no output; anything else is kept.
 */
export function withoutCommandOutput(message: string): string {
  if (!/(^|\n|:\s*)Command failed:/.test(message)) return message;
  const exit = /\bexit code (\d+)/i.exec(message)?.[1];
  return `the profile's credential_process command failed${exit ? ` (exit code ${exit})` : ''}. Its command line and output are not shown here because they may hold secrets: run the command from your AWS config file in a terminal to see why`;
}

/** Maps anything an SDK call throws to an AwsCallError located by operation and target. */
export function toAwsCallError(err: unknown, operation: string, target?: string, region?: string): AwsCallError {
  if (err instanceof AwsCallError) return err;
  const e = (typeof err === 'object' && err !== null ? err : { message: String(err) }) as SdkErrorShape;
  const code = codeOf(e);
  const status = e.$metadata?.httpStatusCode;
  const kind = kindOf(code, status, region);
  const raw = e.message && e.message !== code && !/^UnknownError$/.test(e.message) ? e.message : '';
  const detail = kind === 'credentials' ? withoutCommandOutput(raw) : raw;
  // The cause is kept for the code that reads it (request ids, IAM's wording), except when it holds a command's output.
  const cause = detail !== raw ? Object.assign(new Error(detail), { name: e.name ?? 'Error' }) : err;
  // No stack of its own: it would point here, and a scan maps thousands of "not configured" answers.
  // The cause keeps the stack of what failed.
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new AwsCallError({ operation, target, code, kind, message: sentence(kind, code, operation, detail, region) }, cause);
  } finally {
    Error.stackTraceLimit = limit;
  }
}
