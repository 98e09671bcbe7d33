/**
 * The ReplicationConfiguration shape of the S3 model, used three ways: XML request body to the JSON the
 * AWS CLI takes, JSON back to the XML GetBucketReplication answers, and checking a scenario's JSON.
 */
import type { ReplicationConfiguration, ReplicationExtraXml } from '../scenario/types';
import { escapeXml, parseXml, type XmlNode } from '../protocol/xml';

type Shape = 'string' | 'int' | Struct;
interface Member {
  shape: Shape;
  /** Repeated element; the JSON holds an array under `json`. */
  list?: true;
  json?: string;
}
type Struct = { [xmlName: string]: Member };

const str: Member = { shape: 'string' };
const int: Member = { shape: 'int' };
const status: Member = { shape: { Status: str } };
const tag: Struct = { Key: str, Value: str };
const minutes: Member = { shape: { Minutes: int } };

const RULE: Struct = {
  ID: str,
  Priority: int,
  Prefix: str,
  Filter: { shape: { Prefix: str, Tag: { shape: tag }, And: { shape: { Prefix: str, Tag: { shape: tag, list: true, json: 'Tags' } } } } },
  Status: str,
  SourceSelectionCriteria: { shape: { SseKmsEncryptedObjects: status, ReplicaModifications: status } },
  ExistingObjectReplication: status,
  Destination: {
    shape: {
      Bucket: str,
      Account: str,
      StorageClass: str,
      AccessControlTranslation: { shape: { Owner: str } },
      EncryptionConfiguration: { shape: { ReplicaKmsKeyID: str } },
      ReplicationTime: { shape: { Status: str, Time: minutes } },
      Metrics: { shape: { Status: str, EventThreshold: minutes } },
    },
  },
  DeleteMarkerReplication: status,
};

const CONFIGURATION: Struct = { Role: str, Rule: { shape: RULE, list: true, json: 'Rules' } };

export class ShapeError extends Error {}

function fromNode(node: XmlNode, shape: Shape, path: string): unknown {
  if (shape === 'string') {
    if (node.children.length > 0) throw new ShapeError(`${path} must be text`);
    return node.text;
  }
  if (shape === 'int') {
    const text = node.text.trim();
    if (node.children.length > 0 || !/^-?\d+$/.test(text)) throw new ShapeError(`${path} must be an integer`);
    return Number(text);
  }
  const out: Record<string, unknown> = {};
  for (const c of node.children) {
    const member = shape[c.name];
    if (!member) throw new ShapeError(`${path}.${c.name} is not part of the schema`);
    const key = member.json ?? c.name;
    const value = fromNode(c, member.shape, `${path}.${c.name}`);
    if (member.list) ((out[key] ??= []) as unknown[]).push(value);
    else if (key in out) throw new ShapeError(`${path}.${c.name} appears twice`);
    else out[key] = value;
  }
  return out;
}

/** The request body's configuration as JSON in the AWS CLI's shape; ShapeError when it breaks the schema. */
export function configurationFromXml(root: XmlNode): Record<string, unknown> {
  if (root.name !== 'ReplicationConfiguration') throw new ShapeError(`root element ${root.name}`);
  return fromNode(root, CONFIGURATION, 'ReplicationConfiguration') as Record<string, unknown>;
}

function toXml(value: unknown, shape: Shape, path: string, extras: ReadonlyMap<string, string>): string {
  if (shape === 'string' || shape === 'int') return escapeXml(String(value));
  const obj = value as Record<string, unknown>;
  let out = '';
  for (const [name, member] of Object.entries(shape)) {
    const key = member.json ?? name;
    const v = obj[key];
    if (v === undefined) continue;
    const items = member.list ? (v as unknown[]) : [v];
    items.forEach((item, i) => {
      const inner = toXml(item, member.shape, `${path ? `${path}.` : ''}${key}${member.list ? `[${i}]` : ''}`, extras);
      out += inner ? `<${name}>${inner}</${name}>` : `<${name}/>`;
    });
  }
  return out + (extras.get(path) ?? '');
}

