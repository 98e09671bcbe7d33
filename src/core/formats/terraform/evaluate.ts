/**
 * HCL expressions as values: literals and templates as written, references resolved symbolically
 * (`aws_s3_bucket.destination.arn` → `arn:aws:s3:::<the bucket's name, or a symbol for it>`),
 * variables by their defaults, locals by their expressions, a few pure functions. What cannot be
 * known here (module outputs, remote state, `count`/`for_each` instances, most functions) is
 * `unknown`, or `UNKNOWN` inside a string: never a guess.
 */
import { OWN_ACCOUNT, Symbols, UNKNOWN } from '../../embedded/symbols';
import { Block, Expr, Step, attribute } from './hcl/ast';
import { offsetList } from './hcl/strings';
import { TfFile, TfModule, TfResource, joinPath } from './module';
import { policyDocument } from './policyDocument';
import { Loc, TEntry, TNode, Written, anchored, get, unknownAt } from './values';

const MAX_DEPTH = 40;

export class Evaluator {
  private readonly localCache = new Map<string, TNode>();
  private readonly documentCache = new Map<string, TNode>();
  private readonly blockCache = new WeakMap<Block, TNode>();
  private readonly resolving = new Set<string>();
  /** References by their text (`aws_s3_bucket.destination.arn`): a module writes the same one for each of its rules. */
  private readonly referenceCache = new Map<string, TNode>();
  private depth = 0;
  /** Evaluations cut short (depth, a reference to itself): a value computed while one happened is not cached. */
  private cutoffs = 0;

  constructor(
    readonly m: TfModule,
    readonly symbols: Symbols,
  ) {}

  loc(file: TfFile, range: { offset: number; length: number }): Loc {
    return { uri: file.uri, range };
  }

  eval(expr: Expr, file: TfFile): TNode {
    if (this.depth > MAX_DEPTH) {
      this.cutoffs++;
      return unknownAt(this.loc(file, expr.range));
    }
    this.depth++;
    try {
      return this.evalInner(expr, file);
    } finally {
      this.depth--;
    }
  }

  private evalInner(expr: Expr, file: TfFile): TNode {
    const at = this.loc(file, expr.range);
    const written = { kind: 'expr' as const, expr };
    switch (expr.type) {
      case 'literal': {
        const v = expr.value;
        if (typeof v === 'string') return { t: 'str', value: v, at, offsets: expr.offsets, written };
        if (typeof v === 'number') return { t: 'num', value: v, at, written };
        if (typeof v === 'boolean') return { t: 'bool', value: v, at, written };
        return { t: 'null', at, written };
      }
      case 'template': {
        const only = expr.parts.length === 1 ? expr.parts[0] : undefined;
        if (only?.kind === 'literal') return { t: 'str', value: only.text, at, offsets: only.offsets, written };
        let value = '';
        const offsets: number[] = [];
        for (const part of expr.parts) {
          if (part.kind === 'literal') {
            value += part.text;
            const from = offsetList(part.offsets, part.text.length);
            for (let i = 0; i < from.length; i++) offsets.push(from[i]);
          } else {
            const s = part.kind === 'interpolation' && part.expr ? asText(this.eval(part.expr, file)) : UNKNOWN;
            value += s;
            for (let i = 0; i < s.length; i++) offsets.push(part.range.offset);
          }
        }
        return { t: 'str', value, at, offsets, written };
      }
      case 'tuple':
        return { t: 'list', items: expr.items.map((i) => this.eval(i, file)), at, written };
      case 'object': {
        const entries: TEntry[] = [];
        for (const item of expr.items) {
          let key = item.key;
          if (key === undefined) {
            const k = this.eval(item.keyExpr, file);
            key = k.t === 'str' && !k.value.includes(UNKNOWN) ? k.value : undefined;
          }
          if (key === undefined) return unknownAt(at);
          entries.push({ key, keyAt: this.loc(file, item.keyRange), value: this.eval(item.value, file) });
        }
        return { t: 'obj', entries, at, written };
      }
      case 'traversal': {
        const v = this.traverse(expr.root, expr.steps, file, at);
        return v;
      }
      case 'call':
        return this.call(expr, file, at);
      default:
        return unknownAt(at);
    }
  }

