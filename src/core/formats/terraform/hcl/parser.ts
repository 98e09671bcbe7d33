/**
 * HCL parsing with tree-sitter's HCL grammar running in WebAssembly (`web-tree-sitter`): no native
 * module, the same code in the extension host and the CLI. The grammar is loaded once, lazily
 * (`loadHclParser`, awaited by the adapter's `prepare`); parsing is then synchronous. The concrete
 * tree is converted to our AST (`ast.ts`) in one cursor walk and freed at once: tree-sitter trees
 * live in WebAssembly memory, which JavaScript's garbage collector does not reclaim.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Language as TsLanguage, Node as TsNode, Parser as TsParser } from 'web-tree-sitter';
import { Attribute, Block, Body, Expr, HclFile, Heredoc, ObjectItem, Range, Step, SyntaxError, TemplatePart } from './ast';
import { CursorExports, cursorExports, HclCursor, openCursor } from './cursor';
import { Decoded, decodeQuoted, decodeHeredoc } from './strings';

interface Loaded {
  parser: TsParser;
  language: TsLanguage;
  /** The runtime's cursor functions, called directly by the tree walk (`cursor.ts`); undefined if this runtime lacks them. */
  exports: CursorExports | undefined;
  /** Milliseconds the first load took (WebAssembly compile of the runtime and the grammar). */
  loadMs: number;
}

let loaded: Loaded | undefined;
let loading: Promise<Loaded> | undefined;

/** Where the runtime's and the grammar's `.wasm` are: beside the bundle (`dist/tree-sitter/`), else in `node_modules`. */
export function findWasmFiles(from: string = __dirname): { runtime: string; grammar: string } | undefined {
  const bundled = join(from, 'tree-sitter');
  if (existsSync(join(bundled, 'tree-sitter-hcl.wasm'))) return { runtime: join(bundled, 'tree-sitter.wasm'), grammar: join(bundled, 'tree-sitter-hcl.wasm') };
  for (let dir = from; ; dir = dirname(dir)) {
    const runtime = join(dir, 'node_modules', 'web-tree-sitter', 'tree-sitter.wasm');
    const grammar = join(dir, 'node_modules', '@tree-sitter-grammars', 'tree-sitter-hcl', 'tree-sitter-hcl.wasm');
    if (existsSync(runtime) && existsSync(grammar)) return { runtime, grammar };
    if (dirname(dir) === dir) return undefined;
  }
}

/** Loads the grammar once; later calls return the same promise. */
export function loadHclParser(): Promise<Loaded> {
  if (loaded) return Promise.resolve(loaded);
  loading ??= (async () => {
    const start = performance.now();
    const files = findWasmFiles();
    if (!files) throw new Error('the HCL grammar (tree-sitter-hcl.wasm) was not found beside the program or in node_modules');
    // Required here, not imported at the top: nothing of tree-sitter is loaded until a `.tf` file is.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ts = require('web-tree-sitter') as typeof import('web-tree-sitter');
    // Emscripten makes this object the runtime's module: its exports end up on it.
    const moduleOptions = { wasmBinary: readFileSync(files.runtime) };
    await ts.Parser.init(moduleOptions as unknown as Parameters<typeof ts.Parser.init>[0]);
    const language = await ts.Language.load(new Uint8Array(readFileSync(files.grammar)));
    const parser = new ts.Parser();
    parser.setLanguage(language);
    loaded = { parser, language, exports: cursorExports(moduleOptions), loadMs: performance.now() - start };
    return loaded;
  })();
  loading.catch(() => (loading = undefined));
  return loading;
}

export function hclParserReady(): boolean {
  return loaded !== undefined;
}

export function hclLoadMs(): number | undefined {
  return loaded?.loadMs;
}

/** The concrete tree, for benchmarks (the bare parse); callers must `delete()` it. */
export function parseTreeOnly(text: string): { delete(): void } | undefined {
  return loaded?.parser.parse(text) ?? undefined;
}

/** Whether the tree walk calls the runtime's cursor functions directly (else through web-tree-sitter's `TreeCursor`). */
export function hclDirectCursor(): boolean {
  return loaded?.exports !== undefined;
}

/**
 * Parses HCL; undefined until `loadHclParser` has resolved. Never throws on bad input.
 * `publicCursor` walks through web-tree-sitter's documented API (tests compare both walks).
 */
