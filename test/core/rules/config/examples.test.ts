/** Valid configurations in the shapes AWS documents: no errors or warnings (the near-miss for every rule). */
import { strict as assert } from 'node:assert';
import { problems } from './fixtures';
import { VALID_EXAMPLES } from './validExamples';

describe('valid configurations', () => {
  for (const [name, text] of Object.entries(VALID_EXAMPLES)) {
    it(`${name}: no errors or warnings`, () => assert.deepEqual(problems(text), []));
  }
});
