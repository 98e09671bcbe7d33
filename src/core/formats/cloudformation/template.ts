/**
 * A CloudFormation template as the adapter reads it: its resources and parameters, and the
 * symbolic values of what they define (a bucket's name, a role's ARN), whatever the template's
 * syntax (JSON, YAML long or short form).
 */
import { OWN_ACCOUNT, Symbols, UNKNOWN } from '../../embedded/symbols';
import { SMap, SNode, get, str } from '../../embedded/sourceTree';

export interface Resource {
  id: string;
  type: string;
  node: SMap;
  properties?: SNode;
}

export interface Template {
  uri: string;
  text: string;
  syntax: 'json' | 'yaml';
  root: SMap;
  resources: Map<string, Resource>;
  parameters: Map<string, SNode | undefined>;
  symbols: Symbols;
}

/** `AWS::NoValue`: the member is absent. */
export const NO_VALUE = Symbol('AWS::NoValue');

export function readTemplate(uri: string, text: string, syntax: 'json' | 'yaml', root: SMap, symbols: Symbols): Template {
  const resources = new Map<string, Resource>();
  const res = get(root, 'Resources');
  if (res?.type === 'map') {
    for (const e of res.entries) {
      if (e.value.type !== 'map') continue;
      const type = str(get(e.value, 'Type'));
      if (type) resources.set(e.key, { id: e.key, type, node: e.value, properties: get(e.value, 'Properties') });
    }
  }
  const parameters = new Map<string, SNode | undefined>();
  const params = get(root, 'Parameters');
  if (params?.type === 'map') for (const e of params.entries) parameters.set(e.key, get(e.value, 'Default'));
  return { uri, text, syntax, root, resources, parameters, symbols };
}

/**
 * The template with every parameter that has no default standing for itself (`«Name»`): two values
 * built from the same parameter compare equal, which is all ordering checks need (never for rules:
 * there such values stay unknown).
 */
export function withParameterPlaceholders(t: Template): Template {
  const parameters = new Map<string, SNode | undefined>();
  for (const [name, d] of t.parameters) {
    parameters.set(name, d ?? { type: 'scalar', range: { offset: 0, length: 0 }, value: `\u00ab${name}\u00bb` });
  }
  return { ...t, parameters };
}

const SHORT_FORMS: Record<string, string> = { '!Ref': 'Ref', '!Condition': 'Condition' };

/** The intrinsic function a node is, in either form (`!Sub x` or `{"Fn::Sub": x}`), and its argument. */
export function intrinsic(node: SNode | undefined): { fn: string; arg: SNode } | undefined {
  if (!node) return undefined;
  if (node.tag) {
    const fn = SHORT_FORMS[node.tag] ?? (node.tag.startsWith('!') ? `Fn::${node.tag.slice(1)}` : undefined);
    if (!fn) return undefined;
    const { tag: _tag, tagOffset: _offset, ...arg } = node;
    return { fn, arg: arg as SNode };
  }
  if (node.type === 'map' && node.entries.length === 1) {
    const [e] = node.entries;
    if (e.key === 'Ref' || e.key.startsWith('Fn::')) return { fn: e.key, arg: e.value };
  }
  return undefined;
}

const PSEUDO: Record<string, string | typeof NO_VALUE> = {
  'AWS::AccountId': OWN_ACCOUNT,
  'AWS::Partition': 'aws',
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::NoValue': NO_VALUE,
};

/**
 * Resources whose name is being resolved: a name that refers to its own resource (`BucketName:
 * !Sub '${Bucket.Arn}-x'`, a circular dependency CloudFormation refuses) is unknown, not endless.
 */
const naming = new Set<Resource>();

function nameProperty(t: Template, r: Resource, property: string): string | undefined {
  if (naming.has(r)) return UNKNOWN;
  naming.add(r);
  try {
    return literalString(t, get(r.properties, property));
  } finally {
    naming.delete(r);
  }
}

export function bucketName(t: Template, r: Resource): string {
  return nameProperty(t, r, 'BucketName') ?? t.symbols.bucket(r.id, r.id);
}

export function roleName(t: Template, r: Resource): string {
  return nameProperty(t, r, 'RoleName') ?? t.symbols.name(r.id, r.id);
}

export function roleArn(t: Template, r: Resource): string {
  const path = nameProperty(t, r, 'Path') ?? '/';
  return `arn:aws:iam::${OWN_ACCOUNT}:role${path}${roleName(t, r)}`;
}

function literalString(t: Template, node: SNode | undefined): string | undefined {
  if (!node) return undefined;
  const v = resolveString(t, node);
  return typeof v === 'string' && !v.includes(UNKNOWN) ? v : undefined;
}

