/**
 * Findings of the workspace's files that no editor has open, so the Problems panel lists what the
 * CLI lists for the folder without the user opening each file (a role policy's missing permission,
 * found from the configuration beside it, is on the policy). One analysis of every scanned document
 * together, open editors' text as context, findings wanted only for the closed ones. No `vscode`:
 * tested directly.
 */
import { analyze } from '../core/analyze';
import type { JsonDocument } from '../core/document';
import type { Finding } from '../core/findings';
import type { FileSettings } from '../core/projectConfig/types';

/**
 * @param documents every relevant document, open (their editor text) and closed (from disk)
 * @param closed the URIs to report on, each with its configuration's settings (ignored files left out by the caller)
 * @returns the findings per closed URI, an empty list for a closed file without any
 */
export function closedFileFindings(documents: readonly JsonDocument[], closed: ReadonlyMap<string, FileSettings | undefined>): Map<string, Finding[]> {
  const out = new Map<string, Finding[]>([...closed.keys()].map((uri) => [uri, []]));
  if (closed.size === 0) return out;
  const { findings } = analyze(documents, { targets: new Set(closed.keys()), settings: (uri) => closed.get(uri) });
  for (const f of findings) out.get(f.uri)?.push(f);
  return out;
}
