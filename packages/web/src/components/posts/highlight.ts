// Syntax highlighting of fenced code blocks, loaded after the first render (highlight.js core and a handful of
// common languages make a separate chunk, so they cost the initial page nothing). markdown.ts renders
// `<pre class="code-block"><code class="language-x">` with the code escaped; here highlight.js re-reads the
// element's text (never HTML) and writes back its own escaped markup.

type Hljs = typeof import('highlight.js/lib/core').default;

let loading: Promise<Hljs> | null = null;

function loadHljs(): Promise<Hljs> {
  loading ??= import('./hljs-languages.ts').then((m) => m.hljs);
  return loading;
}

/** Highlights the code blocks with a known language inside `root` (once each). */
export function highlightCodeIn(root: HTMLElement): void {
  const blocks = [...root.querySelectorAll<HTMLElement>('pre.code-block > code[class*="language-"]')].filter((el) => !el.dataset.highlighted);
  if (blocks.length === 0) return;
  void loadHljs().then((hljs) => {
    for (const el of blocks) {
      if (!el.isConnected || el.dataset.highlighted) continue;
      const lang = /language-([\w+#-]+)/.exec(el.className)?.[1]?.toLowerCase();
      if (!lang || !hljs.getLanguage(lang)) continue;
      const result = hljs.highlight(el.textContent ?? '', { language: lang, ignoreIllegals: true });
      el.innerHTML = result.value; // highlight.js escapes the code it wraps in spans
      el.classList.add('hljs');
      el.dataset.highlighted = 'yes';
    }
  });
}
