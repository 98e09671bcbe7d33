/**
 * The Terraform adapter: a folder of `.tf` files is one module, read together so references resolve
 * across its files. HCL is parsed with tree-sitter in WebAssembly, loaded on first use (`prepare`).
 * Documents are extracted where their values are written (`documents.ts`), the provider's defaults
 * applied (`replication.ts`), declared facts collected (`facts.ts`), and Terraform-only problems
 * found (`checks.ts`). Fixes are written back as HCL (`write.ts`).
 */
import { Symbols } from '../../embedded/symbols';
import { EmbeddedDocument, Extraction, FormatAdapter, SourceText } from '../../embedded/types';
import { Finding } from '../../findings';
import { moduleChecks } from './checks';
import { moduleDocuments } from './documents';
import { embed } from './embed';
import { Evaluator } from './evaluate';
import { amendVersioning, VersioningChanges } from './factFixes';
import { moduleFacts } from './facts';
import { loadHclParser, parseHcl } from './hcl/parser';
import { TfFile, folderOf, readModule, referenceable, resourcesOf } from './module';
import { TitleWriter } from './titles';
import { writeOps } from './write';
import { Member } from './replication';

const titleWriters = new Map<Readonly<Record<string, Member>>, (title: string) => string>();

/** One writer per resource style's member table. */
function titleWriter(schema: Readonly<Record<string, Member>>, names: Readonly<Record<string, string>>): (title: string) => string {
  let w = titleWriters.get(schema);
  if (!w) {
    const writer = new TitleWriter(schema, names);
    // Findings on a thousand rules share a few titles.
    const memo = new Map<string, string>();
    w = (title) => {
      let out = memo.get(title);
      if (out === undefined) {
        if (memo.size >= 1000) memo.clear();
        memo.set(title, (out = writer.title(title)));
      }
      return out;
    };
    titleWriters.set(schema, w);
  }
  return w;
}

export function isTerraformFile(uri: string): boolean {
  const lower = uri.toLowerCase();
  if (!lower.endsWith('.tf')) return false;
  // Terraform's own working directory holds downloaded modules and providers, not the user's code.
  return !/[\\/]\.terraform[\\/]/.test(uri);
}

export const terraformAdapter: FormatAdapter = {
  id: 'terraform',
  label: 'Terraform file',
  fileExtensions: ['.tf'],
  // `terraform` is the id HashiCorp's extension gives `.tf` files; `hcl` the one generic HCL extensions use.
  languageIds: ['terraform', 'hcl'],
  prepare: async () => {
    await loadHclParser();
  },
  claims: (file: SourceText) => isTerraformFile(file.uri),
  groupOf: (uri: string) => folderOf(uri),
  parses: (text: string) => (parseHcl(text)?.errors.length ?? 0) === 0,
  references: (files: readonly SourceText[]) => referencedFiles(files),
  extract: (files: readonly SourceText[], read?: (uri: string) => string | undefined) => extractModule(files, read),
};

function parseFiles(files: readonly SourceText[]): { parsed: TfFile[]; findings: Finding[] } {
  const parsed: TfFile[] = [];
  const findings: Finding[] = [];
  for (const f of files) {
    const hcl = parseHcl(f.text);
    if (!hcl) {
      findings.push({ uri: f.uri, offset: 0, length: 0, ruleId: 'tf-syntax', severity: 'info', message: 'The HCL parser is not loaded, so this Terraform file was not checked.' });
      continue;
    }
    parsed.push({ uri: f.uri, text: f.text, hcl });
    for (const e of hcl.errors) {
      findings.push({ uri: f.uri, offset: e.offset, length: e.length, ruleId: 'tf-syntax', severity: 'error', message: `${e.message}: Terraform refuses a file it cannot parse. Checks of this module read only the parts it could.` });
    }
  }
  return { parsed, findings };
}

export function extractModule(files: readonly SourceText[], read?: (uri: string) => string | undefined): Extraction {
  const { parsed, findings } = parseFiles(files);
  const reads: string[] = [];
  const reader = (uri: string) => {
    reads.push(uri);
    return read?.(uri);
  };
  const folder = folderOf(files[0]?.uri ?? '');
  const m = readModule(folder, parsed, reader);
  const identity = resourcesOf(m, 'aws_caller_identity', 'data')[0];
  const symbols = new Symbols(identity ? `${identity.address}.account_id` : 'ACCOUNT_ID');
  const ev = new Evaluator(m, symbols);
  const docs = moduleDocuments(ev);
  const texts = new Map(files.map((f) => [f.uri, f.text]));
  const documents = new Map<string, EmbeddedDocument[]>();
  const reference = (key: string): string | undefined => {
    const [kind, value] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
    if (kind === 'account') return identity && referenceable(identity) ? `${identity.address}.account_id` : undefined;
    const address = symbols.display.get(value);
    const r = address ? m.resources.get(address) : undefined;
    if (!r || !referenceable(r)) return undefined;
    if (kind === 'arn') return ['aws_s3_bucket', 'aws_iam_role', 'aws_iam_policy', 'aws_kms_key'].includes(r.type) ? `${address}.arn` : undefined;
    return r.type === 'aws_s3_bucket' ? `${address}.id` : r.type === 'aws_kms_key' ? `${address}.key_id` : `${address}.name`;
  };
  for (const d of docs) {
    const e = embed(d.api, d.homeUri, d.policy);
    const text = texts.get(d.homeUri) ?? m.read(d.homeUri);
    const doc: EmbeddedDocument = {
      name: d.name,
      kind: d.kind,
      // The plain value only when something asks (a fix compares its result with it).
      get value() {
        return e.value;
      },
      json: e.json,
      spans: e.spans,
      origin: d.origin,
      names: d.names,
      fixTitle: d.schema && d.names ? titleWriter(d.schema, d.names) : undefined,
      write: (ops) => (text === undefined ? undefined : writeOps({ homeUri: d.homeUri, text, nodeAt: e.nodeAt, schema: d.schema, policyDocument: d.policyDocument, reference }, ops)),
    };
    const list = documents.get(d.homeUri) ?? [];
    list.push(doc);
    documents.set(d.homeUri, list);
  }
  findings.push(...moduleChecks(ev, docs, texts));
  const changes: VersioningChanges = new Map();
  const facts = moduleFacts(ev, docs, changes);
  return { documents, findings, facts, display: symbols.display, reads: [...new Set(reads)], amend: (f) => amendVersioning(changes, f) };
}

/** Files the module reads besides its own (`file("policy.json")`), for callers to pass in. */
function referencedFiles(files: readonly SourceText[]): string[] {
  const out = new Set<string>();
  const e = extractModule(files, (uri) => {
    out.add(uri);
    return undefined;
  });
  void e;
  return [...out];
}
