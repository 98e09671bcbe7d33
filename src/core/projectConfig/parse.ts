/**
 * Reads and validates `.s3-replication-doctor.json`. Mirrors `schemas/s3-replication-doctor.schema.json`
 * (a test holds the two together) but says more than a schema can: where, why, and the closest
 * valid name. Never throws: whatever the text, the result is a configuration (possibly empty) and
 * located problems.
 *
 * Broken JSON applies nothing, since a half-read file could turn off the wrong rules. A valid file
 * with a bad entry applies everything else: the one entry is reported and skipped.
 */
import { Node, ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';
import { DOCUMENT_KINDS, DocumentKind } from '../classify';
import { Finding, Severity } from '../findings';
import { closest } from '../iam/suggest';
import { checkRuleEntry } from './ruleSettings';
import { CONFIG_FILE_NAME, CONFIG_INVALID, CONFIG_UNKNOWN_RULE, EMPTY_CONFIG, ProjectConfig, RuleSetting } from './types';

export interface LoadedConfig {
  /** Path or URI of the file, as the caller named it; problems carry it back. */
  uri: string;
  text: string;
  config: ProjectConfig;
  /** False when the text is not JSON, so nothing of it applies. */
  applied: boolean;
  problems: Finding[];
}

export const TOP_LEVEL_KEYS = ['$schema', 'rules', 'ignores', 'fileKinds'] as const;

/** Keys people bring from ESLint and cfn-lint configurations, with what to write instead. */
const FOREIGN_KEYS: Record<string, string> = {
  ignorePatterns: '"ignores"',
  ignore_templates: '"ignores"',
  ignore_checks: '"rules" with "off", e.g. {"rules": {"rc-rule-id-missing": "off"}}',
  include_checks: '"rules"',
  overrides: 'a configuration file in the folder that needs other settings (the nearest file applies)',
};

export function parseProjectConfig(uri: string, text: string): LoadedConfig {
  const problems: Finding[] = [];
  const report: Report = (at, message, severity = 'error', ruleId = CONFIG_INVALID, replacement) => {
    // Kept inside the text, as rule findings are: an error "at the end" has no character to mark.
    const offset = Math.min(Math.max(at.offset, 0), text.length);
    const length = Math.min(Math.max(at.length, 1), text.length - offset);
    const finding: Finding = { uri, offset, length, ruleId, severity, message };
    if (replacement !== undefined) {
      const content = JSON.stringify(replacement);
      finding.fixes = [{ title: `Change to ${content}`, preferred: true, edits: () => [{ offset: at.offset, length: at.length, content }] }];
    }
    problems.push(finding);
  };

  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: false, disallowComments: false });
  if (errors.length > 0) {
    // The first error only: the ones after it are mostly its echoes.
    const [e] = errors;
    report({ offset: e.offset, length: e.length }, `Not valid JSON (${describeParseError(text, e)}): nothing in ${CONFIG_FILE_NAME} applies until this is fixed.`);
    return { uri, text, config: EMPTY_CONFIG, applied: false, problems };
  }
  if (!root || root.type !== 'object') {
    report(root ?? { offset: 0, length: text.length }, `${CONFIG_FILE_NAME} must hold one JSON object, e.g. {"rules": {"rc-rule-id-missing": "off"}}.`);
    return { uri, text, config: EMPTY_CONFIG, applied: false, problems };
  }

  const rules: RuleSetting[] = [];
  const ignores: string[] = [];
  const fileKinds: { glob: string; kind: DocumentKind }[] = [];

  for (const [key, keyNode, value] of members(root, report)) {
    switch (key) {
      case '$schema':
        if (value.type !== 'string') report(value, '"$schema" must be a string (the schema\'s path or URL).');
        break;
      case 'rules':
        if (!expectObject(value, '"rules" must be an object of rule id → severity, e.g. {"iam-*": "warning"}.', report)) break;
        for (const [id, idNode, sev] of members(value, report)) {
          const checked = checkRuleEntry(id, plainValue(sev));
          for (const p of checked.problems) {
            report(p.on === 'key' ? idNode : sev, p.message, p.severity, p.unknownRule ? CONFIG_UNKNOWN_RULE : CONFIG_INVALID, p.replacement);
          }
          if (checked.setting) rules.push(checked.setting);
        }
        break;
      case 'ignores':
        if (value.type !== 'array') {
          report(value, '"ignores" must be an array of glob patterns, e.g. ["legacy/", "**/*.generated.json"].');
          break;
        }
        for (const item of value.children ?? []) {
          const pattern = checkIgnore(item);
          if (typeof pattern === 'string') ignores.push(pattern);
          else report(item, pattern.message);
        }
        break;
      case 'fileKinds':
        if (!expectObject(value, `"fileKinds" must be an object of glob → kind, e.g. {"policies/*-role.json": "permission-policy"}.`, report)) break;
        for (const [glob, globNode, kindNode] of members(value, report)) {
          const kind = DOCUMENT_KINDS.find((k) => k === kindNode.value);
          if (glob.trim() === '') report(globNode, 'A glob must not be empty.');
          else if (kind === undefined) {
            const given = typeof kindNode.value === 'string' ? `"${kindNode.value}"` : 'This';
            const hint = typeof kindNode.value === 'string' ? closest(kindNode.value, DOCUMENT_KINDS) : undefined;
            report(kindNode, `${given} is not a document kind${hint ? `; did you mean "${hint}"?` : ''} Kinds: ${DOCUMENT_KINDS.join(', ')}.`, 'error', CONFIG_INVALID, hint);
          } else fileKinds.push({ glob, kind });
        }
        break;
      default: {
        const near = closest(key, TOP_LEVEL_KEYS);
        const instead = FOREIGN_KEYS[key] ?? (near ? `"${near}"` : undefined);
        const takes = `${CONFIG_FILE_NAME} takes ${TOP_LEVEL_KEYS.map((k) => `"${k}"`).join(', ')}.`;
        const simple = FOREIGN_KEYS[key] === undefined ? near : /^"(\w+)"$/.exec(FOREIGN_KEYS[key])?.[1];
        report(keyNode, `Unknown member "${key}": ${instead ? `use ${instead} instead; ` : ''}${takes}`, 'error', CONFIG_INVALID, simple);
      }
    }
  }
  return { uri, text, config: { rules, ignores, fileKinds }, applied: true, problems };
}

