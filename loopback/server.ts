/**
 * The HTTP side: one server on 127.0.0.1 for S3, S3 Control, IAM and STS. Each request is routed to an
 * operation, counted, checked for a signature, put through the faults in force, and answered the way
 * the service answers, errors included.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { CLOUDWATCH, routeCloudWatch } from './cloudwatch/router';
import { routeQuery, queryServiceOf } from './iam/router';
import { AwsError, faultError, isQueryStyle, newRequestId, renderError, requestIdHeaders, type Service, type WireResponse } from './protocol/errors';
import { header, readBody, toRequest, type LoopbackRequest, type Operation } from './protocol/request';
import { expectedSignature, parseAmzDate, sameSignature, type SigV4Scope } from './protocol/sigv4';
import type { FaultController } from './faults';
import { looksLike } from './protocol/rpc';
import { routeS3 } from './s3/router';
import { routeS3Control } from './s3control/jobs';
import { routeSqs, SQS } from './sqs/router';
import { jsonServiceOf } from './protocol/json';
import { routeKms } from './kms/router';
import { routeOrganizations } from './organizations/router';
import type { LoopbackState } from './state';

/** One answered request, for logs. */
export interface RequestLogEntry {
  service: Service;
  operation: string;
  bucket?: string;
  status: number;
  /** AWS error code of an error answer. */
  error?: string;
  /** The connection was dropped by a fault. */
  dropped?: boolean;
}

export interface RunningServer {
  url: string;
  port: number;
  requestCount(operation?: string): number;
  close(): Promise<void>;
}

/** The service an unsigned request meant, from what its protocol puts in it (it names no credential scope). */
function unsignedService(req: LoopbackRequest): string {
  if (looksLike(req, CLOUDWATCH.target)) return 'monitoring';
  if (looksLike(req, SQS.target)) return 'sqs';
  return queryServiceOf(req) ?? 's3';
}

function route(req: LoopbackRequest): Operation {
  if (req.rawPath.startsWith('/v20180820/')) return routeS3Control(req);
  const service = req.auth.kind === 'signed' ? req.auth.scope.service : (jsonServiceOf(req) ?? unsignedService(req));
  if (service === 'iam' || service === 'sts') return routeQuery(service, req);
  if (service === 'monitoring') return routeCloudWatch(req);
  if (service === 'sqs') return routeSqs(req);
  if (service === 'kms') return routeKms(req);
  if (service === 'organizations') return routeOrganizations(req);
  if (service === 's3') return routeS3(req);
  return {
    service: 's3',
    name: 'Unknown',
    run: () => {
      throw new AwsError('InvalidRequest', `The loopback endpoint serves s3, iam, sts, monitoring (CloudWatch), sqs, kms and organizations; this request is signed for '${service}'.`, 400);
    },
  };
}

/** Rejects what AWS rejects before it looks at the operation: unsigned and malformed requests. */
function checkSignature(op: Operation, req: LoopbackRequest, state: LoopbackState): string {
  const query = isQueryStyle(op.service);
  const json = op.service === 'kms' || op.service === 'organizations';
  const auth = req.auth;
  if (json && auth.kind !== 'signed') throw new AwsError('MissingAuthenticationTokenException', 'Missing Authentication Token', 400);
  switch (auth.kind) {
    case 'anonymous':
      throw query ? new AwsError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403) : new AwsError('AccessDenied', 'Access Denied', 403);
    case 'unsupported':
      throw query
        ? new AwsError('IncompleteSignature', `The authorization scheme '${auth.scheme}' is not supported; sign requests with AWS4-HMAC-SHA256.`, 400)
        : new AwsError('InvalidRequest', 'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.', 400);
    case 'malformed':
      throw query ? new AwsError('IncompleteSignature', auth.reason, 400) : new AwsError('AuthorizationHeaderMalformed', `The authorization header is malformed; ${auth.reason}`, 400);
    case 'signed':
      if (!query && !auth.scope.presigned && !header(req, 'x-amz-content-sha256')) {
        throw new AwsError('InvalidRequest', 'Missing required header for this request: x-amz-content-sha256', 400);
      }
      // IAM is a global service whose requests are signed for us-east-1 (in the aws partition).
      if ((op.service === 'iam' || op.service === 'organizations') && auth.scope.region !== 'us-east-1') {
        throw new AwsError('SignatureDoesNotMatch', `Credential should be scoped to a valid region, not '${auth.scope.region}'. `, 403);
      }
      verifySignature(op, req, state, auth.scope);
      return auth.scope.region;
  }
}

