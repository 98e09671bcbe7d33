/**
 * Where a file's configuration is: the nearest `.s3-replication-doctor.json` in its folder or a
 * folder above, not above the repository root (the nearest folder holding `.git`, a folder or a
 * worktree's file); outside a repository, up to the file system's root. The nearest file is the
 * whole configuration: files further up are not merged in (ESLint's flat config does the same).
 *
 * The file system is the caller's (Node in the CLI, `workspace.fs` in the editor); folders are
 * strings in the caller's form (paths or URIs), and every folder is probed once per cache.
 */
import { CONFIG_FILE_NAME } from './types';

export interface ConfigHost {
  /** The folder holding `dir`, or undefined at the root. */
  parent(dir: string): string | undefined;
  child(dir: string, name: string): string;
  exists(path: string): Promise<boolean>;
}

/** Folder → its configuration file (or none); share one per run, drop it when files change. */
export type LocateCache = Map<string, Promise<string | undefined>>;

export function findConfigFile(dir: string, host: ConfigHost, cache: LocateCache = new Map()): Promise<string | undefined> {
  let hit = cache.get(dir);
  if (!hit) {
    hit = (async () => {
      const candidate = host.child(dir, CONFIG_FILE_NAME);
      if (await host.exists(candidate)) return candidate;
      if (await host.exists(host.child(dir, '.git'))) return undefined;
      const up = host.parent(dir);
      return up === undefined ? undefined : findConfigFile(up, host, cache);
    })();
    cache.set(dir, hit);
  }
  return hit;
}
