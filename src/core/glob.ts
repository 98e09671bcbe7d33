/**
 * Glob matching for the `fileKinds` setting and the CLI's `--kind`: `**`, `*`, `?`, `{a,b}`.
 * A pattern without a slash matches the file name alone, as in VS Code's `jsonValidation.fileMatch`.
 *
 * `fileKinds` is a resource-scoped setting, so any repository the user opens can set it. A glob
 * turned into a JavaScript RegExp backtracks: `*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b` against a
 * 40-character path ran for minutes and froze the extension host. Patterns are therefore compiled
 * to a small nondeterministic automaton that is run over the path one character at a time, keeping
 * the set of pattern positions still alive: time O(pattern length × path length), whatever the
 * pattern.
 */

/** What a compiled glob offers; `test` has the shape of `RegExp.prototype.test` for old callers. */
export interface GlobMatcher {
  readonly source: string;
  test(path: string): boolean;
}

type State =
  | { kind: 'char'; ch: string; next: number }
  /** One character other than `/` (`?`, and each step of `*`). */
  | { kind: 'segment'; next: number }
  /** Any character, `/` included (each step of `**`). */
  | { kind: 'any'; next: number }
  /** Empty moves to both targets. */
  | { kind: 'split'; a: number; b: number }
  | { kind: 'match' };

/** A piece of automaton under construction: its entry state and the dangling exits to patch. */
interface Fragment {
  start: number;
  /** States whose `next` (or a split's `a` or `b`) still has to be set. */
  exits: { state: number; field: 'next' | 'a' | 'b' }[];
}

type Node =
  | { kind: 'literal'; ch: string }
  | { kind: 'one' }
  | { kind: 'star' }
  | { kind: 'globstar' }
  /** `**​/`: any number of whole path segments, none included. */
  | { kind: 'globstarSlash' }
  | { kind: 'group'; alternatives: Node[][] };

/** Parses a glob into nodes. A `{` without its `}` is an ordinary character, as in shells. */
function parse(glob: string): Node[] {
  let i = 0;
  const sequence = (inGroup: boolean): { nodes: Node[]; closed: boolean; comma: boolean } => {
    const nodes: Node[] = [];
    while (i < glob.length) {
      const c = glob[i];
      if (inGroup && (c === ',' || c === '}')) return { nodes, closed: c === '}', comma: c === ',' };
      if (c === '*') {
        if (glob[i + 1] === '*') {
          const slash = glob[i + 2] === '/';
          nodes.push({ kind: slash ? 'globstarSlash' : 'globstar' });
          i += slash ? 3 : 2;
        } else {
          nodes.push({ kind: 'star' });
          i++;
        }
      } else if (c === '?') {
        nodes.push({ kind: 'one' });
        i++;
      } else if (c === '{') {
        const open = i;
        i++;
        const alternatives: Node[][] = [];
        let closed = false;
        while (i < glob.length) {
          const part = sequence(true);
          alternatives.push(part.nodes);
          if (part.closed) {
            closed = true;
            i++;
            break;
          }
          if (part.comma) i++;
        }
        if (closed) nodes.push({ kind: 'group', alternatives });
        else {
          i = open + 1;
          nodes.push({ kind: 'literal', ch: '{' });
        }
      } else {
        nodes.push({ kind: 'literal', ch: c });
        i++;
      }
    }
    return { nodes, closed: false, comma: false };
  };
  return sequence(false).nodes;
}

class Builder {
  readonly states: State[] = [];

  private add(s: State): number {
    this.states.push(s);
    return this.states.length - 1;
  }

  private patch(exits: Fragment['exits'], target: number): void {
    for (const e of exits) {
      const s = this.states[e.state] as Record<string, unknown>;
      s[e.field] = target;
    }
  }

  /** A fragment matching the empty string: a split whose two exits both lead on. */
  private empty(): Fragment {
    const s = this.add({ kind: 'split', a: -1, b: -1 });
    return { start: s, exits: [{ state: s, field: 'a' }, { state: s, field: 'b' }] };
  }

  private single(kind: 'segment' | 'any'): Fragment {
    const s = this.add({ kind, next: -1 });
    return { start: s, exits: [{ state: s, field: 'next' }] };
  }