type Report = (at: { offset: number; length: number }, message: string, severity?: Severity, ruleId?: string, replacement?: string) => void;

/** An object's members in order, as [key, key node, value node]; a repeated key is reported (the last one counts, as in JSON.parse). */
function* members(obj: Node, report: Report): Generator<[string, Node, Node]> {
  const props = obj.children ?? [];
  const lastIndex = new Map<string, number>();
  props.forEach((p, i) => {
    const k = p.children?.[0]?.value;
    if (typeof k === 'string') lastIndex.set(k, i);
  });
  for (const [i, p] of props.entries()) {
    const [keyNode, value] = p.children ?? [];
    if (!keyNode || !value || typeof keyNode.value !== 'string') continue;
    if (lastIndex.get(keyNode.value) !== i) {
      report(keyNode, `"${keyNode.value}" is set again further down; only the last one applies.`, 'warning');
      continue;
    }
    yield [keyNode.value, keyNode, value];
  }
}

function expectObject(node: Node, message: string, report: Report): boolean {
  if (node.type === 'object') return true;
  report(node, message);
  return false;
}

function checkIgnore(item: Node): string | { message: string } {
  if (item.type !== 'string') return { message: 'Each entry of "ignores" is a glob pattern string.' };
  const pattern = String(item.value);
  if (pattern.trim() === '') return { message: 'An ignore pattern must not be empty.' };
  if (pattern.startsWith('!')) return { message: 'Negated patterns ("!…") are not supported: narrow the patterns that ignore instead.' };
  if (pattern.includes('\\')) return { message: 'Use "/" in ignore patterns, also on Windows.' };
  return pattern;
}

function plainValue(node: Node): unknown {
  if (node.type === 'array') return (node.children ?? []).map(plainValue);
  if (node.type === 'object') return {};
  return node.value;
}

function describeParseError(text: string, e: ParseError): string {
  const closing = text[e.offset] === '}' || text[e.offset] === ']';
  if (closing && /,\s*$/.test(text.slice(0, e.offset))) return 'a comma before a closing bracket; JSON allows no trailing comma';
  return printParseErrorCode(e.error).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
