/**
 * Literal IAM evaluation, as far as the endpoint needs it to decide whether S3 may replicate: an action
 * on a resource is allowed when some statement allows it and none denies it. Wildcards `*` and `?` are
 * honoured (actions case-insensitively); conditions are not evaluated (a statement with a condition
 * counts as applying). This is the endpoint playing IAM, not the extension's linter.
 */

interface Statement {
  Effect?: unknown;
  Action?: unknown;
  NotAction?: unknown;
  Resource?: unknown;
  NotResource?: unknown;
  Principal?: unknown;
  NotPrincipal?: unknown;
  Condition?: unknown;
}

/** Who asks, as a resource policy (bucket policy, key policy, trust policy) sees it. */
export interface Principal {
  account: string;
  /** The user or role ARN (an assumed-role session is named by its role's ARN). */
  arn: string;
}

const parsed = new Map<string, Statement[]>();
const patterns = new Map<string, RegExp>();

function statements(document: string): Statement[] {
  let result = parsed.get(document);
  if (!result) {
    try {
      const doc = JSON.parse(document) as { Statement?: unknown };
      const list = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : [];
      result = list.filter((s): s is Statement => typeof s === 'object' && s !== null);
    } catch {
      result = [];
    }
    if (parsed.size > 10_000) parsed.clear();
    parsed.set(document, result);
  }
  return result;
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function matches(pattern: string, value: string, ignoreCase: boolean): boolean {
  const cacheKey = `${ignoreCase ? 'i' : 's'}:${pattern}`;
  let re = patterns.get(cacheKey);
  if (!re) {
    const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
    re = new RegExp(`^${source}$`, ignoreCase ? 'is' : 's');
    patterns.set(cacheKey, re);
  }
  return re.test(value);
}

function covers(stmt: Statement, action: string, resource: string): boolean {
  const actionHit =
    stmt.Action !== undefined ? strings(stmt.Action).some((p) => matches(p, action, true)) : stmt.NotAction !== undefined && !strings(stmt.NotAction).some((p) => matches(p, action, true));
  if (!actionHit) return false;
  if (stmt.Resource !== undefined) return strings(stmt.Resource).some((p) => matches(p, resource, false));
  return stmt.NotResource !== undefined && !strings(stmt.NotResource).some((p) => matches(p, resource, false));
}

/** Whether the documents, taken together, allow `action` on `resource`. */
export function isAllowed(documents: readonly string[], action: string, resource: string): boolean {
  let allowed = false;
  for (const doc of documents) {
    for (const stmt of statements(doc)) {
      if (!covers(stmt, action, resource)) continue;
      if (stmt.Effect === 'Deny') return false;
      if (stmt.Effect === 'Allow') allowed = true;
    }
  }
  return allowed;
}

/** Whether a trust policy lets the service principal (e.g. s3.amazonaws.com) call sts:AssumeRole. */
export function trustsService(trustPolicy: string, service: string): boolean {
  let allowed = false;
  for (const stmt of statements(trustPolicy)) {
    if (!strings(stmt.Action).some((p) => matches(p, 'sts:AssumeRole', true))) continue;
    const principal = stmt.Principal;
    const named =
      principal === '*' ||
      (typeof principal === 'object' && principal !== null && (strings((principal as { Service?: unknown }).Service).includes(service) || strings((principal as { AWS?: unknown }).AWS).includes('*')));
    if (!named) continue;
    if (stmt.Effect === 'Deny') return false;
    if (stmt.Effect === 'Allow') allowed = true;
  }
  return allowed;
}

/** Whether a resource policy (a queue's, a bucket's) lets this principal do `action` on `resource`; conditions are not evaluated. */
export function isAllowedFor(policy: string, principal: { Service?: string; AWS?: string }, action: string, resource: string): boolean {
  let allowed = false;
  for (const stmt of statements(policy)) {
    if (!covers(stmt, action, resource)) continue;
    const p = stmt.Principal;
    const named =
      p === '*' ||
      (typeof p === 'object' && p !== null &&
        ((principal.Service !== undefined && strings((p as { Service?: unknown }).Service).includes(principal.Service)) ||
          strings((p as { AWS?: unknown }).AWS).some((a) => a === '*' || a === principal.AWS)));
    if (!named) continue;
    if (stmt.Effect === 'Deny') return false;
    if (stmt.Effect === 'Allow') allowed = true;
  }
  return allowed;
}

/** Whether a `Principal` element names the principal: `*`, its account (id or root ARN), or its exact ARN. */
function names(element: unknown, who: Principal): boolean {
  if (element === '*') return true;
  if (typeof element !== 'object' || element === null) return false;
  return strings((element as { AWS?: unknown }).AWS).some((v) => v === '*' || v === who.account || v === `arn:aws:iam::${who.account}:root` || v === who.arn);
}

function appliesTo(stmt: Statement, who: Principal): boolean {
  if (stmt.Principal !== undefined) return names(stmt.Principal, who);
  if (stmt.NotPrincipal !== undefined) return !names(stmt.NotPrincipal, who);
  return false;
}

/**
 * A resource policy's answer for one principal: `allow` when a statement naming it allows the action
 * on the resource, `deny` when one denies it (a Deny wins), `none` when no statement speaks.
 * Resource policies of KMS keys use `Resource: "*"`, which matches any key ARN here.
 */
export function resourcePolicyDecision(document: string | undefined, who: Principal, action: string, resource: string): 'allow' | 'deny' | 'none' {
  if (!document) return 'none';
  let decision: 'allow' | 'none' = 'none';
  for (const stmt of statements(document)) {
    if (!appliesTo(stmt, who) || !covers(stmt, action, resource)) continue;
    if (stmt.Effect === 'Deny') return 'deny';
    if (stmt.Effect === 'Allow') decision = 'allow';
  }
  return decision;
}

/** A trust policy lets `who` assume the role: a statement naming it allows sts:AssumeRole, with a matching `sts:ExternalId` condition if it has one. */
export function trustsPrincipal(trustPolicy: string, who: Principal, externalId: string | undefined): boolean {
  let allowed = false;
  for (const stmt of statements(trustPolicy)) {
    if (!strings(stmt.Action).some((p) => matches(p, 'sts:AssumeRole', true)) || !appliesTo(stmt, who)) continue;
    if (stmt.Effect === 'Deny') return false;
    if (stmt.Effect !== 'Allow') continue;
    const wanted = externalIdCondition(stmt.Condition);
    if (wanted === undefined || (externalId !== undefined && wanted.includes(externalId))) allowed = true;
  }
  return allowed;
}

function externalIdCondition(condition: unknown): string[] | undefined {
  if (typeof condition !== 'object' || condition === null) return undefined;
  for (const [operator, block] of Object.entries(condition as Record<string, unknown>)) {
    if (!operator.startsWith('String') || typeof block !== 'object' || block === null) continue;
    for (const [key, value] of Object.entries(block as Record<string, unknown>)) if (key.toLowerCase() === 'sts:externalid') return strings(value);
  }
  return undefined;
}
