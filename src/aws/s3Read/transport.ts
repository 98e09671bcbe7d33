/**
 * Signed GET and HEAD requests to S3 without the SDK's per-call machinery: the client's credentials,
 * endpoint rules and clock offset, the factory's keep-alive pool and request limiter, the SDK's
 * timeouts, and its standard retry policy (throttling and transient errors, `maxAttempts`, backoff with
 * full jitter, the retry quota, clock-skew correction). Errors are thrown in the SDK's shape (`name` is
 * S3's `<Code>`, `$metadata.httpStatusCode`), so errors.ts reads them as it reads the SDK's.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { request as httpRequest, type Agent as HttpAgent, type IncomingMessage } from 'node:http';
import { request as httpsRequest, type Agent as HttpsAgent } from 'node:https';
import type { Limiter } from '../limiter';
import type { BucketAddress } from './endpoint';
import { SigV4Signer, type SigningCredentials } from './sigv4';
import { parseXml, child } from './xml';

export interface TransportOptions {
  client: S3Client;
  agents: [HttpAgent, HttpsAgent];
  limiter?: Limiter;
  maxAttempts: number;
  connectionTimeoutMs: number;
  requestTimeoutMs: number;
}

export interface S3Answer {
  status: number;
  headers: IncomingMessage['headers'];
  body: string;
}

/** An error as the SDK throws it; errors.ts reads `name`, `message`, `code` and `$metadata`. */
export interface SdkShapedError extends Error {
  code?: string;
  $metadata: { httpStatusCode?: number; requestId?: string; extendedRequestId?: string; attempts?: number; clockSkewCorrected?: boolean };
  $response?: { statusCode: number; headers: IncomingMessage['headers'] };
}

// The SDK's standard retry policy (@smithy/core retry, as bundled): which errors, how long, how many.
const THROTTLING = new Set([
  'BandwidthLimitExceeded', 'EC2ThrottledException', 'LimitExceededException', 'PriorRequestNotComplete', 'ProvisionedThroughputExceededException',
  'RequestLimitExceeded', 'RequestThrottled', 'RequestThrottledException', 'SlowDown', 'ThrottledException', 'Throttling', 'ThrottlingException',
  'TooManyRequestsException', 'TransactionInProgressException',
]);
const TRANSIENT = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);
const TRANSIENT_STATUS = new Set([500, 502, 503, 504]);
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const TIMEOUT_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT']);
const BASE_DELAY_MS = 50;
const THROTTLING_BASE_DELAY_MS = 1_000;
const MAX_DELAY_MS = 20_000;
const INITIAL_CAPACITY = 500;
const TRANSIENT_COST = 14;
const THROTTLING_COST = 5;
/** The SDK corrects its clock when a signed request's error says the clock is off by 4 minutes or more. */
const SKEW_THRESHOLD_MS = 240_000;

/** The SDK refreshes credentials that expire within five minutes. */
const CREDENTIALS_REFRESH_MS = 300_000;

const USER_AGENT = 's3-replication-doctor (lean S3 reads)';

function isThrottling(err: SdkShapedError): boolean {
  return err.$metadata.httpStatusCode === 429 || THROTTLING.has(err.name);
}

function isTransient(err: SdkShapedError): boolean {
  if (err.name === 'AbortError') return false;
  return (
    err.$metadata.clockSkewCorrected === true ||
    TRANSIENT.has(err.name) ||
    NETWORK_CODES.has(err.code ?? '') ||
    TRANSIENT_STATUS.has(err.$metadata.httpStatusCode ?? 0)
  );
}

function abortError(): Error {
  return Object.assign(new Error('Request aborted'), { name: 'AbortError' });
}

/**
 * Most error answers are states ("no policy", "no Object Lock"), thousands in a scan; their stack would
 * point into this file and cost more than the rest of the answer's handling, so they carry none.
 */
