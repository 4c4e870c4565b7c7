import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { highlightHtml, searchWordsToHighlight } from './search-highlight.ts';

describe('search highlighting', () => {
  it('takes words and phrases, not filters or exclusions', () => {
    assert.deepEqual(searchWordsToHighlight('deploy* from:ola in:drift "new server" -old -"bad thing" after:2024-01-01'), ['deploy', 'new server']);
    assert.deepEqual(searchWordsToHighlight('#release'), ['release']);
  });
  it('marks words in text, case-insensitively, never inside tags', () => {
    assert.equal(highlightHtml('<p>Deploy the <a href="/deploy">deploy docs</a></p>', ['deploy']), '<p><mark class="search-hit">Deploy</mark> the <a href="/deploy"><mark class="search-hit">deploy</mark> docs</a></p>');
  });
  it('matches at word starts only, and prefers longer words', () => {
    assert.equal(highlightHtml('redeploy deploying', ['deploy']), 'redeploy <mark class="search-hit">deploy</mark>ing');
    assert.equal(highlightHtml('new server', ['new', 'new server']), '<mark class="search-hit">new server</mark>');
  });
  it('handles Norwegian letters and HTML-escaped text', () => {
    assert.equal(highlightHtml('<p>Års rapport &amp; mer</p>', ['års']), '<p><mark class="search-hit">Års</mark> rapport &amp; mer</p>');
    assert.equal(highlightHtml('a &amp; b', ['&']), 'a <mark class="search-hit">&amp;</mark> b');
  });
  it('leaves html alone without words', () => {
    assert.equal(highlightHtml('<b>x</b>', []), '<b>x</b>');
  });
});
