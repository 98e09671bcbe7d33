/**
 * Turning a rule off from the editor ("Turn off rc-x in .s3-replication-doctor.json"): the one member
 * `"rules": {"<id>": "off"}` set in the project file, comments and layout kept, in the file's own
 * indentation and line endings; or the whole file, when there is none yet.
 */
import { ParseError, parseTree } from 'jsonc-parser';
import { setEdits } from '../edit/jsonEdits';
import { TextEdit } from '../findings';
import { detectStyle } from '../format';

/** A new project file that turns `ruleId` off (two-space indentation, as the README's examples). */
export function newConfigWithRuleOff(ruleId: string, eol = '\n'): string {
  return JSON.stringify({ rules: { [ruleId]: 'off' } }, null, 2).replace(/\n/g, eol) + eol;
}

/**
 * The edits that set `rules.<ruleId>` to "off" in an existing project file: `[]` when it is off
 * already, undefined when the file cannot be edited safely (not a JSON object, `rules` not an object,
 * the key written twice).
 */
export function ruleOffEdits(text: string, ruleId: string): TextEdit[] | undefined {
  if (text.trim() === '') return [{ offset: 0, length: text.length, content: newConfigWithRuleOff(ruleId) }];
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (!root || root.type !== 'object' || errors.length > 0) return undefined;
  const rules = root.children?.find((p) => p.children?.[0]?.value === 'rules')?.children?.[1];
  if (rules && rules.type !== 'object') return undefined;
  return setEdits({ text, root, style: detectStyle(text, root) }, ['rules', ruleId], 'off');
}
