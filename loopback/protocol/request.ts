/** One request as the handlers see it, and the shape every operation handler has. */
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { Caller, LoopbackState } from '../state';
import { AwsError, type Service, type WireResponse } from './errors';
import { parseXml, XmlSyntaxError, type XmlNode } from './xml';
import { readAuth, type AuthResult } from './sigv4';

export interface LoopbackRequest {
  method: string;
  /** Path as sent (percent-encoded). */
  rawPath: string;
  /** Query string as sent, without `?` (signatures are computed over it). */
  rawQuery: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Host header without the port. */
  hostname: string;
  auth: AuthResult;
}

export interface HandlerContext {
  req: LoopbackRequest;
  state: LoopbackState;
  requestId: string;
  /** Region of the SigV4 credential scope. */
  region: string;
  /** The endpoint's own URL, for answers that name an endpoint. */
  endpointHost: string;
  /** The account and principal the request's access key signs for. */
  caller: Caller;
}

export interface Operation {
  service: Service;
  /** AWS operation name (what faults and request counts key on). */
  name: string;
  bucket?: string;
  run(ctx: HandlerContext): WireResponse | Promise<WireResponse>;
  /** How this operation's protocol puts an error on the wire, when it is not the service's default (JSON, CBOR). */
  renderError?(err: AwsError, requestId: string): WireResponse;
}

export function malformedXml(): AwsError {
  return new AwsError('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema', 400);
}

/** The request body as XML with the expected root; MalformedXML otherwise, as S3 and S3 Control answer. */
export function bodyXml(req: LoopbackRequest, root: string): XmlNode {
  try {
    const node = parseXml(req.body.toString('utf8'));
    if (node.name === root) return node;
  } catch (err) {
    if (!(err instanceof XmlSyntaxError)) throw err;
  }
  throw malformedXml();
}

export function header(req: LoopbackRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

const MAX_BODY_BYTES = 256 * 1024 * 1024;

export function readBody(message: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    message.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new AwsError('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', 400));
        message.destroy();
        return;
      }
      chunks.push(chunk);
    });
    message.on('end', () => resolve(Buffer.concat(chunks)));
    message.on('error', reject);
  });
}

/**
 * Decodes an `aws-chunked` payload (streaming uploads: `STREAMING-*` content hashes): size lines with
 * optional chunk signatures, the data, a zero-size chunk, then optional trailers such as checksums.
 */
export function decodeAwsChunked(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let pos = 0;
  for (;;) {
    const lineEnd = body.indexOf('\r\n', pos);
    if (lineEnd < 0) throw new AwsError('IncompleteBody', 'The request body terminated unexpectedly', 400);
    const size = parseInt(body.subarray(pos, lineEnd).toString('latin1').split(';')[0], 16);
    if (!Number.isFinite(size)) throw new AwsError('InvalidRequest', 'Invalid chunk size in aws-chunked payload', 400);
    if (size === 0) return Buffer.concat(parts);
    const start = lineEnd + 2;
    if (start + size > body.length) throw new AwsError('IncompleteBody', 'The request body terminated unexpectedly', 400);
    parts.push(body.subarray(start, start + size));
    pos = start + size + 2;
  }
}

export function toRequest(message: IncomingMessage, body: Buffer): LoopbackRequest {
  const raw = message.url ?? '/';
  const q = raw.indexOf('?');
  const query = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));
  const hostHeader = message.headers.host ?? '';
  const hostname = hostHeader.replace(/:\d+$/, '').toLowerCase();
  const streaming = String(message.headers['x-amz-content-sha256'] ?? '').startsWith('STREAMING-') || String(message.headers['content-encoding'] ?? '').includes('aws-chunked');
  return {
    method: message.method ?? 'GET',
    rawPath: q < 0 ? raw : raw.slice(0, q),
    rawQuery: q < 0 ? '' : raw.slice(q + 1),
    query,
    headers: message.headers,
    body: streaming ? decodeAwsChunked(body) : body,
    hostname,
    auth: readAuth(message.headers, query),
  };
}
