import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadDraft, saveDraft, draftKey } from './drafts.ts';

function memoryStorage(): Storage {
  const m = new Map<string, string>();
  return {
    get length() {
      return m.size;
    },
    clear: () => m.clear(),
    getItem: (k) => m.get(k) ?? null,
    key: (i) => [...m.keys()][i] ?? null,
    removeItem: (k) => void m.delete(k),
    setItem: (k, v) => void m.set(k, String(v)),
  };
}

describe('drafts', () => {
  it('keeps one draft per channel and per thread', () => {
    const s = memoryStorage();
    saveDraft(s, 'c1', '', { message: 'channel text', files: [] });
    saveDraft(s, 'c1', 'root', { message: 'thread text', files: [] });
    assert.equal(loadDraft(s, 'c1').message, 'channel text');
    assert.equal(loadDraft(s, 'c1', 'root').message, 'thread text');
    assert.equal(loadDraft(s, 'c2').message, '');
    assert.notEqual(draftKey('c1'), draftKey('c1', 'root'));
  });
  it('removes a draft that became empty', () => {
    const s = memoryStorage();
    saveDraft(s, 'c1', '', { message: 'x', files: [] });
    saveDraft(s, 'c1', '', { message: '  ', files: [] });
    assert.equal(s.length, 0);
  });
  it('survives garbage and missing storage', () => {
    const s = memoryStorage();
    s.setItem(draftKey('c1'), '{not json');
    assert.deepEqual(loadDraft(s, 'c1'), { message: '', files: [], updateAt: 0 });
    assert.equal(loadDraft(undefined, 'c1').message, '');
    saveDraft(undefined, 'c1', '', { message: 'x', files: [] });
  });
});
