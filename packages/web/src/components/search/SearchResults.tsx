import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { Link, useLocation } from 'wouter';
import type { Post } from '@mattermost/types/posts';
import { errorMessage } from '../../client.ts';
import { store, useAppState } from '../../store/state.ts';
import { displayName } from '../../actions/users.ts';
import { useLocale, useT } from '../../i18n/index.ts';
import { renderMarkdown } from '../../lib/markdown.ts';
import { highlightHtml, searchWordsToHighlight } from '../../lib/search-highlight.ts';
import { Avatar } from '../common/Avatar.tsx';
import { useMarkdownContext } from '../posts/PostItem.tsx';
import { FileAttachments } from '../posts/FileAttachments.tsx';
import { RightPanelFrame } from '../rhs/RightPanelFrame.tsx';
import { channelLabel, searchFiles, searchMessages, type FileResult, type MessageResults } from './search-api.ts';
import { FileList } from './FileList.tsx';
import './search.css';

type Tab = 'messages' | 'files';
type Loaded<T> = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; value: T };

/** Search results in the right panel: messages (with the matched words highlighted) and files, on two tabs. */
export function SearchResults({ terms }: { terms: string }) {
  const t = useT();
  const teamId = useAppState((s) => s.currentTeamId ?? '');
  const [tab, setTab] = useState<Tab>('messages');
  const [messages, setMessages] = useState<Loaded<MessageResults>>({ state: 'loading' });
  const [files, setFiles] = useState<Loaded<FileResult[] | null>>({ state: 'loading' });
  const tabRefs = useRef<Record<Tab, HTMLButtonElement | null>>({ messages: null, files: null });

  useEffect(() => {
    let live = true;
    setMessages({ state: 'loading' });
    setFiles({ state: 'loading' });
    searchMessages(teamId, terms)
      .then((value) => live && setMessages({ state: 'ready', value }))
      .catch((err: unknown) => live && setMessages({ state: 'failed', message: errorMessage(err) }));
    searchFiles(teamId, terms)
      .then((value) => live && setFiles({ state: 'ready', value }))
      .catch((err: unknown) => live && setFiles({ state: 'failed', message: errorMessage(err) }));
    return () => {
      live = false;
    };
  }, [teamId, terms]);

  const onTabKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    e.preventDefault();
    const next: Tab = tab === 'messages' ? 'files' : 'messages';
    setTab(next);
    tabRefs.current[next]?.focus();
  };

  const count = (l: Loaded<unknown[] | MessageResults | null>) => (l.state === 'ready' && l.value ? ('posts' in l.value ? l.value.posts.length : (l.value as unknown[]).length) : null);
  const tabLabel = (label: string, n: number | null) => (n === null ? label : `${label} (${n})`);

  return (
    <RightPanelFrame
      label={t('search.resultsTitle')}
      title={t('search.resultsTitle')}
      subtitle={terms}
      subtitleTitle={terms}
      closeLabel={t('search.close')}
      className="search-panel"
    >
      <div className="search-tabs" role="tablist" aria-label={t('search.resultsFor', { terms })} onKeyDown={onTabKey}>
        {(['messages', 'files'] as const).map((id) => (
          <button
            key={id}
            ref={(el) => {
              tabRefs.current[id] = el;
            }}
            type="button"
            role="tab"
            id={`search-tab-${id}`}
            aria-controls={`search-tabpanel-${id}`}
            aria-selected={tab === id}
            tabIndex={tab === id ? 0 : -1}
            className={`search-tab${tab === id ? ' active' : ''}`}
            onClick={() => setTab(id)}
          >
            {id === 'messages' ? tabLabel(t('search.tabMessages'), count(messages)) : tabLabel(t('search.tabFiles'), count(files))}
          </button>
        ))}
      </div>
      <div className="rhs-body" role="tabpanel" id={`search-tabpanel-${tab}`} aria-labelledby={`search-tab-${tab}`}>
        {tab === 'messages' ? <MessageTab result={messages} terms={terms} /> : <FileTab result={files} terms={terms} />}
      </div>
    </RightPanelFrame>
  );
}

