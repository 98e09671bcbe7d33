/**
 * Which editor documents we check: JSON documents, and files of the formats the engine reads
 * (templates as `yaml`, or as `cloudformation` / `template` with AWS's CloudFormation extension;
 * Terraform as `terraform` with HashiCorp's extension, or `hcl`). A `.template` or `.tf` file opens
 * as plain text without those extensions; its name says enough.
 */
import * as vscode from 'vscode';
import { formatFileExtensions, formatLanguageIds } from '../core/formats';

const LANGUAGES = new Set(formatLanguageIds());
const PLAIN_TEXT_EXTENSIONS = formatFileExtensions().filter((x) => x !== '.json');

/**
 * Folders whose files are never the user's own: dependencies, VCS internals, and `.terraform`
 * (the providers and modules Terraform downloaded).
 */
const SKIPPED_FOLDERS = ['node_modules', '.git', '.terraform'];
const IN_SKIPPED_FOLDER = new RegExp(`[\\\\/](?:${SKIPPED_FOLDERS.map((f) => f.replace(/\./g, '\\.')).join('|')})[\\\\/]`);

/** Terraform's downloaded modules: a `.tf` file opened from there is not the user's to fix. */
const IN_TERRAFORM_CACHE = /[\\/]\.terraform[\\/]/;

export function isChecked(document: vscode.TextDocument): boolean {
  if (IN_TERRAFORM_CACHE.test(document.uri.path)) return false;
  if (LANGUAGES.has(document.languageId)) return true;
  const path = document.uri.path.toLowerCase();
  return document.languageId === 'plaintext' && PLAIN_TEXT_EXTENSIONS.some((x) => path.endsWith(x));
}

export function inSkippedFolder(uri: vscode.Uri): boolean {
  return IN_SKIPPED_FOLDER.test(uri.path);
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

/** What the workspace scan leaves out, as a `findFiles` exclude glob. */
export function skippedFilesGlob(): string {
  return `**/{${SKIPPED_FOLDERS.join(',')}}/**`;
}
