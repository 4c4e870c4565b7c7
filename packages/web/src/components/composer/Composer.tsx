import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState, type ClipboardEvent, type KeyboardEvent } from 'react';
import { createPortal } from 'react-dom';
import { client, errorMessage } from '../../client.ts';
import { store, useAppState } from '../../store/state.ts';
import { sendPost } from '../../actions/posts.ts';
import { sendTyping } from '../../actions/websocket.ts';
import { getLocale, useT } from '../../i18n/index.ts';
import { applyChoice, channelWideMention, moveSelection, tokenAt, type SpecialMention, type Token } from '../../lib/autocomplete.ts';
import { loadDraft, saveDraft } from '../../lib/drafts.ts';
import { useChannelName } from '../sidebar/Sidebar.tsx';
import { Avatar } from '../common/Avatar.tsx';
import { useSuggestions, type Suggestion } from './suggestions.ts';
import { FileChips, type Attachment } from './FileChips.tsx';
import { TypingIndicator } from './TypingIndicator.tsx';
import { ConfirmDialog } from '../common/ConfirmDialog.tsx';
import { MAX_FILES_PER_POST, uploadFile, type UploadHandle } from './uploads.ts';
import { formatBytes } from '../../i18n/format.ts';
import './composer.css';

/** A channel with more members than this asks before @channel, @all or @here notifies them (Mattermost's NOTIFY_ALL_MEMBERS). */
const NOTIFY_ALL_MEMBERS = 5;

/**
 * The message box of a channel or a thread. Each channel and thread gets a fresh instance (keyed), so its draft,
 * attachments and autocomplete never leak into another.
 */
export function Composer({ channelId, rootId = '' }: { channelId: string; rootId?: string }) {
  return <ComposerBox key={`${channelId}:${rootId}`} channelId={channelId} rootId={rootId} />;
}

// Uploads outlive the composer that started them (switching channels mid-upload): they finish into the draft.
const running = new Map<string, UploadHandle>();

