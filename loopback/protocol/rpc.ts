/**
 * The three wire protocols of AWS's RPC-style services, for services that speak more than one:
 *
 * - AWS JSON 1.0: `POST /`, `X-Amz-Target: <Target>.<Operation>`, JSON bodies (timestamps as epoch
 *   seconds); what the pinned JavaScript SDK v3 clients of CloudWatch and SQS send.
 * - Smithy RPC v2 CBOR: `POST /service/<Target>/operation/<Operation>`, `smithy-protocol:
 *   rpc-v2-cbor`, CBOR bodies (timestamps as tag 1); CloudWatch offers it, and SDK clients that
 *   select it send it.
 * - AWS Query: form-encoded `Action=<Operation>&…`, XML answers; what Debian's AWS CLI 2.9 sends.
 *
 * A service's handlers see one neutral input (member names as in the JSON protocol, timestamps as
 * `Date`) and return one neutral output; each protocol decodes and encodes around them. Errors keep
 * the Query error code (CloudWatch and SQS are "query compatible": JSON and CBOR answers carry it in
 * `x-amzn-query-error`, which the SDK reads).
 */
import { cbor, dateToTag } from '@smithy/core/cbor';
import { AwsError, type Service, type WireResponse } from './errors';
import { header, type HandlerContext, type LoopbackRequest, type Operation } from './request';
import { documentXml, el, leaf } from './xml';

export type Json = Record<string, unknown>;
export type RpcProtocol = 'json' | 'cbor' | 'query';

export interface RpcHandler {
  run(ctx: HandlerContext, input: Json): Json | Promise<Json>;
  /** Query input (form parameters) to the neutral input. */
  fromQuery(params: URLSearchParams): Json;
  /** The neutral output as the content of `<OperationResult>`; undefined for operations that answer none. */
  toQuery?(output: Json): string;
}

export interface RpcService {
  service: Extract<Service, 'monitoring' | 'sqs'>;
  /** `GraniteServiceVersion20100801`, `AmazonSQS`. */
  target: string;
  /** Smithy namespace of error shapes in JSON and CBOR answers. */
  namespace: string;
  xmlNamespace: string;
  cbor: boolean;
  operations: Record<string, RpcHandler>;
  /** The Query answer of a JSON error shape (`QueueDoesNotExist` → `AWS.SimpleQueueService.NonExistentQueue`). */
  queryCode?: (code: string) => string;
}

/** An error with the shape name JSON and CBOR carry (`__type`) besides the Query code. */
export class RpcError extends AwsError {
  constructor(
    code: string,
    message: string,
    status = 400,
    readonly shape = code,
  ) {
    super(code, message, status);
  }
}

export function protocolOf(req: LoopbackRequest): RpcProtocol {
  if (req.rawPath.startsWith('/service/') && header(req, 'smithy-protocol') === 'rpc-v2-cbor') return 'cbor';
  if (header(req, 'x-amz-target')) return 'json';
  return 'query';
}

/** Is this an RPC request of that service, whatever its signature says? (Unsigned requests carry no service name.) */
export function looksLike(req: LoopbackRequest, target: string): boolean {
  return req.rawPath.startsWith(`/service/${target}/`) || (header(req, 'x-amz-target') ?? '').startsWith(`${target}.`);
}

function operationName(req: LoopbackRequest, protocol: RpcProtocol, svc: RpcService, params: URLSearchParams): string {
  if (protocol === 'cbor') {
    const m = /^\/service\/([^/]+)\/operation\/([^/]+)$/.exec(req.rawPath);
    if (!m || m[1] !== svc.target) throw new RpcError('UnknownOperationException', `Unknown operation path ${req.rawPath}`, 404);
    return m[2];
  }
  if (protocol === 'json') {
    const target = header(req, 'x-amz-target') ?? '';
    const dot = target.lastIndexOf('.');
    if (target.slice(0, dot) !== svc.target) throw new RpcError('UnknownOperationException', `Unknown target ${target}`, 400);
    return target.slice(dot + 1);
  }
  return params.get('Action') ?? '';
}

function queryParams(req: LoopbackRequest): URLSearchParams {
  const params = new URLSearchParams(req.query);
  if (req.method === 'POST') for (const [k, v] of new URLSearchParams(req.body.toString('utf8'))) params.append(k, v);
  return params;
}

