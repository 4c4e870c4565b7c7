import { Marked, Renderer, type Tokens } from 'marked';

// Messages are Markdown as Mattermost renders it (GFM, single newlines break lines). Safety: raw HTML in a message
// is shown as text, never parsed; link targets are limited to http(s), mailto and in-app paths; images become
// links (no third-party image loads from a message). The output is an HTML string for dangerouslySetInnerHTML,
// and the server's Content-Security-Policy forbids inline script anyway.

export type MarkdownContext = {
  /** The current team's handle, for ~channel links. */
  teamName?: string;
  /** Usernames that count as "me" (highlighted mentions). */
  myUsername?: string;
  /** Emoji shortcode → character; unknown codes stay as typed. */
  emoji?: (name: string) => string | undefined;
};

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** Only these link targets are kept; anything else (javascript:, data:, vbscript:, …) renders as plain text. */
export function safeUrl(href: string): string | null {
  const trimmed = href.trim();
  if (/^(https?:|mailto:)/i.test(trimmed)) return trimmed;
  if (/^\/(?!\/)/.test(trimmed) || trimmed.startsWith('#')) return trimmed;
  return null;
}

const MENTION = /(^|[^\w.@/&#;-])@([a-z0-9][a-z0-9._-]*[a-z0-9_-]|[a-z0-9])/gi;
const CHANNEL_LINK = /(^|[^\w~/&#;-])~([a-z0-9][a-z0-9_-]*)/gi;
const EMOJI = /:([a-z0-9_+-]+):/gi;
const CHANNEL_WIDE = new Set(['channel', 'all', 'here']);

function decorate(html: string, ctx: MarkdownContext): string {
  let out = html.replace(MENTION, (_m, before: string, name: string) => {
    const lower = name.toLowerCase();
    const mine = lower === ctx.myUsername?.toLowerCase() || CHANNEL_WIDE.has(lower);
    return `${before}<span class="mention${mine ? ' mention-me' : ''}" data-mention="${lower}">@${name}</span>`;
  });
  if (ctx.teamName) {
    const team = encodeURIComponent(ctx.teamName);
    out = out.replace(CHANNEL_LINK, (_m, before: string, name: string) => `${before}<a class="channel-link" href="/${team}/channels/${name.toLowerCase()}" data-channel="${name.toLowerCase()}">~${name}</a>`);
  }
  if (ctx.emoji) {
    out = out.replace(EMOJI, (m, name: string) => {
      const char = ctx.emoji!(name.toLowerCase());
      return char ? `<span class="emoji" title=":${name}:" role="img" aria-label=":${name}:">${char}</span>` : m;
    });
  }
  return out;
}

function makeRenderer(ctx: MarkdownContext): Renderer {
  const renderer = new Renderer();
  renderer.html = ({ text }: Tokens.HTML | Tokens.Tag) => escapeHtml(text);
  renderer.text = function (token: Tokens.Text | Tokens.Escape) {
    const html = Renderer.prototype.text.call(this, token);
    return 'tokens' in token && token.tokens ? html : decorate(html, ctx);
  };
  renderer.link = function ({ href, title, tokens }: Tokens.Link) {
    const inner = this.parser.parseInline(tokens);
    const url = safeUrl(href);
    if (!url) return inner;
    const external = /^(https?:|mailto:)/i.test(url);
    const titleAttr = title ? ` title="${escapeHtml(title)}"` : '';
    return `<a href="${escapeHtml(url)}"${titleAttr}${external ? ' target="_blank" rel="noopener noreferrer"' : ''}>${inner}</a>`;
  };
  renderer.image = ({ href, title, text: alt }: Tokens.Image) => {
    const url = safeUrl(href);
    const label = escapeHtml(alt || title || href);
    return url ? `<a href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer">${label}</a>` : label;
  };
  renderer.code = ({ text: code, lang }: Tokens.Code) => {
    const language = (lang ?? '').match(/^[\w+#-]+/)?.[0] ?? '';
    const cls = language ? ` class="language-${escapeHtml(language)}"` : '';
    return `<pre class="code-block"><code${cls}>${escapeHtml(code.replace(/\n$/, ''))}</code></pre>\n`;
  };
  renderer.checkbox = ({ checked }: Tokens.Checkbox) => `<input type="checkbox" disabled${checked ? ' checked' : ''}> `;
  return renderer;
}

/** Renders a message to safe HTML. */
export function renderMarkdown(message: string, ctx: MarkdownContext = {}): string {
  const marked = new Marked({ gfm: true, breaks: true, async: false, renderer: makeRenderer(ctx) });
  return marked.parse(message) as string;
}
