/** Every format the engine reads besides plain JSON documents; each adapter is a folder here. */
import { FormatAdapter } from '../embedded/types';
import { cloudFormationAdapter } from './cloudformation';
import { terraformAdapter } from './terraform';
import { terraformPlanAdapter } from './terraform/plan';

export const FORMAT_ADAPTERS: readonly FormatAdapter[] = [terraformPlanAdapter, cloudFormationAdapter, terraformAdapter];

/** Whether `text` is well-formed as the document's format (JSON unless a template adapter reads it). */
export function parsesAs(doc: { kind: string; format?: string }, text: string): boolean | undefined {
  if (doc.kind !== 'template') return undefined;
  return FORMAT_ADAPTERS.find((a) => a.id === doc.format)?.parses(text);
}

/** Every file name ending some adapter reads (`.json` is always read for plain documents). */
export function formatFileExtensions(): string[] {
  return [...new Set(['.json', ...FORMAT_ADAPTERS.flatMap((a) => a.fileExtensions)])];
}

/** Loads the parsers the formats of these files need (lazily: only formats present are prepared). */
export async function prepareFormats(files: readonly { uri: string; text: string }[]): Promise<void> {
  const needed = FORMAT_ADAPTERS.filter((a) => a.prepare && files.some((f) => a.claims(f)));
  await Promise.all(needed.map((a) => a.prepare?.()));
}
