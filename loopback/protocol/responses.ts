/** Success responses; the server adds the request-id headers every answer carries. */
import type { WireResponse } from './errors';

export function xmlResponse(body: string, status = 200, headers: Record<string, string> = {}): WireResponse {
  return { status, headers: { 'content-type': 'application/xml', ...headers }, body };
}

export function emptyResponse(status = 200, headers: Record<string, string> = {}): WireResponse {
  return { status, headers, body: '' };
}

/** ISO 8601 with milliseconds, as S3 and IAM write timestamps in XML. */
export function isoDate(date: Date): string {
  return date.toISOString();
}

/** RFC 7231 date, as S3 writes Last-Modified. */
export function httpDate(date: Date): string {
  return date.toUTCString();
}
