/**
 * Reads the SigV4 credential scope of a request (header or presigned query). The endpoint accepts any
 * key pair, so it cannot check the signature itself; it checks that the request *is* signed, the way
 * AWS tells an anonymous or malformed request apart from a signed one, and routes by the scope.
 */
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
