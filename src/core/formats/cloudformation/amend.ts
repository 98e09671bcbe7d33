/**
 * Findings about the state of a bucket the template creates (versioning, Object Lock, Object
 * Ownership), said in the template's terms: which property of which bucket resource to add or
 * change, and a fix that edits that resource, instead of an `aws s3api` command that the next
 * deployment would undo.
 */
import { Finding, Fix, StateChange, TextEdit } from '../../findings';
import { get } from '../../embedded/sourceTree';
import { WriteValue } from '../../embedded/writers/value';
import { Template, intrinsic } from './template';
import { SourcePath } from './toApi';
import { setAt } from './write';

export interface DeclaredBucket {
  t: Template;
  resource: string;
}

interface Remedy {
  /** The sentence replacing AWS's advice in the message. */
  advice: string;
  fix?: Fix;
}

export function amendDeclared(buckets: ReadonlyMap<string, DeclaredBucket>, finding: Finding): Finding {
  const change = finding.change;
  const declared = change && buckets.get(change.bucket);
  if (!change || !declared) return finding;
  const remedy = remedyFor(declared, change);
  if (!remedy) return finding;
  const message = finding.message.includes(change.advice) ? finding.message.replace(change.advice, remedy.advice) : `${finding.message} ${remedy.advice}`;
  // A fix edits the finding's own file: offered only when the bucket is declared there.
  const fixes = remedy.fix && finding.uri === declared.t.uri ? [remedy.fix, ...(finding.fixes ?? [])] : finding.fixes;
  return { ...finding, message, fixes, change: { ...change, advice: remedy.advice } };
}

function remedyFor({ t, resource }: DeclaredBucket, change: StateChange): Remedy | undefined {
  const r = t.resources.get(resource);
  if (!r) return undefined;
  const properties = r.properties;
  // Properties computed at deploy time (`Fn::If`) are not ours to edit.
  const editable = !properties || (properties.type === 'map' && !intrinsic(properties));
  const base: SourcePath = ['Resources', resource, 'Properties'];
  const put = (name: string, value: WriteValue): (() => TextEdit[]) => () => (properties ? setAt(t, [...base, name], value) : setAt(t, base, { [name]: value }));
  const json = t.syntax === 'json';
  const show = (name: string, value: WriteValue) => `\`${json ? `"${name}": ${jsonFlow(value)}` : `${name}: ${flow(value)}`}\``;

  if (change.want.versioning === 'Enabled') {
    const versioning = get(properties, 'VersioningConfiguration');
    if (versioning?.type === 'map' && !intrinsic(versioning) && get(versioning, 'Status')) {
      return {
        advice: `Set \`VersioningConfiguration.Status\` to \`Enabled\` on ${resource}.`,
        fix: editable ? { title: `Enable versioning on ${resource} (VersioningConfiguration Status: Enabled)`, preferred: true, edits: () => setAt(t, [...base, 'VersioningConfiguration', 'Status'], 'Enabled') } : undefined,
      };
    }
    const value = { Status: 'Enabled' };
    return {
      advice: `Add ${show('VersioningConfiguration', value)} to ${resource}.`,
      fix: editable && !versioning ? { title: `Enable versioning on ${resource} (add VersioningConfiguration)`, preferred: true, edits: put('VersioningConfiguration', value) } : undefined,
    };
  }
  if (change.want.objectLock) {
    return {
      advice: `Add ${show('ObjectLockEnabled', true)} to ${resource} (Object Lock cannot be turned off again).`,
      fix: editable ? { title: `Enable Object Lock on ${resource}`, edits: put('ObjectLockEnabled', true) } : undefined,
    };
  }
  if (change.want.ownership === 'BucketOwnerEnforced') {
    const value = { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] };
    const existing = get(properties, 'OwnershipControls');
    return {
      advice: `Set ${show('OwnershipControls', value)} on ${resource} (ACLs are then disabled), or have uploaders grant the owner READ and READ_ACP.`,
      fix: editable ? { title: `Disable ACLs on ${resource} (ObjectOwnership: BucketOwnerEnforced)`, edits: () => (existing ? setAt(t, [...base, 'OwnershipControls'], value) : put('OwnershipControls', value)()) } : undefined,
    };
  }
  return undefined;
}

/** A value as one line of JSON, spaced as people write it: `{"Status": "Enabled"}`. */
function jsonFlow(v: WriteValue): string {
  if (Array.isArray(v)) return `[${v.map(jsonFlow).join(', ')}]`;
  if (v && typeof v === 'object' && !('yamlTag' in v)) return `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${jsonFlow(x)}`).join(', ')}}`;
  return JSON.stringify(v);
}

/** A value as YAML flow text, for messages: `{Status: Enabled}`. */
function flow(v: WriteValue): string {
  if (Array.isArray(v)) return `[${v.map(flow).join(', ')}]`;
  if (v && typeof v === 'object' && !('yamlTag' in v)) return `{${Object.entries(v).map(([k, x]) => `${k}: ${flow(x)}`).join(', ')}}`;
  return String(v);
}
