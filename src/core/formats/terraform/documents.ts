/**
 * The documents a Terraform module holds, by resource type, each placed where its value is written
 * (its "home"): a replication configuration in its resource (or in the bucket's legacy inline
 * block), a policy where it is constructed — a `jsonencode({...})`, a heredoc, a `file()`'s JSON
 * file, an `aws_iam_policy_document` — whichever resource uses it. Each comes with where it belongs
 * (the source bucket; the role a policy is attached to), as a live document would.
 */
import { DocumentKind } from '../../classify';
import { LiveOrigin } from '../../document';
import { UNKNOWN } from '../../embedded/symbols';
import { Evaluator } from './evaluate';
import { Expr, attribute, blocks } from './hcl/ast';
import { parseJsonValue } from './jsonText';
import { TfFile, TfResource, resourcesOf } from './module';
import { POLICY_DOCUMENT_NAMES } from './policyDocument';
import { LEGACY_NAMES, LEGACY_SCHEMA, Member, ReplicationStyle, STANDALONE_NAMES, STANDALONE_SCHEMA, replicationToApi } from './replication';
import { TNode, get } from './values';

export interface TfDoc {
  name: string;
  kind: DocumentKind;
  homeUri: string;
  /** API-shaped value tree. */
  api: TNode;
  origin?: LiveOrigin;
  names?: Readonly<Record<string, string>>;
  schema?: Readonly<Record<string, Member>>;
  policyDocument?: boolean;
  policy: boolean;
  /** For configurations: the resource that declares it, its style, and its Terraform-shaped value. */
  resource?: TfResource;
  style?: ReplicationStyle;
  tf?: TNode;
}

export function moduleDocuments(ev: Evaluator): TfDoc[] {
  const m = ev.m;
  const out: TfDoc[] = [];
  const homes = new Set<string>();

  for (const r of resourcesOf(m, 'aws_s3_bucket_replication_configuration')) {
    const tf = ev.block(r.block, r.file);
    const bucket = get(tf, 'bucket');
    out.push({
      name: r.address,
      kind: 'replication-config',
      homeUri: r.file.uri,
      api: replicationToApi(tf, 'standalone'),
      origin: known(bucket) ? { sourceBucket: (bucket as { value: string }).value } : undefined,
      names: STANDALONE_NAMES,
      schema: STANDALONE_SCHEMA,
      policy: false,
      resource: r,
      style: 'standalone',
      tf,
    });
  }
  for (const r of resourcesOf(m, 'aws_s3_bucket')) {
    const inline = blocks(r.block.body, 'replication_configuration')[0];
    if (inline) {
      const tf = ev.block(inline, r.file);
      if (tf.t === 'obj') tf.keyword = ev.loc(r.file, inline.typeRange);
      out.push({
        name: `${r.address}.replication_configuration`,
        kind: 'replication-config',
        homeUri: r.file.uri,
        api: replicationToApi(tf, 'legacy'),
        origin: r.multi ? undefined : { sourceBucket: ev.bucketName(r) },
        names: LEGACY_NAMES,
        schema: LEGACY_SCHEMA,
        policy: false,
        resource: r,
        style: 'legacy',
        tf,
      });
    }
    policyAt(r, 'policy', 'bucket-policy');
  }

  const elsewhere = rolesWithPoliciesElsewhere(ev);
  const withElsewhere = (origin: LiveOrigin | undefined): LiveOrigin | undefined =>
    origin?.roleName !== undefined && elsewhere.has(origin.roleName) ? { ...origin, policiesElsewhere: true } : origin;
  const roleOrigin = (r: TfResource): LiveOrigin | undefined => (r.multi ? undefined : withElsewhere({ roleName: ev.roleName(r) }));
  for (const r of resourcesOf(m, 'aws_iam_role')) {
    policyAt(r, 'assume_role_policy', 'trust-policy', roleOrigin(r));
    blocks(r.block.body, 'inline_policy').forEach((b, i) => {
      const a = attribute(b.body, 'policy');
      if (a) add(`${r.address}.inline_policy.${i}`, a.expr, r.file, 'permission-policy', roleOrigin(r));
    });
  }
  for (const r of resourcesOf(m, 'aws_iam_role_policy')) policyAt(r, 'policy', 'permission-policy', withElsewhere(roleNamed(ev, attribute(r.block.body, 'role')?.expr, r.file)));
  for (const r of resourcesOf(m, 'aws_iam_policy')) policyAt(r, 'policy', 'permission-policy', withElsewhere(attachedRole(ev, r)));
  for (const r of resourcesOf(m, 'aws_s3_bucket_policy')) policyAt(r, 'policy', 'bucket-policy');
  for (const r of resourcesOf(m, 'aws_kms_key')) policyAt(r, 'policy', 'key-policy');
  return out;

  function policyAt(r: TfResource, name: string, kind: DocumentKind, origin?: LiveOrigin): void {
    const a = attribute(r.block.body, name);
    if (a) add(`${r.address}.${name}`, a.expr, r.file, kind, origin);
  }

  function add(name: string, expr: Expr, file: TfFile, kind: DocumentKind, origin?: LiveOrigin): void {
    const home = policyHome(ev, expr, file, 0);
    if (!home) return;
    const key = `${home.node.at.uri}@${home.node.at.range.offset}`;
    // One document per place it is written, whatever uses it (the first use says what it is).
    if (homes.has(key)) return;
    homes.add(key);
    out.push({
      name: home.document ? home.document.address : name,
      kind,
      homeUri: home.node.at.uri,
      api: home.node,
      origin,
      names: home.document ? POLICY_DOCUMENT_NAMES : undefined,
      policyDocument: home.document !== undefined,
      policy: true,
    });
  }
}

