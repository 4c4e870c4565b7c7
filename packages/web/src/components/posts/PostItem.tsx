import { useEffect, useMemo, useRef, useState } from 'react';
import type { FileInfo } from '@mattermost/types/files';
import { store, useAppState } from '../../store/state.ts';
import { displayName } from '../../actions/users.ts';
import { deletePost, discardPendingPost, retryPost } from '../../actions/posts.ts';
import { escapeHtml, renderMarkdown, type MarkdownContext } from '../../lib/markdown.ts';
import { emojiChar } from '../../lib/emoji.ts';
import { useLocale, useT } from '../../i18n/index.ts';
import { Avatar } from '../common/Avatar.tsx';
import { isSystemPost } from './list-items.ts';
import { highlightCodeIn } from './highlight.ts';
import { PostActions, openThread } from './PostActions.tsx';
import { PostEditor } from './PostEditor.tsx';
import { Reactions } from './Reactions.tsx';
import { FileAttachments } from './FileAttachments.tsx';
import { SlackAttachments, slackAttachments } from './SlackAttachments.tsx';
import { ConfirmDialog } from '../common/ConfirmDialog.tsx';
import './posts.css';

export type PostContext = 'channel' | 'thread' | 'pinned';

const NO_FILES: FileInfo[] = [];

/** The Markdown context of the current user and team (mentions of me, ~channel links, :emoji:). */
export function useMarkdownContext(): MarkdownContext {
  const me = useAppState((s) => s.me?.username);
  const teamName = useAppState((s) => (s.currentTeamId ? s.teams[s.currentTeamId]?.name : undefined));
  return useMemo(() => ({ myUsername: me, teamName, emoji: emojiChar }), [me, teamName]);
}

function useTimeFormats(locale: string) {
  return useMemo(
    () => ({
      short: new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }),
      full: new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short' }),
    }),
    [locale],
  );
}

/**
 * One message: avatar, author, time (the full date as its title), the Markdown body with "(edited)", files,
 * Slack attachments, reactions, the reply count of a thread root, and its actions. Deleted, pending, failed and
 * system posts each look their own way. `grouped`: continues the previous post of the same author (no header).
 */
