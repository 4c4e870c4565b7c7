import { useMemo } from 'react';
import { renderMarkdown, safeUrl, type MarkdownContext } from '../../lib/markdown.ts';
import { useT } from '../../i18n/index.ts';

/** The fields of a Slack-style message attachment that we show (as incoming webhooks send them). */
type SlackAttachment = {
  fallback?: unknown;
  color?: unknown;
  pretext?: unknown;
  author_name?: unknown;
  author_link?: unknown;
  title?: unknown;
  title_link?: unknown;
  text?: unknown;
  fields?: unknown;
  image_url?: unknown;
  thumb_url?: unknown;
  footer?: unknown;
};

const NAMED_COLORS: Record<string, string> = { good: '#2e8540', warning: '#d98a00', danger: '#c4262e' };

/** A colour for the bar: a hex colour or Slack's named ones; anything else gets the default. */
export function attachmentColor(color: unknown): string | undefined {
  if (typeof color !== 'string') return undefined;
  if (NAMED_COLORS[color]) return NAMED_COLORS[color];
  return /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i.test(color) ? color : undefined;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** props.attachments of a post, validated: only objects survive. */
export function slackAttachments(props: Record<string, unknown> | undefined | null): SlackAttachment[] {
  const list = props?.attachments;
  return Array.isArray(list) ? list.filter((a): a is SlackAttachment => Boolean(a) && typeof a === 'object') : [];
}

function Markdown({ text, ctx, className }: { text: string; ctx: MarkdownContext; className: string }) {
  const html = useMemo(() => renderMarkdown(text, ctx), [text, ctx]);
  return <div className={`markdown ${className}`} dangerouslySetInnerHTML={{ __html: html }} />;
}

/**
 * Slack-style attachments: colour bar, pretext, author, title (a link when safe), Markdown text, fields (short
 * ones side by side), image and thumbnail as links only (no third-party image loads), footer. Every string goes
 * through React's escaping or renderMarkdown, whose output is safe.
 */
export function SlackAttachments({ attachments, ctx }: { attachments: SlackAttachment[]; ctx: MarkdownContext }) {
  const t = useT();
  if (attachments.length === 0) return null;
  return (
    <div className="slack-attachments">
      {attachments.map((a, i) => {
        const title = str(a.title);
        const titleUrl = safeUrl(str(a.title_link));
        const authorUrl = safeUrl(str(a.author_link));
        const image = safeUrl(str(a.image_url));
        const thumb = safeUrl(str(a.thumb_url));
        const fields = Array.isArray(a.fields) ? a.fields.filter((f): f is Record<string, unknown> => Boolean(f) && typeof f === 'object') : [];
        const color = attachmentColor(a.color);
        return (
          <div key={i} className="slack-attachment-wrap">
            {str(a.pretext) && <Markdown className="slack-pretext" text={str(a.pretext)} ctx={ctx} />}
            <section className="slack-attachment" style={color ? { borderLeftColor: color } : undefined} aria-label={t('posts.attachmentLabel', { title: title || str(a.fallback) })}>
              {str(a.author_name) &&
                (authorUrl ? (
                  <a className="slack-author" href={authorUrl} target="_blank" rel="noopener noreferrer">
                    {str(a.author_name)}
                  </a>
                ) : (
                  <div className="slack-author">{str(a.author_name)}</div>
                ))}
              {title && (
                <h4 className="slack-title">
                  {titleUrl ? (
                    <a href={titleUrl} target="_blank" rel="noopener noreferrer">
                      {title}
                    </a>
                  ) : (
                    title
                  )}
                </h4>
              )}
              {str(a.text) && <Markdown className="slack-text" text={str(a.text)} ctx={ctx} />}
              {fields.length > 0 && (
                <dl className="slack-fields">
                  {fields.map((f, j) => (
                    <div key={j} className={`slack-field${f.short ? ' slack-field-short' : ''}`}>
                      <dt>{str(f.title)}</dt>
                      <dd>
                        <Markdown className="slack-field-value" text={str(f.value)} ctx={ctx} />
                      </dd>
                    </div>
                  ))}
                </dl>
              )}
              {(image || thumb) && (
                <p className="slack-links">
                  {image && (
                    <a href={image} target="_blank" rel="noopener noreferrer">
                      {t('posts.attachmentImage')}
                    </a>
                  )}
                  {thumb && (
                    <a href={thumb} target="_blank" rel="noopener noreferrer">
                      {t('posts.attachmentThumb')}
                    </a>
                  )}
                </p>
              )}
              {str(a.footer) && <div className="slack-footer">{str(a.footer)}</div>}
            </section>
          </div>
        );
      })}
    </div>
  );
}
