/** Every format the engine reads besides plain JSON documents; each adapter is a folder here. */
import { FormatAdapter } from '../embedded/types';
import { cloudFormationAdapter } from './cloudformation';

export const FORMAT_ADAPTERS: readonly FormatAdapter[] = [cloudFormationAdapter];

/** Whether `text` is well-formed as the document's format (JSON unless a template adapter reads it). */
export function parsesAs(doc: { kind: string; format?: string }, text: string): boolean | undefined {
  if (doc.kind !== 'template') return undefined;
  return FORMAT_ADAPTERS.find((a) => a.id === doc.format)?.parses(text);
}