function known(n: TNode | undefined): boolean {
  return n?.t === 'str' && n.value !== '' && !n.value.includes(UNKNOWN);
}

/**
 * Where a policy is constructed, following references (locals, variables, an
 * `aws_iam_policy_document`'s `json`, an `aws_iam_policy`'s `policy`) to it; its value there.
 */
function policyHome(ev: Evaluator, expr: Expr, file: TfFile, depth: number): { node: TNode; document?: TfResource } | undefined {
  if (depth > 10) return undefined;
  const m = ev.m;
  if (expr.type === 'traversal') {
    const names = expr.steps.map((s) => (s.kind === 'attr' ? s.name : undefined));
    if (names.some((n) => n === undefined)) return undefined;
    if (expr.root === 'local' && names.length === 1) {
      const l = m.locals.get(names[0] as string);
      return l ? policyHome(ev, l.expr, l.file, depth + 1) : undefined;
    }
    if (expr.root === 'var' && names.length === 1) {
      const d = m.variables.get(names[0] as string)?.default;
      return d ? policyHome(ev, d.expr, d.file, depth + 1) : undefined;
    }
    if (expr.root === 'data' && names.length === 3 && names[0] === 'aws_iam_policy_document' && (names[2] === 'json' || names[2] === 'minified_json')) {
      const r = m.resources.get(`data.aws_iam_policy_document.${names[1]}`);
      return r && !r.multi ? { node: ev.policyDocument(r), document: r } : undefined;
    }
    if (expr.root === 'aws_iam_policy' && names.length === 2 && names[1] === 'policy') {
      const r = m.resources.get(`aws_iam_policy.${names[0]}`);
      const a = r && !r.multi ? attribute(r.block.body, 'policy') : undefined;
      return a && r ? policyHome(ev, a.expr, r.file, depth + 1) : undefined;
    }
    return undefined;
  }
  if (expr.type === 'call' && ['jsonencode', 'sensitive', 'nonsensitive', 'tostring'].includes(expr.name) && expr.args.length === 1) {
    const arg = expr.args[0];
    if (arg.type === 'traversal') return policyHome(ev, arg, file, depth + 1);
    return asPolicy(ev.eval(arg, file), arg);
  }
  return asPolicy(ev.eval(expr, file), expr.type === 'template' || expr.type === 'literal' ? expr : undefined);
}

