/**
 * CloudWatch GetMetricData and ListMetrics, in the three protocols CloudWatch speaks (AWS JSON 1.0,
 * Smithy RPC v2 CBOR, Query; see protocol/rpc.ts), over the data points the endpoint's S3 publishes.
 * Metric math (`Expression`) and percentiles are not implemented and say so.
 */
import type { HandlerContext, LoopbackRequest, Operation } from '../protocol/request';
import { dateMember, listMember, nestQuery, numberMember, objectMember, routeRpc, RpcError, stringMember, validation, type Json, type RpcService } from '../protocol/rpc';
import { el, leaf } from '../protocol/xml';
import { STATISTICS, type MetricDimension, type Statistic } from './metrics';

const MAX_QUERIES = 500;
const DEFAULT_MAX_DATAPOINTS = 100_800;
const LIST_PAGE = 500;
const ID = /^[a-z][a-zA-Z0-9_]*$/;

const invalid = (message: string) => new RpcError('InvalidParameterValue', message, 400, 'InvalidParameterValueException');

function dimensionsOf(raw: unknown[], where: string, valueRequired: boolean): { Name: string; Value?: string }[] {
  if (raw.length > 30) throw invalid(`The collection ${where} must not have a size greater than 30.`);
  return raw.map((d, i) => {
    const o = (d ?? {}) as Json;
    const name = stringMember(o, 'Name');
    const value = stringMember(o, 'Value');
    if (!name) throw invalid(`The parameter ${where}.member.${i + 1}.Name is required.`);
    if (valueRequired && value === undefined) throw invalid(`The parameter ${where}.member.${i + 1}.Value is required.`);
    return value === undefined ? { Name: name } : { Name: name, Value: value };
  });
}

interface StatQuery {
  id: string;
  label?: string;
  returnData: boolean;
  namespace: string;
  name: string;
  dimensions: MetricDimension[];
  period: number;
  stat: Statistic;
}

function readQuery(raw: unknown, i: number): StatQuery {
  const q = (raw ?? {}) as Json;
  const at = `MetricDataQueries.member.${i + 1}`;
  const id = stringMember(q, 'Id');
  if (!id || !ID.test(id)) throw invalid(`The value ${id ?? '(null)'} for parameter ${at}.Id is not valid: it must start with a lowercase letter and hold only letters, digits and underscores.`);
  const stat = objectMember(q, 'MetricStat');
  if (q.Expression !== undefined) {
    if (stat) throw invalid(`${at} must have exactly one of MetricStat and Expression.`);
    throw invalid(`${at}.Expression: the loopback endpoint does not evaluate metric math expressions.`);
  }
  if (!stat) throw invalid(`${at} must have exactly one of MetricStat and Expression.`);
  const metric = objectMember(stat, 'Metric') ?? {};
  const namespace = stringMember(metric, 'Namespace');
  const name = stringMember(metric, 'MetricName');
  if (!namespace || !name) throw invalid(`${at}.MetricStat.Metric needs Namespace and MetricName.`);
  const period = numberMember(stat, 'Period');
  if (period === undefined || !Number.isInteger(period) || period < 1 || (period >= 60 ? period % 60 !== 0 : ![1, 5, 10, 20, 30].includes(period))) {
    throw invalid(`The parameter ${at}.MetricStat.Period must be 1, 5, 10, 20, 30, 60, or a multiple of 60.`);
  }
  const statName = stringMember(stat, 'Stat');
  if (!statName || !(STATISTICS as readonly string[]).includes(statName)) {
    throw invalid(`The value ${statName ?? '(null)'} for parameter ${at}.MetricStat.Stat is not valid${statName && /^[pt]\d/i.test(statName) ? ' here: the loopback endpoint computes Sum, Maximum, Minimum, Average and SampleCount only' : ''}.`);
  }
  const returnData = q.ReturnData === undefined || q.ReturnData === true || q.ReturnData === 'true';
  return {
    id,
    label: stringMember(q, 'Label'),
    returnData,
    namespace,
    name,
    dimensions: dimensionsOf(listMember(metric, 'Dimensions'), `${at}.MetricStat.Metric.Dimensions`, true) as MetricDimension[],
    period,
    stat: statName as Statistic,
  };
}

interface Page {
  query: number;
  offset: number;
}

function readToken(token: string | undefined): Page {
  if (!token) return { query: 0, offset: 0 };
  try {
    const p = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Page;
    if (Number.isInteger(p.query) && Number.isInteger(p.offset)) return p;
  } catch {
    // fall through
  }
  throw invalid('The parameter NextToken is not valid.');
}

