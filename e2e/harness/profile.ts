/** A code-server profile (user data + extensions), its user settings, the AWS files for the sandbox, and the workspace. */
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { applyEdits, modify, parse, ParseError } from 'jsonc-parser';
import { ROOT, UNRELATED_JSON, SOURCE_FORMATS, WALKTHROUGH } from './paths';

export interface Profile {
  dir: string;
  userDataDir: string;
  extensionsDir: string;
}

export function createProfile(dir: string, extensionsDir = join(dir, 'extensions')): Profile {
  const profile = { dir, userDataDir: join(dir, 'user-data'), extensionsDir };
  mkdirSync(join(profile.userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  return profile;
}

/** A quiet, offline, deterministic workbench (the recipe's list, plus what keeps the UI stable for screenshots). */
const QUIET_WORKBENCH: Record<string, unknown> = {
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'workbench.startupEditor': 'none',
  'workbench.enableExperiments': false,
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'security.workspace.trust.enabled': false,
  'files.autoSave': 'off',
};

/** The extension pointed at the loopback endpoint (user settings: the only scope it reads the endpoint from). */
export function extensionSettings(endpoint: string | undefined, awsProfile: string): Record<string, unknown> {
  return endpoint ? { 's3ReplicationDoctor.endpoint': endpoint, 's3ReplicationDoctor.profile': awsProfile } : {};
}

/**
 * Settings the manifest scopes `machine`. In a remote window, which code-server's is, VS Code drops
 * them from the user settings (usually after the extension read them: a race) and reads them from
 * the remote machine's settings only.
 */
function machineScoped(): Set<string> {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { contributes?: { configuration?: { properties?: Record<string, { scope?: string }> } } };
  const properties = manifest.contributes?.configuration?.properties ?? {};
  return new Set(Object.keys(properties).filter((k) => properties[k].scope === 'machine'));
}

/**
 * Sets `settings` in a settings file. A new file (or any file without `merge`) gets `base` too. With
 * `merge` and an existing file (the persistent `npm start` profile), only these keys are set, as edits
 * of the text: the user's own settings, comments and layout stay.
 */
function writeSettingsFile(file: string, base: Record<string, unknown>, settings: Record<string, unknown>, merge: boolean): void {
  mkdirSync(dirname(file), { recursive: true });
  if (!merge || !existsSync(file)) {
    writeFileSync(file, JSON.stringify({ ...base, ...settings }, null, 2) + '\n');
    return;
  }
  let text = readFileSync(file, 'utf8');
  const errors: ParseError[] = [];
  parse(text, errors, { allowTrailingComma: true });
  if (errors.length) throw new Error(`${file} is not valid JSON (offset ${errors[0].offset}); fix or delete it, then try again.`);
  for (const [key, value] of Object.entries(settings)) {
    text = applyEdits(text, modify(text, [key], value, { formattingOptions: { insertSpaces: true, tabSize: 2 } }));
  }
  writeFileSync(file, text);
}

/**
 * Writes the profile's settings: User/settings.json (with the quiet workbench), and the `machine`-scoped
 * ones (the endpoint) into Machine/settings.json, the code-server machine's "Remote" settings, where
 * VS Code reads them in its remote window.
 */
export function writeUserSettings(profile: Profile, settings: Record<string, unknown>, opts: { merge: boolean }): void {
  const machine = machineScoped();
  const pick = (remote: boolean) => Object.fromEntries(Object.entries(settings).filter(([k]) => machine.has(k) === remote));
  writeSettingsFile(join(profile.userDataDir, 'User', 'settings.json'), QUIET_WORKBENCH, pick(false), opts.merge);
  writeSettingsFile(join(profile.userDataDir, 'Machine', 'settings.json'), {}, pick(true), opts.merge);
}

/**
 * Copies the walkthrough files and an unrelated package.json into `dest` (created), writable, and
 * returns `dest`. Files already there are kept: the persistent `npm start` workspace may hold the user's edits.
 */
export function copyWalkthrough(dest: string): string {
  if (!existsSync(WALKTHROUGH)) throw new Error(`The walkthrough is missing: ${WALKTHROUGH} does not exist (the repository must sit beside shared/).`);
  mkdirSync(dest, { recursive: true });
  const sources = [...readdirSync(WALKTHROUGH).map((n) => join(WALKTHROUGH, n)), UNRELATED_JSON];
  for (const source of sources) {
    const target = join(dest, basename(source));
    if (existsSync(target)) continue;
    cpSync(source, target);
    chmodSync(target, 0o644);
  }
  return dest;
}

/**
 * A Terraform module and a CloudFormation YAML template, in folders beside the walkthrough as a real
 * repository has them: the in-host tier checks replication written in other formats (issue: source
 * formats). Only that tier's workspace gets them, so the UI tier's screenshots stay the walkthrough's.
 */
export function copySourceFormats(workspace: string): void {
  cpSync(SOURCE_FORMATS, workspace, { recursive: true });
}

export const SANDBOX_PROFILE = 'sandbox';
export const SANDBOX_REGION = 'us-east-1';

/**
 * AWS config and credentials files for the sandbox, and the environment that makes every AWS SDK
 * client in code-server's extension host use them and talk only to the loopback endpoint.
 */
export function sandboxAwsEnv(dir: string, endpoint: string | undefined): NodeJS.ProcessEnv {
  mkdirSync(dir, { recursive: true });
  const config = join(dir, 'config');
  const credentials = join(dir, 'credentials');
  const endpointLine = endpoint ? `endpoint_url = ${endpoint}\n` : '';
  writeFileSync(config, ['profile ' + SANDBOX_PROFILE, 'default'].map((p) => `[${p}]\nregion = ${SANDBOX_REGION}\n${endpointLine}`).join('\n'));
  writeFileSync(
    credentials,
    [SANDBOX_PROFILE, 'default'].map((p) => `[${p}]\naws_access_key_id = AKIASANDBOXEXAMPLE00\naws_secret_access_key = sandbox-secret-not-a-real-key\n`).join('\n'),
  );
  return {
    AWS_CONFIG_FILE: config,
    AWS_SHARED_CREDENTIALS_FILE: credentials,
    AWS_PROFILE: SANDBOX_PROFILE,
    AWS_REGION: SANDBOX_REGION,
    // No instance-metadata probing (169.254.169.254): nothing may leave 127.0.0.1.
    AWS_EC2_METADATA_DISABLED: 'true',
    // Every SDK client (S3, IAM, STS, S3 Control) defaults to the loopback endpoint, not just the one the setting covers.
    ...(endpoint ? { AWS_ENDPOINT_URL: endpoint } : {}),
  };
}

/** The user's own AWS_* variables (real credentials, real endpoints) must not reach the sandboxed workbench. */
export function withoutAwsVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !k.startsWith('AWS_')));
}
