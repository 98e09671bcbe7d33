/**
 * Where a finding sits in a template, independent of the syntax: the template path of the node whose
 * member name or value it covers, so one expectation holds for a YAML template and its JSON twin.
 */
import { parseJsonSource } from '../../../../src/core/embedded/parsers/json';
import { parseYamlSource } from '../../../../src/core/embedded/parsers/yaml';
import { SNode, fullRange } from '../../../../src/core/embedded/sourceTree';

export type Place = { path: (string | number)[]; on: 'key' | 'value' };

export function locate(text: string, offset: number, length: number): Place | undefined {
  const root = (/^\s*\{/.test(text) ? parseJsonSource(text) : parseYamlSource(text)).root;
  let found: Place | undefined;
  const visit = (node: SNode, path: (string | number)[]): void => {
    const r = fullRange(node);
    if (!found && r.offset === offset && r.length === length) found = { path, on: 'value' };
    if (node.type === 'map') {
      for (const e of node.entries) {
        if (!found && e.keyRange.offset === offset && e.keyRange.length === length) found = { path: [...path, e.key], on: 'key' };
        visit(e.value, [...path, e.key]);
      }
    } else if (node.type === 'seq') node.items.forEach((item, i) => visit(item, [...path, i]));
  };
  if (root) visit(root, []);
  return found;
}

export function describe(p: Place | undefined): string {
  return p ? `${p.path.join('.')}${p.on === 'key' ? ' (key)' : ''}` : '?';
}
