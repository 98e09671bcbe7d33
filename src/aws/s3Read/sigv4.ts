/**
 * AWS Signature Version 4 for the lean S3 reads: header authentication of requests without a body.
 * The SDK's signer (@smithy/signature-v4) costs a middleware stack and a promise chain per request;
 * this is the same algorithm over strings, with the signing key derived once per credentials, day,
 * Region and service. test/aws/s3Read/sigv4.test.ts compares its headers with the SDK signer's.
 */
import { createHash, createHmac } from 'node:crypto';

export interface SigningCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface RequestToSign {
  method: string;
  /** Host header value (with the port when it is not the scheme's default). */
  host: string;
  /** The path exactly as sent, already percent-encoded (S3 signs it as is, without double encoding). */
  path: string;
  /** Query parameters, not encoded; a subresource such as `?versioning` is `['versioning', '']`. */
  query: readonly (readonly [string, string])[];
  /** Other headers to send and sign, lower-case names. */
  headers?: Readonly<Record<string, string>>;
}

/** SHA-256 of an empty payload: every read is a GET or HEAD without a body. */
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** RFC 3986 encoding, as SigV4 wants it: everything but unreserved characters, upper-case hex. */
export function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

let lastSecond = NaN;
let lastStamp = '';

/** `20261207T171500Z` (the last one is reused within its second: every request asks). */
export function amzDate(date: Date): string {
  const second = Math.floor(date.getTime() / 1000);
  if (second !== lastSecond) {
    lastStamp = date.toISOString().replace(/[-:]|\.\d{3}/g, '');
    lastSecond = second;
  }
  return lastStamp;
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

export function canonicalQuery(query: RequestToSign['query']): string {
  return query
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

/** Signing keys by access key, day, Region and service; the secret is compared before a key is reused. */
const MAX_KEYS = 64;

export class SigV4Signer {
  private readonly keys = new Map<string, { secret: string; key: Buffer }>();

  constructor(
    private readonly region: string,
    private readonly service: string,
  ) {}

  private signingKey(credentials: SigningCredentials, day: string): Buffer {
    const id = `${credentials.accessKeyId}/${day}`;
    const cached = this.keys.get(id);
    if (cached && cached.secret === credentials.secretAccessKey) return cached.key;
    if (this.keys.size >= MAX_KEYS) this.keys.clear();
    const key = hmac(hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, day), this.region), this.service), 'aws4_request');
    this.keys.set(id, { secret: credentials.secretAccessKey, key });
    return key;
  }

  /** The headers to send: the request's own, `host`, `x-amz-date`, `x-amz-content-sha256`, the session token and `authorization`. */
  sign(request: RequestToSign, credentials: SigningCredentials, now: Date): Record<string, string> {
    const stamp = amzDate(now);
    const day = stamp.slice(0, 8);
    const headers: Record<string, string> = { ...request.headers, host: request.host, 'x-amz-content-sha256': EMPTY_SHA256, 'x-amz-date': stamp };
    if (credentials.sessionToken) headers['x-amz-security-token'] = credentials.sessionToken;
    const names = Object.keys(headers).sort();
    const canonicalHeaders = names.map((n) => `${n}:${headers[n].trim().replace(/\s+/g, ' ')}\n`).join('');
    const signedHeaders = names.join(';');
    const canonicalRequest = `${request.method}\n${request.path}\n${canonicalQuery(request.query)}\n${canonicalHeaders}\n${signedHeaders}\n${EMPTY_SHA256}`;
    const scope = `${day}/${this.region}/${this.service}/aws4_request`;
    const stringToSign = `AWS4-HMAC-SHA256\n${stamp}\n${scope}\n${createHash('sha256').update(canonicalRequest, 'utf8').digest('hex')}`;
    const signature = createHmac('sha256', this.signingKey(credentials, day)).update(stringToSign, 'utf8').digest('hex');
    headers.authorization = `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
    return headers;
  }
}