function Status({ loaded, empty, terms }: { loaded: Loaded<unknown>; empty: boolean; terms: string }) {
  const t = useT();
  if (loaded.state === 'loading')
    return (
      <p className="rhs-empty" role="status">
        {t('common.loading')}
      </p>
    );
  if (loaded.state === 'failed')
    return (
      <p className="rhs-empty" role="alert">
        {t('search.failed', { message: loaded.message })}
      </p>
    );
  if (empty)
    return (
      <div className="rhs-empty search-empty" role="status">
        <p>{t('search.none', { terms })}</p>
        <p>{t('search.noneHint')}</p>
      </div>
    );
  return null;
}

function MessageTab({ result, terms }: { result: Loaded<MessageResults>; terms: string }) {
  const t = useT();
  const posts = result.state === 'ready' ? result.value.posts : [];
  return (
    <>
      <Status loaded={result} empty={posts.length === 0} terms={terms} />
      {result.state === 'ready' && posts.length > 0 && (
        <>
          <p className="visually-hidden" role="status">
            {t('search.count', { count: posts.length })}
          </p>
          <ul className="search-results" aria-label={t('search.resultsFor', { terms })}>
            {posts.map((p) => (
              <li key={p.id}>
                <SearchResult post={p} words={result.value.matches[p.id] ?? searchWordsToHighlight(terms)} />
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

function FileTab({ result, terms }: { result: Loaded<FileResult[] | null>; terms: string }) {
  const t = useT();
  if (result.state === 'ready' && result.value === null) return <p className="rhs-empty">{t('search.filesUnavailable')}</p>;
  const files = result.state === 'ready' ? (result.value ?? []) : [];
  return (
    <>
      <Status loaded={result} empty={files.length === 0} terms={terms} />
      {files.length > 0 && <FileList files={files} showChannel />}
    </>
  );
}

/** One found message: where and by whom, when, and the text with the matches marked. Click or Enter opens it. */
function SearchResult({ post, words }: { post: Post; words: string[] }) {
  const t = useT();
  const locale = useLocale();
  const [, navigate] = useLocation();
  const ctx = useMarkdownContext();
  const user = useAppState((s) => s.users[post.user_id]);
  const teamName = useAppState((s) => {
    const channel = s.channels[post.channel_id];
    return (channel?.team_id && s.teams[channel.team_id]?.name) || (s.currentTeamId ? s.teams[s.currentTeamId]?.name : '') || '';
  });
  const channelName = useAppState((s) => channelLabel(s, s.channels[post.channel_id], t('search.directMessage')));
  const html = useMemo(() => highlightHtml(renderMarkdown(post.message, ctx), words), [post.message, ctx, words]);
  const href = `~/${teamName}/pl/${post.id}`;
  const open = () => {
    store.update(() => ({ highlightPostId: post.id }));
    navigate(href);
  };
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(post.create_at);
  const author = user?.username ?? displayName(user);
  const files = post.metadata?.files ?? [];
  return (
    <article
      className="search-result"
      data-post-id={post.id}
      onClick={(e) => {
        // Links and buttons inside the message keep their own meaning.
        if ((e.target as HTMLElement).closest('a, button')) return;
        open();
      }}
    >
      <div className="search-result-channel">{channelName}</div>
      <div className="search-result-main">
        <Avatar userId={post.user_id} size={32} showStatus={false} />
        <div className="search-result-body">
          <header className="search-result-header">
            <span className="post-author">{author}</span>
            <time dateTime={new Date(post.create_at).toISOString()}>{date}</time>
            <Link
              href={href}
              className="search-result-jump"
              aria-label={t('search.open', { author, channel: channelName })}
              onClick={() => store.update(() => ({ highlightPostId: post.id }))}
            >
              {t('posts.jump')}
            </Link>
          </header>
          <div className="markdown search-result-message" dangerouslySetInnerHTML={{ __html: html }} />
          {files.length > 0 && <FileAttachments files={files} />}
        </div>
      </div>
    </article>
  );
}
