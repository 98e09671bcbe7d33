/**
 * Profile names (and their regions) from the shared config and credentials files, for the picker and
 * the status bar. Only section names and `region` are read: resolving credentials (SSO,
 * `credential_process`, assume-role chains) stays with the SDK. No SDK import, so this can sit in the
 * extension bundle.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface ProfileInfo {
  name: string;
  region?: string;
  /** Which files define it. */
  sources: ('config' | 'credentials')[];
  /** Uses IAM Identity Center (`sso_session` or `sso_start_url`): may need `aws sso login`. */
  sso: boolean;
}

export interface SharedFiles {
  configFile: string;
  credentialsFile: string;
}

/** Where the AWS CLI and SDKs read profiles from, honouring `AWS_CONFIG_FILE` and `AWS_SHARED_CREDENTIALS_FILE`. */
export function sharedFiles(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): SharedFiles {
  return {
    configFile: env.AWS_CONFIG_FILE || join(home, '.aws', 'config'),
    credentialsFile: env.AWS_SHARED_CREDENTIALS_FILE || join(home, '.aws', 'credentials'),
  };
}

interface Section {
  name: string;
  keys: Map<string, string>;
}

/** INI sections as the SDK reads them: `#`/`;` comments, `key = value`, indented lines are sub-properties. */
function sections(text: string): Section[] {
  const out: Section[] = [];
  let current: Section | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/^\uFEFF/, '');
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) continue;
    const header = /^\[([^\]]+)\]\s*(?:[#;].*)?$/.exec(trimmed);
    if (header) {
      current = { name: header[1].trim(), keys: new Map() };
      out.push(current);
      continue;
    }
    if (!current || /^\s/.test(line)) continue;
    const eq = trimmed.indexOf('=');
    if (eq > 0) current.keys.set(trimmed.slice(0, eq).trim().toLowerCase(), trimmed.slice(eq + 1).trim());
  }
  return out;
}

/** The profile a config-file section defines: `[default]` or `[profile name]`; other sections (`sso-session`, `services`) define none. */
function configProfileName(section: string): string | undefined {
  if (section === 'default') return 'default';
  const m = /^profile\s+(.+)$/.exec(section);
  return m ? m[1].trim() : undefined;
}

/** Profiles defined by the two files' texts, sorted with `default` first. */
export function parseProfiles(configText: string, credentialsText: string): ProfileInfo[] {
  const byName = new Map<string, ProfileInfo>();
  const entry = (name: string): ProfileInfo => {
    let p = byName.get(name);
    if (!p) byName.set(name, (p = { name, sources: [], sso: false }));
    return p;
  };
  for (const s of sections(configText)) {
    const name = configProfileName(s.name);
    if (!name) continue;
    const p = entry(name);
    if (!p.sources.includes('config')) p.sources.push('config');
    p.region = s.keys.get('region') || p.region;
    p.sso ||= s.keys.has('sso_session') || s.keys.has('sso_start_url');
  }
  for (const s of sections(credentialsText)) {
    const p = entry(s.name);
    if (!p.sources.includes('credentials')) p.sources.push('credentials');
  }
  return [...byName.values()].sort((a, b) => (a.name === 'default' ? -1 : b.name === 'default' ? 1 : a.name.localeCompare(b.name)));
}

async function readIfPresent(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw err;
  }
}

/** Profiles from the shared files; a missing file counts as empty, an unreadable one rejects with its path. */
export async function listProfiles(files: SharedFiles = sharedFiles()): Promise<ProfileInfo[]> {
  const [config, credentials] = await Promise.all([readIfPresent(files.configFile), readIfPresent(files.credentialsFile)]);
  return parseProfiles(config, credentials);
}

/** One profile, read synchronously (small files, read once per settings change); undefined when unreadable. */
export function readProfile(name: string, files: SharedFiles = sharedFiles()): ProfileInfo | undefined {
  const read = (path: string) => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return '';
    }
  };
  return parseProfiles(read(files.configFile), read(files.credentialsFile)).find((p) => p.name === name);
}

/** True when the environment alone holds credentials (the default chain uses them before any profile). */
export function environmentHasCredentials(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean((env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) || env.AWS_WEB_IDENTITY_TOKEN_FILE || env.AWS_CONTAINER_CREDENTIALS_FULL_URI || env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI);
}

/**
 * The region to list buckets in and sign IAM/STS calls for: the setting, else the profile's, else the
 * environment's, else us-east-1 (where ListBuckets answers for every region).
 */
export function resolveRegion(setting: string | undefined, profile: ProfileInfo | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return setting || profile?.region || env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1';
}