  /** A reference's value, shown (and left alone by fixes) where it is used. */
  private traverse(root: string, steps: Step[], file: TfFile, at: Loc): TNode {
    // Only what is evaluated from the top is cached: inside another reference, a cycle or the depth
    // limit can make a value unknown that is known from elsewhere.
    const key = this.resolving.size === 0 ? referenceKey(root, steps) : undefined;
    let value = key === undefined ? undefined : this.referenceCache.get(key);
    if (!value) {
      const cutoffs = this.cutoffs;
      const target = this.target(root, steps, file);
      if (!target) return unknownAt(at);
      value = applySteps(this, target.value, target.rest, file, at);
      if (key !== undefined && this.cutoffs === cutoffs) this.referenceCache.set(key, value);
    }
    // `anchored` copies: the cached value is never handed out itself.
    return anchored(value, at);
  }

  /**
   * What a reference points at, before the steps that index into the value: a local's value, a
   * variable's default, a resource attribute. Undefined when it cannot be known.
   */
  target(root: string, steps: Step[], file: TfFile): { value: TNode; rest: Step[] } | undefined {
    const attr = (i: number) => (steps[i]?.kind === 'attr' ? (steps[i] as { name: string }).name : undefined);
    switch (root) {
      case 'var': {
        const name = attr(0);
        const v = name !== undefined ? this.m.variables.get(name) : undefined;
        if (!v?.default) return undefined;
        return { value: this.evalGuarded(`var.${name}`, v.default.expr, v.default.file), rest: steps.slice(1) };
      }
      case 'local': {
        const name = attr(0);
        const l = name !== undefined ? this.m.locals.get(name) : undefined;
        if (!l || name === undefined) return undefined;
        let hit = this.localCache.get(name);
        if (!hit) {
          hit = this.evalGuarded(`local.${name}`, l.expr, l.file);
          this.localCache.set(name, hit);
        }
        return { value: hit, rest: steps.slice(1) };
      }
      case 'data': {
        const type = attr(0);
        const name = attr(1);
        if (type === undefined || name === undefined) return undefined;
        const r = this.m.resources.get(`data.${type}.${name}`);
        if (!r || r.multi) return undefined;
        const attribute = attr(2);
        if (attribute === undefined) return undefined;
        const v = this.dataAttribute(r, attribute);
        return v ? { value: v, rest: steps.slice(3) } : undefined;
      }
      case 'path': {
        const name = attr(0);
        if (name === 'module' || name === 'root') return { value: { t: 'str', value: '.', at: this.loc(file, { offset: 0, length: 0 }) }, rest: steps.slice(1) };
        return undefined;
      }
      default: {
        const name = attr(0);
        if (name === undefined) return undefined;
        const r = this.m.resources.get(`${root}.${name}`);
        // An instance of a counted resource (`aws_s3_bucket.b[0]`) is not one we can name.
        if (!r || r.multi) return undefined;
        const attribute = attr(1);
        if (attribute === undefined) return undefined;
        const v = this.resourceAttribute(r, attribute);
        return v ? { value: v, rest: steps.slice(2) } : undefined;
      }
    }
  }

  private evalGuarded(key: string, expr: Expr, file: TfFile): TNode {
    if (this.resolving.has(key)) {
      this.cutoffs++;
      return unknownAt(this.loc(file, expr.range));
    }
    this.resolving.add(key);
    try {
      return this.eval(expr, file);
    } finally {
      this.resolving.delete(key);
    }
  }

  private at(r: TfResource): Loc {
    return this.loc(r.file, r.block.typeRange);
  }