export function parseHcl(text: string, options: { publicCursor?: boolean } = {}): HclFile | undefined {
  if (!loaded) return undefined;
  const tree = loaded.parser.parse(text);
  if (!tree) return { body: { items: [], range: { offset: 0, length: text.length } }, errors: [{ offset: 0, length: 1, message: 'The file could not be parsed' }] };
  try {
    const cursor = openCursor(tree, loaded.language, options.publicCursor ? undefined : loaded.exports);
    let body: Body;
    try {
      body = new Converter(text, cursor).file();
    } finally {
      cursor.delete();
    }
    const errors = (tree.rootNode.hasError ? syntaxErrors(tree.rootNode) : []).map((e) => {
      const offset = Math.min(e.offset, text.length);
      return { ...e, offset, length: Math.min(e.length, text.length - offset) };
    });
    return { body, errors };
  } finally {
    tree.delete();
  }
}

function syntaxErrors(root: TsNode): SyntaxError[] {
  const out: SyntaxError[] = [];
  const visit = (node: TsNode): void => {
    if (out.length >= 20) return;
    if (node.isMissing) {
      out.push({ offset: node.startIndex, length: 1, message: `Missing ${node.type === 'block_end' || node.type === 'object_end' ? '"}"' : node.type === 'tuple_end' ? '"]"' : node.type === 'quoted_template_end' ? 'closing quote' : `"${node.type}"`}` });
      return;
    }
    if (node.type === 'ERROR') {
      const length = Math.max(Math.min(node.endIndex, node.startIndex + 200) - node.startIndex, 1);
      out.push({ offset: node.startIndex, length, message: 'This is not valid HCL' });
      return;
    }
    if (!node.hasError) return;
    for (const child of node.children) if (child) visit(child);
  };
  visit(root);
  return out;
}

const POSTFIX = new Set(['get_attr', 'index', 'splat']);
const NO_LABELS: readonly string[] = Object.freeze([]);
const NO_LABEL_RANGES: readonly Range[] = Object.freeze([]);

/** Names and values this long or shorter are kept to be given again (`rule`, `status`, `"Enabled"`). */
const WORD_MAX = 24;
/** Words kept per length: enough for a module's names, and a miss costs as many comparisons. */
const WORDS_PER_LENGTH = 16;

class Converter {
  /**
   * Words already made, by length: a thousand rules write the same dozen names and values, and each
   * slice of the text would be a new string, kept as long as the tree is.
   */
  private readonly words: (string[] | undefined)[] = [];
  /**
   * Items of the blocks being converted, innermost last: a block's list is made once its items are
   * known, at their number (grown by `push`, each list would reserve room for 17).
   */
  private readonly stack: (Attribute | Block)[] = [];

  constructor(
    private readonly text: string,
    private readonly c: HclCursor,
  ) {}

  /** The text from `from` to `to`, as a string made once for each word seen. */
  private word(from: number, to: number): string {
    const length = to - from;
    if (length > WORD_MAX || length <= 0) return this.text.slice(from, to);
    let seen = this.words[length];
    if (seen) for (let i = 0; i < seen.length; i++) if (this.text.startsWith(seen[i], from)) return seen[i];
    const w = this.text.slice(from, to);
    if (!seen) this.words[length] = seen = [];
    if (seen.length < WORDS_PER_LENGTH) seen.push(w);
    return w;
  }

  private range(): Range {
    const start = this.c.start();
    return { offset: start, length: this.c.end() - start };
  }

  private nodeText(): string {
    return this.word(this.c.start(), this.c.end());
  }

  /**
   * Calls `fn` with the cursor on each child in turn (comments skipped); the cursor is back on the
   * parent after. The converter's busiest walks (bodies, blocks, attributes, expressions) loop over
   * the children themselves instead: a closure per node is garbage the size of the tree.
   */
  private children(fn: (type: string) => void): void {
    const c = this.c;
    if (!c.firstChild()) return;
    do {
      const type = c.type();
      if (type !== 'comment') fn(type);
    } while (c.nextSibling());
    c.parent();
  }

  file(): Body {
    const items: (Attribute | Block)[] = [];
    // config_file → body | object (JSON-like .tfvars); only bodies hold resources.
    this.children((type) => {
      if (type === 'body' || type === 'ERROR') this.bodyItems(items);
    });
    return { items, range: { offset: 0, length: this.text.length } };
  }

