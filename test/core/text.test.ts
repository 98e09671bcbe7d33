import { strict as assert } from 'node:assert';
import { plainText } from '../../src/core/text';
import { analyze } from '../../src/core/analyze';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { WALKTHROUGH } from '../cli/helpers';

describe('plainText: findings for surfaces that do not render markdown', () => {
  const cases: [string, string][] = [
    ['This rule uses `Filter` (the V2 schema)', 'This rule uses Filter (the V2 schema)'],
    ['Add `"DeleteMarkerReplication": {"Status": "Disabled"}` to it.', 'Add "DeleteMarkerReplication": {"Status": "Disabled"} to it.'],
    ['A wildcard such as `s3:Get*` covers the reads', 'A wildcard such as s3:Get* covers the reads'],
    ['grant `s3:Get*` and `s3:List*` on it', 'grant s3:Get* and s3:List* on it'],
    ['a `` `tick` `` inside', 'a `tick` inside'],
    ['**iam-list-bucket** (error)', 'iam-list-bucket (error)'],
    ['see [the guide](https://docs.aws.amazon.com/x.html).', 'see the guide (https://docs.aws.amazon.com/x.html).'],
    ['an unmatched ` stays', 'an unmatched ` stays'],
    ['2 * 3 and a*b stay', '2 * 3 and a*b stay'],
    ['escaped \\*stars\\* and \\`ticks\\`', 'escaped *stars* and `ticks`'],
    ['arn:aws:s3:::bucket/* and prefix/*', 'arn:aws:s3:::bucket/* and prefix/*'],
    ['no markdown at all', 'no markdown at all'],
    ['in C:\\repo\\policies\\role.json', 'in C:\\repo\\policies\\role.json'],
  ];
  for (const [md, plain] of cases) {
    it(`${JSON.stringify(md)} → ${JSON.stringify(plain)}`, () => assert.equal(plainText(md), plain));
  }

  it('leaves no backtick in any message of the walkthrough, and changes nothing else', () => {
    const inputs = readdirSync(WALKTHROUGH)
      .filter((f) => f.endsWith('.json'))
      .map((f) => ({ uri: join(WALKTHROUGH, f), text: readFileSync(join(WALKTHROUGH, f), 'utf8') }));
    const messages = analyze(inputs).findings.flatMap((f) => [f.message, ...(f.related ?? []).map((r) => r.message)]);
    assert.ok(messages.some((m) => m.includes('`')), 'the walkthrough has code spans to remove');
    for (const m of messages) {
      const plain = plainText(m);
      assert.doesNotMatch(plain, /`/, m);
      assert.equal(plain, m.replace(/`/g, ''), 'only the backticks go');
    }
  });
});