  private s(r: TfResource, value: string): TNode {
    return { t: 'str', value, at: this.at(r) };
  }

  /** A string attribute of a resource when it is fully known. */
  literal(r: TfResource, name: string): string | undefined {
    const a = attribute(r.block.body, name);
    if (!a) return undefined;
    const v = this.evalGuarded(`${r.address}.${name}`, a.expr, r.file);
    return v.t === 'str' && !v.value.includes(UNKNOWN) && v.value !== '' ? v.value : undefined;
  }

  bucketName(r: TfResource): string {
    return this.literal(r, 'bucket') ?? this.symbols.bucket(r.address, r.address);
  }

  roleName(r: TfResource): string {
    return this.literal(r, 'name') ?? this.symbols.name(r.address, r.address);
  }

  rolePath(r: TfResource): string {
    return this.literal(r, 'path') ?? '/';
  }

  roleArn(r: TfResource): string {
    return `arn:aws:iam::${OWN_ACCOUNT}:role${this.rolePath(r)}${this.roleName(r)}`;
  }

  private resourceAttribute(r: TfResource, name: string): TNode | undefined {
    switch (r.type) {
      case 'aws_s3_bucket':
        if (name === 'id' || name === 'bucket') return this.s(r, this.bucketName(r));
        if (name === 'arn') return this.s(r, `arn:aws:s3:::${this.bucketName(r)}`);
        return undefined;
      case 'aws_iam_role':
        if (name === 'name' || name === 'id') return this.s(r, this.roleName(r));
        if (name === 'arn') return this.s(r, this.roleArn(r));
        return undefined;
      case 'aws_iam_policy':
        if (name === 'arn' || name === 'id') return this.s(r, `arn:aws:iam::${OWN_ACCOUNT}:policy${this.literal(r, 'path') ?? '/'}${this.literal(r, 'name') ?? this.symbols.name(r.address, r.address)}`);
        if (name === 'name') return this.s(r, this.literal(r, 'name') ?? this.symbols.name(r.address, r.address));
        if (name === 'policy') {
          const a = attribute(r.block.body, 'policy');
          return a ? this.evalGuarded(`${r.address}.policy`, a.expr, r.file) : undefined;
        }
        return undefined;
      case 'aws_kms_key':
        if (name === 'key_id' || name === 'id') return this.s(r, this.symbols.name(r.address, r.address));
        if (name === 'arn') return this.s(r, `arn:aws:kms:${UNKNOWN}:${OWN_ACCOUNT}:key/${this.symbols.name(r.address, r.address)}`);
        return undefined;
      case 'aws_s3_bucket_versioning':
      case 'aws_s3_bucket_replication_configuration':
      case 'aws_s3_bucket_policy':
      case 'aws_s3_bucket_ownership_controls':
      case 'aws_s3_bucket_server_side_encryption_configuration':
      case 'aws_s3_bucket_object_lock_configuration': {
        if (name !== 'id' && name !== 'bucket') return undefined;
        const a = attribute(r.block.body, 'bucket');
        return a ? this.evalGuarded(`${r.address}.bucket`, a.expr, r.file) : undefined;
      }
      default:
        return undefined;
    }
  }

  private dataAttribute(r: TfResource, name: string): TNode | undefined {
    switch (r.type) {
      case 'aws_caller_identity':
        return name === 'account_id' ? this.s(r, OWN_ACCOUNT) : undefined;
      case 'aws_partition':
        return name === 'partition' ? this.s(r, 'aws') : name === 'dns_suffix' ? this.s(r, 'amazonaws.com') : undefined;
      case 'aws_iam_policy_document':
        return name === 'json' || name === 'minified_json' ? this.policyDocument(r) : undefined;
      case 'aws_s3_bucket': {
        const bucket = this.literal(r, 'bucket');
        if (!bucket) return undefined;
        if (name === 'id' || name === 'bucket') return this.s(r, bucket);
        if (name === 'arn') return this.s(r, `arn:aws:s3:::${bucket}`);
        return undefined;
      }
      case 'aws_iam_role': {
        const role = this.literal(r, 'name');
        if (!role) return undefined;
        if (name === 'name' || name === 'id') return this.s(r, role);
        return undefined;
      }
      default:
        return undefined;
    }
  }

