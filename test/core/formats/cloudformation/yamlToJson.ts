/**
 * A YAML template as the equivalent JSON template (short-form tags as their long forms), so each YAML
 * fixture has a JSON twin with the same defects; a test keeps the committed twins equal to this.
 */
import { parseYamlSource } from '../../../../src/core/embedded/parsers/yaml';
import { SNode } from '../../../../src/core/embedded/sourceTree';

export function yamlTemplateToJson(text: string): unknown {
  const { root, errors } = parseYamlSource(text);
  if (errors.length > 0 || !root) throw new Error(`not valid YAML: ${errors.map((e) => e.message).join('; ')}`);
  return convert(root);
}

function convert(node: SNode): unknown {
  const plain = untagged(node);
  if (!node.tag) return plain;
  if (node.tag === '!Ref') return { Ref: plain };
  if (node.tag === '!Condition') return { Condition: plain };
  if (node.tag === '!GetAtt' && typeof plain === 'string') {
    const dot = plain.indexOf('.');
    return { 'Fn::GetAtt': [plain.slice(0, dot), plain.slice(dot + 1)] };
  }
  return { [`Fn::${node.tag.slice(1)}`]: plain };
}

function untagged(node: SNode): unknown {
  if (node.type === 'map') return Object.fromEntries(node.entries.map((e) => [e.key, convert(e.value)]));
  if (node.type === 'seq') return node.items.map(convert);
  return node.value;
}

/** The JSON text of a YAML template, indented as people (and `cdk synth`) write it. */
export function jsonTwin(yaml: string): string {
  return `${JSON.stringify(yamlTemplateToJson(yaml), null, 2)}\n`;
}
