/**
 * Which files a configuration ignores and which kinds it pins. Paths are relative to the folder of
 * the configuration file, with `/` separators; globs are `glob.ts`'s, as in the `fileKinds` setting.
 */
import { DocumentKind } from '../classify';
import { globMatches } from '../glob';
import { ProjectConfig } from './types';

/**
 * .gitignore's reading of a pattern, which users bring with them: a pattern ignores the files it
 * matches and everything below the folders it matches; without a `/` it matches a file or folder
 * name at any depth; a trailing `/` matches folders only; a leading `/` anchors it to the
 * configuration's folder.
 */
export function ignoreMatches(pattern: string, relativePath: string): boolean {
  let p = pattern.trim();
  const folderOnly = p.endsWith('/');
  if (folderOnly) p = p.replace(/\/+$/, '');
  const anchored = p.startsWith('/');
  if (anchored) p = p.replace(/^\/+/, '');
  if (p === '') return false;
  const parts = relativePath.split('/');
  // The candidates: every folder above the file, then the file itself (unless folders only).
  const last = folderOnly ? parts.length - 1 : parts.length;
  for (let i = 1; i <= last; i++) {
    const candidate = parts.slice(0, i).join('/');
    // An anchored name without a slash names an entry of the configuration's folder only.
    if (anchored && !p.includes('/') && i > 1) break;
    if (globMatches(p, candidate)) return true;
  }
  return false;
}

/** The first `ignores` pattern that matches, for messages that say why a file was skipped. */
export function ignoredBy(config: ProjectConfig, relativePath: string | undefined): string | undefined {
  if (relativePath === undefined) return undefined;
  return config.ignores.find((p) => ignoreMatches(p, relativePath));
}

/** The kind the configuration pins for a file, if one of its `fileKinds` globs matches. */
export function configuredKind(config: ProjectConfig, relativePath: string | undefined): DocumentKind | undefined {
  if (relativePath === undefined) return undefined;
  return config.fileKinds.find((k) => globMatches(k.glob, relativePath))?.kind;
}
