/**
 * Writing a replication configuration onto a bucket (PutBucketReplication replaces the whole
 * configuration). The document is checked by the engine first and refused on errors. Live rules the
 * document does not carry are kept, appended unchanged, unless the user named each one for removal:
 * a second rule set up by someone else never disappears because this file did not mention it.
 */
import { parse, ParseError } from 'jsonc-parser';
import { analyze } from '../analyze';
import { DocumentInput } from '../document';
import { LiveFacts } from '../facts';
import { Finding } from '../findings';
import { isObject, member, plain, stringValue } from '../json';
import { ConfigDiff, diffConfigs, RuleSummary } from './configDiff';
import { isShortened, listSome } from './listText';
import { prerequisiteOf, prerequisiteText, uniquePrerequisites, type Prerequisite } from './prerequisites';
import { prettyJson, WritePlan } from './writePlan';

type Json = Record<string, unknown>;

export interface PutConfigRequest {
  bucket: string;
  region?: string;
  /** The document to write: a configuration, `{"ReplicationConfiguration": …}` or `--cli-input-json`. */
  text: string;
  uri: string;
  /** The live configuration as just read (same shapes accepted); undefined when the bucket has none. */
  live?: string;
  /** IDs of live rules missing from the document that the user agreed to delete. */
  remove?: readonly string[];
  facts?: LiveFacts;
  /** Prints a configuration for the preview; the AWS layer passes the AWS CLI's layout. */
  format?: (configuration: Json) => string;
}

export interface PutConfigPlan extends WritePlan {
  /** The document's errors, when they are why the plan is refused. */
  problems: Finding[];
  /** Live rules the document does not carry (kept unless listed in `remove`). */
  missingLive: RuleSummary[];
  diff?: ConfigDiff;
}

const defaultFormat = (c: Json) => prettyJson({ ReplicationConfiguration: c });

export function ruleName(r: RuleSummary): string {
  const name = r.id !== undefined ? `rule "${r.id}"` : `rule #${r.index + 1}`;
  const details = [r.destination ? `to ${r.destination}` : undefined, r.status].filter(Boolean).join(', ');
  return details ? `${name} (${details})` : name;
}

function unwrap(value: unknown): Json | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const inner = (value as Json).ReplicationConfiguration;
  return inner && typeof inner === 'object' && !Array.isArray(inner) ? (inner as Json) : (value as Json);
}

function parseLive(text: string | undefined): Json | undefined {
  if (!text?.trim()) return undefined;
  const errors: ParseError[] = [];
  const value = parse(text, errors) as unknown;
  return errors.length === 0 ? unwrap(value) : undefined;
}

const serious = (f: Finding) => f.severity !== 'info';

/**
 * Problems that keeping live rules creates: errors and warnings of kinds the document alone does not
 * have (a duplicate priority, V1 rules beside V2 ones), which S3 rejects or which change behaviour.
 */
function conflictsOf(merged: DocumentInput, own: readonly Finding[], facts: LiveFacts | undefined): Finding[] {
  const known = new Set(own.filter(serious).map((f) => f.ruleId));
  return analyze([merged], { facts }).findings.filter((f) => serious(f) && !known.has(f.ruleId));
}

function refused(title: string, reason: string, extra: Partial<PutConfigPlan> = {}): PutConfigPlan {
  return { title, steps: [], warnings: [], losses: [], problems: [], missingLive: [], refused: reason, ...extra };
}

function firstMessages(findings: readonly Finding[]): string {
  const shown = findings.slice(0, 3).map((f) => f.message);
  return shown.join(' ') + (findings.length > 3 ? ` (and ${findings.length - 3} more)` : '');
}

/**
 * Why a configuration with errors is refused, in two parts a user acts on differently: errors in the
 * document (shown where it is edited) and the state of buckets S3 checks (versioning, fixed in AWS).
 * Versioning alone comes with the steps that enable it.
 */
function refusal(title: string, bucket: string, text: string, problems: readonly Finding[], extra: Partial<PutConfigPlan> = {}): PutConfigPlan {
  const prerequisites: Prerequisite[] = [];
  const inDocument: Finding[] = [];
  for (const f of problems) {
    const p = prerequisiteOf(f, text, bucket);
    if (p) prerequisites.push(p);
    else inDocument.push(f);
  }
  const needed = uniquePrerequisites(prerequisites);
  const state = needed.length > 0 ? `S3 refuses a replication configuration while versioning is not enabled on the ${prerequisiteText(needed)}: enable it first.` : '';
  if (inDocument.length === 0) return refused(title, state, { problems: [...problems], prerequisites: needed, ...extra });
  const errors = `The configuration has ${inDocument.length} error${inDocument.length > 1 ? 's' : ''} that S3 would reject or that would stop replication: ${firstMessages(inDocument)}`;
  return refused(title, state ? `${errors} Also: ${state}` : errors, { problems: [...problems], ...extra });
}

