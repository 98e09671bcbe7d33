/**
 * Members the API model does not have, and members of the wrong type. The AWS CLI and the SDKs
 * validate the configuration against the model before sending it, and refuse it with these very
 * words ("Unknown parameter in ...", "Invalid type for parameter ..."); nothing reaches S3.
 */
import { Node } from 'jsonc-parser';
import { JsonDocument } from '../../document';
import { Fix } from '../../findings';
import { replaceSpanFix } from '../../fixes';
import { keyNode, properties, propertyKey } from '../../json';
import { DOCS } from '../../sources';
import { memberReport, WrongType } from './memberCheck';
import { suggest } from './memberFixes';
import { isOutpostsConfig, MemberType, ShapeName } from './model';
import { configRule } from './shape';

function refusal(doc: JsonDocument): string {
  return isOutpostsConfig(doc.config)
    ? 'The AWS CLI (`aws s3control put-bucket-replication`, S3 on Outposts) and the SDKs refuse the configuration before sending it.'
    : 'The AWS CLI and the SDKs refuse the configuration before sending it.';
}

export const unknownMember = configRule({
  id: 'rc-unknown-member',
  severity: 'error',
  evidence: 'V',
  summary: 'Every member is one the PutBucketReplication model has, at the place it has it (`ID`, not `Id`; `ReplicaKmsKeyID` inside `EncryptionConfiguration`; `Rules` a list).',
  docUrl: DOCS.API_PBR,
  check(ctx) {
    const report = memberReport(ctx.doc);
    if (!report) return;
    for (const p of report.problems) {
      if (p.kind !== 'unknown') continue;
      const members = report.model[p.shape].map((m) => m.name);
      const s = suggest(ctx.doc, report.model, p);
      ctx.report({
        node: p.prop.children?.[0],
        message: ctx.doc.embedded
          ? `\`${p.key}\` is not a member of \`${p.label}\` (one of ${members.map((m) => `\`${m}\``).join(', ')}): S3's PutBucketReplication has no such member, so the configuration cannot be applied as written.${s?.hint ?? ''}`
          : `Unknown parameter in ${p.label}: "${p.key}", must be one of: ${members.join(', ')}. ${refusal(ctx.doc)}${s?.hint ?? ''}`,
        fixes: s?.fix ? [s.fix] : undefined,
      });
    }
  },
});

/** Python's names for JSON values, as the CLI's message prints them. */
function pyType(node: Node, float: boolean): string {
  switch (node.type) {
    case 'string':
      return "<class 'str'>";
    case 'number':
      return float ? "<class 'float'>" : "<class 'int'>";
    case 'boolean':
      return "<class 'bool'>";
    case 'null':
      return "<class 'NoneType'>";
    case 'array':
      return "<class 'list'>";
    default:
      return "<class 'collections.OrderedDict'>";
  }
}

function validTypes(type: MemberType): string {
  switch (type.kind) {
    case 'string':
      return "<class 'str'>";
    case 'integer':
      return "<class 'int'>";
    case 'structure':
      return "<class 'dict'>";
    case 'list':
    case 'stringList':
      return "<class 'list'>, <class 'tuple'>";
  }
}

/** For documents written in another format (a template): the types in plain words, not the CLI's Python. */
const TYPE_WORDS: Record<MemberType['kind'], string> = { string: 'a string', integer: 'an integer', structure: 'an object', list: 'a list', stringList: 'a list of strings' };

function jsonTypeWords(node: Node, float: boolean): string {
  if (node.type === 'number') return float ? 'a number with a fraction' : 'a number';
  return { string: 'a string', boolean: 'a boolean', null: 'null', array: 'a list', object: 'an object', property: 'a member' }[node.type];
}

const MAX_VALUE = 60;

