/**
 * What goes wrong with the order CloudFormation creates resources in:
 * - resources that wait for each other: CloudFormation refuses the template ("Circular dependency
 *   between resources"), typically two buckets replicating to each other, or a bucket whose
 *   configuration names the role while the role's policy names the bucket;
 * - a destination bucket created by the template but named literally, with nothing making
 *   CloudFormation create it first: the source's configuration may be put before it exists.
 */
import { Finding, Fix, RelatedLocation } from '../../findings';
import { SNode, get } from '../../embedded/sourceTree';
import { Tagged, WriteValue } from '../../embedded/writers/value';
import { S3_TEXT } from '../../rules/config/s3Text';
import { Graph, Reference, cycles, dependsOnTransitively, subNames } from './graph';
import { Template, bucketName, intrinsic, resolveString, withParameterPlaceholders } from './template';
import { SourcePath } from './toApi';
import { setAt, setManyAt } from './write';

export const CIRCULAR_DEPENDENCY = 'cfn-circular-dependency';
export const DESTINATION_NOT_ORDERED = 'cfn-destination-not-ordered';

const BUCKET = 'AWS::S3::Bucket';

export function orderingFindings(t: Template, graph: Graph): Finding[] {
  return [...cycleFindings(t, graph), ...unorderedFindings(t, graph)];
}

function isReplicationReference(ref: Reference): boolean {
  return ref.path[2] === 'Properties' && ref.path[3] === 'ReplicationConfiguration';
}

function typeOf(t: Template, id: string): string | undefined {
  return t.resources.get(id)?.type;
}

function related(t: Template, refs: readonly Reference[], describe: (r: Reference) => string): RelatedLocation[] {
  return refs.map((r) => ({ uri: t.uri, offset: r.range.offset, length: r.range.length, message: describe(r) }));
}

function written(t: Template, r: Reference): string {
  return t.text.slice(r.range.offset, r.range.offset + r.range.length).replace(/\s+/g, ' ');
}

function cycleFindings(t: Template, graph: Graph): Finding[] {
  const out: Finding[] = [];
  for (const group of cycles(graph, t.resources.keys())) {
    const members = new Set(group);
    const inside = graph.references.filter((r) => members.has(r.from) && members.has(r.to)).sort((a, b) => a.range.offset - b.range.offset);
    if (inside.length === 0) continue;
    const refused = `CloudFormation refuses the template ("Circular dependency between resources: [${group.join(', ')}]")`;
    const base = { uri: t.uri, ruleId: CIRCULAR_DEPENDENCY, severity: 'error' as const };
    const replication = inside.filter((r) => isReplicationReference(r) && typeOf(t, r.from) === BUCKET && typeOf(t, r.to) === BUCKET);
    const replicatingBuckets = new Set(replication.map((r) => r.from));
    if (replicatingBuckets.size >= 2 && cycles({ references: replication, edges: edgesOf(replication) }, replicatingBuckets).length > 0) {
      const [first, ...rest] = replication;
      out.push({
        ...base,
        offset: first.range.offset,
        length: first.range.length,
        message:
          `${[...replicatingBuckets].sort().join(' and ')} replicate to each other, so each must be created before the other: ${refused}. ` +
          'Two-way replication cannot be created in one deployment (S3 also needs each destination to exist when a configuration is put): ' +
          'create both buckets first, one of them without `ReplicationConfiguration`, then add that configuration in a stack update, naming the other bucket literally ' +
          "(`!Sub 'arn:${AWS::Partition}:s3:::${OtherBucketName}'`, with `BucketName: !Ref OtherBucketName` on that bucket).",
        related: related(t, rest, (r) => `${r.from} replicates to ${r.to} here`),
      });
      continue;
    }
    const roleCycle = roleBucketCycle(t, inside);
    if (roleCycle) {
      const { bucket, role, toBucket, toRole } = roleCycle;
      const [first, ...rest] = toBucket;
      const fix = literalNameFix(t, bucket, toBucket);
      out.push({
        ...base,
        offset: first.range.offset,
        length: first.range.length,
        message:
          `${role}'s policy refers to ${bucket} here (\`${written(t, first)}\`) while ${bucket}'s ReplicationConfiguration refers to ${role}, so each must be created before the other: ${refused}. ` +
          `Name the bucket without a reference: give ${bucket} a name (\`BucketName: !Ref ${bucket}Name\`, a parameter) and write \`!Sub 'arn:\${AWS::Partition}:s3:::\${${bucket}Name}'\` here; ` +
          `or move this policy into its own AWS::IAM::Policy resource with \`Roles: [!Ref ${role}]\`.`,
        related: [...related(t, rest, () => `${role} refers to ${bucket} here too`), ...related(t, toRole, () => `${bucket} refers to ${role} here`)],
        fixes: fix ? [fix] : [],
      });
      continue;
    }
    const [first, ...rest] = inside;
    out.push({
      ...base,
      offset: first.range.offset,
      length: first.range.length,
      message: `${first.from} refers to ${first.to} here, and ${first.to} depends on ${first.from} in turn: ${refused}. Remove one of the references (a literal name or ARN instead of \`Ref\`/\`Fn::GetAtt\`, or one \`DependsOn\` less).`,
      related: related(t, rest, (r) => `${r.from} refers to ${r.to} here`),
    });
  }
  return out;
}

