import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderMarkdown, safeUrl } from './markdown.ts';

test('emphasis, strike, inline code, lists, quotes, tables and headings render as HTML', () => {
  const html = renderMarkdown('# Title\n**bold** _it_ ~~gone~~ `x<y`\n\n- one\n- two\n\n> quoted\n\n| a | b |\n|---|---|\n| 1 | 2 |');
  for (const part of ['<h1', '<strong>bold</strong>', '<em>it</em>', '<del>gone</del>', '<code>x&lt;y</code>', '<li>one</li>', '<blockquote>', '<table>', '<td>1</td>']) {
    assert.ok(html.includes(part), `${part} in ${html}`);
  }
});

test('raw HTML is shown as text, never parsed', () => {
  const html = renderMarkdown('<script>alert(1)</script> and <img src=x onerror=alert(1)>');
  assert.ok(!html.includes('<script'), html);
  assert.ok(!html.includes('<img'), html);
  assert.ok(html.includes('&lt;script&gt;'), html);
});

test('javascript:, data: and protocol-relative links lose their target', () => {
  for (const href of ['javascript:alert(1)', 'JAVASCRIPT:alert(1)', ' javascript:alert(1)', 'data:text/html,<b>x</b>', 'vbscript:x', '//evil.example']) {
    const html = renderMarkdown(`[click](${href})`);
    assert.ok(!/href=/.test(html), `${href} → ${html}`);
    assert.ok(html.includes('click'));
  }
  assert.equal(safeUrl('https://example.com/a?b=1'), 'https://example.com/a?b=1');
  assert.equal(safeUrl('/team/pl/abc'), '/team/pl/abc');
});

test('external links open in a new tab without opener; images become links', () => {
  const html = renderMarkdown('[site](https://example.com) ![pic](https://example.com/p.png)');
  assert.ok(html.includes('<a href="https://example.com" target="_blank" rel="noopener noreferrer">site</a>'), html);
  assert.ok(!html.includes('<img'), html);
});

test('mentions are marked, mine highlighted; not inside code or e-mail addresses', () => {
  const html = renderMarkdown('hi @Alice and @bob. also @channel `@carol` mail a@b.com', { myUsername: 'bob' });
  assert.ok(html.includes('data-mention="alice">@Alice</span>'), html);
  assert.ok(html.includes('class="mention mention-me" data-mention="bob">@bob</span>.'), html);
  assert.ok(html.includes('class="mention mention-me" data-mention="channel"'), html);
  assert.ok(!html.includes('data-mention="carol"'), html);
  assert.ok(!html.includes('data-mention="b.com"'), html);
});

test('~channel becomes a link within the team', () => {
  const html = renderMarkdown('see ~town-square', { teamName: 'drift' });
  assert.ok(html.includes('<a class="channel-link" href="/drift/channels/town-square" data-channel="town-square">~town-square</a>'), html);
});

test('fenced code keeps its language class and escapes its content', () => {
  const html = renderMarkdown('```js\nconst a = "<b>";\n```');
  assert.ok(html.includes('<pre class="code-block"><code class="language-js">const a = &quot;&lt;b&gt;&quot;;</code></pre>'), html);
});

test('single newlines break lines, as in Mattermost', () => {
  assert.ok(renderMarkdown('a\nb').includes('a<br>b'));
});

test('emoji shortcodes become emoji through the hook; unknown ones and code stay as typed', () => {
  const emoji = (name: string) => ({ smile: '😄', '+1': '👍' })[name];
  const html = renderMarkdown('Hi :smile: :+1: :nope: `:smile:`', { emoji });
  assert.match(html, /<span class="emoji" title=":smile:" role="img" aria-label=":smile:">😄<\/span>/);
  assert.match(html, /aria-label=":\+1:">👍<\/span>/);
  assert.match(html, /:nope:/);
  assert.match(html, /<code>:smile:<\/code>/);
});

test('attributes cannot be smuggled in through link titles, URLs or code languages', () => {
  const html = renderMarkdown('[x](https://a.example/"onmouseover="alert(1) "t\\"itle") and\n```js" onclick="alert(1)\ncode\n```');
  assert.ok(!/\sonmouseover=|\sonclick=/.test(html), html);
});

test('HTML event handlers and script in every Markdown position stay text', () => {
  for (const input of ['<img src=x onerror=alert(1)>', '# <script>alert(1)</script>', '> <svg onload=alert(1)>', '| a |\n|---|\n| <iframe src=x> |', '- <a href="javascript:alert(1)">x</a>']) {
    const html = renderMarkdown(input);
    assert.ok(!/<(img|script|svg|iframe|a)\b/i.test(html), `${input} → ${html}`);
  }
});