  /** Zero or more of `kind`: a loop through one split. */
  private many(kind: 'segment' | 'any'): Fragment {
    const split = this.add({ kind: 'split', a: -1, b: -1 });
    const step = this.add({ kind, next: split });
    (this.states[split] as { a: number }).a = step;
    return { start: split, exits: [{ state: split, field: 'b' }] };
  }

  sequence(nodes: readonly Node[]): Fragment {
    let result: Fragment | undefined;
    for (const n of nodes) {
      const f = this.node(n);
      if (!result) result = f;
      else {
        this.patch(result.exits, f.start);
        result = { start: result.start, exits: f.exits };
      }
    }
    return result ?? this.empty();
  }

  private node(n: Node): Fragment {
    switch (n.kind) {
      case 'literal': {
        const s = this.add({ kind: 'char', ch: n.ch, next: -1 });
        return { start: s, exits: [{ state: s, field: 'next' }] };
      }
      case 'one':
        return this.single('segment');
      case 'star':
        return this.many('segment');
      case 'globstar':
        return this.many('any');
      case 'globstarSlash': {
        // (.*/)? : skip entirely, or any characters then a slash.
        const split = this.add({ kind: 'split', a: -1, b: -1 });
        const loop = this.many('any');
        const slash = this.add({ kind: 'char', ch: '/', next: -1 });
        this.patch(loop.exits, slash);
        (this.states[split] as { a: number }).a = loop.start;
        return { start: split, exits: [{ state: split, field: 'b' }, { state: slash, field: 'next' }] };
      }
      case 'group': {
        const parts = n.alternatives.map((alt) => this.sequence(alt));
        // A chain of splits, one per alternative.
        let start = parts[parts.length - 1].start;
        const exits = parts.flatMap((p) => p.exits);
        for (let k = parts.length - 2; k >= 0; k--) start = this.add({ kind: 'split', a: parts[k].start, b: start });
        return { start, exits };
      }
    }
  }

  finish(f: Fragment): number {
    const match = this.add({ kind: 'match' });
    this.patch(f.exits, match);
    return f.start;
  }
}

class Automaton implements GlobMatcher {
  private readonly states: State[];
  private readonly start: number;
  /** Per state, the step at which it was last added: a set without allocating one per character. */
  private readonly mark: Int32Array;
  private generation = 0;

  constructor(readonly source: string) {
    const builder = new Builder();
    this.start = builder.finish(builder.sequence(parse(source)));
    this.states = builder.states;
    this.mark = new Int32Array(this.states.length).fill(-1);
  }

  test(path: string): boolean {
    let current: number[] = [];
    this.generation++;
    this.addState(current, this.start);
    for (let i = 0; i < path.length && current.length > 0; i++) {
      const ch = path[i];
      const next: number[] = [];
      this.generation++;
      for (const id of current) {
        const s = this.states[id];
        if (s.kind === 'split' || s.kind === 'match') continue;
        if (s.kind === 'any' || (s.kind === 'segment' ? ch !== '/' : s.ch === ch)) this.addState(next, s.next);
      }
      current = next;
    }
    return current.some((id) => this.states[id].kind === 'match');
  }

  /** Adds a state and everything reachable from it by empty moves, each state once per step. */
  private addState(into: number[], first: number): void {
    const stack = [first];
    while (stack.length > 0) {
      const id = stack.pop() as number;
      if (this.mark[id] === this.generation) continue;
      this.mark[id] = this.generation;
      const s = this.states[id];
      if (s.kind === 'split') stack.push(s.b, s.a);
      else into.push(id);
    }
  }
}

const cache = new Map<string, GlobMatcher>();
/** Settings hold a handful of globs; the bound only keeps a hostile workspace from growing the cache. */
const CACHE_LIMIT = 256;

export function compileGlob(glob: string): GlobMatcher {
  const hit = cache.get(glob);
  if (hit) return hit;
  const out = new Automaton(glob);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(glob, out);
  return out;
}

/** Kept for callers written against the RegExp version: the result has the same `test`. */
export const globToRegExp = compileGlob;

/** `path` uses forward slashes and is relative to the workspace (or the current directory). */
export function globMatches(glob: string, path: string): boolean {
  const normalized = path.replace(/\\/g, '/').replace(/^\.\//, '');
  const target = glob.includes('/') ? normalized : normalized.slice(normalized.lastIndexOf('/') + 1);
  return compileGlob(glob.replace(/^\.\//, '')).test(target);
}