function asPolicy(v: TNode, holder: Expr | undefined): { node: TNode } | undefined {
  if (v.t === 'obj') return { node: v };
  if (v.t === 'str') {
    const parsed = parseJsonValue(v, holder);
    return parsed?.t === 'obj' ? { node: parsed } : undefined;
  }
  return undefined;
}

/** The role named by an expression: `aws_iam_role.r.name` / `.id`, or a literal name. */
function roleNamed(ev: Evaluator, expr: Expr | undefined, file: TfFile): LiveOrigin | undefined {
  if (!expr) return undefined;
  const r = referencedResource(ev, expr, 'aws_iam_role');
  if (r) return r.multi ? undefined : { roleName: ev.roleName(r) };
  const v = ev.eval(expr, file);
  if (v.t !== 'str' || v.value.includes(UNKNOWN) || v.value === '') return undefined;
  return { roleName: v.value.startsWith('arn:') ? v.value.split('/').pop() : v.value };
}

/** The resource of `type` an expression refers to (`aws_iam_role.r.arn` → that role). */
export function referencedResource(ev: Evaluator, expr: Expr, type: string): TfResource | undefined {
  if (expr.type !== 'traversal' || expr.root !== type) return undefined;
  const name = expr.steps[0]?.kind === 'attr' ? expr.steps[0].name : undefined;
  return name === undefined ? undefined : ev.m.resources.get(`${type}.${name}`);
}

/**
 * Roles with a managed policy the module does not hold (an AWS managed policy's ARN, or any ARN that
 * is not one of the module's `aws_iam_policy` resources): what their other policies lack may be
 * granted there.
 */
function rolesWithPoliciesElsewhere(ev: Evaluator): Set<string> {
  const out = new Set<string>();
  const external = (e: Expr) => referencedResource(ev, e, 'aws_iam_policy') === undefined;
  for (const r of resourcesOf(ev.m, 'aws_iam_role')) {
    const arns = attribute(r.block.body, 'managed_policy_arns')?.expr;
    if (!arns || r.multi) continue;
    if (arns.type !== 'tuple' || arns.items.some(external)) out.add(ev.roleName(r));
  }
  for (const a of resourcesOf(ev.m, 'aws_iam_role_policy_attachment')) {
    const arn = attribute(a.block.body, 'policy_arn')?.expr;
    const role = roleNamed(ev, attribute(a.block.body, 'role')?.expr, a.file)?.roleName;
    if (arn && role !== undefined && external(arn)) out.add(role);
  }
  return out;
}

/** The first role a managed policy is attached to: attachments, `managed_policy_arns`. */
function attachedRole(ev: Evaluator, policy: TfResource): LiveOrigin | undefined {
  const m = ev.m;
  const isThis = (e: Expr | undefined) => e !== undefined && referencedResource(ev, e, 'aws_iam_policy') === policy;
  for (const a of resourcesOf(m, 'aws_iam_role_policy_attachment')) {
    if (isThis(attribute(a.block.body, 'policy_arn')?.expr)) return roleNamed(ev, attribute(a.block.body, 'role')?.expr, a.file);
  }
  for (const a of resourcesOf(m, 'aws_iam_policy_attachment')) {
    const roles = attribute(a.block.body, 'roles')?.expr;
    if (isThis(attribute(a.block.body, 'policy_arn')?.expr) && roles?.type === 'tuple' && roles.items[0]) return roleNamed(ev, roles.items[0], a.file);
  }
  for (const r of resourcesOf(m, 'aws_iam_role')) {
    const arns = attribute(r.block.body, 'managed_policy_arns')?.expr;
    if (arns?.type === 'tuple' && arns.items.some(isThis)) return r.multi ? undefined : { roleName: ev.roleName(r) };
  }
  return undefined;
}
