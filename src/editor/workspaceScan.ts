/**
 * The workspace scan's schedule and its cost, without `vscode` (tested and benchmarked directly):
 * files with AWS-looking names first, read a few at a time, a yield to the event loop before each
 * file is parsed, a raw-text pre-filter so that files that cannot be ours are never parsed, and an
 * early stop in workspaces that show nothing about AWS (a web project opened with a `package.json`
 * must not pay for reading its 5,000 JSON files).
 */
import { decodeBytes } from '../core/encoding';
import type { DocumentKind } from '../core/classify';
import type { TextEncoding } from '../core/document';

/**
 * Words one of which every file the engine reads as ours contains, in its raw text: the member
 * names `classify` decides on (a replication configuration, a policy, a notification configuration,
 * wrapped or not), CloudFormation's (`AWSTemplateFormatVersion`, an `AWS::` resource type) and a
 * Terraform plan's (`format_version`). A JSON key may be written with `\u` escapes: such a text is
 * always let through. `.tf` files are always read (a module's files are read as one group).
 */
const MARKERS = /\b(?:Role|Rules?|Statement|PolicyDocument|AssumeRolePolicyDocument|ReplicationConfiguration|NotificationConfiguration|EventBridgeConfiguration|(?:Queue|Topic|LambdaFunction)Configurations|AWSTemplateFormatVersion|format_version)\b|AWS::|\\u/;

/** Whether the engine could read this file as one of ours; false means surely unrelated (no need to parse it). */
export function mayBeAws(path: string, text: string): boolean {
  return /\.tf$/i.test(path) || MARKERS.test(text);
}

/**
 * File names that say "AWS infrastructure": Terraform and CloudFormation files, CDK and SAM
 * projects, and the names people give policies and replication configurations. A workspace with
 * one of them is scanned to the end.
 */
const AWS_NAME = /(?:\.tf|\.template|[\\/](?:cdk|samconfig)\.[a-z]+|[\\/]template\.(?:ya?ml|json)|\.cfn\.(?:ya?ml|json)|cloudformation[^\\/]*|replication[^\\/]*\.json|polic(?:y|ies)[^\\/]*\.json|trust[^\\/]*\.json|bucket[^\\/]*\.json|iam[^\\/]*\.json|\.s3-replication-doctor\.json)$/i;

/** Folders named for AWS infrastructure. */
const AWS_FOLDER = /(?:^|[\\/])(?:cloudformation|cfn|terraform|cdk\.out)[\\/]/i;

export function awsLookingName(path: string): boolean {
  return AWS_NAME.test(path) || AWS_FOLDER.test(path);
}

export interface ScanFile {
  /** The key the caller stores documents under (a URI string). */
  uri: string;
  /** Its path, for names and extensions. */
  path: string;
}

/** What a file read gave: its bytes, and the kind settings force on it (then it is parsed whatever it holds). */
export interface LoadedFile {
  bytes: Uint8Array;
  forced?: DocumentKind;
}

export interface ScanHooks {
  /** Reads a file; undefined when it is skipped (too large, gone, unreadable). */
  load(file: ScanFile): Promise<LoadedFile | undefined>;
  /** Parses and keeps a file; true when it is one of ours (a configuration, a policy, a template…). */
  keep(file: ScanFile, text: string, encoding: TextEncoding, forced: DocumentKind | undefined): boolean;
  /** A file the pre-filter found to hold nothing of ours (a copy kept from an earlier read is stale). */
  unrelated?(file: ScanFile): void;
  cancelled(): boolean;
  /** Resolves when the scan may go on (the user is not typing); the scan's low priority. */
  idle?(): Promise<void>;
  /** Gives the event loop a turn; `setImmediate` unless a test or bench replaces it. */
  yieldTurn?(): Promise<void>;
}

export interface ScanOptions {
  /** Files read at once (their reads overlap; their parsing does not). */
  batchSize?: number;
  /**
   * Files read without finding anything of ours after which the scan stops, in a workspace with no
   * AWS-looking file name. 0: never stop early.
   */
  quietLimit?: number;
}

