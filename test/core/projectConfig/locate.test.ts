import { strict as assert } from 'node:assert';
import { ConfigHost, LocateCache, findConfigFile } from '../../../src/core/projectConfig/locate';

/** A file system of the paths given, with the probes it answered. */
function fakeHost(existing: string[]): ConfigHost & { probes: string[] } {
  const set = new Set(existing);
  const probes: string[] = [];
  return {
    probes,
    parent: (dir) => (dir === '/' ? undefined : dir.slice(0, dir.lastIndexOf('/')) || '/'),
    child: (dir, name) => (dir === '/' ? `/${name}` : `${dir}/${name}`),
    exists: async (p) => {
      probes.push(p);
      return set.has(p);
    },
  };
}

describe('project configuration: finding the file that applies', () => {
  it('takes the nearest file upward from the folder; files further up are not merged', async () => {
    const host = fakeHost(['/repo/.git', '/repo/.s3-replication-doctor.json', '/repo/infra/.s3-replication-doctor.json']);
    assert.equal(await findConfigFile('/repo/infra/roles', host), '/repo/infra/.s3-replication-doctor.json');
    assert.equal(await findConfigFile('/repo/app', host), '/repo/.s3-replication-doctor.json');
    assert.equal(await findConfigFile('/repo', host), '/repo/.s3-replication-doctor.json');
  });

  it('stops at the repository root (a folder holding .git), so a file above it does not apply', async () => {
    const host = fakeHost(['/home/me/.s3-replication-doctor.json', '/home/me/repo/.git']);
    assert.equal(await findConfigFile('/home/me/repo/infra', host), undefined);
    assert.ok(!host.probes.includes('/home/me/.s3-replication-doctor.json'), 'never looked above the repository');
  });

  it('outside any repository, looks up to the root', async () => {
    const host = fakeHost(['/.s3-replication-doctor.json']);
    assert.equal(await findConfigFile('/tmp/a/b', host), '/.s3-replication-doctor.json');
    assert.equal(await findConfigFile('/tmp', fakeHost([])), undefined);
  });

  it('probes each folder once per cache, however many files share it', async () => {
    const host = fakeHost(['/r/.git', '/r/.s3-replication-doctor.json']);
    const cache: LocateCache = new Map();
    const found = await Promise.all(['/r/a/x', '/r/a/y', '/r/a', '/r/b'].map((d) => findConfigFile(d, host, cache)));
    assert.deepEqual(new Set(found), new Set(['/r/.s3-replication-doctor.json']));
    assert.equal(host.probes.length, new Set(host.probes).size, `a folder probed twice: ${host.probes.join(', ')}`);
  });
});
