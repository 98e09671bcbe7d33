/**
 * A plan as `terraform show -json plan.out` prints it: every resource's planned values (nested
 * blocks as lists of objects, values known after apply left out), in the root module and child
 * modules, and the configuration's references. Read into the same value trees as HCL (`TNode`),
 * placed at their JSON positions in the plan file.
 */
import { Node, findNodeAtLocation, parseTree } from 'jsonc-parser';
import { TEntry, TNode } from '../values';

export interface PlannedResource {
  address: string;
  type: string;
  name: string;
  mode: 'managed' | 'data';
  /** The planned values, placed in the plan file. */
  values: TNode;
  /** Configuration expressions of this resource (root module only), for references to values not known yet. */
  expressions?: Node;
}

export interface Plan {
  uri: string;
  root: Node;
  resources: PlannedResource[];
}

export function looksLikePlan(text: string): boolean {
  const head = text.slice(0, 4096);
  return /"format_version"\s*:/.test(head) && /"(planned_values|resource_changes|terraform_version)"\s*:/.test(text.slice(0, 65536));
}

export function readPlan(uri: string, text: string): Plan | undefined {
  const root = parseTree(text, [], { allowTrailingComma: false });
  if (!root || root.type !== 'object') return undefined;
  const resources: PlannedResource[] = [];
  const config = new Map<string, Node>();
  const configResources = findNodeAtLocation(root, ['configuration', 'root_module', 'resources']);
  for (const r of configResources?.children ?? []) {
    const address = stringAt(r, ['address']);
    const expressions = findNodeAtLocation(r, ['expressions']);
    if (address && expressions) config.set(address, expressions);
  }
  const visit = (module: Node | undefined): void => {
    if (!module) return;
    for (const r of findNodeAtLocation(module, ['resources'])?.children ?? []) {
      const address = stringAt(r, ['address']);
      const type = stringAt(r, ['type']);
      const values = findNodeAtLocation(r, ['values']);
      if (!address || !type || !values) continue;
      resources.push({
        address,
        type,
        name: stringAt(r, ['name']) ?? '',
        mode: stringAt(r, ['mode']) === 'data' ? 'data' : 'managed',
        values: toTNode(values, uri, text),
        expressions: config.get(address),
      });
    }
    for (const child of findNodeAtLocation(module, ['child_modules'])?.children ?? []) visit(child);
  };
  visit(findNodeAtLocation(root, ['planned_values', 'root_module']));
  return { uri, root, resources };
}

function stringAt(node: Node, path: string[]): string | undefined {
  const n = findNodeAtLocation(node, path);
  return n?.type === 'string' ? (n.value as string) : undefined;
}

/** JSON → values, each at its position; a JSON string keeps the offset of each of its characters (escapes decoded). */
export function toTNode(node: Node, uri: string, text?: string): TNode {
  const at = { uri, range: { offset: node.offset, length: node.length } };
  switch (node.type) {
    case 'object': {
      const entries: TEntry[] = [];
      for (const p of node.children ?? []) {
        const [k, v] = p.children ?? [];
        if (!k || !v || typeof k.value !== 'string') continue;
        entries.push({ key: k.value, keyAt: { uri, range: { offset: k.offset, length: k.length } }, value: toTNode(v, uri, text) });
      }
      return { t: 'obj', entries, at };
    }
    case 'array':
      return { t: 'list', items: (node.children ?? []).map((c) => toTNode(c, uri, text)), at };
    case 'string':
      return { t: 'str', value: node.value as string, at, offsets: text === undefined ? undefined : stringOffsets(text, node.offset, node.length) };
    case 'number':
      return { t: 'num', value: node.value as number, at };
    case 'boolean':
      return { t: 'bool', value: node.value as boolean, at };
    default:
      return { t: 'null', at };
  }
}

/** The source offset of each character of a JSON string token's value. */
export function stringOffsets(text: string, offset: number, length: number): number[] {
  const out: number[] = [];
  const end = offset + length - 1;
  for (let i = offset + 1; i < end; ) {
    if (text[i] === '\\') {
      if (text[i + 1] === 'u') {
        out.push(i);
        i += 6;
      } else {
        out.push(i);
        i += 2;
      }
    } else {
      out.push(i);
      i++;
    }
  }
  return out;
}
