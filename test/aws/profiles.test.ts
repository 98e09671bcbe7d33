import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { environmentHasCredentials, listProfiles, parseProfiles, readProfile, resolveRegion, sharedFiles } from '../../src/aws/profiles';

const CONFIG = `
# comment
[default]
region = us-west-2

[profile team]
region=eu-west-1 
sso_session = corp
sso_account_id = 123456789012

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1

[services local]
s3 =
  endpoint_url = http://127.0.0.1:4599

[profile  spaced ]
credential_process = /bin/true
`;

const CREDENTIALS = `[default]
aws_access_key_id = AKIDDEFAULT
aws_secret_access_key = secret

[ci]
aws_access_key_id = AKIDCI
aws_secret_access_key = secret
`;

describe('aws: profiles', () => {
  it('names the profiles of both files, default first, without sso-session or services sections', () => {
    const profiles = parseProfiles(CONFIG, CREDENTIALS);
    assert.deepEqual(
      profiles.map((p) => p.name),
      ['default', 'ci', 'spaced', 'team'],
    );
    const byName = Object.fromEntries(profiles.map((p) => [p.name, p]));
    assert.deepEqual(byName.default.sources, ['config', 'credentials']);
    assert.equal(byName.default.region, 'us-west-2');
    assert.equal(byName.team.region, 'eu-west-1');
    assert.equal(byName.team.sso, true);
    assert.equal(byName.ci.sso, false);
    assert.deepEqual(byName.ci.sources, ['credentials']);
  });

  it('ignores indented sub-properties (a services section’s endpoint is not a region)', () => {
    const [p] = parseProfiles('[profile x]\ns3 =\n  region = ap-south-1\n', '');
    assert.equal(p.region, undefined);
  });

  it('reads the files named by AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE, never ~/.aws', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'profiles-'));
    try {
      writeFileSync(join(dir, 'config'), CONFIG);
      writeFileSync(join(dir, 'creds'), CREDENTIALS);
      const files = sharedFiles({ AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'creds') }, '/nonexistent-home');
      assert.deepEqual(files, { configFile: join(dir, 'config'), credentialsFile: join(dir, 'creds') });
      assert.equal((await listProfiles(files)).length, 4);
      assert.equal(readProfile('team', files)?.region, 'eu-west-1');
      assert.equal(readProfile('nope', files), undefined);
      // Missing files are empty, not errors: a machine without ~/.aws has no profiles.
      assert.deepEqual(await listProfiles({ configFile: join(dir, 'missing'), credentialsFile: join(dir, 'missing2') }), []);
      assert.deepEqual(sharedFiles({}, '/home/u'), { configFile: '/home/u/.aws/config', credentialsFile: '/home/u/.aws/credentials' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('resolves the listing region: setting, profile, environment, us-east-1', () => {
    const profile = { name: 'p', region: 'eu-west-1', sources: ['config' as const], sso: false };
    assert.equal(resolveRegion('ap-south-1', profile, { AWS_REGION: 'us-west-1' }), 'ap-south-1');
    assert.equal(resolveRegion(undefined, profile, { AWS_REGION: 'us-west-1' }), 'eu-west-1');
    assert.equal(resolveRegion(undefined, undefined, { AWS_DEFAULT_REGION: 'us-west-1' }), 'us-west-1');
    assert.equal(resolveRegion(undefined, undefined, {}), 'us-east-1');
  });

  it('tells when the environment alone holds credentials', () => {
    assert.equal(environmentHasCredentials({ AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b' }), true);
    assert.equal(environmentHasCredentials({ AWS_ACCESS_KEY_ID: 'a' }), false);
    assert.equal(environmentHasCredentials({}), false);
  });
});
