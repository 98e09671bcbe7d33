/**
 * Terraform's dependency graph among the module's resources, as Terraform builds it: an edge for
 * every reference in a resource's arguments (through locals) and every `depends_on` entry. Used to
 * tell whether one resource is ordered after another, and to find cycles Terraform refuses.
 */
import { cycles, waitsFor } from '../../embedded/graph';
import { Block, Expr } from './hcl/ast';
import { TfModule, TfResource } from './module';

export class DependencyGraph {
  readonly edges = new Map<string, Set<string>>();

  constructor(private readonly m: TfModule) {
    const localRefs = new Map<string, Set<string>>();
    const refsOfLocal = (name: string, seen: Set<string>): Set<string> => {
      const hit = localRefs.get(name);
      if (hit) return hit;
      const out = new Set<string>();
      localRefs.set(name, out);
      const l = m.locals.get(name);
      if (l && !seen.has(name)) {
        seen.add(name);
        collect(l.expr, out, seen);
      }
      return out;
    };
    const collect = (e: Expr | undefined, out: Set<string>, seen: Set<string>): void => {
      if (!e) return;
      switch (e.type) {
        case 'traversal': {
          const first = e.steps[0]?.kind === 'attr' ? e.steps[0].name : undefined;
          const second = e.steps[1]?.kind === 'attr' ? e.steps[1].name : undefined;
          if (e.root === 'local' && first) refsOfLocal(first, seen).forEach((r) => out.add(r));
          else if (e.root === 'data' && first && second) add(`data.${first}.${second}`, out);
          else if (first) add(`${e.root}.${first}`, out);
          for (const s of e.steps) if (s.kind === 'index') collect(s.key, out, seen);
          break;
        }
        case 'template':
          for (const p of e.parts) if (p.kind === 'interpolation') collect(p.expr, out, seen);
          break;
        case 'tuple':
          e.items.forEach((i) => collect(i, out, seen));
          break;
        case 'object':
          e.items.forEach((i) => {
            collect(i.keyExpr, out, seen);
            collect(i.value, out, seen);
          });
          break;
        case 'call':
          e.args.forEach((a) => collect(a, out, seen));
          break;
        default:
          break;
      }
    };
    const add = (address: string, out: Set<string>) => {
      if (m.resources.has(address)) out.add(address);
    };
    // One set of the locals being expanded serves every argument: a local in it is always in
    // `localRefs` already, which answers first (no set per argument of a thousand-rule resource).
    const seen = new Set<string>();
    const walk = (b: Block, out: Set<string>) => {
      for (const item of b.body.items) {
        if (item.kind === 'attribute') collect(item.expr, out, seen);
        else walk(item, out);
      }
    };
    for (const r of m.resources.values()) {
      const out = new Set<string>();
      walk(r.block, out);
      out.delete(r.address);
      this.edges.set(r.address, out);
    }
  }

  /** `from` is applied after `to`: a path of references or `depends_on` leads from one to the other. */
  dependsOn(from: string, to: string): boolean {
    return waitsFor(this.edges, from, to);
  }

  /** Strongly connected groups of two or more resources: the cycles Terraform reports. */
  cycles(): TfResource[][] {
    // A reference to itself is removed when the edges are built: only groups of two or more remain.
    return cycles(this.edges, this.edges.keys()).map((group) => group.map((a) => this.m.resources.get(a) as TfResource));
  }
}
