import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { compileGlob, globMatches, globToRegExp } from '../../src/core/glob';
import { ignoreMatches } from '../../src/core/projectConfig/paths';

describe('globMatches', () => {
  const cases: [string, string, boolean][] = [
    ['*policy*.json', 'iam/role-policy.json', true],
    ['*policy*.json', 'iam/role.json', false],
    ['**/policies/*.json', 'infra/policies/a.json', true],
    ['**/policies/*.json', 'policies/a.json', true],
    ['**/policies/*.json', 'infra/policies/x/a.json', false],
    ['infra/**', 'infra/a/b/c.json', true],
    ['infra/*.json', 'infra/a.json', true],
    ['infra/*.json', 'other/infra/a.json', false],
    ['{trust,assume}-*.json', 'x/trust-role.json', true],
    ['{trust,assume}-*.json', 'x/assume-role.json', true],
    ['{trust,assume}-*.json', 'x/other-role.json', false],
    ['{a,b{c,d}}.json', 'bd.json', true],
    ['{a,b{c,d}}.json', 'b.json', false],
    ['x{,-old}.json', 'x.json', true],
    ['x{,-old}.json', 'x-old.json', true],
    ['file?.json', 'file1.json', true],
    ['file?.json', 'file10.json', false],
    ['a.json', 'b/a.json', true],
    ['a.json', 'ba.json', false],
    // A `{` that never closes is an ordinary character (the RegExp version threw on it).
    ['{a.json', '{a.json', true],
    ['{a,b', '{a,b', true],
    // Regex metacharacters are literal.
    ['a+(b).json', 'a+(b).json', true],
    ['a+(b).json', 'aa(b).json', false],
  ];
  for (const [glob, path, expected] of cases) {
    it(`${glob} ${expected ? 'matches' : 'does not match'} ${path}`, () => assert.equal(globMatches(glob, path), expected));
  }

  it('treats Windows separators and a leading ./ like forward slashes', () => {
    assert.equal(globMatches('infra/*.json', '.\\infra\\a.json'), true);
  });

  it('answers a pattern that makes backtracking matchers run for minutes', () => {
    // A workspace can set `fileKinds`: this pattern took over 120 s against a 40-character path
    // with the RegExp version. The answers are what matter here; the speed is in `npm run bench`.
    const hostile = '*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b';
    assert.equal(globMatches(hostile, 'a'.repeat(40)), false);
    assert.equal(globMatches(hostile, `${'a'.repeat(40)}b`), true);
    assert.equal(globMatches(`**/${hostile}`, `dir/${'a'.repeat(39)}`), false);
    assert.equal(globMatches('{*a,*a*a,*a*a*a}*a*a*a*a*a*a*b', 'a'.repeat(40)), false);
    // `.s3-replication-doctor.json` is a repository's file too: its ignores go through the same matcher.
    assert.equal(ignoreMatches(hostile, `${'a'.repeat(20)}/${'a'.repeat(40)}`), false);
  });

  it('keeps the RegExp-shaped `globToRegExp(glob).test(path)` for existing callers', () => {
    assert.equal(globToRegExp('*.json').test('a.json'), true);
    assert.equal(globToRegExp('*.json').test('a/b.json'), false);
  });

  it('agrees with a regular expression on random short patterns and paths', () => {
    // The reference: the old translation, safe on inputs this short.
    const reference = (glob: string): RegExp => {
      let re = '';
      for (let i = 0; i < glob.length; i++) {
        const c = glob[i];
        if (c === '*' && glob[i + 1] === '*') {
          const slash = glob[i + 2] === '/';
          re += slash ? '(?:.*/)?' : '.*';
          i += slash ? 2 : 1;
        } else if (c === '*') re += '[^/]*';
        else if (c === '?') re += '[^/]';
        else re += c.replace(/[.+^${}()|[\]\\/]/g, '\\$&');
      }
      return new RegExp(`^${re}$`);
    };
    const glob = fc.stringMatching(/^[ab*?/.]{0,8}$/);
    const path = fc.stringMatching(/^[ab/.]{0,10}$/);
    fc.assert(
      fc.property(glob, path, (g, p) => compileGlob(g).test(p) === reference(g).test(p)),
      { numRuns: 3000, seed: 17 },
    );
  });
});