function ComposerBox({ channelId, rootId }: { channelId: string; rootId: string }) {
  const t = useT();
  const listId = useId();
  const hintId = useId();
  const channel = useAppState((s) => s.channels[channelId]);
  const name = useChannelName(channel!);
  const teamId = useAppState((s) => s.channels[channelId]?.team_id || s.currentTeamId || '');
  const attachmentsOn = useAppState((s) => s.config.EnableFileAttachments !== 'false');
  const maxFileSize = useAppState((s) => Number(s.config.MaxFileSize) || 0);
  const confirmMentions = useAppState((s) => s.config.EnableConfirmNotificationsToChannel !== 'false');

  const [initial] = useState(() => loadDraft(safeStorage(), channelId, rootId));
  const [text, setText] = useState(initial.message);
  const [files, setFiles] = useState<Attachment[]>(() => initial.files.map((info) => ({ clientId: info.id, name: info.name, size: info.size, progress: 1, info })));
  const [caret, setCaret] = useState(initial.message.length);
  const [selected, setSelected] = useState(0);
  const [dismissed, setDismissed] = useState<number | null>(null);
  const [notice, setNotice] = useState('');
  const [confirm, setConfirm] = useState<{ mention: SpecialMention; count: number } | null>(null);
  const [dropHost, setDropHost] = useState<HTMLElement | null>(null);
  const [dragging, setDragging] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const fileInputRef = useRef<HTMLInputElement>(null);
  const pendingCaret = useRef<number | null>(null);
  const mounted = useRef(true);
  const latest = useRef({ text, files });
  latest.current = { text, files };

  const rawToken = tokenAt(text, caret);
  const token: Token | null = rawToken && rawToken.start !== dismissed ? rawToken : null;
  const suggestions = useSuggestions(token, channelId, teamId);
  const open = token !== null && suggestions.length > 0;
  const active = open ? Math.min(selected, suggestions.length - 1) : -1;

  useEffect(() => setSelected(0), [token?.kind, token?.term]);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      for (const f of latest.current.files) if (f.previewUrl) URL.revokeObjectURL(f.previewUrl);
    };
  }, []);

  // Grow with the text up to the CSS max-height, then scroll.
  useLayoutEffect(() => {
    const el = inputRef.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${el.scrollHeight + 2}px`;
    if (pendingCaret.current !== null) {
      el.setSelectionRange(pendingCaret.current, pendingCaret.current);
      pendingCaret.current = null;
    }
  }, [text]);

  const persist = useCallback(
    (message: string, attachments: Attachment[]) => {
      saveDraft(safeStorage(), channelId, rootId, { message, files: attachments.flatMap((f) => (f.info ? [f.info] : [])) });
    },
    [channelId, rootId],
  );

  const changeText = (value: string, at: number) => {
    setText(value);
    setCaret(at);
    persist(value, latest.current.files);
  };

  const updateFiles = useCallback(
    (fn: (prev: Attachment[]) => Attachment[]) => {
      if (!mounted.current) return;
      setFiles((prev) => {
        const next = fn(prev);
        persist(latest.current.text, next);
        return next;
      });
    },
    [persist],
  );

  const addFiles = useCallback(
    (list: File[]) => {
      if (list.length === 0) return;
      setNotice('');
      if (!attachmentsOn) return setNotice(t('composer.attachmentsOff'));
      const room = MAX_FILES_PER_POST - latest.current.files.length;
      if (list.length > room) setNotice(t('composer.tooManyFiles', { max: MAX_FILES_PER_POST }));
      for (const file of list.slice(0, Math.max(0, room))) {
        const clientId = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
        const attachment: Attachment = { clientId, name: file.name, size: file.size, progress: 0 };
        if (maxFileSize && file.size > maxFileSize) {
          attachment.error = t('composer.tooLarge', { name: file.name, max: formatBytes(maxFileSize, getLocale()) });
          updateFiles((prev) => [...prev, attachment]);
          continue;
        }
        if (file.type.startsWith('image/') && file.type !== 'image/svg+xml') attachment.previewUrl = URL.createObjectURL(file);
        updateFiles((prev) => [...prev, attachment]);
        const handle = uploadFile(file, channelId, clientId, (progress) => updateFiles((prev) => prev.map((f) => (f.clientId === clientId ? { ...f, progress } : f))));
        running.set(clientId, handle);
        handle.done
          .then((info) => {
            if (mounted.current) return updateFiles((prev) => prev.map((f) => (f.clientId === clientId ? { ...f, info, progress: 1 } : f)));
            // The composer is gone (another channel is open): the file joins the draft it was meant for.
            const draft = loadDraft(safeStorage(), channelId, rootId);
            saveDraft(safeStorage(), channelId, rootId, { message: draft.message, files: [...draft.files, info] });
          })
          .catch((err: unknown) => {
            const status = (err as { status?: number }).status;
            if (status === -1) return;
            const message =
              status === 413 && maxFileSize ? t('composer.tooLarge', { name: file.name, max: formatBytes(maxFileSize, getLocale()) }) : t('composer.uploadFailed', { name: file.name, message: errorMessage(err) });
            updateFiles((prev) => prev.map((f) => (f.clientId === clientId ? { ...f, error: message } : f)));
          })
          .finally(() => running.delete(clientId));
      }
    },
    [attachmentsOn, channelId, rootId, maxFileSize, t, updateFiles],
  );

  const removeFile = (clientId: string) => {
    running.get(clientId)?.abort();
    updateFiles((prev) => {
      const gone = prev.find((f) => f.clientId === clientId);
      if (gone?.previewUrl) URL.revokeObjectURL(gone.previewUrl);
      return prev.filter((f) => f.clientId !== clientId);
    });
    inputRef.current?.focus();
  };

  // Files dragged onto the channel (or the thread panel) anywhere, not only onto the box.
  useEffect(() => {
    const host = rootRef.current?.closest<HTMLElement>('main, aside') ?? null;
    setDropHost(host);
    if (!host) return;
    host.classList.add('composer-drop-host');
    let depth = 0;
    const hasFiles = (e: DragEvent) => Boolean(e.dataTransfer?.types.includes('Files'));
    const onEnter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth++;
      setDragging(true);
    };
    const onOver = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const onLeave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const onDrop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth = 0;
      setDragging(false);
      addFiles([...(e.dataTransfer?.files ?? [])]);
      inputRef.current?.focus();
    };
    host.addEventListener('dragenter', onEnter);
    host.addEventListener('dragover', onOver);
    host.addEventListener('dragleave', onLeave);
    host.addEventListener('drop', onDrop);
    return () => {
      host.classList.remove('composer-drop-host');
      host.removeEventListener('dragenter', onEnter);
      host.removeEventListener('dragover', onOver);
      host.removeEventListener('dragleave', onLeave);
      host.removeEventListener('drop', onDrop);
    };
  }, [addFiles]);

  const onPaste = (e: ClipboardEvent<HTMLTextAreaElement>) => {
    const pasted = [...e.clipboardData.files];
    if (pasted.length === 0) return;
    e.preventDefault();
    const stamp = new Intl.DateTimeFormat(getLocale(), { dateStyle: 'short', timeStyle: 'medium' }).format(new Date()).replace(/[/:]/g, '-');
    addFiles(
      pasted.map((f) => {
        if (f.name && f.name !== 'image.png') return f;
        const ext = f.type.split('/')[1] || 'png';
        return new File([f], `${t('composer.pastedName', { date: stamp })}.${ext}`, { type: f.type });
      }),
    );
  };

  const choose = (item: Suggestion) => {
    if (!token) return;
    const next = applyChoice(text, token, item.insert);
    pendingCaret.current = next.caret;
    changeText(next.text, next.caret);
  };

  const uploading = files.some((f) => !f.info && !f.error);
  const ready = files.filter((f) => f.info);
  const canSend = (text.trim() !== '' || ready.length > 0) && !uploading;

  const doSend = () => {
    const message = text.trim();
    const fileIds = ready.map((f) => f.info!.id);
    for (const f of files) if (f.previewUrl) URL.revokeObjectURL(f.previewUrl);
    setText('');
    setCaret(0);
    setFiles([]);
    setNotice('');
    saveDraft(safeStorage(), channelId, rootId, { message: '', files: [] });
    sendPost(channelId, message, { rootId, fileIds: fileIds.length ? fileIds : undefined }).catch(() => {
      // The post stays in the list marked as failed, with a retry; nothing more to say here.
    });
  };

  const send = async () => {
    if (uploading) return setNotice(t('composer.waitForUploads'));
    if (!canSend) return;
    const mention = confirmMentions && channel && (channel.type === 'O' || channel.type === 'P') ? channelWideMention(text) : null;
    if (mention) {
      try {
        const stats = await client.getChannelStats(channelId);
        if (stats.member_count > NOTIFY_ALL_MEMBERS) {
          // Everyone but the sender gets the notification.
          setConfirm({ mention, count: stats.member_count - 1 });
          return;
        }
      } catch {
        // Without the count we cannot ask; the server still applies its own rules.
      }
    }
    doSend();
  };

  const editLastPost = (): boolean => {
    const s = store.get();
    const me = s.me?.id;
    const ids = rootId ? [rootId, ...(s.threads[rootId] ?? [])] : (s.channelPosts[channelId]?.order ?? []);
    for (let i = ids.length - 1; i >= 0; i--) {
      const p = s.posts[ids[i]];
      if (p && p.user_id === me && !p.delete_at && !p.type && p.id !== p.pending_post_id && !p.props?.failed) {
        store.update(() => ({ editingPostId: p.id }));
        return true;
      }
    }
    return false;
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.nativeEvent.isComposing) return;
    if (open) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        setSelected(moveSelection(active, e.key === 'ArrowDown' ? 1 : -1, suggestions.length));
        return;
      }
      if ((e.key === 'Enter' && !e.shiftKey) || e.key === 'Tab') {
        e.preventDefault();
        choose(suggestions[active]);
        return;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        setDismissed(token.start);
        return;
      }
    }
    if (e.key === 'Enter' && !e.shiftKey && !e.altKey) {
      e.preventDefault();
      void send();
      return;
    }
    if (e.key === 'ArrowUp' && !e.shiftKey && !e.altKey && !e.metaKey && !e.ctrlKey && text === '' && files.length === 0) {
      if (editLastPost()) e.preventDefault();
    }
  };

  const placeholder = rootId ? t('composer.replyPlaceholder') : t('composer.placeholder', { channel: name });
  const optionId = (i: number) => `${listId}-opt-${i}`;

  return (
    <div className="composer-wrap" ref={rootRef}>
      <FileChips files={files} onRemove={removeFile} />
      {notice && (
        <p className="composer-notice" role="alert">
          {notice}
        </p>
      )}
      <div className="composer">
        {open && (
          <ul className="composer-suggestions" id={listId} role="listbox" aria-label={t('composer.suggestions')}>
            {suggestions.map((item, i) => (
              <li
                key={item.id}
                id={optionId(i)}
                role="option"
                aria-selected={i === active}
                className={`composer-suggestion${i === active ? ' active' : ''}`}
                onMouseDown={(e) => {
                  e.preventDefault();
                  choose(item);
                }}
                onMouseMove={() => i !== active && setSelected(i)}
              >
                <SuggestionRow item={item} />
              </li>
            ))}
          </ul>
        )}
        {attachmentsOn && (
          <>
            <button type="button" className="icon-btn composer-attach" aria-label={t('composer.attach')} title={t('composer.attach')} onClick={() => fileInputRef.current?.click()}>
              <PaperclipIcon />
            </button>
            <input
              ref={fileInputRef}
              type="file"
              multiple
              hidden
              tabIndex={-1}
              aria-label={t('composer.attach')}
              onChange={(e) => {
                addFiles([...(e.target.files ?? [])]);
                e.target.value = '';
                inputRef.current?.focus();
              }}
            />
          </>
        )}
        {/* ARIA 1.1 combobox: the wrapper is the combobox and the textarea keeps its textbox role (an ARIA 1.2
            role=combobox on a multi-line textarea would hide it from screen readers' text-field navigation). */}
        <div className="composer-field" role="combobox" aria-label={placeholder} aria-expanded={open} aria-haspopup="listbox" aria-owns={open ? listId : undefined}>
          <textarea
            ref={inputRef}
            className="composer-input"
            aria-label={placeholder}
            placeholder={placeholder}
            aria-autocomplete="list"
            aria-controls={open ? listId : undefined}
            aria-activedescendant={open ? optionId(active) : undefined}
            aria-describedby={hintId}
            rows={1}
            value={text}
            onChange={(e) => {
              changeText(e.target.value, e.target.selectionStart);
              if (e.target.value) sendTyping(channelId, rootId);
            }}
            onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
            onKeyDown={onKeyDown}
            onPaste={onPaste}
            onBlur={() => setDismissed(rawToken?.start ?? null)}
            onFocus={() => setDismissed(null)}
          />
        </div>
        <button type="button" className="btn btn-primary composer-send" onClick={() => void send()} disabled={!canSend} aria-label={t('composer.send')}>
          <span className="composer-send-text">{t('composer.send')}</span>
          <SendIcon />
        </button>
      </div>
      <span id={hintId} className="visually-hidden" aria-live="polite">
        {token ? t('composer.suggestionCount', { count: suggestions.length }) : ''}
      </span>
      <TypingIndicator channelId={channelId} rootId={rootId} />
      {dragging && dropHost && createPortal(
        <div className="composer-drop" aria-hidden="true">
          <span>{t('composer.dropHere')}</span>
        </div>,
        dropHost,
      )}
      {confirm && (
        <ConfirmDialog
          title={t('composer.confirm.title', { count: confirm.count })}
          confirmLabel={t('composer.confirm.send')}
          onCancel={() => {
            setConfirm(null);
            inputRef.current?.focus();
          }}
          onConfirm={() => {
            setConfirm(null);
            doSend();
            inputRef.current?.focus();
          }}
        >
          <p>{t('composer.confirm.body', { mention: confirm.mention, count: confirm.count })}</p>
        </ConfirmDialog>
      )}
    </div>
  );
}

function SuggestionRow({ item }: { item: Suggestion }) {
  const t = useT();
  switch (item.kind) {
    case 'user': {
      const full = [item.user.first_name, item.user.last_name].filter(Boolean).join(' ');
      const extra = [full, item.user.nickname && item.user.nickname !== full ? item.user.nickname : ''].filter(Boolean).join(' · ');
      return (
        <>
          <Avatar userId={item.user.id} size={24} showStatus={false} />
          <span className="composer-suggestion-main">@{item.user.username}</span>
          {extra && <span className="composer-suggestion-extra">{extra}</span>}
          {item.outOfChannel && <span className="composer-suggestion-note">{t('composer.outOfChannel')}</span>}
        </>
      );
    }
    case 'special':
      return (
        <>
          <span className="composer-suggestion-icon" aria-hidden="true">
            @
          </span>
          <span className="composer-suggestion-main">@{item.mention}</span>
          <span className="composer-suggestion-extra">{t(`composer.mention.${item.mention}`)}</span>
        </>
      );
    case 'channel':
      return (
        <>
          <span className="composer-suggestion-icon" aria-hidden="true">
            ~
          </span>
          <span className="composer-suggestion-main">{item.displayName}</span>
          <span className="composer-suggestion-extra">~{item.name}</span>
        </>
      );
    case 'emoji':
      return (
        <>
          <span className="composer-suggestion-emoji" aria-hidden="true">
            {item.char}
          </span>
          <span className="composer-suggestion-main">:{item.name}:</span>
        </>
      );
  }
}

function safeStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

function PaperclipIcon() {
  return (
    <svg width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d="M21.44 11.05l-9.19 9.19a6 6 0 0 1-8.49-8.49l9.19-9.19a4 4 0 0 1 5.66 5.66l-9.2 9.19a2 2 0 0 1-2.83-2.83l8.49-8.48" />
    </svg>
  );
}

function SendIcon() {
  return (
    <svg className="composer-send-icon" width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d="M22 2L11 13" />
      <path d="M22 2l-7 20-4-9-9-4 20-7z" />
    </svg>
  );
}