function getMetricData(ctx: HandlerContext, input: Json): Json {
  const rawQueries = listMember(input, 'MetricDataQueries');
  if (rawQueries.length === 0) throw validation("1 validation error detected: Value null at 'metricDataQueries' failed to satisfy constraint: Member must not be null");
  if (rawQueries.length > MAX_QUERIES) throw validation(`1 validation error detected: Value at 'metricDataQueries' failed to satisfy constraint: Member must have length less than or equal to ${MAX_QUERIES}`);
  const queries = rawQueries.map(readQuery);
  const ids = new Set<string>();
  for (const q of queries) {
    if (ids.has(q.id)) throw invalid(`The values for parameter id in MetricDataQueries must be unique (${q.id} is used twice).`);
    ids.add(q.id);
  }
  const start = dateMember(input, 'StartTime', true) as Date;
  const end = dateMember(input, 'EndTime', true) as Date;
  if (start.getTime() >= end.getTime()) throw invalid('The parameter StartTime must be less than the parameter EndTime.');
  const scanBy = stringMember(input, 'ScanBy') ?? 'TimestampDescending';
  if (scanBy !== 'TimestampDescending' && scanBy !== 'TimestampAscending') throw validation(`1 validation error detected: Value '${scanBy}' at 'scanBy' failed to satisfy constraint: Member must satisfy enum value set: [TimestampDescending, TimestampAscending]`);
  const max = numberMember(input, 'MaxDatapoints') ?? DEFAULT_MAX_DATAPOINTS;
  const page = readToken(stringMember(input, 'NextToken'));

  let budget = max;
  const results: Json[] = [];
  let next: Page | undefined;
  for (let qi = page.query; qi < queries.length; qi++) {
    const q = queries[qi];
    if (!q.returnData) continue;
    const all = ctx.state.metrics.statistics(ctx.region, q.namespace, q.name, q.dimensions, start.getTime(), end.getTime(), q.period, q.stat, scanBy === 'TimestampDescending');
    const from = qi === page.query ? page.offset : 0;
    const take = Math.min(all.timestamps.length - from, budget);
    budget -= take;
    const partial = from + take < all.timestamps.length;
    results.push({
      Id: q.id,
      Label: q.label ?? q.name,
      Timestamps: all.timestamps.slice(from, from + take).map((t) => new Date(t)),
      Values: all.values.slice(from, from + take),
      StatusCode: partial ? 'PartialData' : 'Complete',
    });
    if (partial) {
      next = { query: qi, offset: from + take };
      break;
    }
  }
  return { MetricDataResults: results, NextToken: next ? Buffer.from(JSON.stringify(next)).toString('base64url') : undefined, Messages: [] };
}

function listMetrics(ctx: HandlerContext, input: Json): Json {
  const metrics = ctx.state.metrics.list(ctx.region, {
    namespace: stringMember(input, 'Namespace'),
    name: stringMember(input, 'MetricName'),
    dimensions: dimensionsOf(listMember(input, 'Dimensions'), 'Dimensions', false),
  });
  const token = stringMember(input, 'NextToken');
  const start = token ? Number(Buffer.from(token, 'base64url').toString('utf8')) : 0;
  if (!Number.isInteger(start) || start < 0) throw invalid('The parameter NextToken is not valid.');
  const slice = metrics.slice(start, start + LIST_PAGE);
  const more = start + LIST_PAGE < metrics.length;
  return {
    Metrics: slice.map((m) => ({ Namespace: m.namespace, MetricName: m.name, Dimensions: m.dimensions })),
    NextToken: more ? Buffer.from(String(start + LIST_PAGE)).toString('base64url') : undefined,
  };
}

const members = (items: string[]) => items.map((i) => el('member', i)).join('');
const dimensionsXml = (dims: unknown) => el('Dimensions', members(((dims as MetricDimension[]) ?? []).map((d) => `${leaf('Name', d.Name)}${leaf('Value', d.Value)}`)));

export const CLOUDWATCH: RpcService = {
  service: 'monitoring',
  target: 'GraniteServiceVersion20100801',
  namespace: 'com.amazonaws.cloudwatch',
  xmlNamespace: 'http://monitoring.amazonaws.com/doc/2010-08-01/',
  cbor: true,
  queryCode: (code) => code.replace(/Exception$/, ''),
  operations: {
    GetMetricData: {
      run: getMetricData,
      fromQuery: (params) => nestQuery(params),
      toQuery: (out) =>
        el(
          'MetricDataResults',
          members(
            (out.MetricDataResults as Json[]).map((r) =>
              [
                leaf('Id', r.Id as string),
                leaf('Label', r.Label as string),
                el('Timestamps', members((r.Timestamps as Date[]).map((t) => t.toISOString()))),
                el('Values', members((r.Values as number[]).map(String))),
                leaf('StatusCode', r.StatusCode as string),
              ].join(''),
            ),
          ),
        ) + (leaf('NextToken', out.NextToken as string | undefined) ?? '') + el('Messages'),
    },
    ListMetrics: {
      run: listMetrics,
      fromQuery: (params) => nestQuery(params),
      toQuery: (out) =>
        el('Metrics', members((out.Metrics as Json[]).map((m) => `${leaf('Namespace', m.Namespace as string)}${leaf('MetricName', m.MetricName as string)}${dimensionsXml(m.Dimensions)}`))) +
        (leaf('NextToken', out.NextToken as string | undefined) ?? ''),
    },
  },
};

export function routeCloudWatch(req: LoopbackRequest): Operation {
  return routeRpc(CLOUDWATCH, req);
}
