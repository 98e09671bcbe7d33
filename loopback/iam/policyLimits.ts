/**
 * What IAM refuses in a policy document before storing it: text that is not a JSON object, a `Version`
 * that names no policy language, and documents over IAM's size quotas.
 *
 * Sizes are counted the way the IAM quotas page and GetAccountSummary put it: characters, "in
 * non-whitespace characters" ("IAM doesn't count white space when calculating the size of a policy").
 * The endpoint counts every character except space, tab, line feed and carriage return, wherever they
 * are (IAM does not say whether white space inside a string counts; the extension's planner counts
 * the same way, so the two never disagree). Quotas:
 * - a role's inline policies together (the aggregate, each one included): 10,240, not adjustable;
 * - a role's trust policy: 2,048 by default (an account may have it raised; the scenario's
 *   `trustPolicySizeQuota` sets it);
 * - a customer managed policy: 6,144.
 * IAM's own error says "bytes" for the inline quota; it counts characters.
 */
import { AwsError } from '../protocol/errors';

export const ROLE_POLICY_SIZE_QUOTA = 10_240;
export const DEFAULT_TRUST_POLICY_SIZE_QUOTA = 2_048;
export const MANAGED_POLICY_SIZE_QUOTA = 6_144;

/** Characters IAM counts against its size quotas. */
export function policySize(document: string): number {
  let n = 0;
  for (let i = 0; i < document.length; i++) {
    const c = document.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) n++;
  }
  return n;
}

/** IAM refuses documents that are not JSON objects before it looks at their grammar, then a `Version` it does not know. */
export function checkPolicyDocument(document: string): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(document);
  } catch {
    throw new AwsError('MalformedPolicyDocument', 'This policy contains invalid Json', 400);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new AwsError('MalformedPolicyDocument', 'This policy contains invalid Json', 400);
  // Absent means the 2008-10-17 grammar; anything but the two language versions is a syntax error to IAM.
  const version = (parsed as Record<string, unknown>).Version;
  if (version !== undefined && version !== '2012-10-17' && version !== '2008-10-17') throw new AwsError('MalformedPolicyDocument', 'Syntax errors in policy.', 400);
}

/** LimitExceeded is a 409 in IAM. */
function limitExceeded(message: string): AwsError {
  return new AwsError('LimitExceeded', message, 409);
}

/** The role's inline policies with `name` set to `document`, against the per-role aggregate. */
export function checkInlineAggregate(roleName: string, inline: ReadonlyMap<string, string>, name: string, document: string): void {
  let total = policySize(document);
  for (const [other, text] of inline) if (other !== name) total += policySize(text);
  if (total > ROLE_POLICY_SIZE_QUOTA) throw limitExceeded(`Maximum policy size of ${ROLE_POLICY_SIZE_QUOTA} bytes exceeded for role ${roleName}`);
}

export function checkTrustPolicySize(document: string, quota: number): void {
  if (policySize(document) > quota) throw limitExceeded(`Cannot exceed quota for ACLSizePerRole: ${quota}`);
}

export function checkManagedPolicySize(document: string): void {
  if (policySize(document) > MANAGED_POLICY_SIZE_QUOTA) throw limitExceeded(`Cannot exceed quota for PolicySize: ${MANAGED_POLICY_SIZE_QUOTA}`);
}

/** Managed policies attached to one role, by default (adjustable up to 25). */
export const ATTACHED_POLICIES_PER_ROLE_QUOTA = 10;

export function checkAttachedCount(count: number): void {
  if (count >= ATTACHED_POLICIES_PER_ROLE_QUOTA) throw limitExceeded(`Cannot exceed quota for PoliciesPerRole: ${ATTACHED_POLICIES_PER_ROLE_QUOTA}`);
}
