/**
 * Rules that adapters apply to their own formats (syntax, template-only checks). They report from
 * the adapter, in source coordinates, so the engine never runs them on a document (`kinds` is
 * empty); they are registered for the rule table, SARIF and per-rule configuration.
 */
import { Rule } from '../rule';

export const yamlSyntax: Rule = {
  id: 'yaml-syntax',
  severity: 'error',
  evidence: 'D',
  kinds: [],
  summary: 'A CloudFormation template is not valid YAML; CloudFormation refuses it ("Template format error").',
  docUrl: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-formats.html',
  check: () => undefined,
};

export const FORMAT_RULES: readonly Rule[] = [yamlSyntax];
