/**
 * The CloudFormation adapter: JSON and YAML templates (short and long intrinsic forms), and CDK's
 * synthesized templates, which are the same thing. Recognised by content.
 */
import { Symbols } from '../../embedded/symbols';
import { Extraction, FormatAdapter, SourceText } from '../../embedded/types';
import { parseJsonSource } from '../../embedded/parsers/json';
import { parseYamlSource, registerYamlTags } from '../../embedded/parsers/yaml';
import { templateDocuments } from './documents';
import { templateFacts } from './facts';
import { bucketName, readTemplate } from './template';
import { DeclaredBucket, amendDeclared } from './amend';
import { dependencyGraph } from './graph';
import { orderingFindings } from './ordering';
import { unsupportedPropertyFindings } from './properties';
import { mergeFacts } from '../../embedded/expand';
import { Finding } from '../../findings';

const EXTENSIONS = ['.json', '.yaml', '.yml', '.template'];

/** CloudFormation's short forms (`!Ref` is `Ref`, `!Sub` is `Fn::Sub`…). */
registerYamlTags(['!Ref', '!Condition', ...['Base64', 'Cidr', 'FindInMap', 'GetAtt', 'GetAZs', 'ImportValue', 'Join', 'Select', 'Split', 'Sub', 'Transform', 'And', 'Equals', 'If', 'Not', 'Or', 'Length', 'ToJsonString', 'ForEach'].map((f) => `!${f}`)]);

/**
 * A template by content: `AWSTemplateFormatVersion`, or `Resources` with a resource of an `AWS::`
 * type. In YAML both must be top-level keys (column 0): a workflow or a Serverless Framework file
 * that carries template text further in is not a template.
 */
export function looksLikeTemplate(text: string): boolean {
  const type = /["']?Type["']?\s*:\s*["']?AWS::[A-Za-z0-9]+::/;
  if (isJson(text)) return /"AWSTemplateFormatVersion"\s*:/.test(text) || (/"Resources"\s*:/.test(text) && type.test(text));
  return /^["']?AWSTemplateFormatVersion["']?\s*:/m.test(text) || (/^["']?Resources["']?\s*:/m.test(text) && type.test(text));
}

function isJson(text: string): boolean {
  return /^\s*\{/.test(text);
}

export const cloudFormationAdapter: FormatAdapter = {
  id: 'cloudformation',
  label: 'CloudFormation template',
  fileExtensions: EXTENSIONS,
  // `cloudformation` and `template` are the ids AWS's CloudFormation language server extension selects.
  languageIds: ['json', 'jsonc', 'yaml', 'cloudformation', 'template'],
  claims: (file: SourceText) => EXTENSIONS.some((x) => file.uri.toLowerCase().endsWith(x)) && looksLikeTemplate(file.text),
  groupOf: (uri: string) => uri,
  parses: (text: string) => (isJson(text) ? parseJsonSource(text) : parseYamlSource(text)).errors.length === 0,
  extract(files: readonly SourceText[]): Extraction {
    const declared = new Map<string, DeclaredBucket>();
    const extraction: Extraction = { documents: new Map(), findings: [], display: new Map(), amend: (f) => amendDeclared(declared, f) };
    for (const file of files) {
      const json = isJson(file.text);
      const parsed = json ? parseJsonSource(file.text) : parseYamlSource(file.text);
      if (!json) extraction.findings.push(...parsed.errors.map((e) => syntaxFinding(file.uri, e)));
      if (parsed.root?.type !== 'map') continue;
      const symbols = new Symbols('AWS::AccountId', file.uri);
      const template = readTemplate(file.uri, file.text, json ? 'json' : 'yaml', parsed.root, symbols);
      const { documents, unsupported } = templateDocuments(template);
      extraction.documents.set(file.uri, documents);
      extraction.findings.push(...unsupportedPropertyFindings(template, unsupported), ...orderingFindings(template, dependencyGraph(template)));
      extraction.facts = mergeFacts(extraction.facts, templateFacts(template));
      for (const r of template.resources.values()) if (r.type === 'AWS::S3::Bucket') declared.set(bucketName(template, r), { t: template, resource: r.id });
      for (const [k, v] of symbols.display) extraction.display?.set(k, v);
    }
    return extraction;
  },
};

function syntaxFinding(uri: string, e: { offset: number; length: number; message: string }): Finding {
  return {
    uri,
    offset: e.offset,
    length: e.length,
    ruleId: 'yaml-syntax',
    severity: 'error',
    message: `${e.message}. CloudFormation refuses a template that is not valid YAML ("Template format error").`,
  };
}