  /** An `aws_iam_policy_document` as the IAM JSON it renders, written where its blocks are. */
  policyDocument(r: TfResource): TNode {
    let hit = this.documentCache.get(r.address);
    if (!hit) {
      if (this.resolving.has(r.address)) {
        this.cutoffs++;
        return unknownAt(this.at(r));
      }
      this.resolving.add(r.address);
      try {
        hit = policyDocument(this, r);
      } finally {
        this.resolving.delete(r.address);
      }
      this.documentCache.set(r.address, hit);
    }
    return hit;
  }

  /**
   * A block as Terraform's model has it: attributes by name, nested blocks as lists under their
   * type (`dynamic` blocks as an unknown element: their content depends on `for_each`).
   */
  /** `keyword`: where the block's type is written, when it is nested (`rule {}`), for findings about the whole block. */
  block(block: Block, file: TfFile, keyword?: Loc): TNode {
    let hit = this.blockCache.get(block);
    if (!hit) {
      hit = this.evalBlock(block, file, keyword);
      this.blockCache.set(block, hit);
    } else if (keyword && hit.t === 'obj') {
      hit.keyword = keyword;
    }
    return hit;
  }

  /**
   * The lists a block's value is made of are made at their size (members) or with their first item
   * (nested blocks): grown by `push` from empty, each would reserve room for 17, and a thousand
   * rules' values are kept for the whole analysis.
   */
  private evalBlock(block: Block, file: TfFile, keyword: Loc | undefined): TNode {
    const items = block.body.items;
    const entries: TEntry[] = new Array<TEntry>(items.length);
    let count = 0;
    // Made at the first nested block: most blocks (a rule's `filter`, `destination`) have none.
    let lists: Map<string, TNode & { t: 'list' }> | undefined;
    for (const item of items) {
      if (item.kind === 'attribute') {
        entries[count++] = { key: item.name, keyAt: this.loc(file, item.nameRange), value: this.eval(item.expr, file) };
        continue;
      }
      const type = item.type === 'dynamic' ? item.labels[0] : item.type;
      if (type === undefined) continue;
      lists ??= new Map();
      const value = item.type === 'dynamic' ? unknownAt(this.loc(file, item.range)) : this.block(item, file, this.loc(file, item.typeRange));
      const list = lists.get(type);
      if (list) {
        list.items.push(value);
        continue;
      }
      const first: TNode & { t: 'list' } = { t: 'list', items: [value], at: this.loc(file, item.range) };
      lists.set(type, first);
      entries[count++] = { key: type, keyAt: this.loc(file, item.typeRange), value: first };
    }
    if (count !== entries.length) entries.length = count;
    const at = this.loc(file, block.range);
    const written: Written = { kind: 'block', block };
    return keyword ? { t: 'obj', entries, at, written, keyword } : { t: 'obj', entries, at, written };
  }

