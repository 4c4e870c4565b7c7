// Highlighting the words a search matched inside a rendered message (HTML from lib/markdown.ts), and working out
// those words from Mattermost's search syntax when the server sent none.

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const escapeHtmlText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The words of a search to highlight: quoted phrases and plain words, without from:/in:/on:/before:/after:/ext:
 * filters and -excluded words; a trailing * (prefix search) is dropped.
 */
export function searchWordsToHighlight(terms: string): string[] {
  const out: string[] = [];
  const re = /(-?)"([^"]*)"|(\S+)/g;
  for (let m = re.exec(terms); m; m = re.exec(terms)) {
    if (m[2] !== undefined) {
      if (!m[1] && m[2].trim()) out.push(m[2].trim());
      continue;
    }
    const word = m[3]!;
    if (word.startsWith('-') || /^(from|in|on|before|after|ext|channel|user):/i.test(word)) continue;
    const clean = word.replace(/\*+$/, '').replace(/^#/, '');
    if (clean) out.push(clean);
  }
  return out;
}

/**
 * Wraps each occurrence of the words in <mark>, in text only (never inside a tag or an attribute). Words are
 * matched case-insensitively; a word followed by letters still matches (prefix search finds "deploying" for
 * "deploy*", and the server reports the whole word anyway).
 */
export function highlightHtml(html: string, words: readonly string[]): string {
  const usable = [...new Set(words.map((w) => w.trim()).filter(Boolean))].sort((a, b) => b.length - a.length);
  if (usable.length === 0) return html;
  const re = new RegExp(`(?<![\\p{L}\\p{N}_])(${usable.map((w) => escapeRegExp(escapeHtmlText(w))).join('|')})`, 'giu');
  return html
    .split(/(<[^>]*>)/)
    .map((part) => (part.startsWith('<') ? part : part.replace(re, '<mark class="search-hit">$1</mark>')))
    .join('');
}
