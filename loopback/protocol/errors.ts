/** AWS errors as each protocol puts them on the wire (S3 REST-XML, S3 Control, IAM/STS Query). */
import { randomBytes, randomUUID } from 'node:crypto';
import { documentXml, el, leaf } from './xml';

export type Service = 's3' | 's3control' | 'iam' | 'sts' | 'monitoring' | 'sqs' | 'kms' | 'organizations';

/** KMS and Organizations answer in AWS JSON 1.1 here (errors as `__type`), whatever the request. */
const isJson = (service: Service): boolean => service === 'kms' || service === 'organizations';

/** Services that answer in the Query style (request ids, error shapes), as opposed to S3's REST-XML. */
export function isQueryStyle(service: Service): boolean {
  return service !== 's3' && service !== 's3control';
}

export interface ErrorExtras {
  /** Extra children of `<Error>` (S3: BucketName, Key, Region, Endpoint...). */
  fields?: Record<string, string>;
  headers?: Record<string, string>;
  /** Query protocol fault side. */
  type?: 'Sender' | 'Receiver';
}

/** An AWS error response; handlers throw it and the server renders it for the request's service. */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly extras: ErrorExtras = {},
  ) {
    super(message);
  }
}

export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body?: string | Buffer;
}

export const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';
export const S3CONTROL_NAMESPACE = 'http://awss3control.amazonaws.com/doc/2018-08-20/';
export const QUERY_NAMESPACES: Record<'iam' | 'sts' | 'monitoring' | 'sqs', string> = {
  iam: 'https://iam.amazonaws.com/doc/2010-05-08/',
  sts: 'https://sts.amazonaws.com/doc/2011-06-15/',
  monitoring: 'http://monitoring.amazonaws.com/doc/2010-08-01/',
  sqs: 'http://queue.amazonaws.com/doc/2012-11-05/',
};

/** The IAM action prefix of a service's signing name (CloudWatch signs as `monitoring`). */
const ACTION_PREFIX: Partial<Record<Service, string>> = { monitoring: 'cloudwatch' };

/** Random bytes for request ids, drawn in blocks: a system call per answer cost more than the answer. */
let pool = Buffer.alloc(0);
let used = 0;
function random(n: number): Buffer {
  if (used + n > pool.length) {
    pool = randomBytes(64 * 1024);
    used = 0;
  }
  used += n;
  return pool.subarray(used - n, used);
}

/** S3-style request ids: 16 upper-case hex characters, plus the base64 extended id (`x-amz-id-2`). */
export function newRequestId(service: Service): string {
  return isQueryStyle(service) ? randomUUID() : random(8).toString('hex').toUpperCase();
}

export function requestIdHeaders(service: Service, requestId: string): Record<string, string> {
  if (isQueryStyle(service)) return { 'x-amzn-requestid': requestId };
  return { 'x-amz-request-id': requestId, 'x-amz-id-2': random(48).toString('base64') };
}

export function renderError(service: Service, err: AwsError, requestId: string, method: string): WireResponse {
  const headers = { ...requestIdHeaders(service, requestId), ...err.extras.headers };
  if (method === 'HEAD') return { status: err.status, headers };
  if (isJson(service)) {
    // JSON protocols: the code in `__type` (and x-amzn-ErrorType), the text in `message`.
    return {
      status: err.status,
      headers: { ...headers, 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': `${err.code}:` },
      body: JSON.stringify({ __type: err.code, message: err.message, ...err.extras.fields }),
    };
  }
  const fields = Object.entries(err.extras.fields ?? {}).map(([k, v]) => leaf(k, v));
  let body: string;
  if (service === 's3') {
    const hostId = headers['x-amz-id-2'];
    body = documentXml('Error', undefined, leaf('Code', err.code), leaf('Message', err.message), ...fields, leaf('RequestId', requestId), leaf('HostId', hostId));
  } else if (service === 's3control') {
    const hostId = headers['x-amz-id-2'];
    body = documentXml('ErrorResponse', undefined, el('Error', leaf('Code', err.code), leaf('Message', err.message), ...fields), leaf('RequestId', requestId), leaf('HostId', hostId));
  } else {
    const type = err.extras.type ?? (err.status >= 500 ? 'Receiver' : 'Sender');
    body = documentXml('ErrorResponse', QUERY_NAMESPACES[service as keyof typeof QUERY_NAMESPACES], el('Error', leaf('Type', type), leaf('Code', err.code), leaf('Message', err.message), ...fields), leaf('RequestId', requestId));
  }
  return { status: err.status, headers: { ...headers, 'content-type': isQueryStyle(service) ? 'text/xml' : 'application/xml' }, body };
}

/** Faults a test or scenario can inject, answered the way each service answers them. */
export type FaultError = 'AccessDenied' | 'SlowDown' | 'Throttling' | 'InternalError';

export function faultError(service: Service, kind: FaultError, operation: string, resource: string, accountId: string): AwsError {
  const query = isQueryStyle(service);
  if (isJson(service)) return jsonFault(service, kind, operation, resource, accountId);
  switch (kind) {
    case 'AccessDenied':
      if (query) {
        const action = `${ACTION_PREFIX[service] ?? service}:${operation}`;
        return new AwsError(
          'AccessDenied',
          `User: arn:aws:iam::${accountId}:user/loopback is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`,
          403,
        );
      }
      return new AwsError('AccessDenied', 'Access Denied', 403);
    case 'SlowDown':
    case 'Throttling':
      // Both names mean "throttle this call": each service answers with its own throttling error.
      return query ? new AwsError('Throttling', 'Rate exceeded', 400) : new AwsError('SlowDown', 'Please reduce your request rate.', 503);
    case 'InternalError':
      if (service === 'iam') return new AwsError('ServiceFailure', 'The request processing has failed because of an unknown error, exception or failure.', 500);
      if (service === 'sts') return new AwsError('InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.', 500);
      if (service === 'monitoring') return new AwsError('InternalServiceError', 'The request processing has failed because of an unknown error, exception, or failure.', 500);
      return new AwsError('InternalError', 'We encountered an internal error. Please try again.', 500);
  }
}

function jsonFault(service: Service, kind: FaultError, operation: string, resource: string, accountId: string): AwsError {
  switch (kind) {
    case 'AccessDenied':
      return service === 'kms'
        ? new AwsError('AccessDeniedException', `User: arn:aws:iam::${accountId}:user/loopback is not authorized to perform: kms:${operation} on resource: ${resource} because no identity-based policy allows the kms:${operation} action`, 400)
        : new AwsError('AccessDeniedException', "You don't have permissions to access this resource.", 400);
    case 'SlowDown':
    case 'Throttling':
      return service === 'kms' ? new AwsError('ThrottlingException', 'Rate exceeded', 400) : new AwsError('TooManyRequestsException', 'AWS Organizations can\'t complete your request because another request is already in progress. Try again later.', 400);
    case 'InternalError':
      return service === 'kms' ? new AwsError('KMSInternalException', 'An internal error occurred.', 500) : new AwsError('ServiceException', 'AWS Organizations can\'t complete your request because of an internal service error. Try again later.', 500);
  }
}