function decodeBody(req: LoopbackRequest, protocol: 'json' | 'cbor'): Json {
  if (req.body.length === 0) return {};
  let value: unknown;
  try {
    value = protocol === 'json' ? JSON.parse(req.body.toString('utf8')) : cbor.deserialize(new Uint8Array(req.body));
  } catch {
    throw new RpcError('SerializationException', `The request body is not valid ${protocol === 'json' ? 'JSON' : 'CBOR'}.`, 400);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new RpcError('SerializationException', 'The request body must be an object.', 400);
  return value as Json;
}

/** JSON: dates as epoch seconds; CBOR: dates as tag 1. Undefined members are left out, as the services do. */
function encodeValue(value: unknown, protocol: 'json' | 'cbor'): unknown {
  if (value instanceof Date) return protocol === 'json' ? value.getTime() / 1000 : dateToTag(value);
  if (Array.isArray(value)) return value.map((v) => encodeValue(v, protocol));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Json).filter(([, v]) => v !== undefined).map(([k, v]) => [k, encodeValue(v, protocol)]));
  }
  return value;
}

function answer(svc: RpcService, protocol: RpcProtocol, action: string, output: Json, handler: RpcHandler, ctx: HandlerContext): WireResponse {
  if (protocol === 'json') {
    return { status: 200, headers: { 'content-type': 'application/x-amz-json-1.0' }, body: JSON.stringify(encodeValue(output, 'json')) };
  }
  if (protocol === 'cbor') {
    return { status: 200, headers: { 'content-type': 'application/cbor', 'smithy-protocol': 'rpc-v2-cbor' }, body: Buffer.from(cbor.serialize(encodeValue(output, 'cbor'))) };
  }
  const result = handler.toQuery?.(output);
  return {
    status: 200,
    headers: { 'content-type': 'text/xml' },
    body: documentXml(`${action}Response`, svc.xmlNamespace, result === undefined ? undefined : el(`${action}Result`, result), el('ResponseMetadata', leaf('RequestId', ctx.requestId))),
  };
}

export function renderRpcError(svc: RpcService, protocol: RpcProtocol, err: AwsError, requestId: string): WireResponse {
  const fault = err.status >= 500 ? 'Receiver' : 'Sender';
  const queryCode = svc.queryCode?.(err.code) ?? err.code;
  const base = { 'x-amzn-requestid': requestId, ...err.extras.headers };
  if (protocol === 'query') {
    const body = documentXml('ErrorResponse', svc.xmlNamespace, el('Error', leaf('Type', fault), leaf('Code', queryCode), leaf('Message', err.message)), leaf('RequestId', requestId));
    return { status: err.status, headers: { ...base, 'content-type': 'text/xml' }, body };
  }
  const shape = err instanceof RpcError ? err.shape : err.code;
  const payload = { __type: `${svc.namespace}#${shape}`, message: err.message };
  const headers = { ...base, 'x-amzn-query-error': `${queryCode};${fault}` };
  if (protocol === 'json') return { status: err.status, headers: { ...headers, 'content-type': 'application/x-amz-json-1.0' }, body: JSON.stringify(payload) };
  return { status: err.status, headers: { ...headers, 'content-type': 'application/cbor', 'smithy-protocol': 'rpc-v2-cbor' }, body: Buffer.from(cbor.serialize(payload)) };
}

/** The operation a request to `svc` names, in whichever protocol it came. */
export function routeRpc(svc: RpcService, req: LoopbackRequest): Operation {
  const protocol = protocolOf(req);
  const params = protocol === 'query' ? queryParams(req) : new URLSearchParams();
  let name: string;
  let routing: AwsError | undefined;
  try {
    name = operationName(req, protocol, svc, params);
  } catch (err) {
    name = 'Unknown';
    routing = err as AwsError;
  }
  const handler = Object.prototype.hasOwnProperty.call(svc.operations, name) ? svc.operations[name] : undefined;
  if (protocol === 'cbor' && !svc.cbor) routing ??= new RpcError('UnknownOperationException', `${svc.target} does not speak rpc-v2-cbor`, 404);
  return {
    service: svc.service,
    name: name || 'Unknown',
    renderError: (err, requestId) => renderRpcError(svc, protocol, err, requestId),
    async run(ctx) {
      if (routing) throw routing;
      if (!handler) {
        throw protocol === 'query'
          ? new RpcError('InvalidAction', `The action ${name || '(none)'} is not valid for this web service.`, 400)
          : new RpcError('UnknownOperationException', `The loopback endpoint does not implement ${svc.target}.${name}.`, 400);
      }
      const input = protocol === 'query' ? handler.fromQuery(params) : decodeBody(req, protocol);
      const output = await handler.run(ctx, input);
      return answer(svc, protocol, name, output, handler, ctx);
    },
  };
}