  /** Attributes and blocks of a body; inside error recovery nodes too, so half-typed files keep their good parts. */
  private bodyItems(items: (Attribute | Block)[]): void {
    const c = this.c;
    if (!c.firstChild()) return;
    do {
      const type = c.type();
      if (type === 'attribute') {
        const a = this.attribute();
        if (a) items.push(a);
      } else if (type === 'block') {
        const b = this.block();
        if (b) items.push(b);
      } else if (type === 'body' || type === 'ERROR') {
        this.bodyItems(items);
      }
    } while (c.nextSibling());
    c.parent();
  }

  private attribute(): Attribute | undefined {
    const range = this.range();
    let name: string | undefined;
    let nameRange: Range | undefined;
    let expr: Expr | undefined;
    const c = this.c;
    if (c.firstChild()) {
      do {
        const type = c.type();
        if (type === 'identifier' && name === undefined) {
          nameRange = this.range();
          name = this.word(nameRange.offset, nameRange.offset + nameRange.length);
        } else if (type === 'expression') {
          expr = this.expression();
        }
      } while (c.nextSibling());
      c.parent();
    }
    if (name === undefined || !nameRange) return undefined;
    return { kind: 'attribute', name, nameRange, expr: expr ?? { type: 'other', what: 'error', range: { offset: range.offset + range.length, length: 0 } }, range };
  }

  private block(): Block | undefined {
    const range = this.range();
    let type: string | undefined;
    let typeRange: Range | undefined;
    // Most blocks (a rule's `filter`, `destination`) have no label: they share one empty list.
    let labels: string[] | undefined;
    let labelRanges: Range[] | undefined;
    let open = -1;
    let close = -1;
    // The items gather on the shared stack, then are copied into a list of their number.
    const stack = this.stack;
    const mark = stack.length;
    let bodyRange: Range | undefined;
    const c = this.c;
    if (c.firstChild()) {
      do {
        const t = c.type();
        if (t === 'identifier') {
          const r = this.range();
          const word = this.word(r.offset, r.offset + r.length);
          if (type === undefined) {
            type = word;
            typeRange = r;
          } else if (open < 0) {
            (labels ??= []).push(word);
            (labelRanges ??= []).push(r);
          }
        } else if (t === 'string_lit' && open < 0) {
          const lit = this.stringLit();
          (labels ??= []).push(typeof lit.value === 'string' ? lit.value : '');
          (labelRanges ??= []).push(lit.range);
        } else if (t === 'block_start') {
          open = c.start();
        } else if (t === 'block_end') {
          const start = c.start();
          if (c.end() > start) close = start;
        } else if (t === 'body') {
          bodyRange = this.range();
          this.bodyItems(stack);
        } else if (t === 'ERROR') {
          this.bodyItems(stack);
        }
      } while (c.nextSibling());
      c.parent();
    }
    const items = stack.slice(mark);
    stack.length = mark;
    if (type === undefined || !typeRange || open < 0) return undefined;
    const blockEnd = range.offset + range.length;
    if (close < 0) close = blockEnd;
    return {
      kind: 'block',
      type,
      typeRange,
      labels: labels ?? NO_LABELS,
      labelRanges: labelRanges ?? NO_LABEL_RANGES,
      body: { items, range: bodyRange ?? { offset: open + 1, length: Math.max(close - open - 1, 0) } },
      range,
      open,
      close,
    };
  }

  /** An `expression` node (or any node standing for one): a term followed by `.attr`, `[i]`, `.*`. */
  private expression(): Expr {
    let term: Expr | undefined;
    let steps: Step[] | undefined;
    let root: string | undefined;
    let broken = false;
    const c = this.c;
    if (c.firstChild()) {
      do {
        const type = c.type();
        if (type === 'comment') continue;
        if (term === undefined && root === undefined) {
          if (type === 'variable_expr') {
            root = this.nodeText();
            steps = [];
          } else if (type !== '(') {
            term = this.term(type);
          }
          continue;
        }
        if (POSTFIX.has(type)) {
          const step = this.step(type);
          if (steps && step) steps.push(step);
          else broken = true;
        } else if (type !== ')') {
          broken = true;
        }
      } while (c.nextSibling());
      c.parent();
    }
    // A parenthesised expression keeps its own range; the parentheses are not part of the value.
    if (term && !broken) return term;
    // The expression's own range only now, with the cursor back on it: most expressions are a term.
    const range = this.range();
    if (root !== undefined) {
      if (broken) return { type: 'other', what: 'error', range };
      if ((steps ?? []).some((s) => s.kind === 'splat')) return { type: 'other', what: 'splat', range };
      return { type: 'traversal', root, steps: steps ?? [], range };
    }
    if (!term) return { type: 'other', what: 'error', range };
    // `f(x).a`, `{…}.a`: an attribute of a computed value; we do not evaluate those.
    return { type: 'other', what: 'operation', range };
  }