/** The children of `<ReplicationConfiguration>` for a stored configuration, with any elements beyond the model. */
export function configurationXmlContent(config: ReplicationConfiguration, extraXml: readonly ReplicationExtraXml[] = []): string {
  const extras = new Map<string, string>();
  for (const x of extraXml) extras.set(x.at, (extras.get(x.at) ?? '') + x.xml);
  return toXml(config, CONFIGURATION, '', extras);
}

/** The member a path such as `Rules[0].Destination` names in a configuration, or undefined. */
function memberAt(config: unknown, path: string): unknown {
  if (path === '') return config;
  let value: unknown = config;
  for (const part of path.split('.')) {
    const m = /^(\w+)(?:\[(\d+)\])?$/.exec(part);
    if (!m || typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[m[1]];
    if (m[2] !== undefined) value = Array.isArray(value) ? value[Number(m[2])] : undefined;
  }
  return value;
}

/** A scenario's `replicationExtraXml`: each `at` names an object of the configuration, each `xml` is well-formed elements. */
export function extraXmlProblems(extras: unknown, config: unknown, path: string): string[] {
  if (!Array.isArray(extras)) return [`${path} must be an array of {at, xml}`];
  return extras.flatMap((x: unknown, i) => {
    const at = `${path}[${i}]`;
    if (typeof x !== 'object' || x === null) return [`${at} must be {at, xml}`];
    const { at: where, xml } = x as Record<string, unknown>;
    if (typeof where !== 'string' || typeof memberAt(config, where) !== 'object') return [`${at}.at must name an object of the configuration ('' or e.g. Rules[0].Destination)`];
    if (typeof xml !== 'string') return [`${at}.xml must be XML elements`];
    try {
      const wrapped = parseXml(`<x>${xml}</x>`);
      if (wrapped.children.length === 0 || wrapped.text.trim() !== '') return [`${at}.xml must be XML elements`];
    } catch (err) {
      return [`${at}.xml is not well-formed: ${(err as Error).message}`];
    }
    return [];
  });
}

function jsonProblem(value: unknown, shape: Shape, path: string): string | undefined {
  if (shape === 'string') return typeof value === 'string' ? undefined : `${path} must be a string`;
  if (shape === 'int') return Number.isInteger(value) ? undefined : `${path} must be an integer`;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `${path} must be an object`;
  const byJson = new Map(Object.entries(shape).map(([name, m]) => [m.json ?? name, m]));
  for (const [key, v] of Object.entries(value)) {
    const member = byJson.get(key);
    if (!member) return `${path}.${key} is not part of a replication configuration`;
    if (member.list) {
      if (!Array.isArray(v)) return `${path}.${key} must be an array`;
      for (let i = 0; i < v.length; i++) {
        const problem = jsonProblem(v[i], member.shape, `${path}.${key}[${i}]`);
        if (problem) return problem;
      }
    } else {
      const problem = jsonProblem(v, member.shape, `${path}.${key}`);
      if (problem) return problem;
    }
  }
  return undefined;
}

/** The first way a scenario's configuration breaks the S3 shape, located by path; undefined when it fits. */
export function configurationJsonProblem(value: unknown, path: string): string | undefined {
  const problem = jsonProblem(value, CONFIGURATION, path);
  if (problem) return problem;
  const config = value as Partial<ReplicationConfiguration>;
  if (typeof config.Role !== 'string') return `${path}.Role is required`;
  if (!Array.isArray(config.Rules) || config.Rules.length === 0) return `${path}.Rules must list at least one rule`;
  for (let i = 0; i < config.Rules.length; i++) {
    const rule = config.Rules[i];
    if (typeof rule.Status !== 'string') return `${path}.Rules[${i}].Status is required`;
    if (typeof rule.Destination?.Bucket !== 'string') return `${path}.Rules[${i}].Destination.Bucket is required`;
  }
  return undefined;
}
