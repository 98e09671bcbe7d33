import { strict as assert } from 'node:assert';
import { globMatches } from '../../src/core/glob';

describe('globMatches', () => {
  const cases: [string, string, boolean][] = [
    ['*policy*.json', 'iam/role-policy.json', true],
    ['*policy*.json', 'iam/role.json', false],
    ['**/policies/*.json', 'infra/policies/a.json', true],
    ['**/policies/*.json', 'policies/a.json', true],
    ['**/policies/*.json', 'infra/policies/x/a.json', false],
    ['infra/*.json', 'infra/a.json', true],
    ['infra/*.json', 'other/infra/a.json', false],
    ['{trust,assume}-*.json', 'x/trust-role.json', true],
    ['{trust,assume}-*.json', 'x/assume-role.json', true],
    ['{trust,assume}-*.json', 'x/other-role.json', false],
    ['file?.json', 'file1.json', true],
    ['a.json', 'b/a.json', true],
    ['a.json', 'ba.json', false],
  ];
  for (const [glob, path, expected] of cases) {
    it(`${glob} ${expected ? 'matches' : 'does not match'} ${path}`, () => assert.equal(globMatches(glob, path), expected));
  }
  it('treats Windows separators and a leading ./ like forward slashes', () => {
    assert.equal(globMatches('infra/*.json', '.\\infra\\a.json'), true);
  });
});
