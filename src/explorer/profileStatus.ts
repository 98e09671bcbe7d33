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
import { saveProfile } from './settings';

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
        endpoint ? `**Endpoint:** \`${endpoint}\` (the \`s3ReplicationDoctor.endpoint\` setting, a machine setting: user or remote settings, never a workspace's)` : '',
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

interface ProfilePick extends vscode.QuickPickItem {
  profile?: string;
}

/** Lets the user choose a profile from the shared files, or the default chain. */
export async function pickProfile(session: ExplorerSession, log: vscode.LogOutputChannel): Promise<void> {
  const files = sharedFiles();
  let profiles: Awaited<ReturnType<typeof listProfiles>> = [];
  try {
    profiles = await listProfiles(files);
  } catch (err) {
    log.warn(`[explorer] Cannot read AWS profiles: ${err instanceof Error ? err.message : String(err)}`);
  }
  const current = session.chosenProfile;
  const chain = environmentHasCredentials() ? 'credentials from the environment' : process.env.AWS_PROFILE ? `AWS_PROFILE=${process.env.AWS_PROFILE}` : 'environment, then the default profile';
  const items: ProfilePick[] = [
    {
      label: 'Default credential chain',
      description: current === undefined ? `${chain} · current` : chain,
      detail: 'What the AWS CLI uses without --profile: environment variables, AWS_PROFILE, SSO, container and instance credentials.',
    },
    ...profiles.map((p) => ({
      label: p.name,
      profile: p.name,
      description: [p.region, p.sso ? 'IAM Identity Center (SSO)' : '', p.name === current ? 'current' : ''].filter(Boolean).join(' · '),
      detail: `from ${p.sources.map((s) => (s === 'config' ? files.configFile : files.credentialsFile)).join(' and ')}`,
    })),
  ];
  if (profiles.length === 0) {
    items.push({ label: 'No profiles found', kind: vscode.QuickPickItemKind.Separator }, { label: `Looked in ${files.configFile} and ${files.credentialsFile}`, description: 'run `aws configure` or `aws configure sso` to add one' });
  }
  const choice = await vscode.window.showQuickPick(items, { title: 'AWS profile for the Replication view', placeHolder: `Current: ${session.profileLabel}`, matchOnDescription: true });
  if (!choice || (choice.profile === undefined && choice.label !== 'Default credential chain')) return;
  await saveProfile(choice.profile);
}