  private term(type: string): Expr {
    const range = this.range();
    switch (type) {
      case 'literal_value': {
        // The kind of literal shows in its first character: no need to descend into it.
        const c = this.text[range.offset];
        const kind = c === '"' ? 'string_lit' : c === 't' || c === 'f' ? 'bool_lit' : c === 'n' ? 'null_lit' : 'numeric_lit';
        return this.literal(kind, range) ?? { type: 'other', what: 'error', range };
      }
      case 'template_expr':
        return this.first((t) => (t === 'quoted_template' ? this.quotedTemplate() : t === 'heredoc_template' ? this.heredoc() : undefined)) ?? { type: 'other', what: 'error', range };
      case 'collection_value':
        return this.first((t) => (t === 'tuple' ? this.tuple() : t === 'object' ? this.object() : undefined)) ?? { type: 'other', what: 'error', range };
      case 'function_call':
        return this.call();
      case 'expression':
        return this.expression();
      case 'for_expr':
        return { type: 'other', what: 'for', range };
      case 'conditional':
        return { type: 'other', what: 'conditional', range };
      case 'operation':
        return { type: 'other', what: 'operation', range };
      default:
        return { type: 'other', what: 'error', range };
    }
  }

  /** The first child `fn` converts. */
  private first(fn: (type: string) => Expr | undefined): Expr | undefined {
    let out: Expr | undefined;
    this.children((t) => {
      if (out === undefined) out = fn(t);
    });
    return out;
  }

  /** The literal the cursor is on; `range` is its range (the cursor's node's). */
  private literal(type: string, range: Range): Expr | undefined {
    switch (type) {
      case 'numeric_lit': {
        const raw = this.text.slice(range.offset, range.offset + range.length);
        const n = Number(raw);
        return { type: 'literal', value: Number.isFinite(n) ? n : raw, range };
      }
      case 'bool_lit':
        return { type: 'literal', value: this.text.startsWith('true', range.offset) && range.length === 4, range };
      case 'null_lit':
        return { type: 'literal', value: null, range };
      case 'string_lit':
        return this.stringLit(range);
      default:
        return undefined;
    }
  }

  private stringLit(range: Range = this.range()): Expr & { type: 'literal' } {
    const closed = range.length >= 2 && this.text[range.offset + range.length - 1] === '"';
    const d = decodeQuoted(this.word(range.offset + 1, range.offset + range.length - (closed ? 1 : 0)), range.offset + 1);
    return { type: 'literal', value: d.text, range, offsets: d.offsets };
  }

  /**
   * Interpolations and directives of a template, and the literal text between them taken from the
   * source itself: tree-sitter leaves the whitespace next to a template's delimiters out of its
   * literal chunks, but it is part of the string.
   */
  private templateParts(from: number, to: number, decode: (raw: string, at: number) => Decoded): TemplatePart[] {
    const holes: TemplatePart[] = [];
    this.children((t) => {
      const range = this.range();
      if (t === 'template_interpolation') {
        let expr: Expr | undefined;
        this.children((x) => {
          if (x === 'expression') expr = this.expression();
        });
        holes.push({ kind: 'interpolation', expr, range });
      } else if (t === 'template_directive') {
        holes.push({ kind: 'directive', range });
      }
    });
    const parts: TemplatePart[] = [];
    let at = from;
    const literal = (until: number) => {
      if (until <= at) return;
      const d = decode(this.text.slice(at, until), at);
      parts.push({ kind: 'literal', text: d.text, offsets: d.offsets, range: { offset: at, length: until - at } });
    };
    for (const h of holes) {
      if (h.range.offset < from || h.range.offset >= to) continue;
      literal(h.range.offset);
      parts.push(h);
      at = h.range.offset + h.range.length;
    }
    literal(to);
    return parts;
  }

  private quotedTemplate(): Expr {
    const range = this.range();
    const closed = range.length >= 2 && this.text[range.offset + range.length - 1] === '"';
    const parts = this.templateParts(range.offset + 1, range.offset + range.length - (closed ? 1 : 0), decodeQuoted);
    return { type: 'template', parts, range };
  }