// Helpers for handlers: reading neutral input, whatever protocol it came in.

export function validation(message: string): RpcError {
  return new RpcError('ValidationError', message, 400);
}

export function stringMember(input: Json, name: string, required = false): string | undefined {
  const v = input[name];
  if (v === undefined || v === null) {
    if (required) throw validation(`1 validation error detected: Value null at '${name[0].toLowerCase()}${name.slice(1)}' failed to satisfy constraint: Member must not be null`);
    return undefined;
  }
  if (typeof v !== 'string') throw validation(`${name} must be a string.`);
  return v;
}

export function numberMember(input: Json, name: string): number | undefined {
  const v = input[name];
  if (v === undefined || v === null) return undefined;
  const n = typeof v === 'string' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n)) throw validation(`${name} must be a number.`);
  return n;
}

export function listMember(input: Json, name: string): unknown[] {
  const v = input[name];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw validation(`${name} must be a list.`);
  return v;
}

export function objectMember(input: Json, name: string): Json | undefined {
  const v = input[name];
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
}

/** A timestamp as JSON (epoch seconds), CBOR (tag 1) or Query (ISO 8601 or epoch seconds) send it. */
export function dateMember(input: Json, name: string, required = false): Date | undefined {
  const v = input[name];
  if (v === undefined || v === null) {
    if (required) throw validation(`1 validation error detected: Value null at '${name[0].toLowerCase()}${name.slice(1)}' failed to satisfy constraint: Member must not be null`);
    return undefined;
  }
  const raw = typeof v === 'object' && v !== null && 'tag' in v && 'value' in v ? (v as { value: unknown }).value : v;
  const date = typeof raw === 'number' ? new Date(raw * 1000) : typeof raw === 'string' ? (/^\d+(\.\d+)?$/.test(raw) ? new Date(Number(raw) * 1000) : new Date(raw)) : raw instanceof Date ? raw : undefined;
  if (!date || Number.isNaN(date.getTime())) throw validation(`${name} is not a valid timestamp.`);
  return date;
}

/**
 * Query lists and structures back into objects: `A.member.1.B=x` (CloudWatch's wrapped lists) and
 * `A.1.B=x` (SQS's flattened ones) both become `{A: [{B: 'x'}]}`.
 */
export function nestQuery(params: URLSearchParams, skip: readonly string[] = ['Action', 'Version']): Json {
  const root: Json = {};
  for (const [key, value] of params) {
    if (skip.includes(key)) continue;
    const parts = key.split('.').filter((p) => p !== 'member');
    let node: Record<string, unknown> | unknown[] = root;
    parts.forEach((part, i) => {
      const last = i === parts.length - 1;
      const index = /^\d+$/.test(part) ? Number(part) - 1 : undefined;
      const nextIsIndex = !last && /^\d+$/.test(parts[i + 1]);
      const container = node as Record<string, unknown>;
      const slot = index ?? part;
      if (last) {
        (container as Record<string | number, unknown>)[slot] = value;
        return;
      }
      let next = (container as Record<string | number, unknown>)[slot] as Record<string, unknown> | unknown[] | undefined;
      if (next === undefined) {
        next = nextIsIndex ? [] : {};
        (container as Record<string | number, unknown>)[slot] = next;
      }
      node = next;
    });
  }
  return compact(root) as Json;
}

/** Sparse arrays from 1-based Query indexes lose their holes. */
function compact(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== undefined).map(compact);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, compact(v)]));
  return value;
}
