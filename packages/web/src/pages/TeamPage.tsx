import { useEffect, useState } from 'react';
import { Route, Switch, Redirect, useParams, useLocation } from 'wouter';
import type { ServerChannel as Channel } from '@mattermost/types/channels';
import { client } from '../client.ts';
import { openTeam, teamByName } from '../actions/teams.ts';
import { channelByName, openChannel, receiveChannels } from '../actions/channels.ts';
import { loadPostsAround } from '../actions/posts.ts';
import { store, useAppState } from '../store/state.ts';
import { useT } from '../i18n/index.ts';
import { Sidebar } from '../components/sidebar/Sidebar.tsx';
import { useUi } from '../components/sidebar/ui-state.ts';
import { ChannelView } from '../components/channel/ChannelView.tsx';
import { RightPanel } from '../components/rhs/RightPanel.tsx';
import { IntegrationsPage } from './IntegrationsPage.tsx';
import { lastChannelPath, rememberChannelPath } from './last-channel.ts';

/** Everything under /{team}: sidebar, the channel (or DM, or permalink) in the centre, and the right panel. */
export function TeamPage() {
  const { team: teamName } = useParams<{ team: string }>();
  const team = useAppState(() => teamByName(teamName));
  const loadedTeam = useAppState((s) => s.currentTeamId);
  const rhs = useAppState((s) => s.rhs !== null);
  const drawerOpen = useUi((u) => u.drawerOpen);

  useEffect(() => {
    if (team && loadedTeam !== team.id) void openTeam(team);
  }, [team, loadedTeam]);

  if (!team) return <Redirect to="~/select_team" replace />;
  if (loadedTeam !== team.id) return <div className="app-loading" role="status" />;
  return (
    <div className={`team-layout${rhs ? ' with-rhs' : ''}${drawerOpen ? ' sidebar-open' : ''}`}>
      <Sidebar team={team} />
      <Switch>
        <Route path="/channels/:channel">{(p) => <ChannelRoute teamId={team.id} teamName={team.name} name={p.channel} />}</Route>
        <Route path="/messages/:who">{(p) => <DirectRoute teamId={team.id} teamName={team.name} who={decodeURIComponent(p.who)} />}</Route>
        <Route path="/pl/:postId">{(p) => <PermalinkRoute teamName={team.name} postId={p.postId} />}</Route>
        <Route path="/integrations" component={IntegrationsPage} nest />
        <Route>
          <Redirect to={`~${lastChannelPath(team.name)}`} replace />
        </Route>
      </Switch>
      <RightPanel />
    </div>
  );
}

function useOpen(load: () => Promise<Channel | undefined>, deps: unknown[], path: string, teamName: string) {
  const [state, setState] = useState<'loading' | 'missing' | Channel>('loading');
  useEffect(() => {
    let live = true;
    setState('loading');
    void load()
      .then(async (channel) => {
        if (!live) return;
        if (!channel) return setState('missing');
        await openChannel(channel);
        if (!live) return;
        rememberChannelPath(teamName, path);
        setState(channel);
      })
      .catch(() => live && setState('missing'));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return state;
}

function Missing() {
  const t = useT();
  return (
    <main className="center">
      <p className="center-message" role="alert">
        {t('channel.notFound')}
      </p>
    </main>
  );
}

function ChannelRoute({ teamId, teamName, name }: { teamId: string; teamName: string; name: string }) {
  const state = useOpen(() => channelByName(teamId, name), [teamId, name], `/${teamName}/channels/${name}`, teamName);
  if (state === 'missing') return <Missing />;
  if (state === 'loading') return <main className="center" aria-busy="true" />;
  return <ChannelView channelId={state.id} />;
}

/** /{team}/messages/@username (or a group channel's handle): the DM with that person, created on first visit. */
function DirectRoute({ teamId, teamName, who }: { teamId: string; teamName: string; who: string }) {
  const state = useOpen(
    async () => {
      if (!who.startsWith('@')) return channelByName(teamId, who);
      const me = store.get().me!;
      const other = await client.getUserByUsername(who.slice(1));
      const channel = await client.createDirectChannel([me.id, other.id]);
      receiveChannels([channel]);
      if (!store.get().myMembers[channel.id]) {
        const member = await client.getMyChannelMember(channel.id);
        store.update((s) => ({ myMembers: { ...s.myMembers, [channel.id]: member }, users: { ...s.users, [other.id]: other } }));
      }
      return channel;
    },
    [teamId, who],
    `/${teamName}/messages/${who}`,
    teamName,
  );
  if (state === 'missing') return <Missing />;
  if (state === 'loading') return <main className="center" aria-busy="true" />;
  return <ChannelView channelId={state.id} />;
}

/** /{team}/pl/{post_id}: the post's channel, scrolled to the post, which is highlighted. */
function PermalinkRoute({ teamName, postId }: { teamName: string; postId: string }) {
  const [, navigate] = useLocation();
  const [state, setState] = useState<'loading' | 'missing' | string>('loading');
  useEffect(() => {
    let live = true;
    void (async () => {
      try {
        const post = await client.getPost(postId);
        const channel = store.get().channels[post.channel_id] ?? (await client.getChannel(post.channel_id));
        receiveChannels([channel]);
        store.update(() => ({ highlightPostId: postId }));
        await openChannel(channel);
        await loadPostsAround(channel.id, postId);
        if (live) setState(channel.id);
      } catch {
        if (live) setState('missing');
      }
    })();
    return () => {
      live = false;
    };
  }, [postId, navigate, teamName]);
  if (state === 'missing') return <Missing />;
  if (state === 'loading') return <main className="center" aria-busy="true" />;
  return <ChannelView channelId={state} />;
}
