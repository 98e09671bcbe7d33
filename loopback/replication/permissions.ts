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
