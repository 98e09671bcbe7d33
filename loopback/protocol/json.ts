/**
 * The AWS JSON 1.1 protocol (KMS, Organizations): `POST /` with `X-Amz-Target: <Prefix>.<Operation>`
 * and a JSON body, answered with JSON; errors carry their code in `__type`. This is what the pinned
 * SDK clients (`AwsJson1_1Protocol`) and the AWS CLI (botocore's `json` protocol, `jsonVersion` 1.1) send.
 */
import { AwsError, type WireResponse } from './errors';
import type { HandlerContext, LoopbackRequest, Operation } from './request';
import { header } from './request';

export const JSON_CONTENT_TYPE = 'application/x-amz-json-1.1';

export type JsonService = 'kms' | 'organizations';

export const TARGET_PREFIXES: Record<JsonService, string> = { kms: 'TrentService', organizations: 'AWSOrganizationsV20161128' };

/** The service an `X-Amz-Target` header names, for requests without a credential scope. */
export function jsonServiceOf(req: LoopbackRequest): JsonService | undefined {
  const target = header(req, 'x-amz-target') ?? '';
  return (Object.keys(TARGET_PREFIXES) as JsonService[]).find((s) => target.startsWith(`${TARGET_PREFIXES[s]}.`));
}

export type JsonHandler = (ctx: HandlerContext, input: Record<string, unknown>) => unknown;

export function jsonResponse(output: unknown): WireResponse {
  return { status: 200, headers: { 'content-type': JSON_CONTENT_TYPE }, body: JSON.stringify(output ?? {}) };
}

/** Routes by the target; the body must be a JSON object (`SerializationException` otherwise, as AWS answers). */
export function routeJson(service: JsonService, req: LoopbackRequest, handlers: Record<string, JsonHandler>): Operation {
  const target = header(req, 'x-amz-target') ?? '';
  const prefix = `${TARGET_PREFIXES[service]}.`;
  const name = target.startsWith(prefix) ? target.slice(prefix.length) : '';
  const handler = handlers[name];
  return {
    service,
    name: name || 'Unknown',
    run(ctx) {
      if (req.method !== 'POST') throw new AwsError('UnknownOperationException', '', 404);
      if (!handler) throw new AwsError('UnknownOperationException', target ? `Unknown operation ${target}` : 'Missing X-Amz-Target header', 400);
      let input: unknown;
      try {
        const text = req.body.toString('utf8');
        input = text.trim() === '' ? {} : JSON.parse(text);
      } catch {
        throw new AwsError('SerializationException', 'Start of structure or map found where not expected.', 400);
      }
      if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new AwsError('SerializationException', 'Start of structure or map found where not expected.', 400);
      return jsonResponse(handler(ctx, input as Record<string, unknown>));
    },
  };
}

/** A required string member, with the ValidationException AWS answers when it is missing. */
export function requiredString(input: Record<string, unknown>, name: string, code = 'ValidationException'): string {
  const value = input[name];
  if (typeof value !== 'string' || value === '') throw new AwsError(code, `1 validation error detected: Value null at '${name[0].toLowerCase()}${name.slice(1)}' failed to satisfy constraint: Member must not be null`, 400);
  return value;
}

/** Epoch seconds, as JSON protocols send timestamps. */
export function epochSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}