export interface ScanCost {
  listed: number;
  /** Files whose bytes were read. */
  read: number;
  bytes: number;
  /** Files parsed (let through by the pre-filter or forced). */
  parsed: number;
  /** Files found to be ours. */
  relevant: number;
  /** Files the listing held that were not read because the scan stopped early. */
  notRead: number;
  ms: number;
  /** The longest synchronous stretch of the scan's own work between two turns of the event loop. */
  longestBlockMs: number;
  /** The file that took it. */
  longestBlockFile?: string;
  stoppedEarly: boolean;
  cancelled: boolean;
}

const DEFAULT_BATCH = 8;
export const DEFAULT_QUIET_LIMIT = 200;

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** AWS-looking names first (they are the likeliest to matter), then shallower paths before deeper ones. */
export function scanOrder(files: readonly ScanFile[]): ScanFile[] {
  const depth = (p: string) => p.split(/[\\/]/).length;
  return files
    .map((file, i) => ({ file, i, aws: awsLookingName(file.path), depth: depth(file.path) }))
    .sort((a, b) => Number(b.aws) - Number(a.aws) || a.depth - b.depth || a.i - b.i)
    .map((e) => e.file);
}

export async function scanFiles(files: readonly ScanFile[], hooks: ScanHooks, options: ScanOptions = {}): Promise<ScanCost> {
  const started = performance.now();
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH);
  const quietLimit = options.quietLimit ?? DEFAULT_QUIET_LIMIT;
  const yieldTurn = hooks.yieldTurn ?? nextTurn;
  const ordered = scanOrder(files);
  const anyAwsName = ordered.length > 0 && awsLookingName(ordered[0].path);
  const cost: ScanCost = { listed: files.length, read: 0, bytes: 0, parsed: 0, relevant: 0, notRead: 0, ms: 0, longestBlockMs: 0, stoppedEarly: false, cancelled: false };
  let next = 0;
  outer: while (next < ordered.length) {
    if (quietLimit > 0 && !anyAwsName && cost.relevant === 0 && cost.read >= quietLimit) {
      cost.stoppedEarly = true;
      break;
    }
    await hooks.idle?.();
    if (hooks.cancelled()) {
      cost.cancelled = true;
      break;
    }
    const batch = ordered.slice(next, next + batchSize);
    next += batch.length;
    const loaded = await Promise.all(batch.map((f) => hooks.load(f).catch(() => undefined)));
    for (const [i, file] of batch.entries()) {
      const got = loaded[i];
      if (!got) continue;
      await yieldTurn();
      if (hooks.cancelled()) {
        cost.cancelled = true;
        break outer;
      }
      const t = performance.now();
      cost.read++;
      cost.bytes += got.bytes.byteLength;
      const { text, encoding } = decodeBytes(got.bytes);
      if (got.forced !== undefined || mayBeAws(file.path, text)) {
        cost.parsed++;
        if (hooks.keep(file, text, encoding, got.forced)) cost.relevant++;
      } else {
        hooks.unrelated?.(file);
      }
      const block = performance.now() - t;
      if (block > cost.longestBlockMs) {
        cost.longestBlockMs = block;
        cost.longestBlockFile = file.path;
      }
    }
  }
  cost.notRead = cost.stoppedEarly ? ordered.length - next : 0;
  cost.ms = performance.now() - started;
  return cost;
}

/** One line for the output channel. */
export function describeCost(cost: ScanCost): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const kb = (b: number) => (b >= 1024 * 1024 ? `${(b / 1024 / 1024).toFixed(1)} MB` : `${Math.round(b / 1024)} KB`);
  const parts = [
    `${n(cost.listed)} files listed`,
    `${n(cost.read)} read (${kb(cost.bytes)})`,
    `${n(cost.parsed)} parsed`,
    `${n(cost.relevant)} replication configurations, policies or templates`,
    `${Math.round(cost.ms)} ms`,
    `longest block ${cost.longestBlockMs.toFixed(1)} ms${cost.longestBlockFile ? ` (${cost.longestBlockFile})` : ''}`,
  ];
  let line = `Workspace scan: ${parts.join(', ')}.`;
  if (cost.cancelled) line += ' Cancelled (the workspace or a setting changed).';
  if (cost.stoppedEarly) {
    line += ` Stopped early: nothing about AWS in the first ${n(cost.read)} files and no AWS-looking file names, so ${n(cost.notRead)} files were not read. Files you open are still checked, and the scan resumes when one of them is a replication configuration, policy or template.`;
  }
  return line;
}
