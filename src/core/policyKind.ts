/**
 * Which kind of policy a policy document is: by what its statements say first (principals,
 * resources, actions, effects), and only where content cannot decide (an identity policy, a
 * permissions boundary and an SCP look alike) by the file's name and folder.
 */
import { Node } from 'jsonc-parser';
import { editDistance } from './iam/suggest';
import { elements, has, isObject, member, stringValue } from './json';
import { PolicyKind } from './kinds';

/** Words in the file name or its folder that say what a policy is. Only the nearest folder counts: `~/scp-tools/` says nothing about a repository's files. */
interface Hints {
  boundary: boolean;
  scp: boolean;
  rcp: boolean;
  endpoint: boolean;
  trust: boolean;
}

export function nameHints(uri: string): Hints {
  const parts = uri.split(/[\\/]/);
  const near = parts.slice(-2).join('/').toLowerCase();
  return {
    boundary: /boundar(y|ies)/.test(near),
    scp: /(^|[^a-z])scps?([^a-z]|$)|service[-_ ]?control[-_ ]?polic/.test(near),
    rcp: /(^|[^a-z])rcps?([^a-z]|$)|resource[-_ ]?control[-_ ]?polic/.test(near),
    endpoint: /vpc[-_ ]?endpoint|endpoint[-_ ]?polic|(^|[^a-z])vpce([^a-z]|$)/.test(near),
    trust: /trust|assume[-_ ]?role/.test(near),
  };
}

const IAM_VERSIONS = ['2012-10-17', '2008-10-17'];

/**
 * Is this an access policy at all? CloudFront signed-URL policies and SNS message data-protection
 * policies have a `Statement` too, but no statement of theirs has `Effect` or an action, and their
 * `Version` (if any) is not the IAM language's.
 */
export function isAccessPolicy(policy: Node): boolean {
  if (IAM_VERSIONS.includes(stringValue(member(policy, 'Version')) ?? '')) return true;
  const statements = elements(member(policy, 'Statement')).filter(isObject);
  // Nothing to go by: the grammar rules say what is missing.
  if (statements.length === 0) return true;
  return statements.some((s) => has(s, 'Effect') || has(s, 'Action') || has(s, 'NotAction'));
}

/** `sts:AssumeRole` and its misspellings (`sts:AssumeRol`, `st:AssumeRole`, `sts.AssumeRole`). */
function isStsAction(action: string): boolean {
  const colon = action.indexOf(':');
  if (colon < 0) return /assume.?role/i.test(action);
  const prefix = action.slice(0, colon).trim().toLowerCase();
  return prefix === 'sts' || editDistance(prefix, 'sts', 1) <= 1;
}

function strings(statements: readonly Node[], ...keys: string[]): string[] {
  return statements.flatMap((s) => keys.flatMap((k) => elements(member(s, k)).map((v) => stringValue(v) ?? '')));
}

function everyone(principal: Node | undefined): boolean {
  if (stringValue(principal) === '*') return true;
  return elements(member(principal, 'AWS')).some((v) => stringValue(v) === '*') && (principal?.children?.length ?? 0) === 1;
}

/** The kind of a located policy; `trustHint` when a wrapper says so (`AssumeRolePolicyDocument`). */
export function policyKind(policy: Node, trustHint: boolean, uri: string): PolicyKind {
  if (trustHint) return 'trust-policy';
  const hints = nameHints(uri);
  const statements = elements(member(policy, 'Statement')).filter(isObject);
  const withPrincipal = statements.filter((s) => has(s, 'Principal') || has(s, 'NotPrincipal'));
  // Identity-side policies: the principal is whoever the policy is attached to.
  if (withPrincipal.length === 0) return hints.boundary ? 'permissions-boundary' : hints.scp ? 'service-control-policy' : 'permission-policy';

  const actions = strings(statements, 'Action', 'NotAction');
  const resources = strings(statements, 'Resource', 'NotResource');
  const namesResources = statements.some((s) => has(s, 'Resource') || has(s, 'NotResource'));
  // The role is the resource of a trust policy; its actions are STS's, even misspelt.
  if (!namesResources && (actions.every(isStsAction) || hints.trust)) return 'trust-policy';
  if (actions.length > 0 && actions.every((a) => /^kms:/i.test(a))) return 'key-policy';

  // Everyone, on every resource: what Organizations' RCPs (Deny) and endpoint policies (Allow) say.
  if (withPrincipal.length === statements.length && statements.every((s) => everyone(member(s, 'Principal')))) {
    if (hints.rcp) return 'resource-control-policy';
    if (hints.endpoint) return 'vpc-endpoint-policy';
    if (resources.includes('*')) return statements.every((s) => stringValue(member(s, 'Effect')) === 'Deny') ? 'resource-control-policy' : 'vpc-endpoint-policy';
  }
  // S3 bucket policies name buckets and objects only; access point policies name access points.
  if (resources.length > 0 && resources.every((r) => /^arn:[^:]*:s3:::./.test(r))) return hints.endpoint ? 'vpc-endpoint-policy' : 'bucket-policy';
  return 'resource-policy';
}
