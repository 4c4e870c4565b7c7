import { useEffect, useMemo, useState } from 'react';
import type { Post } from '@mattermost/types/posts';
import { client, errorMessage } from '../../client.ts';
import { useAppState } from '../../store/state.ts';
import { renderMarkdown } from '../../lib/markdown.ts';
import { useLocale, useT } from '../../i18n/index.ts';
import { useMarkdownContext } from '../posts/PostItem.tsx';
import { RightPanelFrame } from '../rhs/RightPanelFrame.tsx';
import '../posts/posts.css';
import { FormError } from '../common/FormError.tsx';

/**
 * The earlier versions of one of my messages (GET /posts/{id}/edit_history, newest first) under its current text,
 * each with Restore (POST /posts/{id}/restore/{version}). A restore is an edit: the post_edited event updates the
 * message everywhere, and the list is read again so the replaced text shows up as a version in turn.
 */
export function EditHistoryPanel({ postId }: { postId: string }) {
  const t = useT();
  const locale = useLocale();
  const ctx = useMarkdownContext();
  const post = useAppState((s) => s.posts[postId]);
  const [versions, setVersions] = useState<Post[] | null>(null);
  const [error, setError] = useState('');
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const when = useMemo(() => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }), [locale]);
  const editAt = post?.edit_at ?? 0;

  useEffect(() => {
    let live = true;
    client
      .getPostEditHistory(postId)
      .then((list) => live && setVersions(list))
      .catch((err: unknown) => live && setError(errorMessage(err)));
    return () => {
      live = false;
    };
    // A new edit (mine here or elsewhere) adds a version: read the list again.
  }, [postId, editAt]);

  const restore = async (version: Post) => {
    setBusy(true);
    setError('');
    try {
      await client.restorePostVersion(postId, version.id, '');
      setStatus(t('posts.historyRestored'));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  // A version's own edit_at is when it was written by an edit; the first one was written when the post was sent.
  const writtenAt = (v: Post) => when.format(new Date(v.edit_at || v.create_at));

  return (
    <RightPanelFrame
      label={t('posts.editHistory')}
      title={t('posts.editHistory')}
      closeLabel={t('posts.closePanel')}
    >
      <div className="rhs-body">
        <FormError message={error} className="rhs-empty" />
        <p className={status ? 'rhs-empty' : 'history-status-empty'} role="status">
          {status}
        </p>
        {post && !post.delete_at && (
          <section className="history-version history-current" aria-label={t('posts.historyCurrent')}>
            <h3 className="history-when">{t('posts.historyCurrent')}</h3>
            <div className="markdown" dangerouslySetInnerHTML={{ __html: renderMarkdown(post.message, ctx) }} />
          </section>
        )}
        {versions === null && !error && <p className="rhs-empty">{t('common.loading')}</p>}
        {versions?.length === 0 && <p className="rhs-empty">{t('posts.historyNone')}</p>}
        <ul className="history-list" role="list">
          {versions?.map((v) => (
            <li key={v.id} className="history-version">
              <h3 className="history-when">{t('posts.historyVersion', { time: writtenAt(v) })}</h3>
              <div className="markdown" dangerouslySetInnerHTML={{ __html: renderMarkdown(v.message, ctx) }} />
              <button type="button" className="btn btn-secondary" disabled={busy} aria-label={t('posts.historyRestoreLabel', { time: writtenAt(v) })} onClick={() => void restore(v)}>
                {t('posts.historyRestore')}
              </button>
            </li>
          ))}
        </ul>
      </div>
    </RightPanelFrame>
  );
}
