/**
 * ARNs in policies: parsing into the five sections, shape checks for the services replication
 * touches (S3, IAM, KMS, STS), and wildcard comparison section by section, as IAM compares them:
 * a wildcard never spans the colons between partition, service, Region, account and resource.
 */
import { registerCache } from '../caches';
import { ownCopy } from '../strings';
import { compile, compileTemplate, covers, overlaps, Pattern } from './pattern';

export interface Arn {
  partition: string;
  service: string;
  region: string;
  accountId: string;
  resource: string;
}

export const PARTITIONS: readonly string[] = ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc'];

/** `arn:partition:service:region:account:resource`; the resource keeps any further colons. */
export function parseArn(value: string): Arn | undefined {
  const sections = value.split(':');
  if (sections.length < 6 || sections[0] !== 'arn') return undefined;
  const [, partition, service, region, accountId, ...resource] = sections;
  return { partition, service, region, accountId, resource: resource.join(':') };
}

const ACCOUNT = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const WILD = /[*?]|\$\{/;

/**
 * What is wrong with an ARN (or ARN pattern) as a policy `Resource`, or undefined when nothing is.
 * Wildcards and policy variables are accepted in any section; only what is certainly wrong is named.
 */
export function arnProblem(value: string): string | undefined {
  return arnIssue(value)?.text;
}

/**
 * `arnProblem`, and whether the service storing the policy refuses it outright (IAM answers
 * MalformedPolicyDocument "must be in ARN format", "Partition ... is not valid", "IAM resource ...
 * cannot contain region information"). Any other problem makes the entry match no resource.
 */
export function arnIssue(value: string): { text: string; rejected: boolean } | undefined {
  const rejected = (text: string) => ({ text, rejected: true });
  if (value === '*') return undefined;
  if (!value.startsWith('arn:')) return rejected('it does not start with `arn:` (use an ARN, or `*` for every resource)');
  const arn = parseArn(value);
  // `arn:aws:sqs:*` is accepted: a trailing `*` reaches past the colons.
  if (!arn) return WILD.test(value) ? undefined : rejected('an ARN has six sections, `arn:partition:service:region:account:resource`, and this one has fewer');
  if (!WILD.test(arn.partition) && !PARTITIONS.includes(arn.partition)) {
    return rejected(`\`${arn.partition}\` is not an AWS partition (${PARTITIONS.slice(0, 3).map((p) => `\`${p}\``).join(', ')}, ...)`);
  }
  if (arn.service === '') return rejected('the service section is empty');
  // A wildcard in the partition, Region or account (`arn:aws:kms:*::*`, `arn:aws:organizations::*:`)
  // may reach past a colon, so the sections can no longer be judged one by one.
  if (WILD.test(arn.partition) || WILD.test(arn.region) || WILD.test(arn.accountId)) return undefined;
  if (arn.resource === '') return { text: 'the resource section is empty', rejected: false };
  const shape = serviceShapeProblem(arn);
  if (!shape) return undefined;
  return { text: shape, rejected: (arn.service === 'iam' || arn.service === 'sts') && arn.region !== '' };
}

/** Only services whose ARN layout we know for sure are checked further; others pass. */
function serviceShapeProblem(arn: Arn): string | undefined {
  const wildAccount = WILD.test(arn.accountId);
  const badAccount = !wildAccount && arn.accountId !== '' && !ACCOUNT.test(arn.accountId);
  const badRegion = !WILD.test(arn.region) && arn.region !== '' && !REGION.test(arn.region);
  switch (arn.service) {
    case 's3':
      // Buckets and objects carry neither Region nor account; access points and jobs carry both.
      if (arn.region === '' && arn.accountId === '') {
        if (arn.resource.startsWith('/')) return 'the bucket name cannot start with `/` (write `arn:aws:s3:::bucket/key`)';
        return undefined;
      }
      if (badAccount) return accountProblem(arn);
      if (badRegion) return regionProblem(arn);
      if (/^(accesspoint|job|storage-lens|access-grants|async-request)\b/.test(arn.resource) || WILD.test(arn.resource)) return undefined;
      return 'bucket and object ARNs have empty Region and account sections: `arn:aws:s3:::bucket` or `arn:aws:s3:::bucket/key`';
    case 'iam':
    case 'sts':
      if (arn.region !== '') return `${arn.service.toUpperCase()} ARNs have an empty Region section: \`arn:aws:${arn.service}::123456789012:role/name\``;
      // AWS managed policies live in the pseudo-account `aws`.
      if (arn.accountId === 'aws' && arn.service === 'iam') return undefined;
      if (arn.accountId === '') return `${arn.service.toUpperCase()} ARNs need the 12-digit account ID: \`arn:aws:${arn.service}::123456789012:role/name\``;
      return badAccount ? accountProblem(arn) : undefined;
    case 'kms':
      if (arn.region === '') return 'KMS ARNs need the Region: `arn:aws:kms:us-east-1:123456789012:key/KEY-ID`';
      if (badRegion) return regionProblem(arn);
      if (arn.accountId === '') return 'KMS ARNs need the 12-digit account ID: `arn:aws:kms:us-east-1:123456789012:key/KEY-ID`';
      if (badAccount) return accountProblem(arn);
      if (!WILD.test(arn.resource) && !/^(key|alias)\/./.test(arn.resource)) return 'a KMS resource is `key/KEY-ID` or `alias/NAME`';
      return undefined;
    default:
      return undefined;
  }
}

