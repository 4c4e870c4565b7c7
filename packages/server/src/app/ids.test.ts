import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isValidId, newId } from './ids.ts';

describe('ids', () => {
  it("are 26 characters of Mattermost's alphabet and never repeat, across many refills of the random pool", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 5000; i++) {
      const id = newId();
      assert.match(id, /^[ybndrfg8ejkmcpqxot1uwisza345h769]{26}$/);
      assert.ok(isValidId(id));
      seen.add(id);
    }
    assert.equal(seen.size, 5000);
  });
});