/** How long a signed request stays valid either side of the server's clock (AWS: 15 minutes). */
const SKEW_LIMIT_MS = 15 * 60_000;

/**
 * For keys whose secret the endpoint knows: the signature AWS would compute, the session token that
 * goes with the key, and the request time, each refused with the error the service sends.
 */
function verifySignature(op: Operation, req: LoopbackRequest, state: LoopbackState, scope: SigV4Scope): void {
  const known = state.signingSecret(scope.accessKeyId);
  if (!known) return;
  const json = op.service === 'kms' || op.service === 'organizations';
  const s3 = !isQueryStyle(op.service);
  const token = header(req, 'x-amz-security-token') ?? req.query.get('X-Amz-Security-Token') ?? undefined;
  if (known.sessionToken !== undefined && token !== known.sessionToken) {
    if (s3) throw token === undefined ? new AwsError('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', 403) : new AwsError('InvalidToken', 'The provided token is malformed or otherwise invalid.', 400);
    throw json ? new AwsError('UnrecognizedClientException', 'The security token included in the request is invalid.', 400) : new AwsError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403);
  }
  const expected = expectedSignature(req, scope, known.secretAccessKey);
  if (!expected || !sameSignature(expected.signature, expected.given)) {
    const message = s3
      ? 'The request signature we calculated does not match the signature you provided. Check your key and signing method.'
      : 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
    throw json ? new AwsError('InvalidSignatureException', message, 400) : new AwsError('SignatureDoesNotMatch', message, 403);
  }
  if (!scope.presigned) {
    const sent = parseAmzDate(header(req, 'x-amz-date') ?? header(req, 'date') ?? '');
    if (!(Math.abs(Date.now() + state.clockOffsetMs - sent) <= SKEW_LIMIT_MS)) {
      if (s3) throw new AwsError('RequestTimeTooSkewed', 'The difference between the request time and the current time is too large.', 403);
      const message = `Signature expired: ${header(req, 'x-amz-date')} is now earlier or later than the allowed 15 minutes around ${new Date(Date.now() + state.clockOffsetMs).toISOString()}.`;
      throw json ? new AwsError('InvalidSignatureException', message, 400) : new AwsError('SignatureDoesNotMatch', message, 403);
    }
  }
}

function faultResource(op: Operation, req: LoopbackRequest): string {
  if (op.bucket) return `arn:aws:s3:::${op.bucket}`;
  const params = op.service === 'iam' ? new URLSearchParams(req.body.toString('utf8')) : undefined;
  const role = params?.get('RoleName');
  return role ? `role ${role}` : (params?.get('PolicyArn') ?? '*');
}

