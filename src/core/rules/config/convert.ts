/**
 * Rewrites that several rules offer: turning a V1 rule (rule-level `Prefix`) into a V2 rule.
 * V1 replicated user-created delete markers automatically, so the conversion keeps that behaviour
 * with `DeleteMarkerReplication` Enabled instead of silently changing what the destination mirrors.
 */
import { JsonDocument } from '../../document';
import { Fix } from '../../findings';
import { editable, multiFix, stepwiseFix } from '../../fixes';
import { groupsEdits } from '../../edit/steps';
import { member, stringValue } from '../../json';
import { priorityPlan } from './priorities';
import { ConfigRule, JsonPath } from './shape';

interface Step {
  path: JsonPath;
  value: unknown;
}

function conversionSteps(doc: JsonDocument, rule: ConfigRule): Step[] {
  const steps: Step[] = [];
  const node = rule.node;
  if (rule.r.Filter === undefined) {
    const prefix = stringValue(member(node, 'Prefix')) ?? '';
    if (rule.r.Prefix !== undefined) steps.push({ path: [...rule.path, 'Prefix'], value: undefined });
    steps.push({ path: [...rule.path, 'Filter'], value: prefix ? { Prefix: prefix } : {} });
  }
  if (rule.r.Priority === undefined) {
    steps.push({ path: [...rule.path, 'Priority'], value: priorityPlan(doc).fresh.get(node) ?? 1 });
  }
  if (rule.r.DeleteMarkerReplication === undefined) {
    steps.push({ path: [...rule.path, 'DeleteMarkerReplication'], value: { Status: 'Enabled' } });
  }
  return steps;
}

const TITLE_TAIL = '(Filter.Prefix, Priority, DeleteMarkerReplication Enabled as V1 replicated delete markers)';

/** Converts one rule, or every given rule at once (a V1 configuration with several destinations). */
export function convertToV2Fix(doc: JsonDocument, rules: readonly ConfigRule[], preferred: boolean): Fix | undefined {
  if (rules.length === 1) return multiFix(doc, conversionSteps(doc, rules[0]), `Convert this rule to V2 ${TITLE_TAIL}`, preferred);
  // Computed only when applied, rule by rule (each rule's steps stay inside it), in pieces the editor
  // runs between other work; one such fix is shared by every finding it is offered on.
  return stepwiseFix(doc, `Convert all ${rules.length} V1 rules to V2 ${TITLE_TAIL}`, preferred, function* () {
    const groups: Step[][] = [];
    for (const [i, r] of rules.entries()) {
      groups.push(conversionSteps(doc, r));
      if (i % 128 === 127) yield;
    }
    return yield* groupsEdits(editable(doc), groups);
  });
}
