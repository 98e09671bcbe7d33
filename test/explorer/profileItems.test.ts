import { strict as assert } from 'node:assert';
import type { ProfileInfo } from '../../src/aws/profiles';
import { DEFAULT_CHAIN_LABEL, profileItems } from '../../src/explorer/profileItems';

const files = { configFile: '/h/.aws/config', credentialsFile: '/h/.aws/credentials' };
const profiles: ProfileInfo[] = [
  { name: 'default', region: 'us-east-1', sources: ['config', 'credentials'], sso: false },
  { name: 'sandbox', region: 'eu-west-1', sources: ['config'], sso: false },
  { name: 'prod', sources: ['config'], sso: true },
];

describe('explorer: the profile picker\'s entries', () => {
  it('focuses the current profile, not the first entry, and marks it current', () => {
    const { items, active } = profileItems(profiles, 'sandbox', files, 'environment, then the default profile');
    assert.deepEqual(items.map((i) => i.label), [DEFAULT_CHAIN_LABEL, 'default', 'sandbox', 'prod']);
    assert.equal(active, items[2]);
    assert.equal(active.profile, 'sandbox');
    assert.equal(active.description, 'eu-west-1 · current');
    assert.equal(items[0].description, 'environment, then the default profile');
    assert.equal(items[3].description, 'IAM Identity Center (SSO)');
    assert.equal(items[1].detail, 'from /h/.aws/config and /h/.aws/credentials');
  });

  it('focuses the default chain when no profile is chosen, even when a profile is called "default"', () => {
    const { items, active } = profileItems(profiles, undefined, files, 'AWS_PROFILE=sandbox');
    assert.equal(active, items[0]);
    assert.equal(active.description, 'AWS_PROFILE=sandbox · current');
    assert.ok(!items.slice(1).some((i) => i.description?.includes('current')));
  });

  it('keeps a chosen profile the files no longer define, focused, and says so', () => {
    const { items, active } = profileItems(profiles, 'gone', files, 'x');
    assert.equal(active.profile, 'gone');
    assert.equal(items[1], active);
    assert.equal(active.description, 'current · not in the shared files');
  });

  it('says where it looked when there are no profiles, as a note that picks nothing', () => {
    const { items, active } = profileItems([], undefined, files, 'x');
    assert.equal(active, items[0]);
    assert.deepEqual(items.slice(1).map((i) => [i.label, Boolean(i.separator), Boolean(i.note), i.profile]), [
      ['No profiles found', true, false, undefined],
      ['Looked in /h/.aws/config and /h/.aws/credentials', false, true, undefined],
    ]);
  });
});
