/**
 * The status-bar item (profile, region, scan progress) shown while the Replication view is visible,
 * and the profile picker. Profiles come from the shared config and credentials files; picking one
 * saves it in user settings, which rebuilds the explorer for it.
 */
import * as vscode from 'vscode';
import { environmentHasCredentials, listProfiles, sharedFiles } from '../aws/profiles';
import type { Progress } from './bucketsModel';
import type { ExplorerSession } from './explorerSession';
import { COMMANDS } from './nodes';
import { profileItems, type ProfileItem } from './profileItems';
import { saveProfile } from './settings';
import { machineSettingSource } from './settingSource';

/** Where the endpoint setting in use is set (a machine setting: user settings locally, the remote's settings in a remote window). */
function endpointSource(): string {
  return machineSettingSource(vscode.workspace.getConfiguration('s3ReplicationDoctor').inspect('endpoint'), vscode.env.remoteName);
}

export class ProfileStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('s3ReplicationDoctor.profile', vscode.StatusBarAlignment.Left, 50);
  private progress?: Progress;
  private problem?: string;

  constructor(private readonly session: ExplorerSession) {
    this.item.name = 'S3 Replication Doctor: AWS profile';
    this.item.command = COMMANDS.pickProfile;
    this.update();
  }

  setVisible(visible: boolean): void {
    if (visible) this.item.show();
    else this.item.hide();
  }

  /** Why the profile cannot be used right now (shown in the tooltip); undefined when it can. */
  setProblem(problem: string | undefined): void {
    this.problem = problem;
    this.update();
  }

  setProgress(progress: Progress | undefined): void {
    this.progress = progress;
    this.update();
  }

  update(): void {
    const p = this.progress;
    const scanning = p?.busy && p.total > 0 ? ` $(sync~spin) ${p.done.toLocaleString('en-US')}/${p.total.toLocaleString('en-US')}` : '';
    const endpoint = this.session.endpoint;
    this.item.text = `${this.problem ? '$(warning)' : '$(cloud)'} ${this.session.profileLabel} · ${this.session.region}${scanning}`;
    this.item.tooltip = new vscode.MarkdownString(
      [
        `**AWS profile:** ${this.session.profileLabel}`,
        `**Region for listing:** ${this.session.region}`,
        endpoint ? `**Endpoint:** \`${endpoint}\`, from \`s3ReplicationDoctor.endpoint\` in ${endpointSource()}` : '',
        this.problem ? `**Cannot sign in:** ${this.problem}` : '',
        'Click to pick another profile.',
      ]
        .filter(Boolean)
        .join('\n\n'),
    );
  }

  dispose(): void {
    this.item.dispose();
  }
}

/** Lets the user choose a profile from the shared files, or the default chain; the current one is focused. */
export async function pickProfile(session: ExplorerSession, log: vscode.LogOutputChannel): Promise<void> {
  const files = sharedFiles();
  let profiles: Awaited<ReturnType<typeof listProfiles>> = [];
  try {
    profiles = await listProfiles(files);
  } catch (err) {
    log.warn(`[explorer] Cannot read AWS profiles: ${err instanceof Error ? err.message : String(err)}`);
  }
  const chain = environmentHasCredentials() ? 'credentials from the environment' : process.env.AWS_PROFILE ? `AWS_PROFILE=${process.env.AWS_PROFILE}` : 'environment, then the default profile';
  const { items, active } = profileItems(profiles, session.chosenProfile, files, chain);
  const picks = items.map((i) => ({ ...i, kind: i.separator ? vscode.QuickPickItemKind.Separator : vscode.QuickPickItemKind.Default }));
  // showQuickPick always focuses the first entry: a Quick Pick of our own focuses the current profile.
  const pick = vscode.window.createQuickPick<(typeof picks)[number]>();
  pick.title = 'AWS profile for the Replication view';
  pick.placeholder = `Current: ${session.profileLabel}`;
  pick.matchOnDescription = true;
  pick.items = picks;
  pick.activeItems = picks.filter((p) => p.label === active.label && p.profile === active.profile);
  const choice = await new Promise<ProfileItem | undefined>((resolve) => {
    pick.onDidAccept(() => resolve(pick.selectedItems[0]));
    pick.onDidHide(() => resolve(undefined));
    pick.show();
  });
  pick.dispose();
  if (!choice || choice.note || choice.separator) return;
  await saveProfile(choice.profile);
}