  private heredoc(): Expr {
    const range = this.range();
    let indented = false;
    let markerEnd = -1;
    let closeStart = -1;
    const c = this.c;
    if (c.firstChild()) {
      do {
        const t = c.type();
        if (t === 'heredoc_start') indented = this.nodeText() === '<<-';
        else if (t === 'heredoc_identifier') {
          if (markerEnd < 0) markerEnd = c.end();
          else closeStart = c.start();
        }
      } while (c.nextSibling());
      c.parent();
    }
    const text = this.text;
    let contentStart = markerEnd < 0 ? range.offset : markerEnd;
    if (text[contentStart] === '\r') contentStart++;
    if (text[contentStart] === '\n') contentStart++;
    let contentEnd = closeStart < 0 ? range.offset + range.length : closeStart;
    while (contentEnd > contentStart && (text[contentEnd - 1] === ' ' || text[contentEnd - 1] === '\t')) contentEnd--;
    const heredoc: Heredoc = { indented, content: { offset: contentStart, length: Math.max(contentEnd - contentStart, 0) } };
    const parts = this.templateParts(contentStart, contentEnd, (raw, at) => ({ text: raw, offsets: at }));
    return { type: 'template', parts: decodeHeredoc(parts, heredoc), range, heredoc };
  }

  private tuple(): Expr {
    const range = this.range();
    const items: Expr[] = [];
    this.children((t) => {
      if (t === 'expression') items.push(this.expression());
    });
    return { type: 'tuple', items, range };
  }

  private object(): Expr {
    const range = this.range();
    const items: ObjectItem[] = [];
    this.children((t) => {
      if (t !== 'object_elem') return;
      let keyExpr: Expr | undefined;
      let value: Expr | undefined;
      this.children((x) => {
        if (x !== 'expression') return;
        if (!keyExpr) keyExpr = this.expression();
        else value = this.expression();
      });
      if (!keyExpr) return;
      const key = keyExpr.type === 'traversal' && keyExpr.steps.length === 0 ? keyExpr.root : keyExpr.type === 'literal' && typeof keyExpr.value === 'string' ? keyExpr.value : undefined;
      items.push({ key, keyRange: keyExpr.range, keyExpr, value: value ?? { type: 'other', what: 'error', range: { offset: keyExpr.range.offset + keyExpr.range.length, length: 0 } } });
    });
    return { type: 'object', items, range };
  }

  private call(): Expr {
    const range = this.range();
    let name = '';
    const args: Expr[] = [];
    let expands = false;
    this.children((t) => {
      if (t === 'identifier') name = this.nodeText();
      else if (t === 'function_arguments') {
        this.children((x) => {
          if (x === 'expression') args.push(this.expression());
          else if (x === 'ellipsis') expands = true;
        });
      }
    });
    // `f(list...)` spreads its last argument: not a call we can read.
    if (expands) return { type: 'other', what: 'operation', range };
    return { type: 'call', name, args, range };
  }

  /** The name of `.name` written without space or comment (almost always), without a regular expression's garbage. */
  private plainName(range: Range): string | undefined {
    const end = range.offset + range.length;
    if (range.length < 2 || this.text.charCodeAt(range.offset) !== 46) return undefined;
    for (let i = range.offset + 1; i < end; i++) {
      const c = this.text.charCodeAt(i);
      const plain = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45;
      if (!plain) return undefined;
    }
    return this.word(range.offset + 1, end);
  }

  private step(type: string): Step | undefined {
    const range = this.range();
    if (type === 'get_attr') {
      // `.name`, possibly with a comment or space after the dot.
      const name = this.plainName(range) ?? /^\.\s*([^\s.]+)/.exec(this.text.slice(range.offset, range.offset + range.length))?.[1];
      return name === undefined ? undefined : { kind: 'attr', name, range };
    }
    if (type === 'index') {
      let key: Expr | undefined;
      this.children((t) => {
        if (t === 'new_index') {
          this.children((x) => {
            if (x === 'expression') key = this.expression();
          });
        } else if (t === 'legacy_index') {
          const raw = this.nodeText().replace(/^\./, '');
          key = { type: 'literal', value: Number(raw), range: this.range() };
        }
      });
      return key ? { kind: 'index', key, range } : undefined;
    }
    if (type === 'splat') return { kind: 'splat', range };
    return undefined;
  }
}