function sdkError(name: string, message: string, extra: Partial<SdkShapedError> = {}): SdkShapedError {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return Object.assign(new Error(message), { name, $metadata: {}, ...extra }) as SdkShapedError;
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** S3's error answer as the SDK names it: `<Error><Code>` (or a bare `<Code>`), else `NotFound` for 404, else `Unknown`. */
export function errorFromAnswer(answer: S3Answer): SdkShapedError {
  let code: string | undefined;
  let message: string | undefined;
  let requestId: string | undefined;
  if (answer.body.trim()) {
    try {
      const root = parseXml(answer.body);
      const error = root.name === 'Error' ? root : (child(root, 'Error') ?? root);
      code = child(error, 'Code')?.text;
      message = child(error, 'Message')?.text;
      requestId = child(error, 'RequestId')?.text ?? child(root, 'RequestId')?.text;
    } catch {
      // A proxy's HTML page or a cut answer: named by its status, as the SDK names it.
    }
  }
  code ??= answer.status === 404 ? 'NotFound' : 'Unknown';
  const header = (name: string) => {
    const v = answer.headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  return sdkError(code, message ?? 'UnknownError', {
    $metadata: { httpStatusCode: answer.status, requestId: header('x-amz-request-id') ?? requestId, extendedRequestId: header('x-amz-id-2') },
    $response: { statusCode: answer.status, headers: answer.headers },
  });
}

export class S3ReadTransport {
  private readonly signers = new Map<string, SigV4Signer>();
  private capacity = INITIAL_CAPACITY;

  constructor(private readonly o: TransportOptions) {}

  private signer(region: string, service: string): SigV4Signer {
    const key = `${region}/${service}`;
    let s = this.signers.get(key);
    if (!s) this.signers.set(key, (s = new SigV4Signer(region, service)));
    return s;
  }

  private held?: SigningCredentials & { expiration?: Date };

  /**
   * The client's credentials, asked of its provider again only when they expire within five minutes
   * (when the SDK's own memo refreshes them): the provider's wrapper allocates per call, on every request.
   */
  private async credentials(): Promise<SigningCredentials> {
    const held = this.held;
    if (held && (!held.expiration || held.expiration.getTime() - Date.now() > CREDENTIALS_REFRESH_MS)) return held;
    this.held = (await this.o.client.config.credentials()) as SigningCredentials & { expiration?: Date };
    return this.held;
  }

  private get clockOffset(): number {
    return (this.o.client.config as { systemClockOffset?: number }).systemClockOffset ?? 0;
  }

  private set clockOffset(value: number) {
    (this.o.client.config as { systemClockOffset?: number }).systemClockOffset = value;
  }

  /** The clock offset a response's Date header implies (the SDK's rule: ignored for cached answers or slow requests). */
  private sampleClock(headers: IncomingMessage['headers'], sentAt: number): number {
    const date = headers.date;
    const server = date ? Date.parse(date) : NaN;
    const received = Date.now();
    if (headers.age !== undefined || Number.isNaN(server) || received - sentAt > 900_000) return this.clockOffset;
    return server - received;
  }

  /**
   * Sends `method` to the bucket's subresource, with retries, and answers a 2xx response; any other
   * status is thrown as the SDK would throw it.
   */
  async send(address: BucketAddress, method: 'GET' | 'HEAD', query: [string, string][], headers: Record<string, string>, signal: AbortSignal): Promise<S3Answer> {
    const maxAttempts = Math.max(1, this.o.maxAttempts);
    let retryCost: number | undefined;
    for (let attempt = 1; ; attempt++) {
      if (signal.aborted) throw abortError();
      let error: SdkShapedError;
      try {
        const answer = await this.attempt(address, method, query, headers, signal);
        // Refunds what the retry cost, or one token for a first-attempt success (the SDK's quota).
        this.capacity = Math.min(INITIAL_CAPACITY, this.capacity + (retryCost ?? 1));
        return answer;
      } catch (err) {
        error = err as SdkShapedError;
        error.$metadata ??= {};
        error.$metadata.attempts = attempt;
      }
      const throttled = isThrottling(error);
      const retryable = throttled || isTransient(error);
      const cost = throttled ? THROTTLING_COST : TRANSIENT_COST;
      if (!retryable || attempt >= maxAttempts || this.capacity < cost || signal.aborted) throw error;
      this.capacity -= cost;
      retryCost = cost;
      const base = throttled ? THROTTLING_BASE_DELAY_MS : BASE_DELAY_MS;
      await sleep(Math.floor(Math.random() * Math.min(base * 2 ** (attempt - 1), MAX_DELAY_MS)), signal);
    }
  }

  private async attempt(address: BucketAddress, method: 'GET' | 'HEAD', query: [string, string][], headers: Record<string, string>, signal: AbortSignal): Promise<S3Answer> {
    const credentials = await this.credentials();
    const offset = this.clockOffset;
    const signed = this.signer(address.signingRegion, address.signingName).sign({ method, host: address.host, path: address.path, query, headers }, credentials, new Date(Date.now() + offset));
    signed['user-agent'] = USER_AGENT;
    const search = query.map(([k, v]) => (v === '' ? encodeURIComponent(k) : `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)).join('&');
    const path = search ? `${address.path}?${search}` : address.path;
    const run = () => this.exchange(address, method, path, signed, signal);
    const sentAt = Date.now();
    const answer = await (this.o.limiter ? this.o.limiter.run(run, { signal }) : run());
    if (answer.status >= 200 && answer.status < 300) {
      if (answer.headers.date) this.clockOffset = this.sampleClock(answer.headers, sentAt);
      return answer;
    }
    const error = errorFromAnswer(answer);
    if (answer.headers.date) {
      const next = this.sampleClock(answer.headers, sentAt);
      this.clockOffset = next;
      if (Math.abs(next) >= SKEW_THRESHOLD_MS && next !== offset) error.$metadata.clockSkewCorrected = true;
    }
    throw error;
  }

  /** One request and its whole answer; the connection and request timeouts of the SDK's handler. */
  private exchange(address: BucketAddress, method: string, path: string, headers: Record<string, string>, signal: AbortSignal): Promise<S3Answer> {
    return new Promise<S3Answer>((resolve, reject) => {
      if (signal.aborted) {
        reject(abortError());
        return;
      }
      const https = address.protocol === 'https:';
      const send = https ? httpsRequest : httpRequest;
      let settled = false;
      const timers: NodeJS.Timeout[] = [];
      const finish = (err: Error | undefined, answer?: S3Answer) => {
        if (settled) return;
        settled = true;
        for (const t of timers) clearTimeout(t);
        signal.removeEventListener('abort', onAbort);
        if (err) reject(err);
        else resolve(answer as S3Answer);
      };
      const req = send({ method, hostname: address.hostname, port: address.port, path, headers, agent: https ? this.o.agents[1] : this.o.agents[0] }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => finish(undefined, { status: res.statusCode ?? -1, headers: res.headers, body: chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8') }));
        res.on('error', (err) => finish(networkError(err)));
        res.on('aborted', () => finish(networkError(Object.assign(new Error('The connection closed before the answer was complete'), { code: 'ECONNRESET' }))));
      });
      const onAbort = () => {
        req.destroy();
        finish(abortError());
      };
      signal.addEventListener('abort', onAbort, { once: true });
      req.on('error', (err) => finish(networkError(err)));
      req.on('socket', (socket) => {
        if (settled || !socket.connecting) return;
        const t = setTimeout(() => {
          req.destroy();
          finish(sdkError('TimeoutError', `The connection to ${address.host} was not established within ${this.o.connectionTimeoutMs} ms.`));
        }, this.o.connectionTimeoutMs);
        timers.push(t);
        socket.once('connect', () => clearTimeout(t));
      });
      timers.push(
        setTimeout(() => {
          const err = sdkError('TimeoutError', `The request got no complete answer within ${this.o.requestTimeoutMs} ms.`, { code: 'ETIMEDOUT' });
          req.destroy();
          finish(err);
        }, this.o.requestTimeoutMs),
      );
      req.end();
    });
  }
}

/** Node's socket errors as the SDK's handler reports them: connection resets and refusals are `TimeoutError`s that keep their code. */
function networkError(err: Error & { code?: string }): SdkShapedError {
  const shaped = err as SdkShapedError;
  shaped.$metadata ??= {};
  if (TIMEOUT_CODES.has(err.code ?? '')) shaped.name = 'TimeoutError';
  return shaped;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError());
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