export function planPutReplication(req: PutConfigRequest): PutConfigPlan {
  const title = `Put replication configuration on bucket ${req.bucket}`;
  const format = req.format ?? defaultFormat;
  const input: DocumentInput = { uri: req.uri, text: req.text, kind: 'replication-config', live: { sourceBucket: req.bucket } };
  const analysis = analyze([input], { facts: req.facts });
  const doc = analysis.documents[0];
  const problems = analysis.findings.filter((f) => f.severity === 'error');
  if (problems.length > 0) return refusal(title, req.bucket, req.text, problems);
  if (!isObject(doc.config)) return refused(title, 'The document is not a replication configuration (a JSON object with "Role" and "Rules").');

  const warnings: string[] = [];
  const named = stringValue(member(doc.root, 'Bucket'));
  if (named && named !== req.bucket) warnings.push(`The document names bucket ${named}; it is written to ${req.bucket}, as chosen.`);
  // Through JSON: jsonc-parser builds prototype-less objects.
  const next = JSON.parse(JSON.stringify(plain(doc.config))) as Json;
  const live = parseLive(req.live);
  if (req.live?.trim() && !live) return refused(title, 'The live configuration could not be read as JSON, so what the write would delete is unknown. Refresh and try again.');

  const diff = diffConfigs(live, next);
  const remove = new Set(req.remove ?? []);
  const missingLive = diff.removed;
  const dropped = missingLive.filter((r) => r.id !== undefined && remove.has(r.id));
  const kept = missingLive.filter((r) => !dropped.includes(r));
  const liveRules = (Array.isArray(live?.Rules) ? live.Rules : []) as Json[];
  const nextRules = Array.isArray(next.Rules) ? (next.Rules as Json[]) : [];
  const merged: Json = kept.length > 0 ? { ...next, Rules: [...nextRules, ...kept.map((r) => liveRules[r.index])] } : next;

  const details: string[] = [];
  /** A few names in the sentence; all of them in the details when some were left out. */
  const some = (label: string, rules: readonly RuleSummary[]): string => {
    const names = rules.map(ruleName);
    if (isShortened(names)) details.push(`${label} (${names.length}):`, ...names.map((n) => `  ${n}`));
    return listSome(names);
  };
  if (kept.length > 0) {
    const mergedInput: DocumentInput = { uri: `${req.bucket}/merged-replication.json`, text: format(merged), kind: 'replication-config', live: { sourceBucket: req.bucket } };
    const conflicts = conflictsOf(mergedInput, analysis.findings, req.facts);
    if (conflicts.length > 0) {
      return refused(
        title,
        `The live ${some('Live rules not in the document', kept)} ${kept.length > 1 ? 'are' : 'is'} not in the document, and keeping ${kept.length > 1 ? 'them' : 'it'} beside the document's rules would be rejected by S3 or change how replication behaves: ${firstMessages(conflicts)} Add ${kept.length > 1 ? 'them' : 'it'} to the document, or choose to delete ${kept.length > 1 ? 'them' : 'it'}.`,
        { missingLive, diff, details },
      );
    }
    warnings.push(`Kept from the live configuration (not in the document): ${some('Kept from the live configuration', kept)}.`);
  }
  if (diff.roleChanged) {
    warnings.push(`The role changes from ${diff.roleChanged.from ?? 'none'} to ${diff.roleChanged.to ?? 'none'}: your identity needs iam:PassRole on the new role, and the role needs the replication permissions (use "Repair the replication role").`);
  }
  if (diff.changed.length > 0) warnings.push(`Changed live rules: ${some('Changed live rules', diff.changed)}.`);

  const before = live ? format(live) : '';
  const after = format(merged);
  const losses = dropped.map((r) => `live ${ruleName(r)}`);
  const upToDate = live && dropped.length === 0 && diff.added.length === 0 && diff.changed.length === 0 && !diff.roleChanged;
  if (upToDate) return { title, steps: [], warnings, losses: [], problems: [], missingLive, diff, ...(details.length ? { details } : {}) };
  return {
    ...(details.length ? { details } : {}),
    title,
    steps: [{ api: 'PutBucketReplication', title, bucket: req.bucket, region: req.region, configuration: merged, roleArn: typeof merged.Role === 'string' ? merged.Role : undefined, before, after, previewName: 'replication.json' }],
    warnings,
    losses,
    problems: [],
    missingLive,
    diff,
  };
}
