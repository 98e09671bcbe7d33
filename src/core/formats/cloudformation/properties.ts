/**
 * Members of the S3 API that CloudFormation does not allow in a replication configuration: the API's
 * own spelling (`ID` for `Id`) and members S3 has but the resource lacks (`ExistingObjectReplication`).
 * Its AWS::S3::Bucket schema allows no other property, so the stack fails on them, although the
 * configuration rules would read them as valid. The member is left out of the document our rules read,
 * so only this finding speaks of it. (Typos and misplaced members stay in the document:
 * `rc-unknown-member` reports them in the template's spelling, with its suggestions and moves.)
 */
import { Finding, Fix } from '../../findings';
import { closest } from '../../iam/suggest';
import { Shape } from './shapes';
import { Template } from './template';
import { Unsupported } from './toApi';
import { removeAt, renameAt } from './write';

export const UNSUPPORTED_PROPERTY = 'cfn-unsupported-property';

export function unsupportedPropertyFindings(t: Template, found: readonly Unsupported[]): Finding[] {
  return found.map((u) => finding(t, u));
}

function finding(t: Template, u: Unsupported): Finding {
  const notAllowed = u.shape.label ? `is not a property of a CloudFormation ${u.shape.label}` : 'is not a property CloudFormation allows here';
  const refused = 'CloudFormation refuses properties the resource does not define, so the stack fails.';
  const renamed = cloudFormationName(u.shape, u.key);
  const base = { uri: t.uri, offset: u.keyRange.offset, length: u.keyRange.length, ruleId: UNSUPPORTED_PROPERTY, severity: 'error' as const };
  if (renamed) {
    return {
      ...base,
      message: `\`${u.key}\` is the S3 API's name; in a CloudFormation template this property is \`${renamed}\`. ${refused} Rename it to \`${renamed}\`.`,
      fixes: renameFix(t, u, renamed, true),
    };
  }
  if (u.key === 'ExistingObjectReplication') {
    return {
      ...base,
      message:
        `\`ExistingObjectReplication\` ${notAllowed} (and S3 no longer accepts it in a configuration). ${refused} ` +
        'Remove it; objects that already exist are replicated with S3 Batch Replication (a one-time Batch Operations job).',
      fixes: [fix('Remove "ExistingObjectReplication" (use Batch Replication for existing objects)', () => removeAt(t, u.path), true)],
    };
  }
  const suggestion = closest(u.key, u.shape.closed ?? []);
  const known = (u.shape.closed ?? []).map((k) => `\`${k}\``).join(', ');
  return {
    ...base,
    message: `\`${u.key}\` ${notAllowed}. ${refused}` + (suggestion ? ` Did you mean \`${suggestion}\`?` : ` Its properties: ${known}.`),
    fixes: suggestion ? renameFix(t, u, suggestion, suggestion.toLowerCase() === u.key.toLowerCase()) : [],
  };
}

/** The CloudFormation name of a member written with its S3 API name (`ID` → `Id`). */
function cloudFormationName(shape: Shape, key: string): string | undefined {
  for (const [cfn, api] of Object.entries(shape.rename ?? {})) if (api === key) return cfn;
  return undefined;
}

function renameFix(t: Template, u: Unsupported, to: string, preferred: boolean): Fix[] {
  // Renaming onto a member that is already there would make a duplicate: say it, do not do it.
  if (u.siblings.includes(to)) return [];
  return [fix(`Rename to "${to}"`, () => renameAt(t, u.path, to), preferred)];
}

function fix(title: string, edits: Fix['edits'], preferred: boolean): Fix {
  return { title, preferred, edits };
}
