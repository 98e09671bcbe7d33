/**
 * The explorer's settings. The endpoint receives the user's signed requests, so it is read from user
 * (or remote machine) settings only, never from a workspace someone else wrote; the manifest scopes
 * it `machine` and this reads it the same way even if a workspace file sets it anyway.
 */
import * as vscode from 'vscode';
import { checkEndpoint, type ExplorerSettings } from './explorerSession';

const SECTION = 's3ReplicationDoctor';

export interface ReadSettings {
  settings: ExplorerSettings;
  /** Values a workspace tried to set and that were ignored, for the log. */
  ignored: string[];
}

function userValue<T>(config: vscode.WorkspaceConfiguration, key: string, ignored: string[]): T | undefined {
  const i = config.inspect<T>(key);
  if (i?.workspaceValue !== undefined || i?.workspaceFolderValue !== undefined) ignored.push(`${SECTION}.${key}`);
  return i?.globalValue;
}

export function readSettings(): ReadSettings {
  const config = vscode.workspace.getConfiguration(SECTION);
  const ignored: string[] = [];
  const profile = userValue<string>(config, 'profile', ignored)?.trim() || undefined;
  const endpoint = checkEndpoint(userValue<string>(config, 'endpoint', ignored) ?? '');
  const region = config.get<string>('region')?.trim() || undefined;
  const concurrency = Math.min(64, Math.max(1, Math.floor(config.get<number>('concurrency') ?? 8)));
  // Which credentials reach other accounts: user settings only, like the profile (a repository must not
  // pick the role or profile the view signs with).
  const mapped = userValue<Record<string, unknown>>(config, 'accountProfiles', ignored) ?? {};
  const accountProfiles = Object.fromEntries(Object.entries(mapped).filter((e): e is [string, string] => /^\d{12}$/.test(e[0]) && typeof e[1] === 'string' && e[1].trim() !== '').map(([a, p]) => [a, p.trim()]));
  const organizationRole = userValue<string>(config, 'organizationRole', ignored)?.trim() || undefined;
  const organizationExternalId = userValue<string>(config, 'organizationExternalId', ignored)?.trim() || undefined;
  const accounts = Object.keys(accountProfiles).length || organizationRole ? { accountProfiles, organizationRole, organizationExternalId } : undefined;
  return { settings: { profile, region, endpoint: endpoint.endpoint, concurrency, blocked: endpoint.problem, accounts }, ignored };
}

export async function saveProfile(profile: string | undefined): Promise<void> {
  await vscode.workspace.getConfiguration(SECTION).update('profile', profile, vscode.ConfigurationTarget.Global);
}

export function affectsExplorer(e: vscode.ConfigurationChangeEvent): boolean {
  return ['profile', 'region', 'endpoint', 'concurrency', 'accountProfiles', 'organizationRole', 'organizationExternalId'].some((k) => e.affectsConfiguration(`${SECTION}.${k}`));
}
