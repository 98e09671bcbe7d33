/**
 * The documents a template holds, by resource type: a bucket's replication configuration, a role's
 * trust and permission policies, policies attached to roles, bucket and key policies. Each comes
 * with where it belongs (the bucket, the role), as a live document would.
 */
import { DocumentKind } from '../../classify';
import { LiveOrigin } from '../../document';
import { EmbeddedDocument } from '../../embedded/types';
import { SNode, entry, get } from '../../embedded/sourceTree';
import { POLICY, REPLICATION_CONFIGURATION, REPLICATION_NAMES, Shape } from './shapes';
import { Resource, Template, bucketName, intrinsic, resolveString, roleName } from './template';
import { SourcePath, Unsupported, presentBranch, toApi } from './toApi';
import { templateWriter } from './write';

export interface TemplateDocuments {
  documents: EmbeddedDocument[];
  /** Properties CloudFormation does not allow, left out of the documents. */
  unsupported: Unsupported[];
}

export function templateDocuments(t: Template): TemplateDocuments {
  const out: EmbeddedDocument[] = [];
  const unsupported: Unsupported[] = [];
  const add = (r: Resource, property: SourcePath, kind: DocumentKind, shape: Shape, origin?: LiveOrigin) => {
    const doc = embed(t, r, property, kind, shape, origin, unsupported);
    if (doc) out.push(doc);
  };
  // Roles with managed policies the template does not hold (an AWS managed policy's text is not in it).
  const elsewhere = new Set<string>();
  for (const r of t.resources.values()) {
    const managed = r.type === 'AWS::IAM::Role' ? get(r.properties, 'ManagedPolicyArns') : undefined;
    if (managed && !(managed.type === 'seq' && managed.items.length === 0)) elsewhere.add(roleName(t, r));
  }
  const withElsewhere = (origin: LiveOrigin | undefined): LiveOrigin | undefined =>
    origin?.roleName !== undefined && elsewhere.has(origin.roleName) ? { ...origin, policiesElsewhere: true } : origin;
  for (const r of t.resources.values()) {
    switch (r.type) {
      case 'AWS::S3::Bucket':
        add(r, ['ReplicationConfiguration'], 'replication-config', REPLICATION_CONFIGURATION, { sourceBucket: bucketName(t, r) });
        break;
      case 'AWS::S3::BucketPolicy':
        add(r, ['PolicyDocument'], 'bucket-policy', POLICY);
        break;
      case 'AWS::KMS::Key':
        add(r, ['KeyPolicy'], 'key-policy', POLICY);
        break;
      case 'AWS::IAM::Role': {
        const origin = withElsewhere({ roleName: roleName(t, r) });
        add(r, ['AssumeRolePolicyDocument'], 'trust-policy', POLICY, origin);
        const policies = get(r.properties, 'Policies');
        if (policies?.type === 'seq' && !intrinsic(policies)) {
          policies.items.forEach((_, i) => add(r, ['Policies', i, 'PolicyDocument'], 'permission-policy', POLICY, origin));
        }
        break;
      }
      case 'AWS::IAM::Policy':
      case 'AWS::IAM::ManagedPolicy':
      case 'AWS::IAM::RolePolicy':
        add(r, ['PolicyDocument'], 'permission-policy', POLICY, withElsewhere(attachedRole(t, r)));
        break;
    }
  }
  return { documents: out, unsupported };
}

/** The first role a policy resource is attached to (`Roles: [!Ref R]`, or `RoleName` of a RolePolicy). */
function attachedRole(t: Template, r: Resource): LiveOrigin | undefined {
  const roles = get(r.properties, 'Roles');
  const first = roles?.type === 'seq' && !intrinsic(roles) ? roles.items[0] : get(r.properties, 'RoleName');
  const name = first ? resolveString(t, first) : undefined;
  return typeof name === 'string' ? { roleName: name } : undefined;
}

function embed(t: Template, r: Resource, property: SourcePath, kind: DocumentKind, shape: Shape, origin: LiveOrigin | undefined, unsupported: Unsupported[]): EmbeddedDocument | undefined {
  let node: SNode | undefined = r.properties;
  let key = undefined as ReturnType<typeof entry>;
  const base: SourcePath = ['Resources', r.id, 'Properties'];
  // A property or list item made optional with `!If [condition, value, !Ref AWS::NoValue]` is read
  // as its value (toApi does the same below the document's root).
  const present = () => {
    const branch = node && presentBranch(t, node);
    if (branch) {
      node = branch.node;
      base.push(...branch.steps);
    }
  };
  for (const step of property) {
    present();
    if (typeof step === 'number') {
      node = node?.type === 'seq' && !intrinsic(node) ? node.items[step] : undefined;
      key = undefined;
    } else {
      key = entry(node, step);
      node = key?.value;
    }
    base.push(step);
  }
  present();
  // A document computed at deploy time (any other function, a JSON string) is not ours to read.
  if (!node || node.type !== 'map' || intrinsic(node)) return undefined;
  const converted = toApi(t, node, shape, base, key?.keyRange);
  unsupported.push(...converted.unsupported);
  return {
    name: [r.id, ...property].join('.'),
    kind,
    value: converted.value,
    spans: converted.spans,
    origin,
    names: shape === REPLICATION_CONFIGURATION ? REPLICATION_NAMES : undefined,
    write: templateWriter(t, { shape, sourcePaths: converted.sourcePaths }),
  };
}
