import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { compile, covers, literal, matches, overlaps } from '../../../src/core/iam/pattern';
import { arnCovers, arnMatchesTemplate, arnOverlaps, arnProblem } from '../../../src/core/iam/arn';

describe('IAM wildcard patterns', () => {
  it('matches literals, `*` runs and `?` single characters', () => {
    const cases: [string, string, boolean][] = [
      ['s3:get*', 's3:getobject', true],
      ['s3:get*', 's3:putobject', false],
      ['s3:?etobject', 's3:getobject', true],
      ['s3:?etobject', 's3:etobject', false],
      ['*', '', true],
      ['a*b*c', 'aXXbYYc', true],
      ['a*b*c', 'aXXcYYb', false],
      ['${*}', '*', true],
      ['${*}', 'x', false],
    ];
    for (const [p, v, want] of cases) assert.equal(matches(compile(p), v), want, `${p} ~ ${v}`);
  });

  it('covers: every value of the second pattern matches the first', () => {
    const cases: [string, string, boolean][] = [
      ['bucket/*', 'bucket/*', true],
      ['bucket/*', 'bucket/logs/*', true],
      ['bucket/logs/*', 'bucket/*', false],
      ['*', 'anything*?', true],
      ['bucket/?', 'bucket/*', false],
      ['bucket/*', 'bucket/?', true],
      ['b*', 'bucket', true],
    ];
    for (const [p, q, want] of cases) assert.equal(covers(compile(p), compile(q)), want, `${p} covers ${q}`);
  });

  it('overlaps: the two patterns share a value', () => {
    const cases: [string, string, boolean][] = [
      ['bucket/logs/*', 'bucket/*', true],
      ['bucket/a*', 'bucket/b*', false],
      ['*x', 'y*', true],
      ['a?c', 'ab*', true],
      ['abc', 'abd', false],
    ];
    for (const [p, q, want] of cases) assert.equal(overlaps(compile(p), compile(q)), want, `${p} overlaps ${q}`);
  });

  it('agrees with literal matching on random inputs (covers a literal = matches; overlap with a literal = matches)', () => {
    const alphabet = fc.constantFrom('a', 'b', '/', '*', '?');
    const text = fc.constantFrom('a', 'b', '/');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 6 }), fc.array(text, { maxLength: 6 }), (p, v) => {
        const pattern = compile(p.join(''));
        const value = v.join('');
        const re = new RegExp(`^${p.map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c)).join('')}$`);
        assert.equal(matches(pattern, value), re.test(value));
        assert.equal(overlaps(pattern, literal(value)), re.test(value));
      }),
    );
  });
});

describe('ARN comparison and shape', () => {
  it('compares section by section: a wildcard never spans the colons', () => {
    assert.equal(arnCovers('arn:aws:s3:::*', 'arn:aws:s3:::bucket/key*'), true);
    assert.equal(arnCovers('arn:aws:kms:*:111122223333:key/*', 'arn:aws:kms:us-east-1:111122223333:key/k'), true);
    assert.equal(arnCovers('arn:aws:kms:*:111122223333:key/*', 'arn:aws:kms:us-east-1:444455556666:key/k'), false);
    // `s*` may match the service `sqs`, but the empty Region section cannot match `us-east-1`.
    assert.equal(arnCovers('arn:aws:s*:::*', 'arn:aws:sqs:us-east-1:111122223333:queue'), false);
    assert.equal(arnCovers('arn:aws:*:us-east-1:111122223333:*', 'arn:aws:sqs:us-east-1:111122223333:queue'), true);
    assert.equal(arnCovers('*', 'arn:aws:s3:::bucket'), true);
    assert.equal(arnOverlaps('arn:aws:s3:::bucket/logs/*', 'arn:aws:s3:::bucket/*'), true);
    assert.equal(arnOverlaps('arn:aws:s3:::other/*', 'arn:aws:s3:::bucket/*'), false);
  });

  it('tells bucket ARNs from object ARNs against the service reference templates', () => {
    const bucket = 'arn:${Partition}:s3:::${BucketName}';
    const object = 'arn:${Partition}:s3:::${BucketName}/${ObjectName}';
    assert.equal(arnMatchesTemplate('arn:aws:s3:::b', bucket), true);
    assert.equal(arnMatchesTemplate('arn:aws:s3:::b/*', bucket), false);
    assert.equal(arnMatchesTemplate('arn:aws:s3:::*/*', bucket), false);
    assert.equal(arnMatchesTemplate('arn:aws:s3:::b', object), false);
    assert.equal(arnMatchesTemplate('arn:aws:s3:::b*', object), true);
    assert.equal(arnMatchesTemplate('arn:aws:s3:::*', bucket), true);
  });

  it('names what is wrong with a malformed ARN, and accepts wildcards and valid shapes', () => {
    assert.match(arnProblem('source-bucket') ?? '', /does not start with `arn:`/);
    assert.match(arnProblem('arn:aws:s3::bucket') ?? '', /six sections/);
    assert.match(arnProblem('arn:aws:s3:us-east-1:123456789012:bucket') ?? '', /empty Region and account/);
    assert.match(arnProblem('arn:aws:kms:us-east-1::key/k') ?? '', /account/);
    assert.match(arnProblem('arn:aws:kms:useast1:123456789012:key/k') ?? '', /Region/);
    assert.match(arnProblem('arn:amazon:s3:::b') ?? '', /partition/);
    assert.match(arnProblem('arn:aws:iam::12345:role/r') ?? '', /12-digit/);
    for (const ok of ['*', 'arn:aws:s3:::b/*', 'arn:aws-cn:s3:::b', 'arn:aws:kms:*:*:key/*', 'arn:aws:iam::aws:policy/ReadOnlyAccess', 'arn:aws:s3:us-east-1:123456789012:accesspoint/ap', 'arn:aws:ec2:us-east-1:123456789012:instance/*']) {
      assert.equal(arnProblem(ok), undefined, ok);
    }
  });
});
