/** The rule registry: every rule the engine runs, by family. */
import { Rule } from '../rule';
import { CONFIG_RULES } from './config';
import { DOCUMENT_RULES } from './document';
import { IAM_RULES } from './iam';
import { LIVE_RULES } from './live';
import { KMS_CONFIG_RULES } from './live/kms';
import { FORMAT_RULES } from '../formats/rules';

export const ALL_RULES: readonly Rule[] = [...DOCUMENT_RULES, ...CONFIG_RULES, ...IAM_RULES, ...LIVE_RULES, ...KMS_CONFIG_RULES, ...FORMAT_RULES];

export function ruleById(id: string): Rule | undefined {
  return ALL_RULES.find((r) => r.id === id);
}