  private call(expr: Expr & { type: 'call' }, file: TfFile, at: Loc): TNode {
    const args = () => expr.args.map((a) => this.eval(a, file));
    const str = (n: TNode | undefined) => (n?.t === 'str' && !n.value.includes(UNKNOWN) ? n.value : undefined);
    switch (expr.name) {
      case 'jsonencode':
      case 'tolist':
      case 'toset':
      case 'tomap':
      case 'tostring':
      case 'sensitive':
      case 'nonsensitive':
        return expr.args.length === 1 ? this.eval(expr.args[0], file) : unknownAt(at);
      case 'file': {
        const path = expr.args.length === 1 ? str(this.eval(expr.args[0], file)) : undefined;
        if (path === undefined) return unknownAt(at);
        const uri = joinPath(this.m.folder, path);
        const text = this.m.read(uri);
        if (text === undefined) return unknownAt(at);
        return { t: 'str', value: text, at: { uri, range: { offset: 0, length: text.length } }, written: { kind: 'json', text: { uri, text, writable: true }, path: [] } };
      }
      case 'format': {
        const [f, ...rest] = args();
        const fmt = str(f);
        if (fmt === undefined) return unknownAt(at);
        let i = 0;
        const out = fmt.replace(/%(%|[-+ #0-9.]*[sdvq])/g, (_m: string, spec: string) => (spec === '%' ? '%' : asText(rest[i++])));
        return { t: 'str', value: out, at };
      }
      case 'join': {
        const [sep, ...lists] = args();
        const s = str(sep);
        if (s === undefined || lists.some((l) => l.t !== 'list')) return unknownAt(at);
        return { t: 'str', value: lists.flatMap((l) => (l.t === 'list' ? l.items.map(asText) : [])).join(s), at };
      }
      case 'concat': {
        const lists = args();
        if (lists.some((l) => l.t !== 'list')) return unknownAt(at);
        return { t: 'list', items: lists.flatMap((l) => (l.t === 'list' ? l.items : [])), at };
      }
      case 'lower':
      case 'upper':
      case 'trimspace': {
        const s = expr.args.length === 1 ? this.eval(expr.args[0], file) : undefined;
        if (s?.t !== 'str') return unknownAt(at);
        const value = expr.name === 'lower' ? s.value.toLowerCase() : expr.name === 'upper' ? s.value.toUpperCase() : s.value.trim();
        return { t: 'str', value: s.value.includes(UNKNOWN) ? s.value : value, at };
      }
      case 'merge': {
        const objs = args();
        if (objs.some((o) => o.t !== 'obj')) return unknownAt(at);
        const entries = new Map<string, TEntry>();
        for (const o of objs) if (o.t === 'obj') for (const e of o.entries) entries.set(e.key, e);
        return { t: 'obj', entries: [...entries.values()], at };
      }
      case 'coalesce': {
        for (const a of args()) {
          if (a.t === 'unknown' || (a.t === 'str' && a.value.includes(UNKNOWN))) return unknownAt(at);
          if (a.t !== 'null' && !(a.t === 'str' && a.value === '')) return a;
        }
        return unknownAt(at);
      }
      default:
        return unknownAt(at);
    }
  }
}

/** `root.a.b` for a reference of names only (an index is an expression: not cached). */
function referenceKey(root: string, steps: readonly Step[]): string | undefined {
  let key = root;
  for (const s of steps) {
    if (s.kind !== 'attr') return undefined;
    key += `.${s.name}`;
  }
  return key;
}

/** The value at the rest of a reference's steps (`var.buckets["logs"]`, `local.cfg.name`). */
function applySteps(ev: Evaluator, value: TNode, steps: Step[], file: TfFile, at: Loc): TNode {
  let v = value;
  for (const step of steps) {
    if (step.kind === 'splat') return unknownAt(at);
    if (step.kind === 'attr') {
      const next = get(v, step.name);
      if (!next) return unknownAt(at);
      v = next;
      continue;
    }
    const key = ev.eval(step.key, file);
    if (v.t === 'list' && key.t === 'num' && Number.isInteger(key.value) && v.items[key.value]) v = v.items[key.value];
    else if (v.t === 'obj' && key.t === 'str' && get(v, key.value)) v = get(v, key.value) as TNode;
    else return unknownAt(at);
  }
  return v;
}

/** A value as text inside a string: scalars as Terraform prints them, anything else unknown. */
export function asText(n: TNode | undefined): string {
  if (!n) return UNKNOWN;
  switch (n.t) {
    case 'str':
      return n.value;
    case 'num':
      return String(n.value);
    case 'bool':
      return n.value ? 'true' : 'false';
    default:
      return UNKNOWN;
  }
}
