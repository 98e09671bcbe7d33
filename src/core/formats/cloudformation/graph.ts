/**
 * The order CloudFormation creates a template's resources in: a resource waits for every resource it
 * refers to (`Ref`, `Fn::GetAtt`, a `${Name}` in `Fn::Sub`) and every one in its `DependsOn`. Each
 * reference is kept with where it is written, so findings about ordering point at it.
 */
import { cycles as resourceCycles, waitsFor } from '../../embedded/graph';
import { SNode, fullRange } from '../../embedded/sourceTree';
import { SourceRange } from '../../embedded/types';
import { Template, intrinsic } from './template';
import { SourcePath } from './toApi';

export interface Reference {
  from: string;
  to: string;
  /** The referring node as written (`!GetAtt Dest.Arn`, a `DependsOn` entry). */
  range: SourceRange;
  /** Template path of that node. */
  path: SourcePath;
  kind: 'Ref' | 'Fn::GetAtt' | 'Fn::Sub' | 'DependsOn';
}

export interface Graph {
  references: Reference[];
  /** Resource → the resources it waits for. */
  edges: Map<string, Set<string>>;
}

export function dependencyGraph(t: Template): Graph {
  const references: Reference[] = [];
  for (const r of t.resources.values()) {
    const base: SourcePath = ['Resources', r.id];
    for (const e of r.node.entries) {
      if (e.key === 'Properties') walk(t, r.id, e.value, [...base, 'Properties'], references);
      else if (e.key === 'DependsOn') dependsOn(t, r.id, e.value, [...base, 'DependsOn'], references);
    }
  }
  const edges = new Map<string, Set<string>>();
  for (const ref of references) {
    const set = edges.get(ref.from) ?? new Set<string>();
    set.add(ref.to);
    edges.set(ref.from, set);
  }
  return { references, edges };
}

function dependsOn(t: Template, from: string, node: SNode, path: SourcePath, out: Reference[]): void {
  const items: [SNode, SourcePath][] = node.type === 'seq' ? node.items.map((n, i) => [n, [...path, i]]) : [[node, path]];
  for (const [n, p] of items) {
    if (n.type === 'scalar' && typeof n.value === 'string' && t.resources.has(n.value)) out.push({ from, to: n.value, range: fullRange(n), path: p, kind: 'DependsOn' });
  }
}

function walk(t: Template, from: string, node: SNode, path: SourcePath, out: Reference[]): void {
  const fn = intrinsic(node);
  if (fn) {
    const add = (to: string | undefined, kind: Reference['kind']) => {
      if (to !== undefined && t.resources.has(to)) out.push({ from, to, range: fullRange(node), path, kind });
    };
    const argPath = node.tag ? path : [...path, fn.fn];
    if (fn.fn === 'Ref' && fn.arg.type === 'scalar') add(String(fn.arg.value), 'Ref');
    else if (fn.fn === 'Fn::GetAtt') add(getAttTarget(fn.arg), 'Fn::GetAtt');
    else if (fn.fn === 'Fn::Sub') {
      const [template, vars] = fn.arg.type === 'seq' ? [fn.arg.items[0], fn.arg.items[1]] : [fn.arg, undefined];
      const local = new Set(vars?.type === 'map' ? vars.entries.map((e) => e.key) : []);
      if (template?.type === 'scalar' && typeof template.value === 'string') {
        for (const name of subNames(template.value)) if (!local.has(name)) add(name, 'Fn::Sub');
      }
      if (vars) walk(t, from, vars, [...argPath, 1], out);
    } else {
      walk(t, from, fn.arg, argPath, out);
    }
    return;
  }
  if (node.type === 'map') for (const e of node.entries) walk(t, from, e.value, [...path, e.key], out);
  else if (node.type === 'seq') node.items.forEach((item, i) => walk(t, from, item, [...path, i], out));
}

function getAttTarget(arg: SNode): string | undefined {
  if (arg.type === 'scalar') return String(arg.value).split('.')[0];
  if (arg.type === 'seq' && arg.items[0]?.type === 'scalar') return String(arg.items[0].value);
  return undefined;
}

/** The resources a `Fn::Sub` string names: `${Name}` and `${Name.Attribute}`, not `${!Literal}` or `${AWS::Region}`. */
export function subNames(template: string): string[] {
  const out: string[] = [];
  for (const m of template.matchAll(/\$\{([^}!][^}]*)\}/g)) {
    const name = m[1].trim();
    if (!name.startsWith('AWS::')) out.push(name.split('.')[0]);
  }
  return out;
}

/** Whether `from` waits, directly or not, for `to`. */
export function dependsOnTransitively(graph: Graph, from: string, to: string): boolean {
  return waitsFor(graph.edges, from, to);
}

/** Groups of resources that wait for each other, each as CloudFormation would refuse it. */
export function cycles(graph: Graph, resources: Iterable<string>): string[][] {
  return resourceCycles(graph.edges, resources);
}
