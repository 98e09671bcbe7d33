/**
 * IAM's size quotas on policy documents, counted as IAM counts them: characters, white space excluded
 * ("IAM doesn't count white space when calculating the size of a policy against these quotas";
 * GetAccountSummary gives the quotas "in non-whitespace characters"). IAM does not say whether white
 * space inside a JSON string counts; this counts every character but space, tab, line feed and
 * carriage return, wherever it is, so a document it calls within a quota may hold a few characters
 * fewer than IAM would accept, never more. Source: IAM User Guide, "IAM and AWS STS quotas".
 */

/** A role's inline policies together (the aggregate, not each one): fixed, cannot be raised. */
export const ROLE_INLINE_POLICIES_QUOTA = 10_240;
/** A role's trust policy, by default; an account may have it raised (to 8,192 at most). */
export const DEFAULT_TRUST_POLICY_QUOTA = 2_048;
/** One customer managed policy. */
export const MANAGED_POLICY_QUOTA = 6_144;
/** Managed policies attached to one role, by default (adjustable). */
export const ATTACHED_POLICIES_PER_ROLE = 10;

/** Characters IAM counts against its size quotas. */
export function iamPolicySize(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) n++;
  }
  return n;
}
