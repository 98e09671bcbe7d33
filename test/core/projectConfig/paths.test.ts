import { strict as assert } from 'node:assert';
import { configuredKind, ignoreMatches, ignoredBy } from '../../../src/core/projectConfig/paths';
import { EMPTY_CONFIG } from '../../../src/core/projectConfig/types';

describe('project configuration: ignores (.gitignore semantics) and fileKinds', () => {
  const cases: [string, string, boolean][] = [
    // A name without "/": a file or folder of that name at any depth.
    ['legacy', 'legacy/role.json', true],
    ['legacy', 'infra/legacy/role.json', true],
    ['legacy', 'legacy.json', false],
    ['*.generated.json', 'infra/a.generated.json', true],
    ['*.generated.json', 'infra/a.json', false],
    // A trailing "/": folders only.
    ['legacy/', 'infra/legacy/x/role.json', true],
    ['role.json/', 'role.json', false],
    // With a "/" inside: relative to the configuration's folder.
    ['infra/legacy', 'infra/legacy/role.json', true],
    ['infra/legacy', 'other/infra/legacy/role.json', false],
    ['legacy/**', 'legacy/a/b.json', true],
    ['**/policies/*.json', 'x/policies/a.json', true],
    ['**/policies/*.json', 'policies/a.json', true],
    // A leading "/": anchored to the configuration's folder.
    ['/sandbox.json', 'sandbox.json', true],
    ['/sandbox.json', 'infra/sandbox.json', false],
    ['/infra/*.json', 'infra/a.json', true],
    ['{old,tmp}/', 'tmp/a.json', true],
    ['**', 'a/b.json', true],
    ['', 'a.json', false],
  ];
  for (const [pattern, path, expected] of cases) {
    it(`"${pattern}" ${expected ? 'ignores' : 'does not ignore'} ${path}`, () => assert.equal(ignoreMatches(pattern, path), expected));
  }

  it('names the first pattern that ignores a file; a file outside the configuration\'s folder is never ignored', () => {
    const config = { ...EMPTY_CONFIG, ignores: ['tmp/', 'legacy/', '*.json'] };
    assert.equal(ignoredBy(config, 'legacy/a.json'), 'legacy/');
    assert.equal(ignoredBy(config, undefined), undefined);
    assert.equal(ignoredBy(EMPTY_CONFIG, 'legacy/a.json'), undefined);
  });

  it('pins a kind by the first matching fileKinds glob, relative to the configuration\'s folder', () => {
    const config = {
      ...EMPTY_CONFIG,
      fileKinds: [
        { glob: 'roles/*-trust.json', kind: 'trust-policy' as const },
        { glob: 'roles/*.json', kind: 'permission-policy' as const },
      ],
    };
    assert.equal(configuredKind(config, 'roles/app-trust.json'), 'trust-policy');
    assert.equal(configuredKind(config, 'roles/app.json'), 'permission-policy');
    assert.equal(configuredKind(config, 'other/roles/app.json'), undefined);
    assert.equal(configuredKind(config, undefined), undefined);
  });
});