export function startServer(state: LoopbackState, faults: FaultController, port: number, onRequest?: (entry: RequestLogEntry) => void): Promise<RunningServer> {
  const counts = new Map<string, number>();
  const sockets = new Set<Socket>();
  const timers = new Set<{ timer: NodeJS.Timeout; done: () => void }>();
  /** Requests a `hang` fault holds: released (their sockets destroyed) when the endpoint closes. */
  const hung = new Set<() => void>();
  let endpointHost = '127.0.0.1';

  const delay = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          timers.delete(entry);
          resolve();
        }, ms),
        done: resolve,
      };
      timers.add(entry);
    });

  async function handle(message: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const arrived = performance.now();
    let service: Service = 's3';
    let requestId = newRequestId(service);
    let response: WireResponse;
    let op: Operation | undefined;
    let errorCode: string | undefined;
    let changes: ((state: LoopbackState) => void)[] = [];
    try {
      const req = toRequest(message, await readBody(message));
      op = route(req);
      service = op.service;
      requestId = newRequestId(service);
      counts.set(op.name, (counts.get(op.name) ?? 0) + 1);
      const region = checkSignature(op, req, state);
      const fault = faults.decide(op.name, op.bucket);
      changes = fault.changes;
      // Latency is the service's time to answer, counted from the request's arrival: the endpoint's own
      // reading and checking is part of it, as AWS's is part of what a client measures.
      if (fault.latencyMs > 0) await delay(Math.max(0, fault.latencyMs - (performance.now() - arrived)));
      if (fault.hang) {
        // No answer, ever: the client's own timeout is what ends it (or the endpoint closing).
        await new Promise<void>((release) => {
          const done = () => {
            hung.delete(done);
            release();
          };
          hung.add(done);
          message.socket.once('close', done);
        });
        onRequest?.({ service, operation: op.name, bucket: op.bucket, status: 0, dropped: true });
        return;
      }
      if (fault.drop || res.destroyed) {
        message.socket.destroy();
        onRequest?.({ service, operation: op.name, bucket: op.bucket, status: 0, dropped: true });
        return;
      }
      if (fault.error) throw faultError(service, fault.error, op.name, faultResource(op, req), state.callerFor(req.auth.kind === 'signed' ? req.auth.scope.accessKeyId : undefined).account.accountId);
      state.replication.settle();
      const caller = state.callerFor(req.auth.kind === 'signed' ? req.auth.scope.accessKeyId : undefined);
      response = await op.run({ req, state, requestId, region, endpointHost, caller });
      response = { ...response, headers: { ...requestIdHeaders(service, requestId), ...response.headers } };
    } catch (err) {
      if (!(err instanceof AwsError)) console.error('loopback: unexpected failure', err);
      const awsError = err instanceof AwsError ? err : new AwsError('InternalError', 'We encountered an internal error. Please try again.', 500);
      response = op?.renderError ? op.renderError(awsError, requestId) : renderError(service, awsError, requestId, message.method ?? 'GET');
      errorCode = awsError.code;
    }
    // The answer (error or not) was built from the state as it was: a concurrent writer changes it now.
    for (const change of changes) change(state);
    onRequest?.({ service, operation: op?.name ?? 'Unknown', bucket: op?.bucket, status: response.status, error: errorCode });
    const body = response.body ?? '';
    const headers: Record<string, string> = { server: isQueryStyle(service) ? 'AmazonAWS' : 'AmazonS3', date: new Date(Date.now() + state.clockOffsetMs).toUTCString(), ...response.headers };
    headers['content-length'] ??= String(Buffer.byteLength(body));
    res.writeHead(response.status, headers);
    res.end(message.method === 'HEAD' ? undefined : body);
  }

  const server = http.createServer((message, res) => {
    handle(message, res).catch((err: unknown) => {
      // Only a throwing onRequest callback gets here: the answer may be half-written, so end the connection.
      console.error('loopback: request handling failed', err);
      res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      const actual = (server.address() as AddressInfo).port;
      endpointHost = `127.0.0.1:${actual}`;
      resolve({
        url: `http://127.0.0.1:${actual}`,
        port: actual,
        requestCount: (operation) => (operation === undefined ? [...counts.values()].reduce((a, b) => a + b, 0) : (counts.get(operation) ?? 0)),
        close: () =>
          new Promise<void>((done) => {
            // Requests held by latency faults end now (their sockets go with the server).
            for (const entry of timers) {
              clearTimeout(entry.timer);
              entry.done();
            }
            timers.clear();
            for (const release of hung) release();
            server.close(() => done());
            for (const socket of sockets) socket.destroy();
          }),
      });
    });
  });
}
