/** Every format the engine reads besides plain JSON documents; each adapter is a folder here. */
import { DocumentInput, JsonDocument } from '../document';
import { documentOf } from '../embedded/expand';
import { FormatAdapter, SourceText } from '../embedded/types';
import { cloudFormationAdapter } from './cloudformation';
import { terraformAdapter } from './terraform';
import { terraformPlanAdapter } from './terraform/plan';

export const FORMAT_ADAPTERS: readonly FormatAdapter[] = [terraformPlanAdapter, cloudFormationAdapter, terraformAdapter];

/** Whether `text` is well-formed as the document's format (JSON unless a template adapter reads it). */
export function parsesAs(doc: { kind: string; format?: string }, text: string): boolean | undefined {
  if (doc.kind !== 'template') return undefined;
  return FORMAT_ADAPTERS.find((a) => a.id === doc.format)?.parses(text);
}

/**
 * What a file that was not recognised could have been, for "not recognised as …" notes: a plain
 * document when it is JSON (by name or content), and the formats that read files of its name.
 */
export function expectedAs(file: { uri: string; text: string }): { plain: boolean; formats: string[] } {
  const lower = file.uri.toLowerCase();
  const formats = FORMAT_ADAPTERS.filter((a) => a.fileExtensions.some((x) => lower.endsWith(x)));
  const plain = /\.jsonc?$/.test(lower) || /^\s*[{[]/.test(file.text) || formats.length === 0;
  return { plain, formats: [...new Set(formats.map((a) => a.label ?? a.id))] };
}

/** The file parses in its own syntax (JSON, or its format's): fixes are only applied to such files. */
export function isWellFormed(doc: { kind: string; format?: string; text: string; syntaxErrors: readonly unknown[] }): boolean {
  return doc.syntaxErrors.length === 0 && parsesAs(doc, doc.text) !== false;
}

/** Every file name ending some adapter reads (`.json` is always read for plain documents). */
export function formatFileExtensions(): string[] {
  return [...new Set(['.json', ...FORMAT_ADAPTERS.flatMap((a) => a.fileExtensions)])];
}

/**
 * The document for a file's text, as `analyze` reads it: a template container, a plain JSON document,
 * or unrelated (a YAML file that is no template is never read as JSON). Editors keep these per version.
 */
export function readDocument(input: DocumentInput): JsonDocument {
  return documentOf(input, FORMAT_ADAPTERS);
}

/** Editor language ids of files worth checking: JSON, and every format's. */
export function formatLanguageIds(): string[] {
  return [...new Set(['json', 'jsonc', ...FORMAT_ADAPTERS.flatMap((a) => a.languageIds ?? [])])];
}

/** Loads the parsers the formats of these files need (lazily: only formats present are prepared). */
export async function prepareFormats(files: readonly { uri: string; text: string }[]): Promise<void> {
  const needed = FORMAT_ADAPTERS.filter((a) => a.prepare && files.some((f) => a.claims(f)));
  await Promise.all(needed.map((a) => a.prepare?.()));
}

/**
 * Files outside the given ones that their groups read (a Terraform `file("policy.json")`), so a
 * caller that was handed only some files (the CLI given a `.tf` file or a folder) reads those too.
 */
export async function referencedFiles(files: readonly SourceText[]): Promise<string[]> {
  await prepareFormats(files);
  const given = new Set(files.map((f) => f.uri));
  const out = new Set<string>();
  for (const adapter of FORMAT_ADAPTERS) {
    if (!adapter.references) continue;
    const groups = new Map<string, SourceText[]>();
    for (const f of files) {
      if (!adapter.claims(f)) continue;
      const key = adapter.groupOf(f.uri);
      const group = groups.get(key);
      if (group) group.push(f);
      else groups.set(key, [f]);
    }
    for (const group of groups.values()) for (const uri of adapter.references(group)) if (!given.has(uri)) out.add(uri);
  }
  return [...out].sort();
}
