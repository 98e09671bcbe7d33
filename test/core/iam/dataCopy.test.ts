/** The trimmed copy of the IAM data the build ships answers exactly as the package's own files. */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createIamData, findIamDataDirectory } from '../../../src/core/iam/data';

describe('IAM data as the build copies it', () => {
  let to = '';
  before(async () => {
    to = mkdtempSync(join(tmpdir(), 's3rd-iam-data-'));
    // @ts-expect-error a build script in plain JavaScript, without types
    const { copyIamData } = (await import('../../../scripts/iamDataCopy.mjs')) as { copyIamData: (from: string, to: string) => void };
    copyIamData(findIamDataDirectory() as string, to);
  });
  after(() => rmSync(to, { recursive: true, force: true }));

  it('gives every service the same actions and resource types', () => {
    const original = createIamData(findIamDataDirectory());
    const copy = createIamData(to);
    assert.deepEqual(copy.serviceNames(), original.serviceNames());
    assert.ok(original.serviceNames().length > 400);
    for (const name of original.serviceNames()) assert.deepEqual(copy.service(name), original.service(name), name);
  });
});