function accountProblem(arn: Arn): string {
  return `the account section \`${arn.accountId}\` is not a 12-digit account ID`;
}

function regionProblem(arn: Arn): string {
  return `the Region section \`${arn.region}\` is not a Region code such as \`us-east-1\``;
}

/** ARN sections as patterns: five sections, then the resource (which may itself contain colons). */
export interface ArnPattern {
  source: string;
  whole: Pattern;
  sections?: Pattern[];
}

type SplitPattern = ArnPattern;

const splitCache = new Map<string, SplitPattern>();
registerCache(() => splitCache.clear());

function splitSections(source: string): string[] {
  const parts: string[] = [];
  let rest = source;
  for (let k = 0; k < 5; k++) {
    const c = rest.indexOf(':');
    if (c < 0) break;
    parts.push(rest.slice(0, c));
    rest = rest.slice(c + 1);
  }
  parts.push(rest);
  return parts;
}

/** A policy names at most a few thousand ARNs; a configuration's requirements as many again. */
const SPLIT_CACHE_LIMIT = 20_000;

function split(source: string): SplitPattern {
  const hit = splitCache.get(source);
  if (hit) return hit;
  const own = ownCopy(source);
  const parts = splitSections(own);
  const out: SplitPattern = { source: own, whole: compile(own), sections: parts.length === 6 ? parts.map(compile) : undefined };
  // Oldest out first: clearing all at once made a policy naming more ARNs than the bound compile every
  // ARN again on each pass over it.
  if (splitCache.size >= SPLIT_CACHE_LIMIT) splitCache.delete(splitCache.keys().next().value as string);
  splitCache.set(own, out);
  return out;
}

/** An ARN pattern compiled once: callers comparing it many times keep this instead of the string. */
export function arnPattern(source: string): ArnPattern {
  return split(source);
}

/** Does the policy pattern `p` match every resource the pattern `q` names? */
export function arnCovers(p: string | ArnPattern, q: string | ArnPattern): boolean {
  const a = typeof p === 'string' ? split(p) : p;
  if (a.source === '*') return true;
  const b = typeof q === 'string' ? split(q) : q;
  if (!a.sections || !b.sections) return covers(a.whole, b.whole);
  for (let i = 0; i < 6; i++) if (!covers(a.sections[i], b.sections[i])) return false;
  return true;
}

/** Can the patterns `p` and `q` name a common resource? */
export function arnOverlaps(p: string | ArnPattern, q: string | ArnPattern): boolean {
  const a = typeof p === 'string' ? split(p) : p;
  const b = typeof q === 'string' ? split(q) : q;
  if (a.source === '*' || b.source === '*') return true;
  if (!a.sections || !b.sections) return overlaps(a.whole, b.whole);
  for (let i = 0; i < 6; i++) if (!overlaps(a.sections[i], b.sections[i])) return false;
  return true;
}

