/** The AWS Query protocol (IAM, STS): form parameters in, `<ActionResponse><ActionResult>` XML out. */
import { AwsError, QUERY_NAMESPACES, type WireResponse } from '../protocol/errors';
import type { HandlerContext, LoopbackRequest } from '../protocol/request';
import { documentXml, el, leaf } from '../protocol/xml';

export function queryParams(req: LoopbackRequest): URLSearchParams {
  const params = new URLSearchParams(req.query);
  if (req.method === 'POST') for (const [k, v] of new URLSearchParams(req.body.toString('utf8'))) params.append(k, v);
  return params;
}

export function queryResponse(service: 'iam' | 'sts', ctx: HandlerContext, action: string, result?: string): WireResponse {
  return {
    status: 200,
    headers: { 'content-type': 'text/xml' },
    body: documentXml(`${action}Response`, QUERY_NAMESPACES[service], result === undefined ? undefined : el(`${action}Result`, result), el('ResponseMetadata', leaf('RequestId', ctx.requestId))),
  };
}

function validationError(message: string): AwsError {
  return new AwsError('ValidationError', `1 validation error detected: ${message}`, 400);
}

const memberName = (param: string): string => param[0].toLowerCase() + param.slice(1);

/** A required parameter, with the ValidationError IAM answers when it is missing or breaks its pattern. */
export function required(params: URLSearchParams, name: string, pattern?: RegExp): string {
  const value = params.get(name);
  if (value === null) throw validationError(`Value null at '${memberName(name)}' failed to satisfy constraint: Member must not be null`);
  if (pattern && !pattern.test(value)) throw validationError(`Value '${value}' at '${memberName(name)}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${pattern.source}`);
  return value;
}

export function optionalInt(params: URLSearchParams, name: string, min: number, max: number): number | undefined {
  const raw = params.get(name);
  if (raw === null) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw validationError(`Value '${raw}' at '${memberName(name)}' failed to satisfy constraint: Member must have value between ${min} and ${max}`);
  }
  return value;
}

/** IAM pages with an opaque Marker and MaxItems (default 100). */
export function page<T>(items: readonly T[], params: URLSearchParams, nameOf: (item: T) => string): { items: T[]; marker?: string } {
  const max = optionalInt(params, 'MaxItems', 1, 1000) ?? 100;
  const marker = params.get('Marker');
  let start = 0;
  if (marker !== null) {
    const after = Buffer.from(marker, 'base64url').toString();
    if (!after.startsWith('after:')) throw validationError(`Value '${marker}' at 'marker' failed to satisfy constraint: Member must be a marker from an earlier response`);
    start = items.findIndex((i) => nameOf(i) > after.slice('after:'.length));
    if (start < 0) start = items.length;
  }
  const slice = items.slice(start, start + max);
  const more = start + slice.length < items.length;
  return { items: slice, marker: more ? Buffer.from(`after:${nameOf(slice[slice.length - 1])}`).toString('base64url') : undefined };
}

export function pagingXml(marker: string | undefined): string {
  return `${leaf('IsTruncated', marker !== undefined)}${marker !== undefined ? leaf('Marker', marker) : ''}`;
}

/** IAM writes timestamps without milliseconds. */
export function iamDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** IAM returns policy documents URL-encoded (RFC 3986), exactly as they were sent. */
export function encodePolicy(document: string): string {
  return encodeURIComponent(document);
}
