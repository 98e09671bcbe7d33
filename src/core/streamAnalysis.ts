/**
 * Analysis of many documents without holding them all: each document is analysed on its own as it
 * arrives and then released, except what cross-file rules need: replication configurations, and
 * files in other formats (templates), whose embedded configurations and policies take part in
 * cross-file rules and whose declared facts feed the live rules. What cross-file rules read from a
 * policy is kept as a few strings (`PolicyLinks`). At the end, the policies a configuration or a
 * declared fact may concern are read again and analysed together with the configurations and the
 * templates; their findings replace the ones they got alone. Memory grows with the configurations
 * and templates (and the findings), not with the number of files, and the findings are the ones
 * `analyze` gives for all documents at once.
 */
import { Analysis, AnalyzeOptions, analyze } from './analyze';
import { DocumentInput, JsonDocument, parseDocument } from './document';
import { adapterFor, expand } from './embedded/expand';
import { Finding } from './findings';
import { FORMAT_ADAPTERS, prepareFormats } from './formats';
import { PolicyLinks, policiesConcerned, policyLinks } from './iam/associate';
import { configSummary } from './iam/replicationConfig';

export interface StreamedDocument {
  /** Undefined for a file kept whole (a template): it is analysed by `finish`. */
  doc?: JsonDocument;
  /** Final unless `recheck()` later names the document, or `doc` is undefined. */
  findings: Finding[];
}

export class StreamingAnalysis {
  private readonly configs: JsonDocument[] = [];
  private readonly templates: DocumentInput[] = [];
  private readonly links: PolicyLinks[] = [];
  /** Position of each kept or linked document among the documents added, to analyse them in that order. */
  private readonly order = new Map<string, number>();

  constructor(private readonly options: Omit<AnalyzeOptions, 'targets'> = {}) {}

  /** Parses and analyses one document alone, or keeps it for `finish`. Drop what is returned when done with it. */
  add(input: DocumentInput): StreamedDocument {
    if (adapterFor(input, FORMAT_ADAPTERS)) {
      this.templates.push(input);
      this.order.set(input.uri, this.order.size);
      return { findings: [] };
    }
    const doc = parseDocument(input);
    const findings = analyze([doc], this.options).findings;
    const links = doc.kind === 'replication-config' ? undefined : policyLinks(doc);
    if (doc.kind === 'replication-config') this.configs.push(doc);
    if (links) this.links.push(links);
    if (doc.kind === 'replication-config' || links) this.order.set(doc.uri, this.order.size);
    return { doc, findings };
  }

  /** Loads the parsers the kept files' formats need (HCL in WebAssembly): await it before `recheck` and `finish`. */
  prepare(): Promise<void> {
    return prepareFormats(this.templates.filter((t) => t.kind === undefined));
  }

  /** URIs of the policies to read again for `finish`, because a configuration or a declared fact may concern them. */
  recheck(): string[] {
    const inTemplates = this.templates.length > 0 ? expand(this.templates, FORMAT_ADAPTERS) : undefined;
    const configs = [...this.configs, ...(inTemplates?.embedded.filter((d) => d.kind === 'replication-config') ?? [])];
    const concerned = policiesConcerned(configs.map(configSummary), this.links);
    // Declared bucket facts reach the live checks of whatever names those buckets (a source with Object Lock).
    const declared = new Set(Object.keys(inTemplates?.facts?.buckets ?? {}));
    return this.links.filter((l) => concerned.has(l.uri) || l.buckets.some((b) => declared.has(b))).map((l) => l.uri);
  }

  /**
   * Analyses every configuration and template with the policies `recheck()` named (given again, in
   * any order). For each of these documents, the findings here replace those `add` returned.
   * Documents keep the order they were added in: which configuration comes first shows in messages.
   */
  finish(policies: readonly DocumentInput[]): Analysis {
    if (this.configs.length === 0 && this.templates.length === 0 && policies.length === 0) return { documents: [], embedded: [], findings: [] };
    const at = (d: { uri: string }) => this.order.get(d.uri) ?? this.order.size;
    const documents = [...this.configs, ...this.templates, ...policies].sort((a, b) => at(a) - at(b));
    return analyze(documents, this.options);
  }
}
