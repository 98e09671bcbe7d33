/**
 * Ordering questions every infrastructure format asks of its resources (what waits for what), on a
 * graph of names: resource → the resources it waits for. CloudFormation and Terraform refuse the same
 * shapes (a cycle) and order the same way (references and explicit dependencies).
 */
export type Edges = ReadonlyMap<string, ReadonlySet<string>>;

/** Whether `from` waits, directly or not, for `to`. */
export function waitsFor(edges: Edges, from: string, to: string): boolean {
  const seen = new Set<string>([from]);
  const stack = [from];
  while (stack.length > 0) {
    const at = stack.pop() as string;
    for (const next of edges.get(at) ?? []) {
      if (next === to) return true;
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  return false;
}

/**
 * Groups of resources that wait for each other (strongly connected, Tarjan), each sorted: two or more
 * resources, or one that waits for itself.
 */
export function cycles(edges: Edges, nodes: Iterable<string>): string[][] {
  let index = 0;
  const indexes = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  const visit = (v: string): void => {
    indexes.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!indexes.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) as number, indexes.get(w) as number));
      }
    }
    if (low.get(v) === indexes.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1 || edges.get(v)?.has(v)) out.push(group.sort());
    }
  };
  for (const r of nodes) if (!indexes.has(r)) visit(r);
  return out;
}
