import type { UserProfile } from '@mattermost/types/users';
import { client, socket } from '../client.ts';
import { store, initialState, merge } from '../store/state.ts';
import { pickLocale, setLocale } from '../i18n/index.ts';
import { receiveUsers, startStatusPolling, stopStatusPolling } from './users.ts';
import { connectSocket } from './websocket.ts';

/**
 * Loads what every screen needs once signed in: the client config, the user, teams, team memberships and
 * preferences. Returns false when there is no valid session (the caller shows the login page).
 */
export async function loadSession(): Promise<boolean> {
  const config = await client.getClientConfig().catch(() => ({}));
  store.update(() => ({ config }));
  let me: UserProfile;
  try {
    me = await client.getMe();
  } catch {
    return false;
  }
  await startSession(me);
  return true;
}

async function startSession(me: UserProfile): Promise<void> {
  applyLocale(me);
  const [teams, members, preferences] = await Promise.all([client.getMyTeams(), client.getMyTeamMembers(), client.getMyPreferences()]);
  receiveUsers([me]);
  store.update((s) => ({
    me,
    teams: merge(s.teams, teams, (t) => t.id),
    myTeamIds: teams.filter((t) => t.delete_at === 0).sort((a, b) => a.display_name.localeCompare(b.display_name)).map((t) => t.id),
    teamMembers: merge(s.teamMembers, members, (m) => m.team_id),
    preferences: preferences as unknown as typeof s.preferences,
    theme: themeFrom(preferences as unknown as typeof s.preferences),
  }));
  connectSocket();
  startStatusPolling();
}

export function applyLocale(me: Pick<UserProfile, 'locale'> | null): void {
  setLocale(pickLocale([me?.locale, ...(typeof navigator === 'undefined' ? [] : navigator.languages)]));
}

export function themeFrom(preferences: { category: string; name: string; value?: string }[]): 'light' | 'dark' {
  const pref = preferences.find((p) => p.category === 'theme' && (p.name === '' || p.name === 'theme'));
  if (pref?.value) {
    try {
      const theme = JSON.parse(pref.value) as { type?: string; centerChannelBg?: string };
      if (theme.type === 'Prat Dark' || theme.type === 'Onyx' || theme.type === 'Indigo') return 'dark';
      if (theme.type) return 'light';
    } catch {
      // an unreadable theme falls back to the system preference below
    }
  }
  return typeof matchMedia !== 'undefined' && matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export async function login(loginId: string, password: string): Promise<void> {
  const me = await client.login(loginId, password);
  await startSession(me);
}

export async function logout(): Promise<void> {
  await client.logout().catch(() => undefined);
  socket.close();
  stopStatusPolling();
  store.update(() => ({ ...initialState, config: store.get().config }));
}
