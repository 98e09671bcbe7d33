/**
 * A tree cursor over tree-sitter's concrete tree, as the AST converter walks it: first child, next
 * sibling, parent, and the current node's type and range.
 *
 * web-tree-sitter's `TreeCursor` copies the cursor's four words into WebAssembly memory before every
 * call and back after it, since any other call may overwrite the shared transfer buffer the C side
 * reads the cursor from. The converter makes no other call while it walks, so the cursor can stay in
 * that buffer: `DirectCursor` calls the runtime's exported cursor functions as they are, one
 * WebAssembly call per question (`_ts_tree_cursor_*_wasm`, which read the cursor from the buffer
 * and write it back when they move). Those exports are an implementation detail of the pinned
 * runtime, so they are checked when the grammar loads; without them `PublicCursor` does the same
 * through the documented API.
 */
import type { Language as TsLanguage, Tree as TsTree, TreeCursor } from 'web-tree-sitter';

export interface HclCursor {
  firstChild(): boolean;
  nextSibling(): boolean;
  parent(): void;
  /** The node type's name; `ERROR` for error recovery nodes. */
  type(): string;
  start(): number;
  end(): number;
  /** Frees the cursor's memory in WebAssembly. */
  delete(): void;
}

/** The runtime's exported cursor functions (each takes the tree's address; the cursor is in the transfer buffer). */
export interface CursorExports {
  _ts_tree_root_node_wasm(tree: number): void;
  _ts_tree_cursor_new_wasm(tree: number): void;
  _ts_tree_cursor_delete_wasm(tree: number): void;
  _ts_tree_cursor_goto_first_child_wasm(tree: number): number;
  _ts_tree_cursor_goto_next_sibling_wasm(tree: number): number;
  _ts_tree_cursor_goto_parent_wasm(tree: number): number;
  _ts_tree_cursor_current_node_type_id_wasm(tree: number): number;
  _ts_tree_cursor_start_index_wasm(tree: number): number;
  _ts_tree_cursor_end_index_wasm(tree: number): number;
}

const EXPORTS: (keyof CursorExports)[] = [
  '_ts_tree_root_node_wasm',
  '_ts_tree_cursor_new_wasm',
  '_ts_tree_cursor_delete_wasm',
  '_ts_tree_cursor_goto_first_child_wasm',
  '_ts_tree_cursor_goto_next_sibling_wasm',
  '_ts_tree_cursor_goto_parent_wasm',
  '_ts_tree_cursor_current_node_type_id_wasm',
  '_ts_tree_cursor_start_index_wasm',
  '_ts_tree_cursor_end_index_wasm',
];

/** The exports, when the module object handed to `Parser.init` carries them all (Emscripten puts them there). */
export function cursorExports(module: unknown): CursorExports | undefined {
  if (typeof module !== 'object' || module === null) return undefined;
  const m = module as Record<string, unknown>;
  return EXPORTS.every((name) => typeof m[name] === 'function') ? (module as CursorExports) : undefined;
}

/** The tree's address in WebAssembly memory (web-tree-sitter keeps it at index 0). */
function treeAddress(tree: TsTree): number | undefined {
  const address = (tree as unknown as Record<number, unknown>)[0];
  return typeof address === 'number' && address > 0 ? address : undefined;
}

class DirectCursor implements HclCursor {
  constructor(
    private readonly m: CursorExports,
    private readonly tree: number,
    private readonly types: readonly string[],
  ) {
    m._ts_tree_root_node_wasm(tree);
    m._ts_tree_cursor_new_wasm(tree);
  }

  firstChild(): boolean {
    return this.m._ts_tree_cursor_goto_first_child_wasm(this.tree) === 1;
  }

  nextSibling(): boolean {
    return this.m._ts_tree_cursor_goto_next_sibling_wasm(this.tree) === 1;
  }

  parent(): void {
    this.m._ts_tree_cursor_goto_parent_wasm(this.tree);
  }

  type(): string {
    return this.types[this.m._ts_tree_cursor_current_node_type_id_wasm(this.tree)] || 'ERROR';
  }

  start(): number {
    return this.m._ts_tree_cursor_start_index_wasm(this.tree);
  }

  end(): number {
    return this.m._ts_tree_cursor_end_index_wasm(this.tree);
  }

  delete(): void {
    this.m._ts_tree_cursor_delete_wasm(this.tree);
  }
}

class PublicCursor implements HclCursor {
  constructor(private readonly c: TreeCursor) {}

  firstChild(): boolean {
    return this.c.gotoFirstChild();
  }

  nextSibling(): boolean {
    return this.c.gotoNextSibling();
  }

  parent(): void {
    this.c.gotoParent();
  }

  type(): string {
    return this.c.nodeType;
  }

  start(): number {
    return this.c.startIndex;
  }

  end(): number {
    return this.c.endIndex;
  }

  delete(): void {
    this.c.delete();
  }
}

/**
 * A cursor on the tree's root: direct when the exports are there. While it is in use, nothing else
 * of tree-sitter may be called (the direct cursor lives in the shared transfer buffer).
 */
export function openCursor(tree: TsTree, language: TsLanguage, exports: CursorExports | undefined): HclCursor {
  const address = exports ? treeAddress(tree) : undefined;
  if (exports && address !== undefined) return new DirectCursor(exports, address, language.types);
  return new PublicCursor(tree.walk());
}
