/**
 * The profile picker's entries, without `vscode`: the default credential chain, then each profile of
 * the shared files, the current choice marked and focused (so Enter keeps it and the arrows start
 * from it), or a note saying where profiles were looked for when there are none.
 */
import type { ProfileInfo, SharedFiles } from '../aws/profiles';

export interface ProfileItem {
  label: string;
  description?: string;
  detail?: string;
  /** The profile this entry picks; undefined for the default chain and for notes. */
  profile?: string;
  /** A heading, not a choice. */
  separator?: boolean;
  /** An explanation, not a choice. */
  note?: boolean;
}

export const DEFAULT_CHAIN_LABEL = 'Default credential chain';

export interface ProfileItems {
  items: ProfileItem[];
  /** The entry to focus: the current profile's, or the default chain's when none is chosen. */
  active: ProfileItem;
}

/**
 * `current` is the profile chosen in the settings (undefined: the default chain); `chain` describes
 * what the default chain would use here (environment credentials, `AWS_PROFILE`…).
 */
export function profileItems(profiles: readonly ProfileInfo[], current: string | undefined, files: SharedFiles, chain: string): ProfileItems {
  const listed = profiles.some((p) => p.name === current);
  const defaultChain: ProfileItem = {
    label: DEFAULT_CHAIN_LABEL,
    description: current === undefined ? `${chain} · current` : chain,
    detail: 'What the AWS CLI uses without --profile: environment variables, AWS_PROFILE, SSO, container and instance credentials.',
  };
  const items: ProfileItem[] = [
    defaultChain,
    ...profiles.map((p) => ({
      label: p.name,
      profile: p.name,
      description: [p.region, p.sso ? 'IAM Identity Center (SSO)' : '', p.name === current ? 'current' : ''].filter(Boolean).join(' · '),
      detail: `from ${p.sources.map((s) => (s === 'config' ? files.configFile : files.credentialsFile)).join(' and ')}`,
    })),
  ];
  // A profile chosen earlier and since removed from the files: still shown, as what the view uses now.
  if (current !== undefined && !listed) items.splice(1, 0, { label: current, profile: current, description: 'current · not in the shared files' });
  if (profiles.length === 0) {
    items.push({ label: 'No profiles found', separator: true }, { label: `Looked in ${files.configFile} and ${files.credentialsFile}`, description: 'run "aws configure" or "aws configure sso" to add one', note: true });
  }
  const active = (current !== undefined && items.find((i) => i.profile === current)) || defaultChain;
  return { items, active };
}
