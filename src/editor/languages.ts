/**
 * Which editor documents we check: JSON documents, and files of the formats the engine reads
 * (templates as `yaml`, or as `cloudformation` / `template` with AWS's CloudFormation extension).
 * A `.template` file opens as plain text without that extension; its name says enough.
 */
import * as vscode from 'vscode';
import { formatFileExtensions, formatLanguageIds } from '../core/formats';

const LANGUAGES = new Set(formatLanguageIds());
const PLAIN_TEXT_EXTENSIONS = formatFileExtensions().filter((x) => x !== '.json');

export function isChecked(document: vscode.TextDocument): boolean {
  if (LANGUAGES.has(document.languageId)) return true;
  const path = document.uri.path.toLowerCase();
  return document.languageId === 'plaintext' && PLAIN_TEXT_EXTENSIONS.some((x) => path.endsWith(x));
}

/** For code actions: the same documents as `isChecked`. */
export const CHECKED_SELECTOR: vscode.DocumentSelector = [
  ...[...LANGUAGES].map((language) => ({ language })),
  ...PLAIN_TEXT_EXTENSIONS.map((x) => ({ language: 'plaintext', pattern: `**/*${x}` })),
];

/** The workspace files worth reading for cross-file context, as a `findFiles` glob. */
export function scannedFilesGlob(): string {
  return `**/*.{${formatFileExtensions().map((x) => x.slice(1)).join(',')}}`;
}