/** The value as Python prints it (`True`, `None`, `['a']`, `15.0`), shortened when long. */
function pyValue(doc: JsonDocument, node: Node, top = true): string {
  let out: string;
  switch (node.type) {
    case 'string':
      out = top ? (node.value as string) : `'${(node.value as string).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
      break;
    case 'number': {
      const raw = doc.text.slice(node.offset, node.offset + node.length);
      const n = node.value as number;
      out = /[.eE]/.test(raw) ? (Number.isInteger(n) ? `${n}.0` : String(n)) : raw;
      break;
    }
    case 'boolean':
      out = node.value ? 'True' : 'False';
      break;
    case 'null':
      out = 'None';
      break;
    case 'array':
      out = `[${(node.children ?? []).map((c) => pyValue(doc, c, false)).join(', ')}]`;
      break;
    default:
      out = `OrderedDict([${properties(node)
        .map((p) => `('${propertyKey(p) ?? ''}', ${p.children?.[1] ? pyValue(doc, p.children[1], false) : 'None'})`)
        .join(', ')}])`;
  }
  return top && out.length > MAX_VALUE ? `${out.slice(0, MAX_VALUE - 1)}…` : out;
}

/**
 * Members whose wrong type another rule already reports, each with its own fix: a `Status` that is
 * not "Enabled"/"Disabled", a `Priority` or `Minutes` that is not the integer it must be, a
 * `StorageClass` or `Owner` outside its enum, a `Rules` that is not a list. Those rules read `1.0`
 * as the integer 1, which the CLI does not: that case is reported here.
 */
function reportedElsewhere(p: WrongType): boolean {
  if (typeof p.path[p.path.length - 1] === 'number') return false;
  if (!['Status', 'Priority', 'Minutes', 'StorageClass', 'Owner', 'Rules'].includes(p.member.name)) return false;
  // rc-rule-status-enum reads the rule's and its options' Status, not the newer UseSourceMultiRegionKey's.
  if (p.member.name === 'Status' && p.shape === 'UseSourceMultiRegionKey') return false;
  return !(p.float && Number.isInteger(p.value.value));
}

const TEXT_MEMBERS = new Set(['Account', 'ID', 'Prefix', 'Key', 'Value']);

function typeFix(doc: JsonDocument, p: WrongType): Fix | undefined {
  const v = p.value;
  // An id, prefix or tag written as a JSON number is evidently meant as its digits; a number where an
  // ARN belongs is not fixed by quoting it.
  if (p.member.type.kind === 'string' && v.type === 'number' && !p.float && TEXT_MEMBERS.has(p.member.name)) {
    const raw = doc.text.slice(v.offset, v.offset + v.length);
    return replaceSpanFix(doc, v.offset, v.length, JSON.stringify(raw), `Write ${raw} as a string`, true);
  }
  if (p.member.type.kind === 'integer' && v.type === 'number' && p.float && Number.isInteger(v.value)) {
    return replaceSpanFix(doc, v.offset, v.length, String(v.value), `Write ${String(v.value)} as an integer`, true);
  }
  return undefined;
}

export const memberType = configRule({
  id: 'rc-member-type',
  severity: 'error',
  evidence: 'V',
  summary: 'Every member has the type the model gives it: objects where objects go, lists where lists go, strings and integers.',
  docUrl: DOCS.API_PBR,
  check(ctx) {
    const report = memberReport(ctx.doc);
    if (!report) return;
    for (const p of report.problems) {
      if (p.kind !== 'type' || reportedElsewhere(p)) continue;
      const fix = typeFix(ctx.doc, p);
      ctx.report({
        node: p.value,
        message: ctx.doc.embedded
          ? `\`${p.label}\` must be ${TYPE_WORDS[p.member.type.kind]}, not ${jsonTypeWords(p.value, p.float)}: S3's PutBucketReplication cannot take it.`
          : `Invalid type for parameter ${p.label}, value: ${pyValue(ctx.doc, p.value)}, type: ${pyType(p.value, p.float)}, valid types: ${validTypes(p.member.type)}. ` +
            refusal(ctx.doc),
        fixes: fix ? [fix] : undefined,
      });
    }
  },
});

/**
 * A member spelled so that `rc-unknown-member` renames it to `name` (`"Rule"` for `"Rules"`,
 * `"role"` for `"Role"`): the rule reporting `name` as missing stays silent, one finding per mistake.
 */
export function misspelledAs(doc: JsonDocument, obj: Node | undefined, shape: ShapeName, name: string): boolean {
  if (!obj || keyNode(obj, name)) return false;
  const report = memberReport(doc);
  if (!report) return false;
  return report.problems.some((p) => p.kind === 'unknown' && p.obj === obj && p.shape === shape && suggest(doc, report.model, p)?.renamedTo === name);
}