const templateCache = new Map<string, Pattern[]>();
registerCache(() => templateCache.clear());

/** Can the policy pattern `p` name a resource of the type whose ARN template is `template`? */
export function arnMatchesTemplate(p: string, template: string): boolean {
  if (p === '*') return true;
  let t = templateCache.get(template);
  if (!t) {
    t = splitSections(template).map(compileTemplate);
    templateCache.set(template, t);
  }
  const a = split(p);
  if (t.length !== 6) return false;
  const sections = t;
  if (a.sections) return a.sections.every((s, i) => overlaps(s, sections[i]));
  // `arn:aws:logs:*`: a trailing `*` reaches past the colons, standing for the sections left out.
  const written = splitSections(a.source);
  if (!a.source.endsWith('*') || written.length >= 6) return false;
  const padded = [...written, ...Array.from({ length: 6 - written.length }, () => '*')].map(compile);
  return padded.every((s, i) => overlaps(s, sections[i]));
}

export function hasPolicyVariable(p: string | ArnPattern): boolean {
  return (typeof p === 'string' ? split(p) : p).whole.variable;
}

// ---- S3 helpers: the ARNs replication needs ----

export function s3BucketArn(partition: string, bucket: string): string {
  return `arn:${partition}:s3:::${bucket}`;
}

/** Objects of a bucket under a key prefix (`''` for all of them). */
export function s3ObjectArn(partition: string, bucket: string, prefix = ''): string {
  return `arn:${partition}:s3:::${bucket}/${prefix}*`;
}

/** Bucket name and object part of an S3 bucket/object ARN (pattern), when it is one. */
export function s3Parts(value: string): { partition: string; bucket: string; object?: string } | undefined {
  const m = /^arn:([^:]*):s3:::([^/]+)(?:\/(.*))?$/s.exec(value);
  if (!m) return undefined;
  return { partition: m[1], bucket: m[2], object: m[3] };
}

/** The literal bucket name of an S3 ARN pattern; undefined when the bucket part has a wildcard. */
export function s3BucketName(value: string): string | undefined {
  const parts = s3Parts(value);
  return parts && !WILD.test(parts.bucket) ? parts.bucket : undefined;
}

/** What is wrong with a general purpose bucket name, or undefined when it is valid. */
export function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return 'bucket names are 3 to 63 characters long';
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name)) return 'bucket names use lowercase letters, digits, dots and hyphens, and start and end with a letter or digit';
  if (/\.\.|^\d+\.\d+\.\d+\.\d+$/.test(name)) return 'bucket names cannot have two dots in a row or look like an IP address';
  return undefined;
}

/** Role name (the last path segment) and path of an IAM role ARN. */
export function roleParts(value: string): { partition: string; account: string; path: string; name: string } | undefined {
  const m = /^arn:([^:]+):iam::(\d{12}):role\/(.*)$/.exec(value);
  if (!m) return undefined;
  const slash = m[3].lastIndexOf('/');
  return { partition: m[1], account: m[2], path: `/${m[3].slice(0, slash + 1)}`, name: m[3].slice(slash + 1) };
}

// ---- S3 on Outposts ----

/** Any ARN in the S3 on Outposts namespace: `arn:aws:s3-outposts:...`. */
export function isOutpostsArn(value: string | undefined): boolean {
  return !!value && /^arn:[^:]*:s3-outposts:/.test(value);
}

/**
 * An S3 on Outposts bucket or access point ARN:
 * `arn:<partition>:s3-outposts:<region>:<account>:outpost/<outpost-id>/(bucket|accesspoint)/<name>`.
 * The Region is not checked: AWS's own examples write the placeholder `region`.
 */
export function outpostsArnParts(value: string): { partition: string; region: string; account: string; outpost: string; type: 'bucket' | 'accesspoint'; name: string } | undefined {
  const m = /^arn:(aws[a-z-]*):s3-outposts:([^:]+):(\d{12}):outpost\/([^/]+)\/(bucket|accesspoint)\/([^/]+)$/.exec(value);
  return m ? { partition: m[1], region: m[2], account: m[3], outpost: m[4], type: m[5] as 'bucket' | 'accesspoint', name: m[6] } : undefined;
}
