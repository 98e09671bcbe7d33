/**
 * Reads the SigV4 credential scope of a request (header or presigned query): the endpoint checks that
 * the request *is* signed, the way AWS tells an anonymous or malformed request apart from a signed one,
 * and routes by the scope. Keys whose secret it knows (the ones AssumeRole hands out, and a scenario's
 * `signingSecrets`) have their signature, session token and time checked too (`expectedSignature`).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export interface SigV4Scope {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  presigned: boolean;
}

export type AuthResult =
  | { kind: 'signed'; scope: SigV4Scope }
  | { kind: 'anonymous' }
  /** Another scheme, e.g. SigV2's `AWS AKID:signature`. */
  | { kind: 'unsupported'; scheme: string }
  | { kind: 'malformed'; reason: string };

const ALGORITHM = 'AWS4-HMAC-SHA256';

function parseCredential(credential: string): Omit<SigV4Scope, 'signedHeaders' | 'presigned'> | string {
  const parts = credential.split('/');
  if (parts.length !== 5 || parts[4] !== 'aws4_request') {
    return `the Credential parameter must be <access key>/<date>/<region>/<service>/aws4_request, got '${credential}'`;
  }
  const [accessKeyId, date, region, service] = parts;
  if (!accessKeyId) return 'the Credential parameter has no access key id';
  if (!/^\d{8}$/.test(date)) return `the credential date '${date}' is not YYYYMMDD`;
  if (!region || !service) return 'the Credential parameter names no region or service';
  return { accessKeyId, date, region, service };
}

export function readAuth(headers: IncomingHttpHeaders, query: URLSearchParams): AuthResult {
  const header = headers.authorization;
  if (header) {
    const space = header.indexOf(' ');
    const scheme = space < 0 ? header : header.slice(0, space);
    if (scheme !== ALGORITHM) return { kind: 'unsupported', scheme };
    const params = new Map<string, string>();
    for (const part of header.slice(space + 1).split(',')) {
      const eq = part.indexOf('=');
      if (eq > 0) params.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
    }
    for (const name of ['Credential', 'SignedHeaders', 'Signature']) {
      if (!params.get(name)) return { kind: 'malformed', reason: `Authorization header requires '${name}' parameter.` };
    }
    if (!headers['x-amz-date'] && !headers.date) return { kind: 'malformed', reason: "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header." };
    const credential = parseCredential(params.get('Credential') as string);
    if (typeof credential === 'string') return { kind: 'malformed', reason: credential };
    return { kind: 'signed', scope: { ...credential, signedHeaders: (params.get('SignedHeaders') as string).split(';'), presigned: false } };
  }
  const algorithm = query.get('X-Amz-Algorithm');
  if (algorithm) {
    if (algorithm !== ALGORITHM) return { kind: 'unsupported', scheme: algorithm };
    for (const name of ['X-Amz-Credential', 'X-Amz-Date', 'X-Amz-SignedHeaders', 'X-Amz-Signature']) {
      if (!query.get(name)) return { kind: 'malformed', reason: `Query-string authentication requires the ${name} parameter.` };
    }
    const credential = parseCredential(query.get('X-Amz-Credential') as string);
    if (typeof credential === 'string') return { kind: 'malformed', reason: credential };
    return { kind: 'signed', scope: { ...credential, signedHeaders: (query.get('X-Amz-SignedHeaders') as string).split(';'), presigned: true } };
  }
  return { kind: 'anonymous' };
}

/** RFC 3986 encoding, as SigV4's canonical request wants it. */
function encode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export interface SignedRequest {
  method: string;
  rawPath: string;
  /** The query string as sent, without `?`. */
  rawQuery: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * The signature the request should carry, computed with `secret` as AWS computes it: S3 signs the path
 * as sent and the payload hash of `x-amz-content-sha256` (`UNSIGNED-PAYLOAD` when presigned); the
 * other services sign the path encoded once more and the body's hash.
 */
export function expectedSignature(req: SignedRequest, scope: SigV4Scope, secret: string): { signature: string; given: string } | undefined {
  const s3 = scope.service === 's3';
  const header = (name: string): string | undefined => {
    const v = req.headers[name];
    return Array.isArray(v) ? v.join(',') : v;
  };
  const pairs = req.rawQuery
    .split('&')
    .filter((p) => p !== '')
    .map((p) => {
      const eq = p.indexOf('=');
      return eq < 0 ? [decode(p), ''] : [decode(p.slice(0, eq)), decode(p.slice(eq + 1))];
    });
  let given: string | undefined;
  let date: string | undefined;
  if (scope.presigned) {
    given = pairs.find(([k]) => k === 'X-Amz-Signature')?.[1];
    date = pairs.find(([k]) => k === 'X-Amz-Date')?.[1];
  } else {
    given = /Signature=([0-9a-f]+)/.exec(header('authorization') ?? '')?.[1];
    date = header('x-amz-date') ?? header('date');
  }
  if (!given || !date) return undefined;
  const query = pairs
    .filter(([k]) => !(scope.presigned && k === 'X-Amz-Signature'))
    .map(([k, v]) => [encode(k), encode(v)])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const path = s3 ? req.rawPath : encode(req.rawPath).replace(/%2F/g, '/');
  const names = [...scope.signedHeaders].sort();
  const headers = names.map((n) => `${n}:${(header(n) ?? '').trim().replace(/\s+/g, ' ')}\n`).join('');
  const payload = scope.presigned ? (s3 ? 'UNSIGNED-PAYLOAD' : createHash('sha256').update(req.body).digest('hex')) : (header('x-amz-content-sha256') ?? createHash('sha256').update(req.body).digest('hex'));
  const canonical = `${req.method}\n${path}\n${query}\n${headers}\n${names.join(';')}\n${payload}`;
  const credentialScope = `${scope.date}/${scope.region}/${scope.service}/aws4_request`;
  const toSign = `${ALGORITHM}\n${date}\n${credentialScope}\n${createHash('sha256').update(canonical).digest('hex')}`;
  return { signature: createHmac('sha256', signingKey(secret, scope)).update(toSign).digest('hex'), given };
}

/** Derived keys by secret and scope: a scan signs thousands of requests per key and day. */
const signingKeys = new Map<string, Buffer>();

function signingKey(secret: string, scope: SigV4Scope): Buffer {
  const id = `${secret}\n${scope.date}/${scope.region}/${scope.service}`;
  let key = signingKeys.get(id);
  if (!key) {
    const hmac = (k: Buffer | string, data: string) => createHmac('sha256', k).update(data).digest();
    key = hmac(hmac(hmac(hmac(`AWS4${secret}`, scope.date), scope.region), scope.service), 'aws4_request');
    if (signingKeys.size >= 1024) signingKeys.clear();
    signingKeys.set(id, key);
  }
  return key;
}

/** `20261207T171500Z` → milliseconds. */
export function parseAmzDate(value: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : Date.parse(value);
}

/** Whether two hex signatures are equal, in constant time. */
export function sameSignature(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