export function PostItem({ postId, grouped = false, context = 'channel' }: { postId: string; grouped?: boolean; context?: PostContext }) {
  const t = useT();
  const locale = useLocale();
  const formats = useTimeFormats(locale);
  const post = useAppState((s) => s.posts[postId]);
  const user = useAppState((s) => (post ? s.users[post.user_id] : undefined));
  const meId = useAppState((s) => s.me?.id);
  const editing = useAppState((s) => s.editingPostId === postId);
  const highlighted = useAppState((s) => s.highlightPostId === postId);
  const rootAuthor = useAppState((s) => {
    const root = post?.root_id ? s.posts[post.root_id] : undefined;
    return root ? (s.users[root.user_id]?.username ?? '') : '';
  });
  const ctx = useMarkdownContext();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [status, setStatus] = useState('');
  const bodyRef = useRef<HTMLDivElement>(null);

  const deleted = Boolean(post?.delete_at);
  const edited = Boolean(post && post.edit_at > 0 && !deleted);
  const html = useMemo(() => {
    if (!post || deleted) return '';
    let out = renderMarkdown(post.message, ctx);
    if (edited) {
      const marker = `<span class="post-edited" title="${escapeHtml(t('posts.editedAt', { time: formats.full.format(post.edit_at) }))}">${escapeHtml(t('posts.edited'))}</span>`;
      out = /<\/p>\s*$/.test(out) ? out.replace(/<\/p>\s*$/, ` ${marker}</p>`) : `${out}${marker}`;
    }
    return out;
  }, [post, deleted, edited, ctx, t, formats]);

  useEffect(() => {
    if (bodyRef.current && html.includes('class="language-')) highlightCodeIn(bodyRef.current);
  }, [html, editing]);

  useEffect(() => {
    if (!status) return;
    const timer = setTimeout(() => setStatus(''), 2500);
    return () => clearTimeout(timer);
  }, [status]);

  if (!post) return null;
  const created = new Date(post.create_at);
  const time = formats.short.format(created);
  const fullTime = formats.full.format(created);
  const props = (post.props ?? {}) as Record<string, unknown>;
  const author = typeof props.override_username === 'string' && props.from_webhook === 'true' ? props.override_username : (user?.username ?? '…');

  if (isSystemPost(post)) {
    return (
      <article className="post post-system" data-post-id={post.id} tabIndex={0} aria-label={t('posts.postLabel', { author: displayName(user), time })}>
        <time className="post-gutter-time" dateTime={created.toISOString()} title={fullTime}>
          {time}
        </time>
        <div className="post-system-text markdown" dangerouslySetInnerHTML={{ __html: html }} />
      </article>
    );
  }

  const pending = post.id === post.pending_post_id && !props.failed;
  const failed = Boolean(props.failed);
  const mine = post.user_id === meId;
  const real = !pending && !failed && !deleted;
  const files = post.metadata?.files ?? NO_FILES;
  const attachments = slackAttachments(props);
  const replyCount = post.reply_count ?? 0;
  const classes = ['post', grouped && 'post-grouped', pending && 'post-pending', failed && 'post-failed', deleted && 'post-deleted', highlighted && 'post-highlight', editing && 'post-editing', post.is_pinned && 'post-pinned']
    .filter(Boolean)
    .join(' ');

  return (
    <article className={classes} data-post-id={post.id} tabIndex={0} aria-label={t('posts.postLabel', { author, time: fullTime })} aria-busy={pending || undefined}>
      <div className="post-gutter">
        {grouped ? (
          <time className="post-gutter-time" dateTime={created.toISOString()} title={fullTime}>
            {time}
          </time>
        ) : (
          <Avatar userId={post.user_id} size={36} />
        )}
      </div>
      <div className="post-body">
        {!grouped && (
          <header className="post-header">
            <span className="post-author">{author}</span>
            {props.from_webhook === 'true' && <span className="post-tag">{t('posts.bot')}</span>}
            <time dateTime={created.toISOString()} title={fullTime}>
              {time}
            </time>
            {post.is_pinned && <span className="post-pinned-marker">
            <span aria-hidden="true">📌</span> {t('posts.pinned')}
          </span>}
          </header>
        )}
        {grouped && post.is_pinned && <span className="post-pinned-marker">
            <span aria-hidden="true">📌</span> {t('posts.pinned')}
          </span>}
        {context === 'channel' && post.root_id && !grouped && (
          <button type="button" className="post-reply-context" onClick={() => openThread(post.root_id)}>
            <span aria-hidden="true">↪</span> {t('posts.repliedTo', { name: rootAuthor ? `@${rootAuthor}` : '…' })}
          </button>
        )}
        {deleted ? (
          <p className="post-deleted-text">{t('posts.deleted')}</p>
        ) : editing ? (
          <PostEditor postId={post.id} message={post.message} />
        ) : (
          <div ref={bodyRef} className="post-message markdown" dangerouslySetInnerHTML={{ __html: html }} />
        )}
        {!deleted && <FileAttachments files={files} />}
        {!deleted && attachments.length > 0 && <SlackAttachments attachments={attachments} ctx={ctx} />}
        {!deleted && <Reactions postId={post.id} canReact={real} />}
        {context !== 'thread' && !post.root_id && replyCount > 0 && (
          <button type="button" className="post-reply-count" onClick={() => openThread(post.id)}>
            <span aria-hidden="true">💬</span> {t('posts.replies', { count: replyCount })}
          </button>
        )}
        {pending && <span className="visually-hidden">{t('posts.pending')}</span>}
        {failed && (
          <div className="post-failed-bar" role="alert">
            <span>{t('posts.failed')}</span>
            <button type="button" className="btn btn-secondary btn-small" onClick={() => void retryPost(post.id).catch(() => undefined)}>
              {t('posts.retry')}
            </button>
            <button type="button" className="btn btn-secondary btn-small" onClick={() => discardPendingPost(post.id)}>
              {t('posts.discard')}
            </button>
          </div>
        )}
        <span className="post-status" role="status">
          {status}
        </span>
      </div>
      {real && !editing && <PostActions post={post} mine={mine} canReply={context !== 'thread'} onDelete={() => setConfirmDelete(true)} onStatus={setStatus} />}
      {confirmDelete && (
        <ConfirmDialog
          title={t('posts.deleteTitle')}
          confirmLabel={t('posts.delete')}
          danger
          onCancel={() => setConfirmDelete(false)}
          onConfirm={() => {
            setConfirmDelete(false);
            if (store.get().editingPostId === post.id) store.update(() => ({ editingPostId: null }));
            void deletePost(post.id).catch((err: Error) => setStatus(t('posts.actionFailed', { message: err.message })));
          }}
        >
          <p>{t('posts.deleteConfirm')}</p>
          {!post.root_id && replyCount > 0 && <p>{t('posts.deleteConfirmReplies', { count: replyCount })}</p>}
        </ConfirmDialog>
      )}
    </article>
  );
}
