/**
 * A Terraform module as the adapter reads it: the `.tf` files of one folder, parsed, with their
 * resources, data sources, variables and locals indexed by the names references use.
 */
import { Attribute, Block, Expr, HclFile, attribute, blocks } from './hcl/ast';

export interface TfFile {
  uri: string;
  text: string;
  hcl: HclFile;
}

export interface TfResource {
  mode: 'resource' | 'data';
  type: string;
  name: string;
  /** `aws_s3_bucket.source`, `data.aws_iam_policy_document.replication`. */
  address: string;
  block: Block;
  file: TfFile;
  /** `count` or `for_each`: one block, several instances we cannot tell apart. */
  multi: boolean;
}

export interface Declared {
  expr: Expr;
  file: TfFile;
}

export interface TfModule {
  folder: string;
  files: TfFile[];
  resources: Map<string, TfResource>;
  byType: Map<string, TfResource[]>;
  variables: Map<string, { default?: Declared; file: TfFile; block: Block }>;
  locals: Map<string, Declared>;
  /** The text of another file of the analysis (`file("policy.json")`), when the caller has it. */
  read(uri: string): string | undefined;
}

export function readModule(folder: string, files: TfFile[], read: (uri: string) => string | undefined): TfModule {
  const m: TfModule = { folder, files, resources: new Map(), byType: new Map(), variables: new Map(), locals: new Map(), read };
  const TOP = new Set(['resource', 'data', 'variable', 'locals']);
  const visit = (file: TfFile, items: readonly (Block | Attribute)[], nested: boolean): void => {
    for (const item of items) {
      if (item.kind !== 'block') continue;
      // Top-level blocks never nest; one found inside another is the parser's recovery from a half-typed line above it.
      if (nested && !TOP.has(item.type)) {
        visit(file, item.body.items, true);
        continue;
      }
      if ((item.type === 'resource' || item.type === 'data') && item.labels.length >= 2) {
        const [type, name] = item.labels;
        const address = item.type === 'data' ? `data.${type}.${name}` : `${type}.${name}`;
        if (!m.resources.has(address)) {
          const r: TfResource = {
            mode: item.type,
            type,
            name,
            address,
            block: item,
            file,
            multi: attribute(item.body, 'count') !== undefined || attribute(item.body, 'for_each') !== undefined,
          };
          m.resources.set(address, r);
          const list = m.byType.get(type) ?? [];
          list.push(r);
          m.byType.set(type, list);
        }
      } else if (item.type === 'variable' && item.labels.length >= 1) {
        const d = attribute(item.body, 'default');
        m.variables.set(item.labels[0], { default: d ? { expr: d.expr, file } : undefined, file, block: item });
      } else if (item.type === 'locals') {
        for (const a of item.body.items) if (a.kind === 'attribute') m.locals.set(a.name, { expr: a.expr, file });
      }
      if (file.hcl.errors.length > 0) visit(file, item.body.items, true);
    }
  };
  for (const file of files) visit(file, file.hcl.body.items, false);
  return m;
}

export function resourcesOf(m: TfModule, type: string, mode: 'resource' | 'data' = 'resource'): TfResource[] {
  return (m.byType.get(type) ?? []).filter((r) => r.mode === mode);
}

/** An HCL identifier: what a resource's type and name must be for a reference to name it. */
const IDENTIFIER = /^[\p{ID_Start}_][\p{ID_Continue}-]*$/u;

/**
 * Whether an expression can name the resource (`aws_s3_bucket.destination`). Terraform refuses a
 * name like `"destin ation"`; a fix must not write it into a reference, where it breaks the file.
 */
export function referenceable(r: Pick<TfResource, 'type' | 'name'>): boolean {
  return IDENTIFIER.test(r.type) && IDENTIFIER.test(r.name);
}

export function folderOf(uri: string): string {
  const cut = Math.max(uri.lastIndexOf('/'), uri.lastIndexOf('\\'));
  return cut < 0 ? '' : uri.slice(0, cut);
}

/** `folder` joined with a relative path (`./policies/x.json`, `../shared/y.json`), in the folder's own separator style. */
export function joinPath(folder: string, relative: string): string {
  if (/^([a-zA-Z]:)?[\\/]/.test(relative) || /^[a-z]+:\/\//.test(relative)) return relative;
  const sep = folder.includes('\\') && !folder.includes('/') ? '\\' : '/';
  const parts = folder.split(/[\\/]/);
  for (const step of relative.split(/[\\/]/)) {
    if (step === '' || step === '.') continue;
    if (step === '..') {
      if (parts.length > 1) parts.pop();
    } else {
      parts.push(step);
    }
  }
  return parts.join(sep);
}

export { blocks };
