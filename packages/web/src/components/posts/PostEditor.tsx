import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { store } from '../../store/state.ts';
import { editPost } from '../../actions/posts.ts';
import { useT } from '../../i18n/index.ts';
import { FormError } from '../common/FormError.tsx';

/** The inline editor of a post (state.editingPostId): Enter saves, Esc cancels, Shift+Enter is a new line. */
export function PostEditor({ postId, message }: { postId: string; message: string }) {
  const t = useT();
  const [text, setText] = useState(message);
  const [error, setError] = useState('');
  const ref = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.focus();
    el.setSelectionRange(el.value.length, el.value.length);
  }, []);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight + 2, 320)}px`;
  }, [text]);

  const close = () => store.update((s) => (s.editingPostId === postId ? { editingPostId: null } : {}));
  const save = () => {
    const next = text.trim();
    if (!next || next === message.trim()) return close();
    editPost(postId, next)
      .then(close)
      .catch((err: Error) => setError(t('posts.actionFailed', { message: err.message })));
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    e.stopPropagation();
    if (e.key === 'Escape') {
      e.preventDefault();
      close();
    } else if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      save();
    }
  };
  return (
    <div className="post-editor">
      <textarea ref={ref} className="post-editor-input" aria-label={t('posts.editLabel')} aria-describedby={`edit-hint-${postId}`} value={text} onChange={(e) => setText(e.target.value)} onKeyDown={onKeyDown} rows={1} />
      <div className="post-editor-bar">
        <span id={`edit-hint-${postId}`} className="post-editor-hint">
          {t('posts.editHint')}
        </span>
        <button type="button" className="btn btn-secondary btn-small" onClick={close}>
          {t('posts.cancel')}
        </button>
        <button type="button" className="btn btn-primary btn-small" onClick={save}>
          {t('posts.save')}
        </button>
      </div>
      <FormError message={error} />
    </div>
  );
}