function edgesOf(refs: readonly Reference[]): Map<string, Set<string>> {
  const edges = new Map<string, Set<string>>();
  for (const r of refs) edges.set(r.from, (edges.get(r.from) ?? new Set()).add(r.to));
  return edges;
}

/** A bucket whose configuration names a role whose own policies name the bucket. */
function roleBucketCycle(t: Template, inside: readonly Reference[]): { bucket: string; role: string; toBucket: Reference[]; toRole: Reference[] } | undefined {
  for (const ref of inside) {
    if (typeOf(t, ref.from) !== BUCKET || typeOf(t, ref.to) !== 'AWS::IAM::Role' || !isReplicationReference(ref)) continue;
    const toBucket = inside.filter((r) => r.from === ref.to && r.to === ref.from && r.path[3] === 'Policies');
    if (toBucket.length > 0) return { bucket: ref.from, role: ref.to, toBucket, toRole: inside.filter((r) => r.from === ref.from && r.to === ref.to) };
  }
  return undefined;
}

/**
 * Rewrites every reference from the role to the bucket as the bucket's literal name (or the
 * parameter that names it), when the bucket has such a name and each reference is a plain
 * `Ref`, `Fn::GetAtt …Arn` or a `${Bucket}` / `${Bucket.Arn}` in a `Fn::Sub` string.
 */
function literalNameFix(t: Template, bucket: string, refs: readonly Reference[]): Fix | undefined {
  const nameNode = get(t.resources.get(bucket)?.properties, 'BucketName');
  const name = nameNode ? literalName(t, nameNode) : undefined;
  if (!name) return undefined;
  const arn = `arn:\${AWS::Partition}:s3:::${name.sub}`;
  const changes: { path: SourcePath; value: WriteValue }[] = [];
  for (const r of refs) {
    const node = nodeAt(t, r.path);
    const fn = node && intrinsic(node);
    if (!fn) return undefined;
    if (r.kind === 'Ref') changes.push({ path: r.path, value: name.ref });
    else if (r.kind === 'Fn::GetAtt' && getAttribute(fn.arg) === 'Arn') changes.push({ path: r.path, value: new Tagged('!Sub', 'Fn::Sub', arn) });
    else if (r.kind === 'Fn::Sub' && fn.arg.type === 'scalar' && typeof fn.arg.value === 'string') {
      const rewritten = fn.arg.value.replace(/\$\{([^}!][^}]*)\}/g, (m: string, v: string) => (v === bucket ? name.sub : v === `${bucket}.Arn` ? arn : m));
      if (subNames(rewritten).includes(bucket)) return undefined;
      changes.push({ path: r.path, value: new Tagged('!Sub', 'Fn::Sub', rewritten) });
    } else return undefined;
  }
  // Each path is computed on the original text: later changes must not shift earlier ones' paths, and they do not (values only).
  return { title: `Name ${bucket} by its bucket name in the policy (no reference, no cycle)`, edits: () => setManyAt(t, changes) };
}

/** A bucket name written literally, or `!Ref` to a parameter: as a `Fn::Sub` fragment and as a plain value. */
function literalName(t: Template, node: SNode): { sub: string; ref: WriteValue } | undefined {
  const fn = intrinsic(node);
  if (!fn) return node.type === 'scalar' && typeof node.value === 'string' && !node.value.includes('${') ? { sub: node.value, ref: node.value } : undefined;
  if (fn.fn === 'Ref' && fn.arg.type === 'scalar' && t.parameters.has(String(fn.arg.value))) {
    const p = String(fn.arg.value);
    return { sub: `\${${p}}`, ref: new Tagged('!Ref', 'Ref', p) };
  }
  return undefined;
}

