/**
 * Where a `machine`-scoped setting's value comes from, in words for a tooltip. VS Code reads such a
 * setting from the user settings in a local window and from the remote machine's settings in a remote
 * one (code-server, SSH, containers: the local user value is not applied there), never from a
 * workspace. No `vscode` import: the caller passes `inspect()`'s layers and `env.remoteName`.
 */

export interface InspectedLayers {
  defaultValue?: unknown;
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

export function machineSettingSource(layers: InspectedLayers | undefined, remoteName: string | undefined): string {
  const set = layers?.globalValue !== undefined && layers.globalValue !== layers.defaultValue;
  const where = !set ? 'its default value' : remoteName ? "the remote machine's settings (the Settings editor's Remote tab)" : 'your user settings';
  const ignored = layers?.workspaceValue !== undefined || layers?.workspaceFolderValue !== undefined ? '; the value in the workspace settings is ignored' : '';
  return `${where}${ignored}`;
}
