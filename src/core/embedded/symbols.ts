/**
 * Stand-ins for values a file refers to but does not spell out: the bucket a template creates
 * (`!Ref DestinationBucket`), the role whose ARN a configuration takes (`aws_iam_role.r.arn`), the
 * deploying account. Each is a string that is valid where it stands (a bucket name, a role name, a
 * 12-digit account), so rules read it as they read a literal and two references to one resource
 * compare equal; messages show the resource's own name again.
 *
 * A value nothing can resolve becomes UNKNOWN, and findings about it are dropped.
 */

/** Never a valid bucket, role, key or account: rules reading it find it malformed, and such findings are dropped. */
export const UNKNOWN = '{{unresolved}}';

/** The deploying account (`AWS::AccountId`, `data.aws_caller_identity.current.account_id`). */
export const OWN_ACCOUNT = '000000000000';

export class Symbols {
  /** Symbol → what a message calls it. */
  readonly display = new Map<string, string>();
  private readonly byResource = new Map<string, string>();

  private readonly suffix: string;

  /**
   * @param scope what the resources belong to (a template's URI): two files that each create a
   * `DestinationBucket` create two buckets, so their symbols must differ.
   */
  constructor(ownAccountDisplay: string, scope?: string) {
    this.display.set(OWN_ACCOUNT, ownAccountDisplay);
    this.suffix = scope === undefined ? '' : `-${shortHash(scope)}`;
  }

  /** A bucket's name: its literal name when written, else a symbol for the resource. */
  bucket(resource: string, shownAs: string): string {
    return this.symbol(resource, shownAs, (n) => `${n.toLowerCase().replace(/[^a-z0-9-]/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'bucket'}--ref${n.length > 40 ? this.byResource.size : ''}${this.suffix}`);
  }

  /** A role's (or other named resource's) name, as a symbol for the resource. */
  name(resource: string, shownAs: string): string {
    return this.symbol(resource, shownAs, (n) => `${n.replace(/[^\w+=,.@-]/g, '-').slice(0, 50)}--ref${this.suffix}`);
  }

  private symbol(resource: string, shownAs: string, make: (n: string) => string): string {
    const hit = this.byResource.get(resource);
    if (hit) return hit;
    let symbol = make(shownAs);
    while (this.display.has(symbol)) symbol = `${symbol}-${this.byResource.size}`;
    this.byResource.set(resource, symbol);
    this.display.set(symbol, shownAs);
    return symbol;
  }
}

/** Six base-36 characters, stable for a string (FNV-1a): valid in bucket, role and key names. */
function shortHash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(36).padStart(6, '0').slice(-6);
}

export function containsUnknown(text: string): boolean {
  return text.includes(UNKNOWN);
}

/** Replaces every symbol in a message by the name the user knows. Longest first: symbols may nest. */
export function displaySymbols(text: string, display: ReadonlyMap<string, string> | undefined): string {
  if (!display || display.size === 0) return text;
  let out = text;
  for (const [symbol, shown] of longestFirst(display)) {
    if (out.includes(symbol)) out = out.split(symbol).join(shown);
  }
  return out;
}

const sortedDisplays = new WeakMap<ReadonlyMap<string, string>, { size: number; entries: [string, string][] }>();

/** The display map's entries, longest symbol first, sorted once per map (and again if it grew). */
function longestFirst(display: ReadonlyMap<string, string>): [string, string][] {
  const hit = sortedDisplays.get(display);
  if (hit && hit.size === display.size) return hit.entries;
  const entries = [...display].sort((a, b) => b[0].length - a[0].length);
  sortedDisplays.set(display, { size: display.size, entries });
  return entries;
}

/**
 * Member names as the user wrote them, inside the quoted and back-quoted parts of a message or fix
 * title (`Filter.Tag` → `Filter.TagFilter`), where messages name members; not inside a quoted
 * sentence, which cites AWS.
 */
export function displayNames(text: string, names: Readonly<Record<string, string>> | undefined): string {
  if (!names || (!text.includes('`') && !text.includes('"'))) return text;
  return text.replace(/(`[^`]*`|"[^"]*")/g, (quoted) =>
    // A quoted sentence is AWS's own words (an error message), quoted as AWS writes them.
    quoted.startsWith('"') && /\s/.test(quoted) ? quoted : quoted.replace(/[A-Za-z_][\w]*/g, (word) => (Object.prototype.hasOwnProperty.call(names, word) ? names[word] : word)),
  );
}