function getAttribute(arg: SNode): string | undefined {
  if (arg.type === 'scalar') return String(arg.value).split('.').slice(1).join('.');
  if (arg.type === 'seq' && arg.items[1]?.type === 'scalar') return String(arg.items[1].value);
  return undefined;
}

function nodeAt(t: Template, path: SourcePath): SNode | undefined {
  let node: SNode | undefined = t.root;
  for (const step of path) {
    if (!node) return undefined;
    node = typeof step === 'number' ? (node.type === 'seq' ? node.items[step] : undefined) : get(node, step);
  }
  return node;
}

/** A destination bucket named literally while this template creates it, with nothing ordering the two. */
function unorderedFindings(t: Template, graph: Graph): Finding[] {
  const named = withParameterPlaceholders(t);
  const buckets = [...t.resources.values()].filter((r) => r.type === BUCKET);
  const byName = new Map(buckets.map((r) => [bucketName(named, r), r.id]));
  const destinationsOf = (id: string) => destinations(t, id).map((d) => ({ ...d, bucket: bucketOfArn(resolveString(named, d.node)) }));
  const out: Finding[] = [];
  for (const source of buckets) {
    for (const d of destinationsOf(source.id)) {
      const target = d.bucket === undefined ? undefined : byName.get(d.bucket);
      if (!target || target === source.id) continue;
      // A reference (`!GetAtt Dest.Arn`) orders the two already; so does any path of references or DependsOn.
      if (graph.references.some((r) => r.from === source.id && startsWith(r.path, d.path))) continue;
      if (dependsOnTransitively(graph, source.id, target)) continue;
      const back = destinationsOf(target).some((x) => x.bucket === bucketName(named, source));
      const base = { uri: t.uri, offset: d.node.range.offset, length: d.node.range.length, ruleId: DESTINATION_NOT_ORDERED, severity: 'warning' as const };
      const refused = `S3 refuses a configuration whose destination does not exist yet (${S3_TEXT.destMissing} or ${S3_TEXT.destVersioning}), which fails the stack`;
      if (back || dependsOnTransitively(graph, target, source.id)) {
        out.push({
          ...base,
          message: back
            ? `${source.id} and ${target} replicate to each other: on the stack's first deployment, whichever CloudFormation creates first gets a configuration whose destination does not exist yet; ${refused}. Create both buckets first (one without \`ReplicationConfiguration\`), then add the configuration in a stack update.`
            : `${target} depends on ${source.id}, so CloudFormation creates ${source.id} and its replication configuration first, while ${target} does not exist yet; ${refused}.`,
        });
        continue;
      }
      out.push({
        ...base,
        message:
          `${target} is created by this template, but nothing makes CloudFormation create it before ${source.id} (no \`Ref\`, \`Fn::GetAtt\` or \`DependsOn\`): ` +
          `it may create ${source.id} and put its replication configuration first; ${refused}. Refer to the bucket (\`!GetAtt ${target}.Arn\`) or add \`DependsOn: ${target}\` to ${source.id}.`,
        fixes: [{ title: `Add "DependsOn: ${target}" to ${source.id}`, preferred: true, edits: () => addDependsOn(t, source.id, target) }],
      });
    }
  }
  return out;
}

function startsWith(path: SourcePath, prefix: SourcePath): boolean {
  return prefix.every((step, i) => path[i] === step);
}

function destinations(t: Template, id: string): { node: SNode; path: SourcePath }[] {
  const rules = get(get(t.resources.get(id)?.properties, 'ReplicationConfiguration'), 'Rules');
  if (rules?.type !== 'seq' || intrinsic(rules)) return [];
  const out: { node: SNode; path: SourcePath }[] = [];
  rules.items.forEach((rule, i) => {
    const node = get(get(rule, 'Destination'), 'Bucket');
    if (node) out.push({ node, path: ['Resources', id, 'Properties', 'ReplicationConfiguration', 'Rules', i, 'Destination', 'Bucket'] });
  });
  return out;
}

function bucketOfArn(arn: unknown): string | undefined {
  return typeof arn === 'string' ? /^arn:[^:]*:s3:::([^/]+)$/.exec(arn)?.[1] : undefined;
}

function addDependsOn(t: Template, from: string, to: string) {
  const existing = get(t.resources.get(from)?.node, 'DependsOn');
  const path: SourcePath = ['Resources', from, 'DependsOn'];
  if (!existing) return setAt(t, path, to);
  if (existing.type === 'seq') return setAt(t, [...path, existing.items.length], to);
  if (existing.type === 'scalar' && typeof existing.value === 'string') return setAt(t, path, [existing.value, to]);
  return [];
}