/** What `Ref` gives for a resource or parameter. */
function ref(t: Template, name: string): string | typeof NO_VALUE {
  const pseudo = PSEUDO[name];
  if (pseudo !== undefined) return pseudo;
  if (t.parameters.has(name)) {
    const d = t.parameters.get(name);
    // An empty default (`Default: ""`) is the template's "not given": the stack passes the value.
    return d?.type === 'scalar' && d.tag === undefined && d.value !== null && String(d.value) !== '' ? String(d.value) : UNKNOWN;
  }
  const r = t.resources.get(name);
  if (!r) return UNKNOWN;
  switch (r.type) {
    case 'AWS::S3::Bucket':
      return bucketName(t, r);
    case 'AWS::IAM::Role':
      return roleName(t, r);
    case 'AWS::KMS::Key':
      return t.symbols.name(r.id, r.id);
    default:
      return UNKNOWN;
  }
}

function getAtt(t: Template, name: string, attribute: string): string {
  const r = t.resources.get(name);
  if (!r) return UNKNOWN;
  if (r.type === 'AWS::S3::Bucket' && attribute === 'Arn') return `arn:aws:s3:::${bucketName(t, r)}`;
  if (r.type === 'AWS::IAM::Role' && attribute === 'Arn') return roleArn(t, r);
  if (r.type === 'AWS::KMS::Key' && attribute === 'Arn') return `arn:aws:kms:${UNKNOWN}:${OWN_ACCOUNT}:key/${t.symbols.name(r.id, r.id)}`;
  if (r.type === 'AWS::KMS::Key' && attribute === 'KeyId') return t.symbols.name(r.id, r.id);
  return UNKNOWN;
}

/**
 * The string a node stands for. References become symbols, what cannot be known becomes UNKNOWN
 * (inside the string, so a half-known ARN stays recognisably half-known). Undefined for a node
 * that is no string at all (a map, a list).
 */
export function resolveString(t: Template, node: SNode, vars?: ReadonlyMap<string, string>): string | typeof NO_VALUE | undefined {
  const fn = intrinsic(node);
  if (!fn) {
    if (node.type !== 'scalar' || node.value === null) return undefined;
    return String(node.value);
  }
  const { arg } = fn;
  switch (fn.fn) {
    case 'Ref': {
      const name = arg.type === 'scalar' ? String(arg.value) : undefined;
      return name === undefined ? UNKNOWN : ref(t, name);
    }
    case 'Fn::GetAtt': {
      const parts = arg.type === 'scalar' ? String(arg.value).split('.') : arg.type === 'seq' ? arg.items.map((i) => (i.type === 'scalar' ? String(i.value) : '')) : [];
      return parts.length >= 2 ? getAtt(t, parts[0], parts.slice(1).join('.')) : UNKNOWN;
    }
    case 'Fn::Sub':
      return sub(t, arg, vars);
    case 'Fn::Join': {
      if (arg.type !== 'seq' || arg.items.length !== 2) return UNKNOWN;
      const [delimiter, list] = arg.items;
      if (list.type !== 'seq' || intrinsic(list)) return UNKNOWN;
      const d = delimiter.type === 'scalar' ? String(delimiter.value ?? '') : UNKNOWN;
      return list.items.map((i) => asText(resolveString(t, i, vars))).join(d);
    }
    default:
      return UNKNOWN;
  }
}

function asText(v: string | typeof NO_VALUE | undefined): string {
  return typeof v === 'string' ? v : UNKNOWN;
}

function sub(t: Template, arg: SNode, outer?: ReadonlyMap<string, string>): string {
  let template: string | undefined;
  const vars = new Map(outer ?? []);
  if (arg.type === 'scalar') template = String(arg.value ?? '');
  else if (arg.type === 'seq' && arg.items[0]?.type === 'scalar') {
    template = String(arg.items[0].value ?? '');
    const map = arg.items[1];
    if (map?.type === 'map') for (const e of map.entries) vars.set(e.key, asText(resolveString(t, e.value, outer)));
  }
  if (template === undefined) return UNKNOWN;
  return template.replace(/\$\{(!?)([^}]*)\}/g, (_m, bang: string, name: string) => {
    if (bang) return `\${${name}}`;
    const v = vars.get(name);
    if (v !== undefined) return v;
    const dot = name.indexOf('.');
    if (dot > 0 && !name.startsWith('AWS::')) return getAtt(t, name.slice(0, dot), name.slice(dot + 1));
    return asText(ref(t, name));
  });
}
