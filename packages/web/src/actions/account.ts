import type { UserProfile } from '@mattermost/types/users';
import type { PreferenceType } from '@mattermost/types/preferences';
import { client } from '../client.ts';
import { store } from '../store/state.ts';
import { setLocale, type Locale } from '../i18n/index.ts';
import { receiveUsers } from './users.ts';
import { themeFrom } from './session.ts';
import { onEvent } from './websocket.ts';

export type Status = 'online' | 'away' | 'dnd' | 'offline';
export const STATUSES: Status[] = ['online', 'away', 'dnd', 'offline'];

/** Loads the signed-in user's own status (others' come with their profiles). */
export async function loadMyStatus(): Promise<void> {
  const me = store.get().me;
  if (!me) return;
  const status = await client.getStatus(me.id).catch(() => null);
  if (status) store.update((s) => ({ statuses: { ...s.statuses, [status.user_id]: status.status } }));
}

/** Sets the user's status by hand; the dot follows at once, and status_change confirms it. */
export async function setMyStatus(status: Status): Promise<void> {
  const me = store.get().me;
  if (!me) return;
  const saved = await client.updateStatus({ user_id: me.id, status, manual: true, last_activity_at: Date.now() } as never);
  store.update((s) => ({ statuses: { ...s.statuses, [me.id]: saved.status ?? status } }));
}

/** Saves profile fields and puts the answer in the store. */
export async function patchMyProfile(patch: Partial<UserProfile>): Promise<UserProfile> {
  const user = await client.patchMe(patch);
  receiveUsers([user]);
  store.update((s) => ({ me: s.me ? { ...s.me, ...user } : user }));
  return user;
}

/** Saves the language as the user's locale and switches the UI to it at once. */
export async function setMyLocale(locale: Locale): Promise<void> {
  setLocale(locale);
  await patchMyProfile({ locale });
}

/** After a new picture or a reset, the avatar URL must change so browsers fetch it again. */
export async function refreshMe(): Promise<void> {
  const me = await client.getMe();
  receiveUsers([me]);
  store.update(() => ({ me }));
}

// Mattermost's own theme objects, so the official apps show the same choice. `type` is what themeFrom reads.
const LIGHT_THEME = {
  type: 'Denim',
  sidebarBg: '#1e325c',
  sidebarText: '#ffffff',
  sidebarUnreadText: '#ffffff',
  sidebarTextHoverBg: '#28427b',
  sidebarTextActiveBorder: '#5d89ea',
  sidebarTextActiveColor: '#ffffff',
  sidebarHeaderBg: '#192a4d',
  sidebarHeaderTextColor: '#ffffff',
  sidebarTeamBarBg: '#14213e',
  onlineIndicator: '#3db887',
  awayIndicator: '#ffbc1f',
  dndIndicator: '#d24b4e',
  mentionBg: '#ffffff',
  mentionBj: '#ffffff',
  mentionColor: '#1e325c',
  centerChannelBg: '#ffffff',
  centerChannelColor: '#3f4350',
  newMessageSeparator: '#cc8f00',
  linkColor: '#386fe5',
  buttonBg: '#1c58d9',
  buttonColor: '#ffffff',
  errorTextColor: '#d24b4e',
  mentionHighlightBg: '#ffd470',
  mentionHighlightLink: '#1b1d22',
  codeTheme: 'github',
};
const DARK_THEME = {
  type: 'Onyx',
  sidebarBg: '#202228',
  sidebarText: '#ffffff',
  sidebarUnreadText: '#ffffff',
  sidebarTextHoverBg: '#25262a',
  sidebarTextActiveBorder: '#4a7ce8',
  sidebarTextActiveColor: '#ffffff',
  sidebarHeaderBg: '#24272d',
  sidebarHeaderTextColor: '#ffffff',
  sidebarTeamBarBg: '#292c33',
  onlineIndicator: '#3db887',
  awayIndicator: '#f5ab00',
  dndIndicator: '#d24b4e',
  mentionBg: '#4b7ce7',
  mentionBj: '#4b7ce7',
  mentionColor: '#ffffff',
  centerChannelBg: '#191b1f',
  centerChannelColor: '#e3e4e8',
  newMessageSeparator: '#1adbdb',
  linkColor: '#5d89ea',
  buttonBg: '#4a7ce8',
  buttonColor: '#ffffff',
  errorTextColor: '#da6c6e',
  mentionHighlightBg: '#0d6e6e',
  mentionHighlightLink: '#a4f4f4',
  codeTheme: 'monokai',
};

export type ThemeChoice = 'light' | 'dark' | 'system';

/** Which of the three choices the saved preferences say (no theme preference: follow the system). */
export function themeChoice(preferences: readonly Pick<PreferenceType, 'category' | 'name' | 'value'>[]): ThemeChoice {
  const pref = preferences.find((p) => p.category === 'theme' && (p.name === '' || p.name === 'theme'));
  if (!pref?.value) return 'system';
  return themeFrom([pref as { category: string; name: string; value?: string }]);
}

/** Saves the theme as Mattermost's theme preference (or deletes it to follow the system) and applies it at once. */
export async function setMyTheme(choice: ThemeChoice): Promise<void> {
  const me = store.get().me;
  if (!me) return;
  const pref: PreferenceType = { user_id: me.id, category: 'theme', name: '', value: JSON.stringify(choice === 'dark' ? DARK_THEME : LIGHT_THEME) };
  const others = store.get().preferences.filter((p) => !(p.category === 'theme' && (p.name === '' || p.name === 'theme')));
  if (choice === 'system') {
    const existing = store.get().preferences.filter((p) => p.category === 'theme');
    store.update(() => ({ preferences: others, theme: themeFrom([]) }));
    if (existing.length > 0) await client.deletePreferences(me.id, existing);
    return;
  }
  store.update(() => ({ preferences: [...others, pref], theme: choice }));
  await client.savePreferences(me.id, [pref]);
}

// Another tab or device changed the theme: follow it here too. (The preference list itself is kept by websocket.ts.)
const followTheme = (msg: { data: Record<string, unknown> }) => {
  const raw = msg.data.preferences;
  const changed = (typeof raw === 'string' ? JSON.parse(raw) : raw) as PreferenceType[] | undefined;
  if (!changed?.some((p) => p.category === 'theme')) return;
  queueMicrotask(() => store.update((s) => ({ theme: themeFrom(s.preferences) })));
};
onEvent('preferences_changed', followTheme);
onEvent('preferences_deleted', followTheme);

// With no theme preference, the app follows the system's light/dark setting as it changes.
if (typeof matchMedia !== 'undefined') {
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
    const s = store.get();
    if (themeChoice(s.preferences) === 'system') store.update(() => ({ theme: themeFrom([]) }));
  });
}

/** Who may manage personal access tokens: the config allows them and the user has a role that grants them. */
export function canUseAccessTokens(config: Record<string, unknown>, me: Pick<UserProfile, 'roles'> | null): boolean {
  if (config.EnableUserAccessTokens !== 'true' || !me) return false;
  const roles = me.roles.split(' ');
  return roles.includes('system_admin') || roles.includes('system_user_access_token');
}

export function isSystemAdmin(me: Pick<UserProfile, 'roles'> | null): boolean {
  return me?.roles.split(' ').includes('system_admin') ?? false;
}
