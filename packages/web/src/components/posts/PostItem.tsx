import { useMemo } from 'react';
import { useAppState } from '../../store/state.ts';
import { displayName } from '../../actions/users.ts';
import { renderMarkdown } from '../../lib/markdown.ts';
import { useLocale } from '../../i18n/index.ts';
import { Avatar } from '../common/Avatar.tsx';

/** One message: avatar, author, time, and the Markdown body. */
export function PostItem({ postId }: { postId: string }) {
  const locale = useLocale();
  const post = useAppState((s) => s.posts[postId]);
  const user = useAppState((s) => (post ? s.users[post.user_id] : undefined));
  const me = useAppState((s) => s.me?.username);
  const teamName = useAppState((s) => (s.currentTeamId ? s.teams[s.currentTeamId]?.name : undefined));
  const html = useMemo(() => (post ? renderMarkdown(post.message, { myUsername: me, teamName }) : ''), [post, me, teamName]);
  if (!post) return null;
  const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(post.create_at);
  return (
    <article className="post" data-post-id={post.id} aria-label={`${displayName(user)} ${time}`}>
      <Avatar userId={post.user_id} />
      <div className="post-body">
        <header className="post-header">
          <span className="post-author">{user?.username ?? '…'}</span>
          <time dateTime={new Date(post.create_at).toISOString()}>{time}</time>
        </header>
        <div className="post-message markdown" dangerouslySetInnerHTML={{ __html: html }} />
      </div>
    </article>
  );
}
