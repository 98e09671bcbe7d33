/**
 * The CLI's configuration files: which one applies to each checked file (the nearest, `--config`'s,
 * or none), read once each, and what they decide per file. Resolution rules are the core's
 * (`core/projectConfig`); this file only supplies Node's file system and paths.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { DocumentKind } from '../core/classify';
import { LoadedConfig, parseProjectConfig } from '../core/projectConfig/parse';
import { ConfigHost, LocateCache, findConfigFile } from '../core/projectConfig/locate';
import { configuredKind, ignoredBy } from '../core/projectConfig/paths';
import { CONFIG_FILE_NAME, FileSettings, RuleSetting } from '../core/projectConfig/types';
import { CheckOptions } from './args';
import { CliError, decode, describeIoError } from './files';

export interface FileConfig {
  loaded: LoadedConfig;
  /** Path from the configuration's folder, with `/`; undefined when the file is outside it (`--config` elsewhere). */
  relative: string | undefined;
}

export interface CliConfigs {
  /** Every configuration that applies to a file of the run, and those named on the command line. */
  loaded: LoadedConfig[];
  configOf(file: string): FileConfig | undefined;
  settingsFor(file: string): FileSettings;
  kindFor(file: string): DocumentKind | undefined;
  /** The `ignores` pattern that keeps a file from being checked. */
  ignoredBy(file: string): string | undefined;
}

const nodeHost: ConfigHost = {
  parent: (dir) => {
    const up = path.dirname(dir);
    return up === dir ? undefined : up;
  },
  child: (dir, name) => path.join(dir, name),
  exists: (p) => fs.stat(p).then(
    () => true,
    () => false,
  ),
};

export function isConfigFile(file: string): boolean {
  return path.basename(file) === CONFIG_FILE_NAME;
}

/**
 * @param files absolute paths of the files to check
 * @param extra configuration files named as files to check: validated and reported, even where they apply to nothing
 */
export async function resolveConfigs(files: readonly string[], extra: readonly string[], options: Pick<CheckOptions, 'configFile' | 'noConfig' | 'rules'>, cwd: string, show: (p: string) => string): Promise<CliConfigs> {
  const byPath = new Map<string, Promise<LoadedConfig>>();
  const load = (p: string): Promise<LoadedConfig> => {
    let hit = byPath.get(p);
    if (!hit) byPath.set(p, (hit = readConfig(p, show(p))));
    return hit;
  };

  const assigned = new Map<string, LoadedConfig>();
  if (options.configFile !== undefined) {
    const loaded = await load(path.resolve(cwd, options.configFile));
    for (const f of files) assigned.set(f, loaded);
  } else if (!options.noConfig) {
    const cache: LocateCache = new Map();
    await Promise.all(
      files.map(async (f) => {
        const found = await findConfigFile(path.dirname(f), nodeHost, cache);
        if (found) assigned.set(f, await load(found));
      }),
    );
  }
  for (const p of extra) await load(p);
  const loaded = await Promise.all(byPath.values());

  const cliLayer: readonly RuleSetting[] = options.rules;
  const configOf = (file: string): FileConfig | undefined => {
    const l = assigned.get(file);
    return l && { loaded: l, relative: relativeTo(path.dirname(l.uri), file) };
  };
  return {
    loaded,
    configOf,
    settingsFor(file) {
      const c = configOf(file);
      return { ignored: c ? ignoredBy(c.loaded.config, c.relative) !== undefined : false, rules: c ? [c.loaded.config.rules, cliLayer] : [cliLayer] };
    },
    kindFor(file) {
      const c = configOf(file);
      return c && configuredKind(c.loaded.config, c.relative);
    },
    ignoredBy(file) {
      const c = configOf(file);
      return c && ignoredBy(c.loaded.config, c.relative);
    },
  };
}

async function readConfig(file: string, display: string): Promise<LoadedConfig> {
  const bytes = await fs.readFile(file).catch((err: NodeJS.ErrnoException) => {
    throw new CliError(`cannot read configuration ${display}: ${describeIoError(err)}`);
  });
  return parseProjectConfig(file, decode(bytes).text);
}

function relativeTo(dir: string, file: string): string | undefined {
  const rel = path.relative(dir, file);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  return rel.split(path.sep).join('/');
}
